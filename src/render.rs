//! Renders the validated model to HTML once, with the minijinja templates of `templates/`
//! (embedded in the binary, autoescape on); every target packages these same pages.

use std::sync::OnceLock;

use minijinja::{context, Environment, Value};
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use serde::Serialize;

use crate::course::files::LocalFile;
use crate::markdown::{BlockContent, Part};
use crate::project::{Course, Module, Project};

/// The templates, embedded so that `campus` is one file to install.
pub const TEMPLATES: [(&str, &str); 4] = [
    ("base.html", include_str!("../templates/base.html")),
    ("course.html", include_str!("../templates/course.html")),
    ("module.html", include_str!("../templates/module.html")),
    ("blocks.html", include_str!("../templates/blocks.html")),
];

/// The stylesheet shared by every page.
pub const STYLESHEET: &str = include_str!("../templates/campus.css");

/// Inline Markdown (prompts, choices, feedback) to HTML. HTML written in it is shown as text and
/// only web, mail and fragment links are kept, so block texts cannot inject anything.
pub fn inline_markdown(text: &str) -> String {
    let mut events = Vec::new();
    let mut links_kept = Vec::new();
    for event in Parser::new_ext(text, Options::ENABLE_STRIKETHROUGH) {
        match event {
            Event::Html(html) | Event::InlineHtml(html) => events.push(Event::Text(html)),
            Event::Start(Tag::Paragraph) | Event::End(TagEnd::Paragraph) => {}
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
    html.trim_end().to_string()
}

fn safe_link(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    lower.starts_with("https://") || lower.starts_with("http://") || lower.starts_with("mailto:") || lower.starts_with('#')
}

fn markdown_block(text: &str) -> String {
    let events = Parser::new_ext(text, Options::ENABLE_TABLES).map(|event| match event {
        Event::Html(html) | Event::InlineHtml(html) => Event::Text(html),
        other => other,
    });
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, events);
    html
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

/// Words of the pages, in the course language (French, else English).
#[derive(Serialize)]
pub struct Ui {
    pub skip: &'static str,
    pub duration: &'static str,
    pub version: &'static str,
    pub authors: &'static str,
    pub modules: &'static str,
    pub assessed: &'static str,
    pub licence: &'static str,
    pub objectives: &'static str,
    pub question: &'static str,
    pub diagnostic: &'static str,
    pub reflection: &'static str,
    pub resource: &'static str,
    pub transcript: &'static str,
    pub minutes: &'static str,
}

pub fn ui(language: &str) -> Ui {
    if language == "fr" || language.starts_with("fr-") {
        Ui {
            skip: "Aller au contenu",
            duration: "Durée",
            version: "Version",
            authors: "Auteurs",
            modules: "Modules",
            assessed: "évalué",
            licence: "Licence",
            objectives: "Objectifs",
            question: "Question",
            diagnostic: "Autodiagnostic",
            reflection: "Réflexion",
            resource: "Ressource à télécharger",
            transcript: "Transcription",
            minutes: "min",
        }
    } else {
        Ui {
            skip: "Skip to content",
            duration: "Duration",
            version: "Version",
            authors: "Authors",
            modules: "Modules",
            assessed: "assessed",
            licence: "Licence",
            objectives: "Objectives",
            question: "Question",
            diagnostic: "Self-diagnostic",
            reflection: "Reflection",
            resource: "Resource to download",
            transcript: "Transcript",
            minutes: "min",
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

/// The rendered pages of one course.
#[derive(Debug, Clone)]
pub struct RenderedCourse {
    pub course_id: String,
    /// The course home page (`index.html`).
    pub home: String,
    /// One document per module, in course order: (file name, HTML).
    pub modules: Vec<(String, String)>,
}

/// The file name of a module's page.
pub fn module_file_name(module: &Module) -> String {
    format!("{}.html", module.id())
}

/// Renders every course of the project.
pub fn render(project: &Project) -> anyhow::Result<Vec<RenderedCourse>> {
    project.courses.iter().map(|course| render_course(project, course)).collect()
}

#[derive(Serialize)]
struct BlockView<'a> {
    kind: &'static str,
    anchor: String,
    data: Value,
    file: Option<&'a LocalFile>,
    format: Option<String>,
    size: Option<String>,
    scale: Option<&'a [String]>,
    shuffled: Option<Vec<&'a crate::course::model::OrderItem>>,
}

fn block_view<'a>(course: &'a Course, content: &'a BlockContent) -> BlockView<'a> {
    let mut view = BlockView {
        kind: "",
        anchor: format!("b-{}", content.id().value),
        data: Value::UNDEFINED,
        file: None,
        format: None,
        size: None,
        scale: None,
        shuffled: None,
    };
    match content {
        BlockContent::Question(q) => {
            view.kind = "question";
            view.data = ser(q);
            let mut items: Vec<_> = q.items.iter().collect();
            items.sort_by_key(|item| uuid::Uuid::new_v5(&crate::ids::NAMESPACE, item.id.as_bytes()));
            if items.len() > 1 && items.iter().zip(&q.items).all(|(a, b)| a.id == b.id) {
                items.rotate_left(1);
            }
            view.shuffled = Some(items);
        }
        BlockContent::Diagnostic(d) => {
            view.kind = "diagnostic";
            view.data = ser(d);
            view.scale = course.scale(d);
        }
        BlockContent::Reflection(r) => {
            view.kind = "reflection";
            view.data = ser(r);
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

fn render_course(project: &Project, course: &Course) -> anyhow::Result<RenderedCourse> {
    let env = environment();
    let ui = ui(&course.language);
    let path = context! {
        title => ser(&project.settings.title),
        publisher => ser(&project.settings.publisher),
        credits => ser(&project.settings.credits),
    };
    let module_list: Vec<Value> = course
        .modules
        .iter()
        .map(|m| {
            context! {
                href => module_file_name(m),
                title => ser(&m.front.title),
                duration => format_minutes(*m.front.duration_minutes, &ui),
                assessed => m.front.assessed,
                objectives => ser(&m.front.objectives),
            }
        })
        .collect();
    let home = env.get_template("course.html")?.render(context! {
        lang => ser(&course.language),
        ui => ser(&ui),
        path => path.clone(),
        course => ser(&course.source),
        duration => format_minutes(course.duration_minutes(), &ui),
        modules => module_list,
        licence => ser(&course.licence),
    })?;
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
                context! { anchor => format!("page-{}", i + 1), title => ser(&page.title), parts => parts }
            })
            .collect();
        let html = env
            .get_template("module.html")?
            .render(context! {
                lang => ser(&course.language),
                ui => ser(&ui),
                course => ser(&course.source),
                module => ser(&module.front),
                duration => format_minutes(*module.front.duration_minutes, &ui),
                pages => pages,
                licence => ser(&course.licence),
            })
            .map_err(|e| anyhow::anyhow!("rendering {}: {e:#}", module.file.display_path().display()))?;
        modules.push((module_file_name(module), html));
    }
    Ok(RenderedCourse { course_id: course.id().to_string(), home, modules })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_markdown_is_safe() {
        assert_eq!(inline_markdown("un *mot* <script>x</script>"), "un <em>mot</em> &lt;script&gt;x&lt;/script&gt;");
        assert_eq!(inline_markdown("[ok](https://fing.org) et [ko](javascript:alert(1))"), "<a href=\"https://fing.org\">ok</a> et ko");
        assert_eq!(inline_markdown("a & \"b\" <i>"), "a &amp; \"b\" &lt;i&gt;");
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
