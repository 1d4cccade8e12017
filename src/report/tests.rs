//! The figures of small cohorts, computed by hand: statuses, scores, item shares, point-biserial,
//! the self-diagnostic before and after; small groups hidden in every format; CSV injection; the
//! French spreadsheet dialect read back; the HTML self-contained.

use std::path::{Path, PathBuf};

use serde_json::{json, Value};

use super::analyse::{self, Figures, Status, VerdictOrigin};
use super::fact::{Actor, Fact, Verb};
use super::output::{self, csv::read_back};
use super::store::{Secret, Store};
use super::{CsvDialect, ReportFormat, ReportOptions};
use crate::diagnostics::Diagnostics;
use crate::model::LearningPath;

const COURSE: &str = r#"id = "c"
title = "Coopérer"
description = "Un cours d'essai."
version = "1.0.0"
date = "2026-11-01"
authors = ["Essai"]
likert_scale = ["Pas du tout", "Plutôt non", "Plutôt oui", "Tout à fait"]
modules = ["intro.md", "quiz.md", "diag.md"]

[[dimensions]]
id = "coop"
label = "Coopération"

[[dimensions.levels]]
from = 0
label = "Premiers pas"
advice = "Commencez."

[[dimensions.levels]]
from = 50
label = "En route"
advice = "Continuez."
"#;

const INTRO: &str = r#"+++
id = "intro"
title = "Introduction"
objectives = ["Découvrir"]
duration_minutes = 5
+++

# Une page

```question
id = "q-intro"
kind = "single"
prompt = "Quelle est la bonne réponse ?"
[[choices]]
id = "a"
text = "La première"
correct = true
[[choices]]
id = "b"
text = "La deuxième"
[[choices]]
id = "c"
text = "La troisième"
```

```reflection
id = "partage"
prompt = "Qu'allez-vous faire ?"
share = true
```

```reflection
id = "prive"
prompt = "Qu'en pensez-vous ?"
```
"#;

const QUIZ: &str = r#"+++
id = "quiz"
title = "Évaluation"
objectives = ["Vérifier"]
duration_minutes = 5
assessed = true
mastery_score = 50
+++

# Trois questions

```question
id = "q1"
kind = "single"
prompt = "Laquelle ?"
[[choices]]
id = "a"
text = "A"
correct = true
[[choices]]
id = "b"
text = "B"
[[choices]]
id = "c"
text = "C"
```

```question
id = "q2"
kind = "true-false"
prompt = "Vrai ?"
answer = true
```

```question
id = "q3"
kind = "fill-in"
prompt = "La capitale ?"
accept = ["paris"]
```
"#;

const DIAG: &str = r#"+++
id = "diag"
title = "Autodiagnostic"
objectives = ["Se situer"]
duration_minutes = 5
+++

# Se situer

```diagnostic
id = "s1"
dimension = "coop"
statement = "Nous décidons ensemble."
```

```diagnostic
id = "s2"
dimension = "coop"
statement = "Nous décidons seuls."
reverse = true
```
"#;

/// The test course, loaded from a temporary folder.
pub(crate) fn course() -> (tempfile::TempDir, LearningPath) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("c");
    std::fs::create_dir_all(&root).unwrap();
    for (name, text) in [("course.toml", COURSE), ("intro.md", INTRO), ("quiz.md", QUIZ), ("diag.md", DIAG)] {
        std::fs::write(root.join(name), text).unwrap();
    }
    let mut diags = Diagnostics::new();
    let path = crate::load::load(&root, &mut diags).unwrap();
    assert!(path.courses.len() == 1 && path.courses[0].modules.len() == 3, "the test course loads");
    (dir, path)
}

pub(crate) fn options(out: &Path, k: u32) -> ReportOptions {
    ReportOptions {
        lrs: None,
        since: None,
        until: None,
        page_size: 500,
        auth_file: None,
        statements: Vec::new(),
        moodle: Vec::new(),
        moodle_attempts: super::MoodleAttempts::Best,
        db: None,
        out: out.to_path_buf(),
        formats: vec![ReportFormat::Html, ReportFormat::Csv, ReportFormat::Json],
        csv: CsvDialect::Rfc4180,
        min_group: k,
        cohorts: None,
        cohort: None,
        tz: Some("Europe/Paris".into()),
        identify: false,
        include_reflections: false,
        lang: None,
        secret_file: None,
        progress: false,
    }
}

/// Makes facts one after the other, a minute apart.
pub(crate) struct Facts {
    pub store: Store,
    n: u32,
}

impl Facts {
    pub(crate) fn new() -> Facts {
        Facts { store: Store::in_memory(Secret::Given(b"test secret".to_vec())).unwrap(), n: 0 }
    }

    /// A fact of `who` (a name: `<name>@example.org`); `set` fills in the rest.
    pub(crate) fn add(&mut self, who: &str, verb: Verb, module: &str, set: impl FnOnce(&mut Fact)) {
        self.n += 1;
        let mut fact = Fact {
            id: format!("00000000-0000-4000-8000-{:012}", self.n),
            source: "file:test.json".into(),
            actor: Actor::by_email(&format!("{who}@example.org"), Some(format!("{who} Dupont"))),
            team: None,
            verb,
            course: "c".into(),
            module: module.into(),
            block: None,
            registration: Some(format!("reg-{who}")),
            session: None,
            at: format!("2026-11-{:02}T{:02}:{:02}:00.000Z", 2 + self.n / 1440, self.n / 60 % 24, self.n % 60),
            stored: None,
            success: None,
            completion: None,
            scaled: None,
            response: None,
            duration_ms: None,
            by_lms: false,
            diagnostic: None,
        };
        set(&mut fact);
        self.store.insert(&fact).unwrap();
    }

    pub(crate) fn answer(&mut self, who: &str, module: &str, block: &str, response: &str, success: Option<bool>) {
        self.add(who, Verb::Answered, module, |f| {
            f.block = Some(block.into());
            f.response = Some(response.into());
            f.success = success;
            f.duration_ms = Some(4000);
        });
    }

    pub(crate) fn end(&mut self, who: &str, module: &str, verb: Verb, scaled: Option<f64>, ms: Option<i64>) {
        self.add(who, verb, module, |f| {
            f.scaled = scaled;
            f.duration_ms = ms;
            f.success = match verb {
                Verb::Passed => Some(true),
                Verb::Failed => Some(false),
                _ => None,
            };
            f.completion = (verb == Verb::Completed).then_some(true);
        });
    }
}

/// The cohort of the hand-computed figures (see each test).
fn cohort() -> Facts {
    let mut f = Facts::new();
    // ana: intro completed in 10 min; quiz passed (0.9) after a wrong first answer; two diagnostics
    f.add("ana", Verb::Initialized, "intro", |_| {});
    f.answer("ana", "intro", "q-intro", "a", Some(true));
    f.answer("ana", "intro", "partage", "Mon idée", None);
    f.answer("ana", "intro", "prive", "Mon secret", None);
    f.end("ana", "intro", Verb::Completed, None, Some(600_000));
    f.end("ana", "intro", Verb::Terminated, None, Some(600_000));
    f.add("ana", Verb::Initialized, "quiz", |_| {});
    f.answer("ana", "quiz", "q1", "b", Some(false));
    f.answer("ana", "quiz", "q1", "a", Some(true));
    f.answer("ana", "quiz", "q2", "true", Some(true));
    f.answer("ana", "quiz", "q3", "paris", Some(true));
    f.end("ana", "quiz", Verb::Passed, Some(0.9), Some(300_000));
    f.end("ana", "quiz", Verb::Terminated, None, Some(300_000));
    f.answer("ana", "diag", "s1", "1", None);
    f.answer("ana", "diag", "s2", "2", None);
    f.end("ana", "diag", Verb::Completed, None, None);
    f.answer("ana", "diag", "s1", "3", None);
    f.answer("ana", "diag", "s2", "0", None);
    // bob: intro completed in 20 min; quiz failed, all wrong (a formula as a fill-in answer)
    f.answer("bob", "intro", "q-intro", "b", Some(false));
    f.answer("bob", "intro", "q-intro", "a", Some(true));
    f.end("bob", "intro", Verb::Completed, None, None);
    f.end("bob", "intro", Verb::Terminated, None, Some(1_200_000));
    f.answer("bob", "quiz", "q1", "c", Some(false));
    f.answer("bob", "quiz", "q2", "false", Some(false));
    f.answer("bob", "quiz", "q3", "=HYPERLINK(\"http://evil.example/\",\"clic\")", Some(false));
    f.end("bob", "quiz", Verb::Failed, Some(0.0), Some(200_000));
    f.end("bob", "quiz", Verb::Terminated, None, Some(200_000));
    f.answer("bob", "diag", "s1", "2", None);
    f.answer("bob", "diag", "s2", "1", None);
    // cat: intro only opened; quiz all right and completed, but no verdict recorded (recomputed)
    f.add("cat", Verb::Initialized, "intro", |_| {});
    f.answer("cat", "quiz", "q1", "a", Some(true));
    f.answer("cat", "quiz", "q2", "true", Some(true));
    f.answer("cat", "quiz", "q3", "Paris", Some(true));
    f.end("cat", "quiz", Verb::Completed, None, None);
    // dan: quiz half done, in SCORM 1.2's words
    f.answer("dan", "quiz", "q1", "a", Some(true));
    f.answer("dan", "quiz", "q2", "f", Some(false));
    f
}

fn compute(f: &Facts, path: &LearningPath, options: &ReportOptions) -> Figures {
    analyse::compute(&f.store, path, options).unwrap()
}

fn json_of(figures: &Figures) -> Value {
    serde_json::to_value(figures).unwrap()
}

fn status(figures: &Figures, who: &str, store: &Store, module: &str) -> (Status, Option<VerdictOrigin>) {
    let learner = store.pseudonym(&Actor::by_email(&format!("{who}@example.org"), None).key);
    let row = figures.learners.iter().find(|r| r.learner == learner && r.module == module).unwrap();
    (row.status, row.verdict)
}

#[test]
fn statuses_scores_and_times() {
    let (_dir, path) = course();
    let out = tempfile::tempdir().unwrap();
    let f = cohort();
    let figures = compute(&f, &path, &options(out.path(), 1));
    let s = &f.store;
    assert_eq!(figures.learners.len(), 4 * 3, "a row per learner and module, not started ones included");
    assert_eq!(status(&figures, "ana", s, "quiz"), (Status::Passed, Some(VerdictOrigin::Recorded)));
    assert_eq!(status(&figures, "bob", s, "quiz"), (Status::Failed, Some(VerdictOrigin::Recorded)));
    assert_eq!(status(&figures, "cat", s, "quiz"), (Status::Passed, Some(VerdictOrigin::Recomputed)));
    assert_eq!(status(&figures, "dan", s, "quiz"), (Status::InProgress, None));
    assert_eq!(status(&figures, "cat", s, "intro"), (Status::InProgress, None));
    assert_eq!(status(&figures, "dan", s, "intro"), (Status::NotStarted, None));
    assert_eq!(status(&figures, "ana", s, "diag"), (Status::Completed, None));
    let ana = s.pseudonym("mbox:mailto:ana@example.org");
    let quiz = figures.learners.iter().find(|r| r.learner == ana && r.module == "quiz").unwrap();
    assert_eq!((quiz.best_score, quiz.last_score, quiz.time_s, quiz.sessions), (Some(0.9), Some(0.9), Some(300), 1));
    assert!(quiz.last_activity.as_deref().unwrap().ends_with("+01:00"), "{:?}", quiz.last_activity);
    let cat = s.pseudonym("mbox:mailto:cat@example.org");
    let quiz = figures.learners.iter().find(|r| r.learner == cat && r.module == "quiz").unwrap();
    assert_eq!((quiz.best_score, quiz.time_s), (Some(1.0), None), "the recomputed score, from the last answers");

    let j = json_of(&figures);
    // intro: ana, bob, cat started; ana, bob completed (10 and 20 min: the lower middle is 10)
    assert_eq!(
        j["modules"][0],
        json!({"course": "c", "module": "intro", "title": "Introduction", "assessed": false, "mastery": null,
               "started": 3, "completed": 2, "passed": 0, "failed": 0, "completion_rate": 0.6667,
               "pass_rate": null, "median_time_s": 600})
    );
    // quiz: 4 started; ana passed, bob failed, cat passed (recomputed), dan in progress
    assert_eq!(
        j["modules"][1],
        json!({"course": "c", "module": "quiz", "title": "Évaluation", "assessed": true, "mastery": 50,
               "started": 4, "completed": 3, "passed": 2, "failed": 1, "completion_rate": 0.75,
               "pass_rate": 0.6667, "median_time_s": 200})
    );
    // 9 learner-module pairs started, 6 completed; 2 passed of 3 verdicts; times 900 s and 1,400 s
    assert_eq!(j["summary"]["learners"], 4);
    assert_eq!(j["summary"]["completion_rate"], 0.6667);
    assert_eq!(j["summary"]["pass_rate"], 0.6667);
    assert_eq!(j["summary"]["median_time_s"], 900);
    assert_eq!(j["funnels"][0]["steps"][1]["started"], 4);
    assert_eq!(j["funnels"][0]["learners"], 4);
    assert_eq!(
        j["sources"][0],
        json!({"source": "file:test.json", "read": 0, "kept": 36, "duplicate": 0, "voided": 0, "voiding": 0, "lms": 0, "skipped": []})
    );
}

#[test]
fn item_analysis() {
    let (_dir, path) = course();
    let out = tempfile::tempdir().unwrap();
    let figures = compute(&cohort(), &path, &options(out.path(), 1));
    let j = json_of(&figures);
    let item = |id: &str| j["items"].as_array().unwrap().iter().find(|i| i["item"] == id).unwrap().clone();
    // q1: first answers ana ✗ bob ✗ cat ✓ dan ✓, last ana ✓ bob ✗ cat ✓ dan ✓; 5 answers:
    // a ×3, b ×1, c ×1. Against the others right first time (ana 2, bob 0, cat 2, dan 0): r = 0.
    // Upper–lower: 27 % of 4 is 1; the best total (cat, 3) is right, the worst (bob, 0) is not.
    let q1 = item("q1");
    assert_eq!((q1["learners"].clone(), q1["answers"].clone()), (json!(4), json!(5)));
    assert_eq!((q1["first_right"].clone(), q1["last_right"].clone()), (json!(0.5), json!(0.75)));
    assert_eq!((q1["discrimination"].clone(), q1["upper_lower"].clone()), (json!(0.0), json!(1.0)));
    assert_eq!(q1["flags"], json!(["low_discrimination"]));
    let shares: Vec<(Value, Value, Value)> = q1["choices"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["choice"].clone(), c["picks"].clone(), c["share"].clone()))
        .collect();
    assert_eq!(
        shares,
        [(json!("a"), json!(3), json!(0.6)), (json!("b"), json!(1), json!(0.2)), (json!("c"), json!(1), json!(0.2))]
    );
    // q2: x = 1 0 1 0 against rest = 1 0 2 1: Σdxdy = 1, Σdx² = 1, Σdy² = 2: r = 1/√2
    let q2 = item("q2");
    assert_eq!(q2["discrimination"], json!(analyse::round4(std::f64::consts::FRAC_1_SQRT_2)));
    assert_eq!(q2["choices"][0]["picks"], 2, "true, written true or t");
    assert_eq!(q2["choices"][1]["picks"], 2, "false, written false or f");
    // q3 (3 learners): x = 1 0 1 against rest = 1 0 2: r = 1/√(4/3)
    let q3 = item("q3");
    assert_eq!((q3["learners"].clone(), q3["first_right"].clone()), (json!(3), json!(0.6667)));
    assert_eq!(q3["discrimination"], json!(0.866));
    assert_eq!(q3["upper_lower"], Value::Null, "under 4 learners");
    // the formative question: no discrimination, too hard? 1 of 2 right first time
    let intro = item("q-intro");
    assert_eq!((intro["first_right"].clone(), intro["discrimination"].clone()), (json!(0.5), Value::Null));
    assert_eq!(intro["flags"], json!(["unpicked_choice"]), "nobody picked c");
}

#[test]
fn self_diagnostic_before_and_after() {
    let (_dir, path) = course();
    let out = tempfile::tempdir().unwrap();
    let figures = compute(&cohort(), &path, &options(out.path(), 1));
    let j = json_of(&figures);
    // ana first: 1 → 33.3 and 2 reversed → 33.3: 33; latest: 3 → 100, 0 reversed → 100: 100
    // bob once: 2 → 66.7 and 1 reversed → 66.7: 67
    let d = &j["diagnostics"][0];
    assert_eq!((d["dimension"].clone(), d["learners"].clone()), (json!("coop"), json!(2)));
    assert_eq!((d["mean_score"].clone(), d["median_score"].clone()), (json!(83.5), json!(83.5)));
    assert_eq!(
        d["levels"],
        json!([{"label": "Premiers pas", "from": 0, "learners": 0}, {"label": "En route", "from": 50, "learners": 2}])
    );
    let bands: Vec<Value> = d["bands"].as_array().unwrap().iter().map(|b| b["learners"].clone()).collect();
    assert_eq!(bands, [json!(0), json!(0), json!(0), json!(1), json!(1)]);
    assert_eq!(
        d["change"],
        json!({"learners": 1, "mean_first": 33.0, "mean_latest": 100.0, "mean_change": 67.0, "improved": 1, "declined": 0, "unchanged": 0})
    );
}

fn write(f: &Facts, path: &LearningPath, options: &ReportOptions) -> (Figures, Vec<PathBuf>) {
    let figures = compute(f, path, options);
    let files = output::write(&figures, &f.store, path, options).unwrap();
    (figures, files)
}

fn read(dir: &Path, name: &str) -> String {
    std::fs::read_to_string(dir.join(name)).unwrap()
}

#[test]
fn reflections_and_names_stay_out_unless_asked() {
    let (_dir, path) = course();
    let out = tempfile::tempdir().unwrap();
    let f = cohort();
    write(&f, &path, &options(out.path(), 1));
    for file in ["report.html", "report.json", "learners.csv", "answers.csv"] {
        let text = read(out.path(), file);
        for secret in ["Mon idée", "Mon secret", "ana@example.org", "Dupont"] {
            assert!(!text.contains(secret), "{secret} in {file}");
        }
    }
    let mut asked = options(out.path(), 1);
    asked.include_reflections = true;
    asked.identify = true;
    write(&f, &path, &asked);
    for file in ["report.html", "report.json", "reflections.csv", "answers.csv"] {
        let text = read(out.path(), file);
        assert!(text.contains("Mon idée"), "the shared reflection in {file}");
        assert!(!text.contains("Mon secret"), "a reflection the course does not share, in {file}");
    }
    assert!(read(out.path(), "learners.csv").contains("ana@example.org"));
    assert!(read(out.path(), "report.html").contains("ana Dupont"));
}

#[test]
fn a_formula_in_an_answer_is_inert_in_csv() {
    let (_dir, path) = course();
    let out = tempfile::tempdir().unwrap();
    write(&cohort(), &path, &options(out.path(), 1));
    for file in ["answers.csv", "choices.csv"] {
        let rows = read_back(&read(out.path(), file), CsvDialect::Rfc4180);
        let cells: Vec<&String> = rows.iter().flatten().filter(|c| c.contains("HYPERLINK")).collect();
        assert!(!cells.is_empty(), "{file}");
        for cell in cells {
            assert!(cell.starts_with("'="), "{file}: {cell}");
        }
    }
    // a text cell starting with a minus is neutralised too (figures are numbers, never text cells)
    assert_eq!(super::output::csv::neutralise("-12".into()), "'-12");
}

#[test]
fn excel_fr_reads_back_as_the_json() {
    let (_dir, path) = course();
    let out = tempfile::tempdir().unwrap();
    let mut opts = options(out.path(), 1);
    opts.csv = CsvDialect::ExcelFr;
    let (figures, _) = write(&cohort(), &path, &opts);
    let j = json_of(&figures);
    for (file, key) in [("modules.csv", "modules"), ("items.csv", "items"), ("cohorts.csv", "cohorts")] {
        let bytes = std::fs::read(out.path().join(file)).unwrap();
        assert!(bytes.starts_with("\u{feff}".as_bytes()), "a byte-order mark");
        let rows = read_back(&String::from_utf8(bytes).unwrap(), CsvDialect::ExcelFr);
        let header = &rows[0];
        let objects = j[key].as_array().unwrap();
        assert_eq!(rows.len() - 1, objects.len(), "{file}");
        for (row, object) in rows[1..].iter().zip(objects) {
            for (name, cell) in header.iter().zip(row) {
                let expected = &object[name.as_str()];
                let read = match expected {
                    Value::Number(_) => json!(cell.replace(',', ".").parse::<f64>().unwrap()),
                    Value::Null => json!(if cell.is_empty() { Value::Null } else { json!(cell) }),
                    Value::Bool(_) => json!(cell == "true"),
                    Value::Array(flags) => {
                        let words: Vec<Value> = cell.split_whitespace().map(|w| json!(w)).collect();
                        assert_eq!(&words, flags, "{file} {name}");
                        continue;
                    }
                    _ => json!(cell),
                };
                let expected = if expected.is_number() { json!(expected.as_f64().unwrap()) } else { expected.clone() };
                assert_eq!(read, expected, "{file} {name}");
            }
        }
    }
    let learners = read(out.path(), "learners.csv");
    let rows = read_back(&learners, CsvDialect::ExcelFr);
    let at = rows[0].iter().position(|h| h == "last_activity").unwrap();
    let shown = rows.iter().skip(1).find(|r| !r[at].is_empty()).unwrap();
    assert!(regex_like_date(&shown[at]), "jj/mm/aaaa hh:mm: {}", shown[at]);
    let items = read(out.path(), "items.csv");
    assert!(items.contains(";0,6667;"), "a decimal comma");
}

fn regex_like_date(text: &str) -> bool {
    let b = text.as_bytes();
    text.len() == 16 && b[2] == b'/' && b[5] == b'/' && b[10] == b' ' && b[13] == b':'
}

/// 17 learners in three teams (4, 6 and 7): the team of 4 is hidden, and the team of 6 beside it,
/// so that the total (17) minus the shown team (7) gives only the two together.
fn teams() -> Facts {
    let mut f = Facts::new();
    for (team, n) in [("Petite", 4), ("Moyenne", 6), ("Grande", 7)] {
        for i in 0..n {
            let who = format!("{}{i}", team.to_lowercase());
            let team = team.to_string();
            f.add(&who, Verb::Initialized, "quiz", |fact| fact.team = Some(team));
            f.answer(&who, "quiz", "q1", if i % 2 == 0 { "a" } else { "b" }, Some(i % 2 == 0));
            if team_is_small(&who) {
                f.answer(&who, "intro", "q-intro", "a", Some(true));
            }
        }
    }
    f
}

fn team_is_small(who: &str) -> bool {
    who.starts_with("petite")
}

#[test]
fn a_group_of_four_is_hidden_everywhere_and_not_recoverable() {
    let (_dir, path) = course();
    let out = tempfile::tempdir().unwrap();
    let (figures, _) = write(&teams(), &path, &options(out.path(), 5));
    let j = json_of(&figures);
    let hidden = json!({"hidden": true, "below": 5});
    let cohort = |name: &str| j["cohorts"].as_array().unwrap().iter().find(|c| c["cohort"] == name).unwrap().clone();
    assert_eq!(cohort("Petite")["learners"], hidden);
    assert_eq!(cohort("Moyenne")["learners"], hidden, "hidden beside it: 17 − 7 gives only 10 for the two");
    assert_eq!(cohort("Grande")["learners"], 7);
    assert_eq!(j["summary"]["learners"], 17);
    // the intro, started by the 4 only: hidden; its question too
    assert_eq!(j["modules"][0]["started"], hidden);
    let intro = j["items"].as_array().unwrap().iter().find(|i| i["item"] == "q-intro").unwrap();
    assert_eq!((intro["learners"].clone(), intro["choices"][0]["picks"].clone()), (hidden.clone(), hidden));
    // learners' rows do not name the hidden teams (counting rows would give their size)
    assert!(figures.learners.iter().all(|r| r.cohort.as_deref().is_none_or(|c| c == "Grande")));
    let csv = read(out.path(), "cohorts.csv");
    assert!(csv.contains("Petite,< 5,< 5,< 5,< 5"), "{csv}");
    assert!(csv.contains("Moyenne,< 5,< 5,< 5,< 5"), "{csv}");
    assert!(read(out.path(), "modules.csv").contains("c,intro,Introduction,false,,< 5,< 5,< 5,< 5,< 5,< 5,< 5"));
    assert!(!read(out.path(), "learners.csv").contains("Petite"));
    let html = read(out.path(), "report.html");
    let row = html.split("<tr>").find(|r| r.contains(">Petite<")).expect("the team's row");
    assert_eq!(row.matches("&lt; 5").count(), 4, "{row}");
    assert!(!row.contains(">4<"), "{row}");
}

#[test]
fn the_html_is_self_contained() {
    let (_dir, path) = course();
    let out = tempfile::tempdir().unwrap();
    let mut opts = options(out.path(), 1);
    opts.include_reflections = true;
    write(&cohort(), &path, &opts);
    let html = read(out.path(), "report.html");
    assert!(!html.to_lowercase().contains("<script"), "no script");
    for attribute in ["src=", "href=\"http", "url(", "@import", "<link"] {
        assert!(!html.contains(attribute), "no external request: {attribute}");
    }
    assert!(html.contains("<svg") && html.contains("<table"));
    assert!(html.contains("données personnelles"), "says pseudonymised data is still personal data");
    assert!(html.contains("lang=\"fr\""));
    let mut english = options(out.path(), 1);
    english.lang = Some("en".into());
    write(&cohort(), &path, &english);
    assert!(read(out.path(), "report.html").contains("Pseudonymised data is still personal data"));
    if let Ok(dir) = std::env::var("CAMPUS_REPORT_SAMPLE") {
        // a page to look at in a browser
        std::fs::create_dir_all(&dir).unwrap();
        write(&teams(), &path, &options(Path::new(&dir), 5));
    }
}

#[test]
fn same_inputs_same_bytes() {
    let (_dir, path) = course();
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    write(&cohort(), &path, &options(a.path(), 1));
    write(&cohort(), &path, &options(b.path(), 1));
    for file in ["report.html", "report.json", "learners.csv", "answers.csv", "items.csv", "diagnostics.csv"] {
        assert_eq!(read(a.path(), file), read(b.path(), file), "{file}");
    }
}

#[test]
fn every_word_is_in_both_languages_and_used() {
    let (fr, en) = (output::html::words("fr"), output::html::words("en"));
    assert_eq!(fr.keys().collect::<Vec<_>>(), en.keys().collect::<Vec<_>>());
    let template = include_str!("../../templates/report/report.html");
    let rust = include_str!("output/html.rs");
    let mut unused = Vec::new();
    for key in fr.keys() {
        let used = template.contains(&format!("w.{key} "))
            || template.contains(&format!("w.{key}}}"))
            || template.contains(&format!("w.{key}|"))
            || rust.contains(&format!("\"{key}\""))
            || rust.contains("flag_{key}") && key.starts_with("flag_")
            || rust.contains("r.status.as_str()")
                && ["not_started", "in_progress", "completed", "passed", "failed"].contains(&key.as_str());
        if !used {
            unused.push(key.as_str());
        }
    }
    assert!(unused.is_empty(), "words not used: {unused:?}");
}

#[test]
fn numbered_diagnostics_tell_a_changed_answer_from_a_second_diagnostic() {
    let (_dir, path) = course();
    let out = tempfile::tempdir().unwrap();
    let mut f = Facts::new();
    let numbered = |f: &mut Facts, who: &str, block: &str, response: &str, n: u32| {
        f.add(who, Verb::Answered, "diag", |fact| {
            fact.block = Some(block.into());
            fact.response = Some(response.into());
            fact.diagnostic = Some(n);
        });
    };
    // eve, diagnostic 1: s1 answered 0 then changed to 3, s2 (reversed) 0: first = 100;
    // diagnostic 2: s1 1, s2 2 (reversed): 33. A change within a diagnostic is not a new one.
    numbered(&mut f, "eve", "s1", "0", 1);
    numbered(&mut f, "eve", "s1", "3", 1);
    numbered(&mut f, "eve", "s2", "0", 1);
    numbered(&mut f, "eve", "s1", "1", 2);
    numbered(&mut f, "eve", "s2", "2", 2);
    // fay changed an answer within her only diagnostic: 3 and 0 reversed = 100, no "after".
    numbered(&mut f, "fay", "s1", "2", 1);
    numbered(&mut f, "fay", "s1", "3", 1);
    numbered(&mut f, "fay", "s2", "0", 1);
    let j = json_of(&compute(&f, &path, &options(out.path(), 1)));
    let d = &j["diagnostics"][0];
    assert_eq!(d["learners"], json!(2));
    assert_eq!(
        d["change"],
        json!({"learners": 1, "mean_first": 100.0, "mean_latest": 33.0, "mean_change": -67.0, "improved": 0, "declined": 1, "unchanged": 0})
    );
}

#[test]
fn a_statement_first_answered_in_a_later_diagnostic_has_no_answer_in_the_first() {
    let (_dir, path) = course();
    let out = tempfile::tempdir().unwrap();
    let mut f = Facts::new();
    let numbered = |f: &mut Facts, block: &str, response: &str, n: u32| {
        f.add("gus", Verb::Answered, "diag", |fact| {
            fact.block = Some(block.into());
            fact.response = Some(response.into());
            fact.diagnostic = Some(n);
        });
    };
    // Diagnostic 1: s1 3 (s2 left unanswered: half answered, 100); diagnostic 2: s1 3, s2 3
    // (reversed, 0): 50. The first diagnostic is not given s2's later answer (which made it 50).
    numbered(&mut f, "s1", "3", 1);
    numbered(&mut f, "s1", "3", 2);
    numbered(&mut f, "s2", "3", 2);
    let j = json_of(&compute(&f, &path, &options(out.path(), 1)));
    assert_eq!(
        j["diagnostics"][0]["change"],
        json!({"learners": 1, "mean_first": 100.0, "mean_latest": 50.0, "mean_change": -50.0, "improved": 0, "declined": 1, "unchanged": 0})
    );
}

#[test]
fn one_cohort_only() {
    let (_dir, path) = course();
    let out = tempfile::tempdir().unwrap();
    let f = teams();
    let mut options = options(out.path(), 5);
    options.cohort = Some("Grande".into());
    let j = json_of(&compute(&f, &path, &options));
    assert_eq!(j["about"]["cohort"], json!("Grande"));
    assert_eq!(j["summary"]["learners"], json!(7));
    let quiz = j["modules"].as_array().unwrap().iter().find(|m| m["module"] == "quiz").unwrap();
    assert_eq!(quiz["started"], json!(7));
    // A group below K is still hidden when asked for alone.
    options.cohort = Some("Petite".into());
    let j = json_of(&compute(&f, &path, &options));
    assert_eq!(j["summary"]["learners"], json!({"hidden": true, "below": 5}));
    // An unknown label is an error that names the known ones.
    options.cohort = Some("Aucune".into());
    let error = analyse::compute(&f.store, &path, &options).err().unwrap().to_string();
    assert!(error.contains("`Aucune`") && error.contains("Grande, Moyenne, Petite"), "{error}");
}
