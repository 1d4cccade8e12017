//! Identifiers derive from ids alone: retitling or reordering changes none of the identifiers a
//! package gives an LMS or an LRS (manifest identifiers, activity IRIs, AU and interaction ids).

use std::collections::BTreeSet;
use std::io::Read;
use std::path::Path;

use campus::{BuildOptions, Diagnostics, TargetName, TargetOptions};

/// Every `identifier="…"`, `identifierref="…"` and `id="…"` of every package's manifest.
fn identifiers(course: &Path, out: &Path) -> BTreeSet<String> {
    let mut diags = Diagnostics::new();
    let loaded = campus::load(course, &mut diags).unwrap();
    let checked = campus::check(loaded, &mut diags).unwrap_or_else(|| panic!("{:?}", diags.sorted()));
    let targets = vec![TargetName::Scorm12, TargetName::Scorm2004, TargetName::Xapi, TargetName::Cmi5];
    let options = BuildOptions {
        targets,
        out: out.to_path_buf(),
        source_date_epoch: None,
        target_options: TargetOptions::default(),
    };
    campus::build(&checked, &options).unwrap();
    let mut all = BTreeSet::new();
    for target in ["scorm12", "scorm2004", "xapi", "cmi5"] {
        for entry in std::fs::read_dir(out.join(target)).unwrap() {
            let file = std::fs::File::open(entry.unwrap().path()).unwrap();
            let mut zip = zip::ZipArchive::new(file).unwrap();
            for name in ["imsmanifest.xml", "tincan.xml", "cmi5.xml"] {
                let Ok(mut xml) = zip.by_name(name) else { continue };
                let mut text = String::new();
                xml.read_to_string(&mut text).unwrap();
                for attribute in [" identifier=\"", " identifierref=\"", " id=\"", "<id>"] {
                    for (at, _) in text.match_indices(attribute) {
                        let rest = &text[at + attribute.len()..];
                        all.insert(format!("{target}:{}", &rest[..rest.find(['"', '<']).unwrap()]));
                    }
                }
            }
        }
    }
    all
}

#[test]
fn retitling_and_reordering_keep_every_identifier() {
    let dir = tempfile::tempdir().unwrap();
    let course = dir.path().join("demo");
    campus::new_course(&course, None, Some("Démo"), "2026-01-15").unwrap();
    let before = identifiers(&course, &dir.path().join("before"));
    assert!(before.len() > 40, "{before:?}");
    assert!(before.iter().any(|id| id.starts_with("cmi5:") && id.ends_with("/decouvrir")), "{before:?}");

    let toml = std::fs::read_to_string(course.join("course.toml")).unwrap();
    let toml = toml.replace("title = \"Démo\"", "title = \"Un tout autre titre\"").replace(
        "modules = [\"01-decouvrir.md\", \"02-evaluation.md\"]",
        "modules = [\"02-evaluation.md\", \"01-decouvrir.md\"]",
    );
    std::fs::write(course.join("course.toml"), toml).unwrap();
    let module = std::fs::read_to_string(course.join("01-decouvrir.md")).unwrap();
    let module = module
        .replace("title = \"Découvrir le format\"", "title = \"Nouveau titre\"")
        .replace("# Les questions", "# Des questions retitrées");
    std::fs::write(course.join("01-decouvrir.md"), module).unwrap();

    let after = identifiers(&course, &dir.path().join("after"));
    assert_eq!(after, before);
    let cmi5 = std::fs::read_to_string(course.join("course.toml")).unwrap();
    assert!(cmi5.contains("[\"02-evaluation.md\", \"01-decouvrir.md\"]"), "the order did change");
}
