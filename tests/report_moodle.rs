//! `campus report --moodle` on real Moodle 4.4 downloads (French interface) of the current Reset
//! packages, played on 1 December 2026 (tests/fixtures/moodle-4.4/README.md, "current-*" files):
//! the figures the README's table gives.

use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn fixture(name: &str) -> PathBuf {
    root().join("tests/fixtures/moodle-4.4").join(name)
}

/// Runs the report on `files` into a new folder; returns its report.json.
fn report(files: &[&str]) -> serde_json::Value {
    report_with(files, &[])
}

fn report_with(files: &[&str], options: &[&str]) -> serde_json::Value {
    let out = tempfile::tempdir().unwrap();
    let mut command = Command::new(env!("CARGO_BIN_EXE_campus"));
    command.current_dir(root()).env("CAMPUS_REPORT_SECRET", "test").args(["report", "courses", "--moodle"]);
    command.args(files.iter().map(|f| fixture(f)));
    command.args(["--tz", "UTC", "--min-group", "1", "--format", "json"]).args(options).arg("--out").arg(out.path());
    let output = command.output().unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    serde_json::from_slice(&std::fs::read(out.path().join("report.json")).unwrap()).unwrap()
}

fn module<'a>(report: &'a serde_json::Value, course: &str, module: &str) -> &'a serde_json::Value {
    report["modules"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["course"] == course && m["module"] == module)
        .unwrap_or_else(|| panic!("no module {course}/{module}"))
}

#[test]
fn the_downloads_give_the_plays() {
    let report = report(&["current-agir12-interactions.csv", "current-agir12-basic.csv"]);
    // Two learners started (students 3 and 4 never did); both passed the evaluation (mastery 70):
    // student 1 with every answer right, student 2 with 3 wrong of 10 (70).
    assert_eq!(report["summary"]["learners"], 2);
    let evaluation = module(&report, "agir-en-coalition", "evaluation");
    assert_eq!(
        (&evaluation["started"], &evaluation["passed"], &evaluation["failed"]),
        (&2.into(), &2.into(), &0.into())
    );
    let mut scores: Vec<f64> = report["learners"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["module"] == "evaluation" && r["course"] == "agir-en-coalition")
        .map(|r| r["best_score"].as_f64().unwrap())
        .collect();
    scores.sort_by(f64::total_cmp);
    assert_eq!(scores, [0.7, 1.0]);
    // Module 1 played by both; phases-et-echelles by student 1 only.
    assert_eq!(module(&report, "agir-en-coalition", "methode")["completed"], 2);
    assert_eq!(module(&report, "agir-en-coalition", "phases-et-echelles")["started"], 1);
    // The basic report cannot be matched to modules: said, and counted.
    let basic = report["sources"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["source"] == "moodle:current-agir12-basic.csv")
        .unwrap();
    assert!(basic["skipped"][0]["why"].as_str().unwrap().contains("Interactions report"), "{basic}");
    // Moodle gives no time per module, and the report says so.
    assert_eq!(evaluation["median_time_s"], serde_json::Value::Null);
}

#[test]
fn ods_excel_and_text_give_the_same_report() {
    let text = report(&["current-agir12-interactions.csv"]);
    for other in ["current-agir12-interactions.ods", "current-agir12-interactions.xlsx"] {
        let mut theirs = report(&[other]);
        // Only the sources' names differ.
        theirs["sources"] = text["sources"].clone();
        assert_eq!(theirs, text, "{other}");
    }
}

#[test]
fn the_last_attempt_or_the_best() {
    // The French download of 30 November: student 4 did every module in attempt 1 (evaluation
    // failed), then only the evaluation in attempt 2 (passed).
    let files = ["agir-en-coalition-scorm12-fr-interactions.csv"];
    let best = report(&files);
    let last = report_with(&files, &["--moodle-attempts", "last"]);
    assert_eq!(module(&best, "agir-en-coalition", "methode")["completed"], 2, "students 1 and 4");
    assert_eq!(module(&last, "agir-en-coalition", "methode")["completed"], 1, "student 1 only");
    assert_eq!(module(&best, "agir-en-coalition", "evaluation")["passed"], 3);
    assert_eq!(module(&last, "agir-en-coalition", "evaluation")["passed"], 3);
}
