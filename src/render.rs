//! Renders the validated model to HTML once, with the minijinja templates of `templates/`
//! (embedded in the binary, autoescape on); every target packages these same pages.

use std::sync::OnceLock;

use minijinja::{context, Environment, Value};
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use serde::Serialize;

use crate::course::files::LocalFile;
use crate::course::model::*;
use crate::markdown::{BlockContent, Part};
use crate::project::{Course, Module, Project};

/// The templates, embedded so that `campus` is one file to install.
pub const TEMPLATES: [(&str, &str); 7] = [
    ("player.html", include_str!("../templates/player.html")),
    ("base.html", include_str!("../templates/base.html")),
    ("path.html", include_str!("../templates/path.html")),
    ("summary.html", include_str!("../templates/summary.html")),
    ("course.html", include_str!("../templates/course.html")),
    ("module.html", include_str!("../templates/module.html")),
    ("blocks.html", include_str!("../templates/blocks.html")),
];

/// Markdown written inside blocks and settings (prompts, feedback, advice, transcripts) to HTML.
/// HTML written in it is shown as text, images are dropped (their alt text stays) and only web,
/// mail and fragment links are kept, so these texts cannot inject anything.
fn safe_markdown(text: &str, inline: bool) -> String {
    let mut events = Vec::new();
    let mut links_kept = Vec::new();
    let options = if inline { Options::ENABLE_STRIKETHROUGH } else { Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TABLES };
    for event in Parser::new_ext(text, options) {
        match event {
            Event::Html(html) | Event::InlineHtml(html) => events.push(Event::Text(html)),
            Event::Start(Tag::Paragraph) | Event::End(TagEnd::Paragraph) if inline => {}
            Event::Start(Tag::Image { .. }) | Event::End(TagEnd::Image) => {}
            Event::Start(Tag::Link { ref dest_url, .. }) => {
                let keep = safe_link(dest_url);
                links_kept.push(keep);
                if keep {
                    events.push(event);
                }
            }
            Event::End(TagEnd::Link) => {
                if links_kept.pop() == Some(true) {
                    events.push(event);
                }
            }
            other => events.push(other),
        }
    }
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    if inline { html.trim_end().to_string() } else { html }
}

/// Inline Markdown (prompts, choices, feedback): see [`safe_markdown`].
pub fn inline_markdown(text: &str) -> String {
    safe_markdown(text, true)
}

/// Block Markdown (advice, transcripts): see [`safe_markdown`].
pub fn markdown_block(text: &str) -> String {
    safe_markdown(text, false)
}

fn safe_link(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    lower.starts_with("https://") || lower.starts_with("http://") || lower.starts_with("mailto:") || lower.starts_with('#')
}


/// A template value from anything serialisable.
fn ser<T: Serialize>(value: T) -> Value {
    Value::from(minijinja::value::Serde(value))
}

fn environment() -> &'static Environment<'static> {
    static ENV: OnceLock<Environment<'static>> = OnceLock::new();
    ENV.get_or_init(|| {
        let mut env = Environment::new();
        for (name, source) in TEMPLATES {
            env.add_template(name, source).expect("the embedded templates are valid");
        }
        env.add_filter("inline", |text: String| Value::from_safe_string(inline_markdown(&text)));
        env.add_filter("markdown", |text: String| Value::from_safe_string(markdown_block(&text)));
        env
    })
}

/// Words of the pages and of the runtime, in the course language (French, else English).
/// `{name}` marks a value the runtime fills in.
#[derive(Serialize)]
pub struct Ui {
    pub skip: &'static str,
    pub duration: &'static str,
    pub version: &'static str,
    pub authors: &'static str,
    pub modules: &'static str,
    pub module: &'static str,
    pub courses: &'static str,
    pub assessed: &'static str,
    pub mastery: &'static str,
    pub licence: &'static str,
    pub objectives: &'static str,
    pub contents: &'static str,
    pub pages_word: &'static str,
    pub page_word: &'static str,
    pub pages: &'static str,
    pub page_of: &'static str,
    pub previous: &'static str,
    pub next: &'static str,
    pub summary: &'static str,
    pub question: &'static str,
    pub scored: &'static str,
    pub several: &'static str,
    pub yes: &'static str,
    pub no: &'static str,
    pub your_answer: &'static str,
    pub choose: &'static str,
    pub reorder: &'static str,
    pub move_up: &'static str,
    pub move_down: &'static str,
    pub moved: &'static str,
    pub check: &'static str,
    pub retry: &'static str,
    pub correct: &'static str,
    pub wrong: &'static str,
    pub no_answer: &'static str,
    pub not_a_number: &'static str,
    pub diagnostic: &'static str,
    pub reflection: &'static str,
    pub private: &'static str,
    pub shared: &'static str,
    pub saved: &'static str,
    pub resource: &'static str,
    pub transcript: &'static str,
    pub pages_seen: &'static str,
    pub module_done: &'static str,
    pub score: &'static str,
    pub score_line: &'static str,
    pub passed: &'static str,
    pub failed: &'static str,
    pub answered: &'static str,
    pub practice: &'static str,
    pub profile: &'static str,
    pub profile_chart: &'static str,
    pub out_of_100: &'static str,
    pub percent: &'static str,
    /// The decimal separator of numbers the learner types.
    pub decimal: &'static str,
    pub profile_table: &'static str,
    pub dimension: &'static str,
    pub level: &'static str,
    pub next_steps: &'static str,
    pub profile_empty: &'static str,
    pub needs_js: &'static str,
    pub forget: &'static str,
    pub forgotten: &'static str,
    pub path_summary: &'static str,
    pub status: &'static str,
    pub not_started: &'static str,
    pub in_progress: &'static str,
    pub done: &'static str,
    pub not_scored: &'static str,
    pub minutes: &'static str,
    pub lms_missing: &'static str,
    pub leftover: &'static str,
    pub fetch_failed: &'static str,
    pub lrs_refused: &'static str,
    pub lrs_missing: &'static str,
    pub exit: &'static str,
    pub exited: &'static str,
    pub lms_error: &'static str,
}

pub fn ui(language: &str) -> Ui {
    if language == "fr" || language.starts_with("fr-") {
        Ui {
            skip: "Aller au contenu",
            duration: "Durée",
            version: "Version",
            authors: "Auteurs",
            modules: "Modules",
            module: "Module",
            courses: "Cours",
            assessed: "évalué",
            mastery: "seuil de réussite",
            licence: "Licence",
            objectives: "Objectifs :",
            contents: "Sommaire",
            pages_word: "pages",
            page_word: "page",
            pages: "Pages du module",
            page_of: "Page {n} sur {total}",
            previous: "Page précédente",
            next: "Page suivante",
            summary: "Récapitulatif",
            question: "Question",
            scored: "notée",
            several: "Plusieurs réponses possibles.",
            yes: "Vrai",
            no: "Faux",
            your_answer: "Votre réponse",
            choose: "— choisir —",
            reorder: "Remettez les éléments dans l'ordre avec les boutons ↑ et ↓.",
            move_up: "Monter",
            move_down: "Descendre",
            moved: "« {item} » : position {n} sur {total}",
            check: "Vérifier",
            retry: "Réessayer",
            correct: "Bonne réponse.",
            wrong: "Ce n'est pas la bonne réponse.",
            no_answer: "Répondez avant de vérifier.",
            not_a_number: "Écrivez un nombre, par exemple 12 ou 3,5.",
            diagnostic: "Autodiagnostic",
            reflection: "Réflexion",
            private: "Votre réponse reste sur cet appareil : elle n'est transmise à personne.",
            shared: "Votre réponse est transmise à la plateforme de formation.",
            saved: "Enregistré.",
            resource: "Ressource à télécharger",
            transcript: "Transcription",
            pages_seen: "Pages vues : {n} sur {total}.",
            module_done: "Module terminé.",
            score: "Score",
            score_line: "Score : {score} % (seuil de réussite : {mastery} %).",
            passed: "Réussi.",
            failed: "Pas encore réussi.",
            answered: "Questions répondues : {n} sur {total}.",
            practice: "Bonnes réponses : {n} sur {total} (questions d'entraînement, non notées).",
            profile: "Votre profil",
            profile_chart: "Votre profil : {scores}",
            out_of_100: "{score} / 100",
            percent: "{score} %",
            decimal: ",",
            profile_table: "Score et niveau par dimension (sur 100)",
            dimension: "Dimension",
            level: "Niveau",
            next_steps: "Prochaines étapes",
            profile_empty: "Répondez aux affirmations des pages précédentes pour voir votre profil.",
            needs_js: "Le récapitulatif de vos réponses s'affiche quand JavaScript est activé.",
            forget: "Effacer ma progression",
            forgotten: "Progression effacée de cet appareil.",
            path_summary: "Ma progression dans le parcours",
            status: "État",
            not_started: "Pas commencé",
            in_progress: "En cours",
            done: "Terminé",
            not_scored: "Non noté",
            minutes: "min",
            exit: "Quitter le module",
            exited: "Vous avez quitté le module : vous pouvez fermer cette fenêtre.",
            lrs_missing: "Ce module doit être lancé par votre plateforme de formation : votre progression ne sera pas enregistrée.",
            lrs_refused: "La plateforme a refusé une partie de votre progression (erreur {code}). Prévenez votre formateur.",
            fetch_failed: "La plateforme de formation n'a pas autorisé ce lancement (erreur {code}). Relancez le module depuis la plateforme.",
            leftover: "{n} enregistrement(s) d'une session précédente n'ont pas pu être transmis ; ils sont conservés sur cet appareil.",
            lms_missing: "Aucune plateforme de formation n'a été trouvée : vous pouvez suivre ce module, mais votre progression ne sera pas enregistrée.",
            lms_error: "La plateforme de formation n'a pas enregistré votre progression (erreur {code}). Vos réponses restent affichées ; si le problème continue, prévenez votre formateur.",
        }
    } else {
        Ui {
            skip: "Skip to content",
            duration: "Duration",
            version: "Version",
            authors: "Authors",
            modules: "Modules",
            module: "Module",
            courses: "Courses",
            assessed: "assessed",
            mastery: "pass mark",
            licence: "Licence",
            objectives: "Objectives:",
            contents: "Contents",
            pages_word: "pages",
            page_word: "page",
            pages: "Module pages",
            page_of: "Page {n} of {total}",
            previous: "Previous page",
            next: "Next page",
            summary: "Summary",
            question: "Question",
            scored: "scored",
            several: "Several answers are possible.",
            yes: "True",
            no: "False",
            your_answer: "Your answer",
            choose: "— choose —",
            reorder: "Put the items in order with the ↑ and ↓ buttons.",
            move_up: "Move up",
            move_down: "Move down",
            moved: "“{item}”: position {n} of {total}",
            check: "Check",
            retry: "Try again",
            correct: "Correct.",
            wrong: "Not the right answer.",
            no_answer: "Answer before checking.",
            not_a_number: "Write a number, such as 12 or 3.5.",
            diagnostic: "Self-diagnostic",
            reflection: "Reflection",
            private: "Your answer stays on this device: it is sent to no one.",
            shared: "Your answer is sent to the learning platform.",
            saved: "Saved.",
            resource: "Resource to download",
            transcript: "Transcript",
            pages_seen: "Pages seen: {n} of {total}.",
            module_done: "Module complete.",
            score: "Score",
            score_line: "Score: {score}% (pass mark: {mastery}%).",
            passed: "Passed.",
            failed: "Not passed yet.",
            answered: "Questions answered: {n} of {total}.",
            practice: "Right answers: {n} of {total} (practice questions, not scored).",
            profile: "Your profile",
            profile_chart: "Your profile: {scores}",
            out_of_100: "{score} / 100",
            percent: "{score}%",
            decimal: ".",
            profile_table: "Score and level per dimension (out of 100)",
            dimension: "Dimension",
            level: "Level",
            next_steps: "Next steps",
            profile_empty: "Answer the statements of the previous pages to see your profile.",
            needs_js: "The summary of your answers shows when JavaScript is on.",
            forget: "Forget my progress",
            forgotten: "Progress erased from this device.",
            path_summary: "My progress in the path",
            status: "Status",
            not_started: "Not started",
            in_progress: "In progress",
            done: "Complete",
            not_scored: "Not scored",
            minutes: "min",
            exit: "Leave the module",
            exited: "You have left the module: you can close this window.",
            lrs_missing: "This module must be launched by your learning platform: your progress will not be recorded.",
            lrs_refused: "The platform refused part of your progress (error {code}). Tell your trainer.",
            fetch_failed: "The learning platform did not authorise this launch (error {code}). Launch the module again from the platform.",
            leftover: "{n} record(s) from an earlier session could not be sent; they are kept on this device.",
            lms_missing: "No learning platform was found: you can follow this module, but your progress will not be recorded.",
            lms_error: "The learning platform did not record your progress (error {code}). Your answers stay on the page; if this goes on, tell your trainer.",
        }
    }
}

/// A duration in minutes, for people: `45 min`, `1 h 30`.
pub fn format_minutes(minutes: u32, ui: &Ui) -> String {
    match (minutes / 60, minutes % 60) {
        (0, m) => format!("{m} {}", ui.minutes),
        (h, 0) => format!("{h} h"),
        (h, m) => format!("{h} h {m:02}"),
    }
}

/// A file size for people: `850 o`/`850 B`, `12 Ko`/`12 kB`, `1,2 Mo`/`1.2 MB`.
pub fn format_size(bytes: u64, language: &str) -> String {
    let french = language.starts_with("fr");
    let (b, k, m) = if french { ("o", "Ko", "Mo") } else { ("B", "kB", "MB") };
    let text = if bytes < 1000 {
        format!("{bytes} {b}")
    } else if bytes < 1_000_000 {
        format!("{} {k}", (bytes + 500) / 1000)
    } else {
        format!("{:.1} {m}", bytes as f64 / 1e6)
    };
    if french { text.replace('.', ",") } else { text }
}

/// The name shown for a file format, from its extension.
pub fn format_name(path: &str) -> String {
    let extension = path.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
    match extension.as_str() {
        "pdf" => "PDF".into(),
        "odt" => "OpenDocument (texte)".into(),
        "ods" => "OpenDocument (tableur)".into(),
        "odp" => "OpenDocument (présentation)".into(),
        "md" => "Markdown".into(),
        "html" | "htm" => "HTML".into(),
        "txt" => "Texte".into(),
        "" => "fichier".into(),
        other => other.to_ascii_uppercase(),
    }
}

/// The rendered module pages of one course, shared by every target.
#[derive(Debug, Clone)]
pub struct RenderedCourse {
    pub course_id: String,
    /// One document per module, in course order.
    pub modules: Vec<RenderedModule>,
}

/// A module's page, in its two variants: they differ only in what surrounds the module (the web
/// edition links up to the course home; in an LMS package, the LMS does the navigation).
#[derive(Debug, Clone)]
pub struct RenderedModule {
    pub file_name: String,
    pub web: String,
    pub package: String,
}

/// The file name of a module's page.
pub fn module_file_name(module: &Module) -> String {
    format!("{}.html", module.id())
}

/// Where every package puts things: the runtime at the root, each course in a folder of its id,
/// its pages and files inside. Pages link to the runtime through this prefix.
pub const ROOT_FROM_COURSE: &str = "../";

/// The stylesheet shared by every page.
pub const STYLESHEET: &str = include_str!("../templates/runtime/campus.css");
/// The runtime core, in bundle order: `core/open.js` opens the closure that the files share,
/// `core/start.js` closes it (see the header of `core/open.js`).
const CORE_JS: [&str; 10] = [
    include_str!("../templates/runtime/core/open.js"),
    include_str!("../templates/runtime/core/state.js"),
    include_str!("../templates/runtime/core/pages.js"),
    include_str!("../templates/runtime/core/answers.js"),
    include_str!("../templates/runtime/core/scoring.js"),
    include_str!("../templates/runtime/core/profile.js"),
    include_str!("../templates/runtime/core/summary.js"),
    include_str!("../templates/runtime/core/reflections.js"),
    include_str!("../templates/runtime/core/notify.js"),
    include_str!("../templates/runtime/core/start.js"),
];
const STANDALONE_JS: &str = include_str!("../templates/runtime/standalone.js");
const SCORM_API_JS: &str = include_str!("../templates/runtime/scorm-api.js");
const SCORM_JS: &str = include_str!("../templates/runtime/scorm.js");
const SCORM12_JS: &str = include_str!("../templates/runtime/scorm12.js");
const SCORM2004_JS: &str = include_str!("../templates/runtime/scorm2004.js");
const XAPI_JS: &str = include_str!("../templates/runtime/xapi.js");
const TINCAN_JS: &str = include_str!("../templates/runtime/tincan.js");
const CMI5_JS: &str = include_str!("../templates/runtime/cmi5.js");
const PLAYER_JS: &str = include_str!("../templates/runtime/player.js");

/// The script of the single-SCO course player for a SCORM version: the vocabulary line, the
/// player, then the same API discovery and dialect files as the version's module runtime (the
/// dialect's `Campus.scorm(…)` call starts the player).
pub fn player_script(adapter: Adapter) -> String {
    let (dialect, source) = match adapter {
        Adapter::Scorm12 => ("scorm12", SCORM12_JS),
        Adapter::Scorm2004 => ("scorm2004", SCORM2004_JS),
        other => panic!("the course player is for SCORM only, not {other:?}"),
    };
    let mut script = crate::vocabulary::bundle_line(&[dialect]);
    script.extend([PLAYER_JS, SCORM_API_JS, source].map(compact_js));
    script
}

/// The tracking adapters a package can carry, behind the runtime's one tracking interface.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Adapter {
    /// No platform: state in the browser (web edition, a package opened outside an LMS).
    Standalone,
    /// SCORM 1.2 (`window.API`).
    Scorm12,
    /// SCORM 2004 (`window.API_1484_11`).
    Scorm2004,
    /// xAPI with the TinCan launch.
    TinCan,
    /// xAPI with the cmi5 launch.
    Cmi5,
}

/// The runtime script of a package: the interaction vocabulary of its standard, the core, then
/// only the adapter its format needs, without comment lines and indentation (the sources in
/// `templates/runtime/` stay commented).
pub fn runtime_script(adapter: Adapter) -> String {
    let (dialects, parts): (&[&str], &[&str]) = match adapter {
        Adapter::Standalone => (&[], &[STANDALONE_JS]),
        Adapter::Scorm12 => (&["scorm12"], &[SCORM_API_JS, SCORM_JS, SCORM12_JS]),
        Adapter::Scorm2004 => (&["scorm2004"], &[SCORM_API_JS, SCORM_JS, SCORM2004_JS]),
        Adapter::TinCan => (&["xapi"], &[XAPI_JS, TINCAN_JS]),
        Adapter::Cmi5 => (&["xapi"], &[XAPI_JS, CMI5_JS]),
    };
    let mut script = crate::vocabulary::bundle_line(dialects);
    script.extend(CORE_JS.iter().chain(parts).map(|part| compact_js(part)));
    script
}

/// Drops comments (whole lines, and ` // …` after a statement), indentation and blank lines. Only
/// line-level changes: the runtime has no template literals or multi-line strings, and no string
/// that holds ` // ` after such a character, so no code changes meaning.
pub fn compact_js(source: &str) -> String {
    let mut out = String::with_capacity(source.len());
    let mut in_comment = false;
    for line in source.lines() {
        let line = line.trim();
        if in_comment {
            in_comment = !line.contains("*/");
            continue;
        }
        if line.starts_with("/*") {
            in_comment = !line.contains("*/");
            continue;
        }
        if line.is_empty() || line.starts_with("//") {
            continue;
        }
        // A comment after the end of a statement: `x(); // why`.
        let line = match line.find(" // ") {
            Some(at) if line[..at].ends_with([';', '{', '}', ',', ')']) => &line[..at],
            _ => line,
        };
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// Renders every module of every course of the project.
pub fn render(project: &Project) -> anyhow::Result<Vec<RenderedCourse>> {
    project.courses.iter().map(|course| render_course(project, course)).collect()
}

/// JSON for a `<script type="application/json">`: `<` escaped so the text cannot close the tag.
fn script_json(value: &serde_json::Value) -> String {
    serde_json::to_string(value).expect("JSON").replace('<', "\\u003c")
}

#[derive(Serialize)]
struct BlockView<'a> {
    kind: &'static str,
    anchor: String,
    lang: &'a str,
    data: Value,
    file: Option<&'a LocalFile>,
    format: Option<String>,
    size: Option<String>,
    scale: Option<&'a [String]>,
    max_length: u32,
    shuffled: Vec<&'a OrderItem>,
    rights: Vec<&'a Pair>,
}

/// A stable order that is not the authored one, so ordering and matching do not give the answer.
fn shuffle<T>(items: &[T], id: impl Fn(&T) -> &str) -> Vec<&T> {
    let mut shuffled: Vec<&T> = items.iter().collect();
    shuffled.sort_by_key(|item| uuid::Uuid::new_v5(&crate::ids::NAMESPACE, id(item).as_bytes()));
    if shuffled.len() > 1 && shuffled.iter().zip(items).all(|(a, b)| id(a) == id(b)) {
        shuffled.rotate_left(1);
    }
    shuffled
}

fn block_view<'a>(course: &'a Course, content: &'a BlockContent) -> BlockView<'a> {
    let mut view = BlockView {
        kind: "",
        anchor: format!("b-{}", content.id().value),
        lang: &course.language,
        data: Value::UNDEFINED,
        file: None,
        format: None,
        size: None,
        scale: None,
        max_length: 0,
        shuffled: Vec::new(),
        rights: Vec::new(),
    };
    match content {
        BlockContent::Question(q) => {
            view.kind = "question";
            view.data = ser(q);
            view.shuffled = shuffle(&q.items, |i| &i.id.value);
            view.rights = shuffle(&q.pairs, |p| &p.id.value);
            view.max_length = q.max_length.as_deref().copied().unwrap_or(DEFAULT_FILL_IN_MAX_LENGTH);
        }
        BlockContent::Diagnostic(d) => {
            view.kind = "diagnostic";
            view.data = ser(d);
            view.scale = course.scale(d);
        }
        BlockContent::Reflection(r) => {
            view.kind = "reflection";
            view.data = ser(r);
            view.max_length = r.max_length.as_deref().copied().unwrap_or(DEFAULT_REFLECTION_MAX_LENGTH);
        }
        BlockContent::Resource(r, file) => {
            view.kind = "resource";
            view.data = ser(r);
            view.file = file.as_ref();
            view.format = Some(r.format.as_deref().cloned().unwrap_or_else(|| format_name(&r.file)));
            view.size = file.as_ref().map(|f| format_size(f.bytes, &course.language));
        }
        BlockContent::Video(m, file) | BlockContent::Audio(m, file) => {
            view.kind = if matches!(content, BlockContent::Video(..)) { "video" } else { "audio" };
            view.data = ser(m);
            view.file = file.as_ref();
        }
    }
    view
}

/// What the runtime needs to know of a question: its kind (`k`), weight (`w`), whether it may be
/// retried (`r`) and its right answer (`c`) in the answer format of `state.rs`.
fn question_spec(course: &Course, q: &QuestionBlock) -> serde_json::Value {
    let ids = |ids: Vec<&str>| ids.join(",");
    let correct = match q.kind.value {
        QuestionKind::Single | QuestionKind::Multiple => {
            serde_json::json!(ids(q.choices.iter().filter(|c| c.correct).map(|c| c.id.as_str()).collect()))
        }
        QuestionKind::TrueFalse => serde_json::json!(if q.answer.as_deref() == Some(&Answer::Boolean(true)) { "t" } else { "f" }),
        QuestionKind::FillIn => serde_json::json!(q.accept.iter().map(|a| a.as_str()).collect::<Vec<_>>()),
        QuestionKind::Numeric => match (q.answer.as_deref(), &q.min, &q.max) {
            (Some(Answer::Number(n)), _, _) => serde_json::json!([n, n]),
            (_, Some(min), Some(max)) => serde_json::json!([min.value, max.value]),
            _ => serde_json::Value::Null,
        },
        QuestionKind::Matching => serde_json::json!(ids(q.pairs.iter().map(|p| p.id.as_str()).collect())),
        QuestionKind::Ordering => serde_json::json!(ids(q.items.iter().map(|i| i.id.as_str()).collect())),
    };
    serde_json::json!({
        "k": q.kind.label_id(),
        "w": q.weight.as_deref().copied().unwrap_or(1.0),
        "r": q.retry.unwrap_or(course.retry()),
        "c": correct,
        "cs": q.case_sensitive,
        "m": q.max_length.as_deref().copied().unwrap_or(DEFAULT_FILL_IN_MAX_LENGTH),
    })
}

/// The data a module page gives its runtime, embedded as JSON.
fn module_data(project: &Project, course: &Course, module: &Module, ui: &Ui) -> serde_json::Value {
    let mut questions = serde_json::Map::new();
    let mut diagnostics = serde_json::Map::new();
    let mut reflections = serde_json::Map::new();
    for part in module.pages.iter().flat_map(|p| &p.parts) {
        let Part::Block(block) = part else { continue };
        match &block.content {
            BlockContent::Question(q) => {
                questions.insert(q.id.value.clone(), question_spec(course, q));
            }
            BlockContent::Diagnostic(d) => {
                let points = course.scale(d).map_or(0, <[String]>::len);
                diagnostics.insert(d.id.value.clone(), serde_json::json!({"d": d.dimension.value, "n": points, "rev": d.reverse}));
            }
            BlockContent::Reflection(r) => {
                let max = r.max_length.as_deref().copied().unwrap_or(DEFAULT_REFLECTION_MAX_LENGTH);
                reflections.insert(r.id.value.clone(), serde_json::json!({"m": max, "share": r.share}));
            }
            _ => {}
        }
    }
    let measured = diagnostics.values().filter_map(|d| d["d"].as_str()).collect::<std::collections::BTreeSet<_>>();
    let dimensions: Vec<serde_json::Value> = course
        .source
        .dimensions
        .iter()
        .filter(|d| measured.contains(d.id.as_str()))
        .map(|d| {
            serde_json::json!({
                "id": d.id.value,
                "label": d.label.value,
                "levels": d.levels.iter().map(|l| l.from.value).collect::<Vec<_>>(),
                "names": d.levels.iter().map(|l| l.label.as_str()).collect::<Vec<_>>(),
                "advice": d.levels.iter().map(|l| markdown_block(&l.advice)).collect::<Vec<_>>(),
            })
        })
        .collect();
    let ids = crate::ids::Ids::new(&project.settings.base_iri, &project.settings.id);
    serde_json::json!({
        "kind": "module",
        "ns": project.settings.id,
        "course": course.id(),
        "module": module.id(),
        "iri": ids.module_iri(course.id(), module.id()),
        "course_iri": ids.course_iri(course.id()),
        "path_iri": ids.path_iri(),
        "fp": crate::state::fingerprint(module),
        "assessed": module.front.assessed,
        "mastery": course.mastery_score(module),
        "questions": questions,
        "diagnostics": diagnostics,
        "reflections": reflections,
        "dimensions": dimensions,
        "ui": ui,
    })
}

fn path_context(project: &Project) -> Value {
    context! {
        title => ser(&project.settings.title),
        description => ser(&project.settings.description),
        publisher => ser(&project.settings.publisher),
        credits => ser(&project.settings.credits),
    }
}

fn module_list(course: &Course, ui: &Ui) -> Vec<Value> {
    course
        .modules
        .iter()
        .map(|m| {
            context! {
                id => m.id(),
                href => module_file_name(m),
                title => ser(&m.front.title),
                duration => format_minutes(*m.front.duration_minutes, ui),
                assessed => m.front.assessed,
                objectives => ser(&m.front.objectives),
            }
        })
        .collect()
}

/// A course's home page. `web`: part of the web edition, with a link up to the path home;
/// otherwise the launch page of a TinCan package, whose script carries the launch to modules.
pub fn course_home(project: &Project, course: &Course, web: bool) -> anyhow::Result<String> {
    let ui = ui(&course.language);
    let data = script_json(&serde_json::json!({"kind": "course-home", "ns": project.settings.id, "ui": &ui}));
    Ok(environment().get_template("course.html")?.render(context! {
        lang => ser(&course.language),
        root => ROOT_FROM_COURSE,
        web => web,
        script => true,
        data => data,
        ui => ser(&ui),
        path => path_context(project),
        course => ser(&course.source),
        duration => format_minutes(course.duration_minutes(), &ui),
        modules => module_list(course, &ui),
        licence => ser(&course.licence),
    })?)
}

fn path_courses(project: &Project, ui: &Ui) -> Vec<Value> {
    project
        .courses
        .iter()
        .map(|c| {
            context! {
                id => c.id(),
                href => format!("{}/index.html", c.id()),
                title => ser(&c.source.title),
                description => ser(&c.source.description),
                modules => c.modules.len(),
                duration => format_minutes(c.duration_minutes(), ui),
                list => module_list(c, ui),
            }
        })
        .collect()
}

/// The launch page of a single-SCO package: the course's modules, one at a time, in a frame.
pub fn player_page(project: &Project, course: &Course, scorm12: bool) -> anyhow::Result<String> {
    let ui = ui(&course.language);
    let modules: Vec<serde_json::Value> = course
        .modules
        .iter()
        .map(|m| serde_json::json!({"id": m.id(), "title": m.front.title.value, "href": module_file_name(m), "assessed": m.front.assessed}))
        .collect();
    let data = script_json(&serde_json::json!({"kind": "player", "scorm": if scorm12 { "1.2" } else { "2004" }, "modules": &modules}));
    Ok(environment().get_template("player.html")?.render(context! {
        lang => ser(&course.language),
        root => ROOT_FROM_COURSE,
        script => false,
        ui => ser(&ui),
        path => path_context(project),
        course => ser(&course.source),
        modules => ser(&modules),
        data => data,
    })?)
}

/// The web edition's path home (`index.html`) and path summary (`summary.html`).
pub fn path_pages(project: &Project) -> anyhow::Result<(String, String)> {
    let ui = ui(&project.settings.language);
    let base = |data: String| {
        context! {
            lang => ser(&project.settings.language),
            root => "",
            web => true,
            script => true,
            ui => ser(&ui),
            path => path_context(project),
            courses => path_courses(project, &ui),
            licence => ser(&project.settings.licence),
            data => data,
        }
    };
    let home_data = script_json(&serde_json::json!({"kind": "path-home", "ns": project.settings.id, "ui": &ui}));
    let home = environment().get_template("path.html")?.render(base(home_data))?;
    let data = script_json(&serde_json::json!({"kind": "path-summary", "ns": project.settings.id, "ui": &ui}));
    let summary = environment().get_template("summary.html")?.render(base(data))?;
    Ok((home, summary))
}

fn render_course(project: &Project, course: &Course) -> anyhow::Result<RenderedCourse> {
    let env = environment();
    let ui = ui(&course.language);
    let mut modules = Vec::new();
    for module in &course.modules {
        let pages: Vec<Value> = module
            .pages
            .iter()
            .enumerate()
            .map(|(i, page)| {
                let parts: Vec<Value> = page
                    .parts
                    .iter()
                    .map(|part| match part {
                        Part::Html(html) => context! { html => html },
                        Part::Block(block) => context! { block => ser(block_view(course, &block.content)) },
                    })
                    .collect();
                context! { anchor => format!("p-{}", i + 1), title => ser(&page.title), parts => parts }
            })
            .collect();
        let data = module_data(project, course, module, &ui);
        let dimensions: Vec<&crate::course::model::Dimension> = course
            .source
            .dimensions
            .iter()
            .filter(|d| data["dimensions"].as_array().is_some_and(|a| a.iter().any(|x| x["id"] == d.id.value)))
            .collect();
        let base = context! {
                lang => ser(&course.language),
                root => ROOT_FROM_COURSE,
                script => true,
                ui => ser(&ui),
                path => path_context(project),
                course => ser(&course.source),
                module => ser(&module.front),
                mastery => course.mastery_score(module),
                duration => format_minutes(*module.front.duration_minutes, &ui),
                pages => pages,
                questions => data["questions"].as_object().map_or(0, |q| q.len()),
                dimensions => ser(&dimensions),
                licence => ser(&course.licence),
                data => script_json(&data),
        };
        let template = env.get_template("module.html")?;
        let variant = |web: bool| {
            template
                .render(context! { web => web, ..base.clone() })
                .map_err(|e| anyhow::anyhow!("rendering {}: {e:#}", module.file.display_path().display()))
        };
        modules.push(RenderedModule { file_name: module_file_name(module), web: variant(true)?, package: variant(false)? });
    }
    Ok(RenderedCourse { course_id: course.id().to_string(), modules })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_markdown_is_safe() {
        assert_eq!(inline_markdown("un *mot* <script>x</script>"), "un <em>mot</em> &lt;script&gt;x&lt;/script&gt;");
        assert_eq!(inline_markdown("[ok](https://fing.org) et [ko](javascript:alert(1))"), "<a href=\"https://fing.org\">ok</a> et ko");
        assert_eq!(inline_markdown("a & \"b\" <i>"), "a &amp; \"b\" &lt;i&gt;");
        assert_eq!(markdown_block("[x](javascript:alert(1)) ![alt](https://t.co/i.png)"), "<p>x alt</p>\n");
    }

    #[test]
    fn compacting_keeps_the_code() {
        let source = "/* header\n   more */\nvar a = 1; // why\n  // alone\n\n  var u = 'http://x'; f(a) // gone\nb = c // kept: not after a statement end\n";
        assert_eq!(compact_js(source), "var a = 1;\nvar u = 'http://x'; f(a)\nb = c // kept: not after a statement end\n");
    }

    #[test]
    fn sizes_and_durations_for_people() {
        let fr = ui("fr");
        assert_eq!(format_minutes(45, &fr), "45 min");
        assert_eq!(format_minutes(90, &fr), "1 h 30");
        assert_eq!(format_minutes(120, &fr), "2 h");
        assert_eq!(format_size(850, "fr"), "850 o");
        assert_eq!(format_size(12_345, "en"), "12 kB");
        assert_eq!(format_size(1_234_567, "fr"), "1,2 Mo");
    }
}
