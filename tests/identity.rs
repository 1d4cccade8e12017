//! Identifiers derive from ids alone: retitling or reordering changes none of them.

use std::collections::BTreeSet;
use std::path::Path;

use campus::diagnostic::Diagnostics;
use campus::ids::Ids;
use campus::markdown::Part;
use campus::project::{load, Project};

fn identifiers(project: &Project) -> BTreeSet<String> {
    let ids = Ids::new(&project.settings.base_iri, &project.settings.id);
    let mut all = BTreeSet::new();
    for course in &project.courses {
        all.insert(ids.course_iri(course.id()));
        all.insert(ids.uuid(&[course.id()]).to_string());
        for module in &course.modules {
            all.insert(ids.module_iri(course.id(), module.id()));
            all.insert(ids.xml_id("item", &[course.id(), module.id()]));
            for page in &module.pages {
                for part in &page.parts {
                    if let Part::Block(block) = part {
                        all.insert(ids.block_iri(course.id(), module.id(), block.content.id()));
                    }
                }
            }
        }
    }
    all
}

fn load_ok(dir: &Path) -> Project {
    let mut diags = Diagnostics::new();
    let project = load(dir, &mut diags).unwrap();
    assert!(!diags.has_errors(), "{:?}", diags.sorted());
    project
}

#[test]
fn retitling_and_reordering_keep_every_identifier() {
    let dir = tempfile::tempdir().unwrap();
    let course = dir.path().join("demo");
    campus::scaffold::new_course(&course, None, Some("Démo"), "2026-01-15").unwrap();
    let before = identifiers(&load_ok(&course));
    assert!(before.len() > 15);

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

    let after = load_ok(&course);
    assert_eq!(after.courses[0].modules[0].id(), "evaluation", "the order did change");
    assert_eq!(identifiers(&after), before);
}
