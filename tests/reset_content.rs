//! Checks on the Reset sources themselves (courses/), read with the `toml` crate and std only,
//! independently of the campus library: quizzes that cannot be passed by guessing, fill-in answers
//! that accept the spellings learners type, honest thresholds for assessed modules, a
//! self-diagnostic without systematic bias, canvases offered in every format, and facts that must
//! not come back.
//!
//! Rules, as asserted below:
//! - true/false: within each course, |number of "true" − number of "false"| ≤ 1;
//! - numeric: no answer (or range bound) between 1900 and 2100, i.e. no "which year" trivia;
//! - single choice: within each course, the right choice is first in at most half of the
//!   questions, and strictly the longest in at most half;
//! - multiple choice: at least one distractor, and the right choices are never all written before
//!   every distractor;
//! - fill-in: every accepted answer with accents has its unaccented spelling accepted too, and
//!   every answer with an apostrophe has both the straight (') and the typographic (’) one;
//! - assessed modules: with W the total weight and m the mastery score, the real threshold is
//!   k = ⌈m·W/100⌉ right answers; 100·k/W must exceed m by at most 2.5 points (what is announced
//!   is what is required), and the module's text says "k bonnes réponses sur W";
//! - self-diagnostic: one reversed statement per dimension, at no fewer than three different
//!   positions across dimensions, and no reversed statement with a negation (double negative);
//! - canvases: every canvas in Markdown has its printable HTML page and its OpenDocument file, and
//!   every file a resource block names exists.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

use toml::{Table, Value};

struct Block {
    kind: String,
    line: usize,
    body: Table,
}

struct Module {
    file: PathBuf,
    front: Table,
    prose: String,
    blocks: Vec<Block>,
}

struct Course {
    id: String,
    toml: Table,
    modules: Vec<Module>,
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("courses")
}

fn parse_module(file: &Path) -> Module {
    let text = fs::read_to_string(file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.first().map(|l| l.trim()), Some("+++"), "{}: front matter first", file.display());
    let end = lines[1..].iter().position(|l| l.trim() == "+++").expect("front matter closed") + 1;
    let front: Table =
        lines[1..end].join("\n").parse().unwrap_or_else(|e| panic!("{}: front matter: {e}", file.display()));
    let mut blocks = Vec::new();
    let mut prose = String::new();
    let mut i = end + 1;
    while i < lines.len() {
        let l = lines[i];
        if let Some(info) = l.strip_prefix("```") {
            let kind = info.trim().to_string();
            let start = i + 1;
            let close = lines[start..].iter().position(|l| l.trim() == "```").expect("block closed") + start;
            if ["question", "diagnostic", "reflection", "resource", "video", "audio"].contains(&kind.as_str()) {
                let body: Table = lines[start..close]
                    .join("\n")
                    .parse()
                    .unwrap_or_else(|e| panic!("{}:{}: {e}", file.display(), i + 1));
                blocks.push(Block { kind, line: i + 1, body });
            }
            i = close + 1;
            continue;
        }
        prose.push_str(l);
        prose.push('\n');
        i += 1;
    }
    Module { file: file.to_path_buf(), front, prose, blocks }
}

fn courses() -> Vec<Course> {
    let path: Table = fs::read_to_string(root().join("path.toml")).unwrap().parse().unwrap();
    let ids: Vec<String> =
        path["courses"].as_array().unwrap().iter().map(|v| v.as_str().unwrap().to_string()).collect();
    assert_eq!(ids.len(), 5, "the Reset path has five courses");
    ids.into_iter()
        .map(|id| {
            let dir = root().join(&id);
            let toml: Table = fs::read_to_string(dir.join("course.toml")).unwrap().parse().unwrap();
            let modules = toml["modules"]
                .as_array()
                .unwrap()
                .iter()
                .map(|m| parse_module(&dir.join(m.as_str().unwrap())))
                .collect();
            Course { id, toml, modules }
        })
        .collect()
}

fn questions(c: &Course) -> impl Iterator<Item = (&Module, &Block)> {
    c.modules.iter().flat_map(|m| m.blocks.iter().filter(|b| b.kind == "question").map(move |b| (m, b)))
}

fn s<'a>(t: &'a Table, k: &str) -> &'a str {
    t.get(k).and_then(Value::as_str).unwrap_or("")
}

fn at(m: &Module, b: &Block) -> String {
    format!("{}:{} ({})", m.file.strip_prefix(root()).unwrap().display(), b.line, s(&b.body, "id"))
}

fn kind(b: &Block) -> &str {
    s(&b.body, "kind")
}

fn choices(b: &Block) -> Vec<(String, bool)> {
    b.body
        .get("choices")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .map(|c| {
                    let c = c.as_table().unwrap();
                    (s(c, "text").to_string(), c.get("correct").and_then(Value::as_bool).unwrap_or(false))
                })
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn true_false_balanced_within_each_course() {
    for c in courses() {
        let (mut t, mut f) = (0i64, 0i64);
        for (_, b) in questions(&c).filter(|(_, b)| kind(b) == "true-false") {
            if b.body["answer"].as_bool().unwrap() {
                t += 1;
            } else {
                f += 1;
            }
        }
        assert!((t - f).abs() <= 1, "{}: {t} true and {f} false true/false questions (rule: |true − false| ≤ 1)", c.id);
    }
}

#[test]
fn no_numeric_question_asks_for_a_year() {
    for c in courses() {
        for (m, b) in questions(&c).filter(|(_, b)| kind(b) == "numeric") {
            for key in ["answer", "min", "max"] {
                if let Some(v) = b.body.get(key).and_then(|v| v.as_float().or(v.as_integer().map(|i| i as f64))) {
                    assert!(!(1900.0..=2100.0).contains(&v), "{}: numeric {key} {v} looks like a year", at(m, b));
                }
            }
        }
    }
}

#[test]
fn right_choices_are_not_in_a_guessable_position() {
    for c in courses() {
        let (mut singles, mut first, mut longest) = (0, 0, 0);
        for (m, b) in questions(&c) {
            let ch = choices(b);
            match kind(b) {
                "single" => {
                    singles += 1;
                    let right = ch.iter().position(|(_, ok)| *ok).unwrap();
                    if right == 0 {
                        first += 1;
                    }
                    let len = |i: usize| ch[i].0.chars().count();
                    if (0..ch.len()).all(|i| i == right || len(i) < len(right)) {
                        longest += 1;
                    }
                }
                "multiple" => {
                    let last_right = ch.iter().rposition(|(_, ok)| *ok).unwrap();
                    let first_wrong = ch.iter().position(|(_, ok)| !*ok);
                    let first_wrong = first_wrong
                        .unwrap_or_else(|| panic!("{}: a multiple-choice question needs a distractor", at(m, b)));
                    assert!(
                        last_right > first_wrong,
                        "{}: every right choice is written before every distractor",
                        at(m, b)
                    );
                }
                _ => {}
            }
        }
        assert!(
            2 * first <= singles,
            "{}: the right choice comes first in {first} of {singles} single-choice questions",
            c.id
        );
        assert!(
            2 * longest <= singles,
            "{}: the right choice is the longest in {longest} of {singles} single-choice questions",
            c.id
        );
    }
}

fn unaccented(text: &str) -> String {
    text.chars()
        .flat_map(|ch| {
            let r: &str = match ch {
                'à' | 'â' | 'ä' | 'á' => "a",
                'é' | 'è' | 'ê' | 'ë' => "e",
                'î' | 'ï' => "i",
                'ô' | 'ö' => "o",
                'ù' | 'û' | 'ü' => "u",
                'ç' => "c",
                'ÿ' => "y",
                'œ' => "oe",
                'æ' => "ae",
                'À' | 'Â' => "A",
                'É' | 'È' | 'Ê' | 'Ë' => "E",
                'Î' | 'Ï' => "I",
                'Ô' => "O",
                'Ù' | 'Û' => "U",
                'Ç' => "C",
                _ => return vec![ch],
            };
            r.chars().collect()
        })
        .collect()
}

#[test]
fn fill_in_accepts_unaccented_spellings_and_both_apostrophes() {
    let mut seen = 0;
    for c in courses() {
        for (m, b) in questions(&c).filter(|(_, b)| kind(b) == "fill-in") {
            seen += 1;
            let cs = b.body.get("case_sensitive").and_then(Value::as_bool).unwrap_or(false);
            let norm = |t: &str| if cs { t.trim().to_string() } else { t.trim().to_lowercase() };
            let accept: BTreeSet<String> =
                b.body["accept"].as_array().unwrap().iter().map(|v| norm(v.as_str().unwrap())).collect();
            for a in &accept {
                let plain = unaccented(a);
                assert!(accept.contains(&plain), "{}: accepts \"{a}\" but not \"{plain}\"", at(m, b));
                for (x, y) in [('\'', '’'), ('’', '\'')] {
                    if a.contains(x) {
                        let other = a.replace(x, &y.to_string());
                        assert!(accept.contains(&other), "{}: accepts \"{a}\" but not \"{other}\"", at(m, b));
                    }
                }
            }
        }
    }
    assert!(seen >= 4, "the path keeps some fill-in questions ({seen})");
}

#[test]
fn assessed_thresholds_are_honest() {
    let words =
        ["zéro", "une", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix", "onze", "douze"];
    let mut assessed = 0;
    for c in courses() {
        let course_mastery = c.toml.get("mastery_score").and_then(Value::as_integer).unwrap_or(80);
        for m in c.modules.iter().filter(|m| m.front.get("assessed").and_then(Value::as_bool).unwrap_or(false)) {
            assessed += 1;
            let mastery = m.front.get("mastery_score").and_then(Value::as_integer).unwrap_or(course_mastery);
            let w: i64 = m
                .blocks
                .iter()
                .filter(|b| b.kind == "question")
                .map(|b| b.body.get("weight").and_then(Value::as_integer).unwrap_or(1))
                .sum();
            assert!(w > 0, "{}: an assessed module without questions", m.file.display());
            let k = (mastery * w + 99) / 100;
            assert!(k <= w, "{}: unreachable threshold", m.file.display());
            // 100·k/W − m ≤ 2.5, in integers.
            assert!(
                200 * k - 2 * mastery * w <= 5 * w,
                "{}: {mastery} % of {w} means {k} right answers, i.e. {:.1} %: announce an honest threshold",
                m.file.display(),
                100.0 * k as f64 / w as f64
            );
            let said = |n: i64| -> Vec<String> {
                let mut v = vec![n.to_string()];
                if let Some(word) = words.get(n as usize) {
                    v.push(word.to_string());
                }
                v
            };
            let prose = m.prose.split_whitespace().collect::<Vec<_>>().join(" ");
            let found = said(k)
                .iter()
                .any(|kk| said(w).iter().any(|ww| prose.contains(&format!("{kk} bonnes réponses sur {ww}"))));
            assert!(found, "{}: the text must say \"{k} bonnes réponses sur {w}\"", m.file.display());
        }
    }
    assert_eq!(assessed, 3, "three assessed modules in the path");
}

#[test]
fn self_diagnostic_without_systematic_bias() {
    let c = courses().into_iter().find(|c| c.id == "se-situer").unwrap();
    let dims: Vec<String> =
        c.toml["dimensions"].as_array().unwrap().iter().map(|d| s(d.as_table().unwrap(), "id").to_string()).collect();
    assert_eq!(dims.len(), 7);
    let mut by_dim: BTreeMap<String, Vec<(String, bool)>> = BTreeMap::new();
    for m in &c.modules {
        for b in m.blocks.iter().filter(|b| b.kind == "diagnostic") {
            by_dim.entry(s(&b.body, "dimension").to_string()).or_default().push((
                s(&b.body, "statement").to_string(),
                b.body.get("reverse").and_then(Value::as_bool).unwrap_or(false),
            ));
        }
    }
    let mut positions = BTreeSet::new();
    let mut total = 0;
    for d in &dims {
        let st = &by_dim[d];
        total += st.len();
        let rev: Vec<usize> = st.iter().enumerate().filter(|(_, (_, r))| *r).map(|(i, _)| i).collect();
        assert_eq!(rev.len(), 1, "{d}: one reversed statement");
        positions.insert(rev[0]);
        let text = format!(" {} ", st[rev[0]].0.to_lowercase());
        for neg in [" ne ", " n'", " n’", " pas ", " jamais ", " aucun", " aucune ", " sans "] {
            assert!(!text.contains(neg), "{d}: the reversed statement carries a negation ({neg:?}): {}", st[rev[0]].0);
        }
    }
    assert_eq!(total, 28, "28 statements");
    assert!(positions.len() >= 3, "reversed statements always at the same places: {positions:?}");
}

#[test]
fn canvases_in_every_format_and_resources_exist() {
    let mut canvases = 0;
    for c in courses() {
        let dir = root().join(&c.id);
        for m in &c.modules {
            for b in m.blocks.iter().filter(|b| b.kind == "resource") {
                let f = dir.join(s(&b.body, "file"));
                assert!(f.is_file(), "{}: {} missing", at(m, b), f.display());
            }
        }
        let Ok(entries) = fs::read_dir(dir.join("canevas")) else { continue };
        for e in entries {
            let p = e.unwrap().path();
            if p.extension().and_then(|x| x.to_str()) == Some("md") {
                canvases += 1;
                for ext in ["html", "odt"] {
                    assert!(p.with_extension(ext).is_file(), "{}: no .{ext} beside it", p.display());
                }
            }
        }
    }
    assert!(canvases >= 7, "at least seven canvases ({canvases})");
}

#[test]
fn corrected_facts_do_not_come_back() {
    let banned = [
        "180 participants",
        "3 décembre",
        "juin 2020",
        "une source en compte cinq",
        "rendez-vous mensuels",
        "retrouvée chaque mois",
        "rythme mensuel",
        "enjeu principal est la confiance",
        "enjeu : la confiance",
    ];
    let mut files = Vec::new();
    for c in courses() {
        let dir = root().join(&c.id);
        let mut stack = vec![dir];
        while let Some(d) = stack.pop() {
            for e in fs::read_dir(&d).unwrap() {
                let p = e.unwrap().path();
                if p.is_dir() {
                    stack.push(p);
                } else if matches!(p.extension().and_then(|x| x.to_str()), Some("md" | "html" | "svg" | "toml")) {
                    files.push(p);
                }
            }
        }
    }
    for f in files {
        let text = fs::read_to_string(&f).unwrap().to_lowercase();
        for b in banned {
            assert!(!text.contains(&b.to_lowercase()), "{}: \"{b}\" is not in the programme's text", f.display());
        }
    }
}

#[test]
fn module_ids_are_stable() {
    let expected = [
        "pourquoi-changer",
        "programme-reset",
        "sept-qualites",
        "vers-un-numerique-choisi",
        "a-quoi-sert-l-autodiagnostic",
        "autodiagnostic",
        "lire-son-profil",
        "preparer-une-coalition",
        "methode",
        "trois-leviers",
        "alliances",
        "phases-et-echelles",
        "evaluation",
        "conduire-l-engagement",
        "des-idees-aux-projets",
        "animer-avec-les-canevas",
        "faire-vivre-l-engagement",
        "evaluation",
        "documenter-chemin-faisant",
        "evaluer-transformations",
        "publier-repliquer",
        "evaluation-finale",
    ];
    let ids: Vec<String> =
        courses().iter().flat_map(|c| c.modules.iter().map(|m| s(&m.front, "id").to_string())).collect();
    assert_eq!(ids, expected);
}

/// A question whose answer pattern changed takes a new id, so that an LMS's or an LRS's records of
/// the old question are never read, or reported, with the new one. Retired ids are never reused.
#[test]
fn retired_question_ids_are_not_reused() {
    // (retired id, its successor): the review of issue 16 changed what these questions accept.
    let retired = [
        ("liens-fragilites", "effets-application"),
        ("ordre-parcours", "cours-pour-besoin"),
        ("nom-mentors", "role-mentor-final"),
        ("chronologie", "chronologie-programme"),
        ("etapes-replication", "ordre-replication"),
        ("qui-inviter", "acteurs-a-approcher"),
    ];
    let ids: Vec<String> = courses()
        .iter()
        .flat_map(|c| questions(c).map(|(_, b)| s(&b.body, "id").to_string()).collect::<Vec<_>>())
        .collect();
    for (old, new) in retired {
        assert!(!ids.iter().any(|id| id == old), "the retired question id `{old}` is used again");
        assert!(ids.iter().any(|id| id == new), "`{new}`, which replaced `{old}`, is missing");
    }
}

/// Every printable canvas opens ready to print: the module links it with `#print` (the renderer
/// does, for HTML resources), and the page opens the print dialog when it sees the marker, offers
/// a print button that does not print itself, and sets its paper size for printing without
/// JavaScript too.
#[test]
fn printable_canvases_open_ready_to_print() {
    let scaffold = fs::read_to_string(root().join("../templates/scaffold/ressources/canevas.html")).unwrap();
    let script = &scaffold[scaffold.find("<script>").unwrap()..scaffold.find("</script>").unwrap()];
    let mut pages = 0;
    for c in courses() {
        for m in &c.modules {
            for b in m.blocks.iter().filter(|b| {
                b.kind == "resource" && Path::new(s(&b.body, "file")).extension().is_some_and(|x| x == "html")
            }) {
                pages += 1;
                let file = root().join(&c.id).join(s(&b.body, "file"));
                let html = fs::read_to_string(&file).unwrap();
                let at = at(m, b);
                // Each page stands alone (only the files blocks name are packaged), so each
                // carries the script: the same, to the byte, as the canvas `campus new` writes.
                assert!(html.contains(script), "{at}: not the print script of the scaffold's canvas");
                assert!(html.contains("location.hash !== '#print'"), "{at}: does not print on #print");
                assert!(html.contains("@media print { .imprimer { display: none } }"), "{at}: the button would print");
                assert!(html.contains("@page { size: A"), "{at}: no paper size for printing");
                assert!(!html.contains("<button"), "{at}: a button in the HTML would stay dead without JavaScript");
                assert!(!html.contains("<script src") && !html.contains("<link"), "{at}: the page must stand alone");
            }
        }
    }
    assert!(pages >= 9, "printable canvases linked: {pages}");
}

/// The canvases (Markdown and printable pages) follow the inclusive-writing rule that
/// `campus validate` applies to the pages (W007): both forms in full or an epicene word.
#[test]
fn canvases_follow_the_inclusive_writing_rule() {
    let mut read = 0;
    for c in courses() {
        let Ok(entries) = fs::read_dir(root().join(&c.id).join("canevas")) else { continue };
        for e in entries {
            let p = e.unwrap().path();
            if !matches!(p.extension().and_then(|x| x.to_str()), Some("md" | "html")) {
                continue;
            }
            read += 1;
            let source = fs::read_to_string(&p).unwrap();
            let text = if p.extension().is_some_and(|x| x == "html") { text_of_html(&source) } else { source };
            let forms: Vec<&str> =
                campus::model::inclusive::abbreviated_forms(&text).into_iter().map(|r| &text[r]).collect();
            assert!(forms.is_empty(), "{}: abbreviated forms {forms:?}", p.display());
        }
    }
    assert!(read >= 15, "canvases read: {read}");
}

/// The text of an HTML page: without its style, its script and its tags.
fn text_of_html(html: &str) -> String {
    let mut html = html.to_string();
    for (open, close) in [("<style>", "</style>"), ("<script>", "</script>")] {
        if let (Some(a), Some(b)) = (html.find(open), html.find(close)) {
            html.replace_range(a..b + close.len(), "");
        }
    }
    let mut text = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                text.push(' ');
            }
            _ if !in_tag => text.push(c),
            _ => {}
        }
    }
    text
}
