//! Golden outputs: builds are byte-reproducible, so the scaffold course's pages and manifests are
//! compared whole with reviewed files under `tests/golden/`. A change to a page or a manifest shows
//! here, without Node or a browser. After reviewing the difference, accept it with
//! `CAMPUS_BLESS=1 cargo test --test golden`.

use std::io::Read;
use std::path::{Path, PathBuf};

use campus::{BuildOptions, Diagnostics, ScoLayout, Scorm2004Edition, TargetName, TargetOptions, WebLayout};

fn golden_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden")
}

/// Builds the scaffold course (fixed id, title and date) for `targets` with `options`.
fn build(course: &Path, out: &Path, targets: &[TargetName], target_options: TargetOptions) {
    let mut diags = Diagnostics::new();
    let loaded = campus::load(course, &mut diags).unwrap();
    let checked = campus::check(loaded, &mut diags).unwrap_or_else(|| panic!("{:?}", diags.sorted()));
    let options =
        BuildOptions { targets: targets.to_vec(), out: out.to_path_buf(), source_date_epoch: None, target_options };
    campus::build(&checked, &options).unwrap();
}

fn unzipped(zip_file: &Path, entry: &str) -> Vec<u8> {
    let mut archive = zip::ZipArchive::new(std::fs::File::open(zip_file).unwrap()).unwrap();
    let mut bytes = Vec::new();
    archive
        .by_name(entry)
        .unwrap_or_else(|_| panic!("{entry} in {}", zip_file.display()))
        .read_to_end(&mut bytes)
        .unwrap();
    bytes
}

/// The first line where two texts differ, for the failure message.
fn first_difference(expected: &str, actual: &str) -> String {
    for (n, (e, a)) in expected.lines().zip(actual.lines()).enumerate() {
        if e != a {
            let cut = |s: &str| s.chars().take(200).collect::<String>();
            return format!("line {}:\n  expected: {}\n  actual:   {}", n + 1, cut(e), cut(a));
        }
    }
    format!("{} lines expected, {} produced", expected.lines().count(), actual.lines().count())
}

#[test]
fn the_scaffold_builds_to_the_reviewed_pages_and_manifests() {
    let dir = tempfile::tempdir().unwrap();
    let course = dir.path().join("demo");
    campus::new_course(&course, Some("demo"), Some("Démo"), "2026-01-15").unwrap();
    let out = |name: &str| dir.path().join(name);
    let all = [TargetName::Web, TargetName::Scorm12, TargetName::Scorm2004, TargetName::Xapi, TargetName::Cmi5];
    build(&course, &out("default"), &all, TargetOptions::default());
    let third = TargetOptions { edition: Scorm2004Edition::Third, ..TargetOptions::default() };
    build(&course, &out("third"), &[TargetName::Scorm2004], third);
    let single = TargetOptions { scos: ScoLayout::OnePerCourse, web: WebLayout::Folder, ..TargetOptions::default() };
    build(&course, &out("single"), &[TargetName::Scorm12, TargetName::Scorm2004], single);

    let package = |build: &str, target: &str| out(build).join(target).join(format!("demo-0.1.0-{target}.zip"));
    let web = |file: &str| std::fs::read(out("default").join("web").join(file)).unwrap();
    let outputs: Vec<(&str, Vec<u8>)> = vec![
        ("web-index.html", web("index.html")),
        ("web-course.html", web("demo/index.html")),
        ("web-decouvrir.html", web("demo/decouvrir.html")),
        ("web-evaluation.html", web("demo/evaluation.html")),
        ("scorm12-decouvrir.html", unzipped(&package("default", "scorm12"), "demo/decouvrir.html")),
        ("scorm12-imsmanifest.xml", unzipped(&package("default", "scorm12"), "imsmanifest.xml")),
        ("scorm2004-4th-imsmanifest.xml", unzipped(&package("default", "scorm2004"), "imsmanifest.xml")),
        ("scorm2004-3rd-imsmanifest.xml", unzipped(&package("third", "scorm2004"), "imsmanifest.xml")),
        ("scorm2004-3rd-metadata.xml", unzipped(&package("third", "scorm2004"), "metadata.xml")),
        ("scorm12-single-sco-imsmanifest.xml", unzipped(&package("single", "scorm12"), "imsmanifest.xml")),
        ("scorm2004-single-sco-imsmanifest.xml", unzipped(&package("single", "scorm2004"), "imsmanifest.xml")),
        ("single-sco-course.html", unzipped(&package("single", "scorm2004"), "demo/course.html")),
        ("xapi-index.html", unzipped(&package("default", "xapi"), "demo/index.html")),
        ("tincan.xml", unzipped(&package("default", "xapi"), "tincan.xml")),
        ("cmi5.xml", unzipped(&package("default", "cmi5"), "cmi5.xml")),
        ("cmi5-evaluation.html", unzipped(&package("default", "cmi5"), "demo/evaluation.html")),
    ];
    let bless = std::env::var_os("CAMPUS_BLESS").is_some_and(|v| v == "1");
    let mut failures = Vec::new();
    for (name, actual) in &outputs {
        let file = golden_dir().join(name);
        if bless {
            std::fs::create_dir_all(golden_dir()).unwrap();
            std::fs::write(&file, actual).unwrap();
            continue;
        }
        let expected = std::fs::read(&file).unwrap_or_default();
        if &expected != actual {
            let detail = first_difference(&String::from_utf8_lossy(&expected), &String::from_utf8_lossy(actual));
            failures.push(format!("{name} differs from tests/golden/{name}: {detail}"));
        }
    }
    assert!(
        failures.is_empty(),
        "{}\n\nReview the change; if it is right, accept it with CAMPUS_BLESS=1 cargo test --test golden",
        failures.join("\n\n")
    );
}
