//! The Reset path as learners see it: its web edition is built and the order of the choices is
//! read from the pages, so a quiz cannot be passed by picking a position. Within each course:
//! - single choice: the right choice is shown first in at most half of the questions, and not at
//!   the same position in every question;
//! - multiple choice: in most questions (more than half), some distractor is shown before the last
//!   right choice, so "the first ones are right" does not work.

use std::path::{Path, PathBuf};

use campus::model::{BlockContent, QuestionBlock, QuestionKind};
use campus::{BuildOptions, Diagnostics, TargetName, TargetOptions};

/// The ids of a question's choices in the order its page shows them.
fn shown(page: &str, question: &str) -> Vec<String> {
    let marker = format!("name=\"b-{question}\" id=\"b-{question}-");
    page.match_indices(&marker)
        .map(|(at, _)| {
            let rest = &page[at + marker.len()..];
            rest[..rest.find('"').expect("the id attribute closes")].to_string()
        })
        .collect()
}

fn right(q: &QuestionBlock, id: &str) -> bool {
    q.choices.iter().any(|c| c.id.value == id && c.correct)
}

#[test]
fn right_choices_are_not_shown_in_a_guessable_position() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("courses");
    let mut diags = Diagnostics::new();
    let loaded = campus::load(&root, &mut diags).unwrap();
    let checked = campus::check(loaded, &mut diags).unwrap_or_else(|| panic!("{:?}", diags.sorted()));
    let dir = tempfile::tempdir().unwrap();
    let options = BuildOptions {
        targets: vec![TargetName::Web],
        out: dir.path().to_path_buf(),
        source_date_epoch: None,
        target_options: TargetOptions::default(),
    };
    campus::build(&checked, &options).unwrap();
    let web = dir.path().join("web");

    for course in &checked.path().courses {
        let (mut singles, mut first, mut positions) = (0, 0, std::collections::BTreeSet::new());
        let (mut multiples, mut mixed) = (0, 0);
        for module in &course.modules {
            let file: PathBuf = web.join(course.id()).join(module.page_file_name());
            let page = std::fs::read_to_string(Path::new(&file)).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
            for block in module.blocks() {
                let BlockContent::Question(q) = block else { continue };
                let order = shown(&page, &q.id.value);
                if !matches!(q.kind.value, QuestionKind::Single | QuestionKind::Multiple) {
                    continue;
                }
                assert_eq!(order.len(), q.choices.len(), "{}/{}: choices shown", module.id(), q.id.value);
                if q.kind.value == QuestionKind::Single {
                    singles += 1;
                    let at = order.iter().position(|c| right(q, c)).unwrap();
                    first += usize::from(at == 0);
                    positions.insert(at);
                } else {
                    multiples += 1;
                    let last_right = order.iter().rposition(|c| right(q, c)).unwrap();
                    mixed += usize::from(order[..last_right].iter().any(|c| !right(q, c)));
                }
            }
        }
        let id = course.id();
        assert!(2 * first <= singles, "{id}: the right choice is shown first in {first} of {singles} questions");
        assert!(singles < 2 || positions.len() > 1, "{id}: the right choice is always shown at {positions:?}");
        assert!(
            multiples == 0 || 2 * mixed > multiples,
            "{id}: every right choice is shown before every distractor in {} of {multiples} questions",
            multiples - mixed
        );
    }
}
