//! The corpus of broken sources that proves the validator.
//!
//! Every folder under `tests/broken/` is a course folder (course.toml + modules) or a path folder
//! (path.toml + course folders) with one or more problems. Its `expected.txt` lists, one a line,
//! the diagnostics `campus validate` must report: `CODE FILE:LINE`, FILE relative to the case
//! folder, line 0 for a problem about a whole file. Lines starting with `#` are comments. W001
//! ("no path.toml above this course"), which every standalone course gets, is not listed.
//!
//! Every folder under `tests/valid/` must load with no error and no warning but W001 (and a
//! path folder, with its path.toml and base_iri, not even W001).

use std::path::{Path, PathBuf};

use campus::{Code, Diagnostic, Diagnostics, Severity};

/// At least this many broken cases: the issue asks for a corpus of 30 or more.
const MIN_BROKEN_CASES: usize = 35;

fn cases(kind: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests").join(kind);
    let mut cases: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("reading {}: {e}", dir.display()))
        .map(|entry| entry.expect("a folder entry").path())
        .filter(|path| path.is_dir())
        .collect();
    cases.sort();
    cases
}

fn name(case: &Path) -> String {
    case.file_name().expect("a case folder name").to_string_lossy().into_owned()
}

/// `CODE FILE:LINE`, FILE relative to the case folder with `/` separators.
fn summary(case: &Path, diagnostic: &Diagnostic) -> String {
    let file = diagnostic.file.strip_prefix(case).unwrap_or(&diagnostic.file);
    let file: Vec<String> = file.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
    format!("{} {}:{}", diagnostic.code, file.join("/"), diagnostic.line)
}

/// Loads a case and returns its diagnostics, W001 left out for a standalone course (a path
/// folder has a path.toml, so it must not get W001).
fn load(case: &Path) -> Result<Vec<Diagnostic>, String> {
    let mut diags = Diagnostics::new();
    let loaded = campus::load(case, &mut diags).map_err(|e| format!("load failed: {e:#}"))?;
    campus::check(loaded, &mut diags);
    let standalone = !case.join("path.toml").exists();
    Ok(diags.into_vec().into_iter().filter(|d| !(standalone && d.code == Code::W001)).collect())
}

fn rendered(diagnostics: &[Diagnostic]) -> String {
    diagnostics.iter().map(|d| format!("{d}")).collect::<Vec<_>>().join("")
}

fn expected(case: &Path) -> Result<Vec<String>, String> {
    let path = case.join("expected.txt");
    let text = std::fs::read_to_string(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let mut lines = Vec::new();
    for (number, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let well_formed = line.split_once(' ').is_some_and(|(code, place)| {
            code.len() == 4
                && (code.starts_with('E') || code.starts_with('W'))
                && place.rsplit_once(':').is_some_and(|(file, n)| !file.is_empty() && n.parse::<usize>().is_ok())
        });
        if !well_formed {
            return Err(format!("expected.txt line {}: `{line}` is not `CODE FILE:LINE`", number + 1));
        }
        lines.push(line.to_string());
    }
    if !text.trim_start().starts_with('#') {
        return Err("expected.txt must start with a `#` comment saying what the case proves".into());
    }
    Ok(lines)
}

#[test]
fn every_broken_source_is_reported_at_its_line() {
    let cases = cases("broken");
    assert!(cases.len() >= MIN_BROKEN_CASES, "only {} broken cases, at least {MIN_BROKEN_CASES} wanted", cases.len());
    let mut failures = Vec::new();
    for case in &cases {
        let name = name(case);
        let want = match expected(case) {
            Ok(want) => want,
            Err(e) => {
                failures.push(format!("== {name}: {e}"));
                continue;
            }
        };
        let found = match load(case) {
            Ok(found) => found,
            Err(e) => {
                failures.push(format!("== {name}: {e}"));
                continue;
            }
        };
        let mut want = want;
        want.sort();
        let mut got: Vec<String> = found.iter().map(|d| summary(case, d)).collect();
        got.sort();
        let mut problems = Vec::new();
        if got != want {
            problems.push("the diagnostics differ from expected.txt".to_string());
        }
        if !found.iter().any(|d| d.severity == Severity::Error) {
            problems.push("a broken case must report at least one error".to_string());
        }
        if !problems.is_empty() {
            failures.push(format!(
                "== {name}: {}\n-- expected:\n{}\n-- found:\n{}\n-- rendered:\n{}",
                problems.join("; "),
                want.join("\n"),
                got.join("\n"),
                rendered(&found)
            ));
        }
    }
    if !failures.is_empty() {
        panic!("{} of {} broken cases failed:\n\n{}", failures.len(), cases.len(), failures.join("\n\n"));
    }
}

#[test]
fn valid_edge_cases_load_without_problems() {
    let cases = cases("valid");
    assert!(!cases.is_empty(), "no valid cases under tests/valid");
    let mut failures = Vec::new();
    for case in &cases {
        let name = name(case);
        match load(case) {
            Ok(found) if found.is_empty() => {}
            Ok(found) => {
                failures.push(format!("== {name}: expected no diagnostic but W001, found:\n{}", rendered(&found)));
            }
            Err(e) => failures.push(format!("== {name}: {e}")),
        }
    }
    if !failures.is_empty() {
        panic!("{} of {} valid cases failed:\n\n{}", failures.len(), cases.len(), failures.join("\n\n"));
    }
}

/// A source over 1 MiB is refused (E004), never read into memory. Generated rather than
/// committed, to keep the repository small.
#[test]
fn oversized_module_is_refused() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let case = dir.path().join("oversized-module");
    std::fs::create_dir(&case).unwrap();
    std::fs::write(
        case.join("course.toml"),
        "id = \"c\"\ntitle = \"C\"\ndescription = \"D\"\nversion = \"1.0.0\"\ndate = \"2026-01-01\"\nauthors = [\"A\"]\nmodules = [\"01-intro.md\"]\n",
    )
    .unwrap();
    let mut module = String::from(
        "+++\nid = \"intro\"\ntitle = \"Intro\"\nobjectives = [\"O\"]\nduration_minutes = 5\n+++\n\n# Page\n\n",
    );
    let line = "Lorem ipsum dolor sit amet, consectetur adipiscing elit.\n";
    while module.len() as u64 <= campus::MAX_SOURCE_BYTES {
        module.push_str(line);
    }
    std::fs::write(case.join("01-intro.md"), module).unwrap();
    let found = load(&case).unwrap();
    let got: Vec<String> = found.iter().map(|d| summary(&case, d)).collect();
    assert_eq!(got, ["E004 01-intro.md:0"], "{}", rendered(&found));
}

/// Eleven mistakes spread over course.toml and three modules are all reported in one run: a
/// mistake in course.toml does not hide those of the modules.
#[test]
fn eleven_mistakes_over_four_files_are_reported_in_one_run() {
    let case = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/broken/eleven-mistakes-at-once");
    let found = load(&case).unwrap();
    let got: Vec<String> = found.iter().map(|d| summary(&case, d)).collect();
    let mistakes = [
        "E011 course.toml:3",
        "E015 course.toml:7",
        "E011 01-a.md:3",
        "E030 01-a.md:10",
        "E036 01-a.md:12",
        "E031 02-b.md:10",
        "E040 02-b.md:14",
        "E011 02-b.md:28",
        "E035 03-c.md:10",
        "E021 03-c.md:13",
        "E066 03-c.md:19",
    ];
    for mistake in mistakes {
        assert!(got.iter().any(|g| g == mistake), "`{mistake}` not reported:\n{}", rendered(&found));
    }
    let files: std::collections::BTreeSet<&str> =
        got.iter().filter_map(|g| g.split(' ').nth(1)?.split(':').next()).collect();
    assert_eq!(files.len(), 4, "{got:?}");
}

/// The exact text of a few diagnostics, in English and in French: the words, the underline, the
/// second place and the hint.
#[test]
fn a_few_diagnostics_read_exactly_so_in_both_languages() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/broken");
    let shown = |case: &str, language: campus::Language, code: Code| {
        language.set_current();
        let case = root.join(case);
        let found = load(&case).unwrap();
        let diagnostic = found.iter().find(|d| d.code == code).unwrap_or_else(|| panic!("no {code}"));
        let text = diagnostic.to_string().replace(&format!("{}/", case.display()), "");
        campus::Language::English.set_current();
        text
    };
    use campus::Language::{English, French};
    assert_eq!(
        shown("unknown-key-in-block", English, Code::E011),
        "error[E011]: unknown key `promt`: did you mean `prompt`?\n  --> 01-intro.md:12:1\n   |\n12 | promt = \"What next?\"\n   | ^^^^^\n   |\n   = hint: rename it `prompt`\n"
    );
    assert_eq!(
        shown("unknown-key-in-block", French, Code::E011),
        "erreur[E011]: clé inconnue `promt` : vouliez-vous dire `prompt` ?\n  --> 01-intro.md:12:1\n   |\n12 | promt = \"What next?\"\n   | ^^^^^\n   |\n   = conseil: renommez-la `prompt`\n"
    );
    assert_eq!(
        shown("duplicate-block-id", English, Code::E022),
        "error[E022]: block id `r` is used twice\n  --> 01-intro.md:16:6\n   |\n16 | id = \"r\"\n   |      ^^^\n  ::: 01-intro.md:11:6\n   |\n11 | id = \"r\"\n   |      --- first used here\n   |\n   = hint: give this block another id: ids must be unique\n"
    );
    assert_eq!(
        shown("duplicate-block-id", French, Code::E022),
        "erreur[E022]: identifiant de bloc `r` utilisé deux fois\n  --> 01-intro.md:16:6\n   |\n16 | id = \"r\"\n   |      ^^^\n  ::: 01-intro.md:11:6\n   |\n11 | id = \"r\"\n   |      --- utilisé une première fois ici\n   |\n   = conseil: donnez un autre identifiant à ce bloc : les identifiants doivent être uniques\n"
    );
    let near_miss = shown("block-kind-near-miss", French, Code::E046);
    assert!(
        near_miss.starts_with(
            "erreur[E046]: `questoin` n'est pas un bloc d'apprentissage : vouliez-vous dire `question` ?\n"
        ),
        "{near_miss}"
    );
    let unclosed = shown("fence-not-closed", English, Code::E027);
    assert!(unclosed.starts_with("error[E027]: the block opened at line 10 is probably not closed\n"), "{unclosed}");
    assert_eq!(
        shown("long-line-cut", English, Code::E030),
        "error[E030]: image without alternative text\n  --> 01-intro.md:10:122\n   |\n10 | …of the mistake that it shows ![](images/plan.png) This sentence is long on purpose, so that the…\n   |                               ^^^^^^^^^^^^^^^^^^^^\n   |\n   = hint: describe what the image shows between the brackets: ![A diagram of the three levers](levers.svg)\n"
    );
    let multi_line = shown("front-matter-missing", French, Code::E020);
    assert!(
        multi_line.ends_with("  = conseil: commencez le fichier par les réglages du module entre deux lignes `+++` :\n             +++\n             id = \"mon-module\"\n             title = \"…\"\n             objectives = [\"…\"]\n             duration_minutes = 20\n             +++\n"),
        "{multi_line}"
    );
    assert_eq!(
        shown("toml-syntax", English, Code::E010),
        "error[E010]: a text in \"quotes\" is not closed on its line\n --> 01-intro.md:3:9\n  |\n3 | title = \"Intro\n  |         ^^^^^^\n  |\n  = hint: end it with \" on the same line; a text of several lines goes between \"\"\" and \"\"\"\n"
    );
    let two_right = shown("single-choice-two-right", English, Code::E040);
    assert!(two_right.contains("= hint: `a` and `b` are marked `correct = true`: keep it on one only"), "{two_right}");
    let by_id = shown("missing-key-in-choice", French, Code::E012);
    assert!(by_id.starts_with("erreur[E012]: clé manquante `text` dans choix `a`\n"), "{by_id}");
    let first_heading = shown("first-heading-level-two", French, Code::E026);
    assert!(
        first_heading.starts_with("erreur[E026]: le premier titre est écrit `##` : les pages commencent par `#`\n"),
        "{first_heading}"
    );
}

/// In French, no message or hint of the corpus is left in English.
#[test]
fn every_diagnostic_of_the_corpus_has_its_french() {
    let mut untranslated = Vec::new();
    for case in cases("broken") {
        let english = load(&case).unwrap();
        campus::Language::French.set_current();
        let french = load(&case).unwrap();
        campus::Language::English.set_current();
        for (en, fr) in english.iter().zip(&french) {
            if en.message == fr.message || (en.hint.is_some() && en.hint == fr.hint) {
                untranslated.push(format!("{}: {} / {:?}", name(&case), fr.message, fr.hint));
            }
        }
    }
    assert!(untranslated.is_empty(), "left in English:\n{}", untranslated.join("\n"));
}

/// Every "did you mean" of the corpus carries the text that fixes it, for an editor's quick fix:
/// what to write in place of the span.
#[test]
fn a_did_you_mean_carries_its_fix() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/broken");
    let fixes = |case: &str, code: Code| -> Vec<Option<String>> {
        load(&root.join(case)).unwrap().into_iter().filter(|d| d.code == code).map(|d| d.fix).collect()
    };
    let some = |text: &str| Some(text.to_string());
    assert_eq!(fixes("unknown-key-in-block", Code::E011), [some("prompt")]);
    assert_eq!(fixes("bad-enum-value", Code::E014), [some("\"single\"")]);
    assert_eq!(fixes("block-kind-near-miss", Code::E046), [some("```question")]);
    assert_eq!(fixes("block-kind-near-miss", Code::W010), [some("```reflection")]);
    assert_eq!(fixes("file-name-typo", Code::E023), [some("\"02-more.md\"")]);
    assert_eq!(
        fixes("file-name-typo", Code::E031),
        [some("![A map](images/map.png)"), some("![Another map](images/map.png)")]
    );
    // No "did you mean", no fix.
    assert_eq!(fixes("image-missing", Code::E031), [None]);
}
