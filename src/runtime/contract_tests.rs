//! The player runtime's contract with the Rust side: the words it reads, the vocabulary it reads
//! instead of writing, and the order of each bundle.

use std::path::{Path, PathBuf};

use super::compact::without_comments;
use super::Adapter;

pub(crate) fn runtime_files() -> Vec<PathBuf> {
    fn walk(dir: &Path, files: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).expect("templates/runtime") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                walk(&path, files);
            } else if path.extension().is_some_and(|e| e.eq_ignore_ascii_case("js")) {
                files.push(path);
            }
        }
    }
    let mut files = Vec::new();
    walk(&Path::new(env!("CARGO_MANIFEST_DIR")).join("templates/runtime"), &mut files);
    files.sort();
    files
}

/// The files that read the vocabulary from CAMPUS_VOCAB and the typography from the words. The
/// xAPI adapters (xapi.js, tincan.js, cmi5.js) are to be ported.
fn ported(file: &Path) -> bool {
    !matches!(file.file_name().and_then(|n| n.to_str()), Some("xapi.js" | "tincan.js" | "cmi5.js"))
}

#[test]
fn the_runtime_reads_the_vocabulary_and_writes_no_typography() {
    let forbidden = [
        // delimiters, booleans and types of the state and the standards: CAMPUS_VOCAB
        "'[,]'",
        "'[.]'",
        "'[:]'",
        "','",
        "'t'",
        "'f'",
        "'choice'",
        "'sequencing'",
        "'long-fill-in'",
        "'wrong'",
        "'incorrect'",
        "[,.:]",
        // typography: the locale's words ({score} %, « », a space before a colon, the decimal separator)
        "' %",
        "%'",
        "+ ' :",
        "«",
        "»",
        "replace(','",
        "[.,]",
    ];
    for file in runtime_files().into_iter().filter(|f| ported(f)) {
        let source = std::fs::read_to_string(&file).expect("a runtime file");
        // Comments may say anything: only code lines are checked.
        let code = without_comments(&source);
        for pattern in forbidden {
            assert!(!code.contains(pattern), "{}: `{pattern}` written in the code", file.display());
        }
    }
}

fn vocabulary(bundle: &str) -> Vec<String> {
    let line = bundle.lines().next().expect("a first line");
    let json =
        line.strip_prefix("var CAMPUS_VOCAB = ").and_then(|l| l.strip_suffix(';')).expect("the vocabulary first");
    let value: serde_json::Value = serde_json::from_str(json).expect("JSON");
    let mut keys: Vec<String> = value.as_object().expect("an object").keys().cloned().collect();
    keys.sort();
    keys
}

#[test]
fn each_bundle_is_the_vocabulary_of_its_standard_the_core_then_its_adapter() {
    let cases = [
        (Adapter::Standalone, vec!["state"], "name:'standalone'"),
        (Adapter::Scorm12, vec!["scorm12", "state"], "name:'scorm12'"),
        (Adapter::Scorm2004, vec!["scorm2004", "state"], "name:'scorm2004'"),
        (Adapter::TinCan, vec!["state", "xapi"], "name:'tincan'"),
        (Adapter::Cmi5, vec!["state", "xapi"], "name:'cmi5'"),
    ];
    for (adapter, dialects, name) in cases {
        let bundle = adapter.script();
        assert_eq!(vocabulary(bundle), dialects, "{adapter:?}");
        let opened = bundle.find("var Campus=(function(){").expect("the core opens");
        let closed = bundle.find("})();\n").expect("the core closes");
        let adapter_at = bundle.find(name).expect("the adapter");
        assert!(opened < closed && closed < adapter_at, "{adapter:?}: vocabulary, core, adapter");
    }
    for (adapter, dialect) in [(Adapter::Scorm12, "scorm12"), (Adapter::Scorm2004, "scorm2004")] {
        let player = adapter.player_script();
        assert_eq!(vocabulary(player), [dialect, "state"]);
        assert!(!player.contains("var Campus=(function"), "the player carries no module core");
        let (defined, found, started) =
            (player.find("var Campus={"), player.find("Campus.lms="), player.find(&format!("name:'{dialect}'")));
        assert!(defined < found && found < started && started.is_some(), "player, API discovery, then the dialect");
    }
}
