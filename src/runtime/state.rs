//! What the player runtime stores for a module, seen from the build: the answer formats, the
//! fingerprint that tags a module's state, and the worst-case size of that state.
//!
//! The runtime (`templates/runtime/core/state.js`) saves `JSON.stringify({v, s, b, a, i})`: `v` the
//! fingerprint, `s` one character per page ("1" once seen), `b` the bookmarked page (the summary after the last one), `a` the
//! answers by block id. Answers: single and true-false a choice id (`t`/`f`); multiple the chosen
//! ids joined by commas; fill-in the text typed (at most `max_length`); numeric the number typed
//! (at most 32 characters); matching `left:right` pairs of pair ids joined by commas; ordering the
//! item ids in the learner's order; diagnostic the index on the scale, or `na` (not applicable); a
//! shared reflection its text (private reflections never enter the state). `i` lists the ids of
//! the blocks answered, in the order first answered: an LMS adapter numbers its interactions by
//! it. Once the learner starts the self-diagnostic again ("Refaire l'autodiagnostic"), the first
//! diagnostic's ids in `i` become `0` (their numbers stay taken), `p` holds the previous profile
//! (a score or null per dimension) and `r` counts the diagnostics started again. Control
//! characters are removed from texts, so a character costs at most two in JSON (`"` and `\` are
//! escaped).

use std::collections::BTreeSet;

use std::collections::HashSet;

use serde_json::{json, Map, Value};

use super::vocabulary::{NOT_APPLICABLE, STATE};
use super::Adapter;
use crate::model::{
    BlockContent, Course, Module, QuestionKind, DEFAULT_FILL_IN_MAX_LENGTH, DEFAULT_REFLECTION_MAX_LENGTH,
};

/// Longest numeric answer the runtime accepts (the input's `maxlength`).
pub(crate) const NUMERIC_MAX_LENGTH: usize = 32;

/// A short hash of the module's structure (pages, blocks, their kinds and the ids answers refer
/// to). State saved under another fingerprint is dropped, never misread.
pub(crate) fn fingerprint(module: &Module) -> String {
    hash(&shape(module))
}

/// The fingerprint a module's page carries: its structure and, when it holds self-diagnostic
/// statements, the order of their dimensions in the course, since the previous profile kept in
/// the state is one score per dimension in that order.
pub(crate) fn page_fingerprint(course: &Course, module: &Module) -> String {
    let mut shape = shape(module);
    let measured: HashSet<&str> = module
        .blocks()
        .filter_map(|b| match b {
            BlockContent::SelfAssessment(d) => Some(d.dimension.as_str()),
            _ => None,
        })
        .collect();
    if !measured.is_empty() {
        let order: Vec<&str> =
            course.source.dimensions.iter().map(|d| d.id.as_str()).filter(|id| measured.contains(id)).collect();
        shape.push_str("dimensions=");
        shape.push_str(&order.join(","));
        shape.push(';');
    }
    hash(&shape)
}

fn shape(module: &Module) -> String {
    let mut shape = format!("pages={};", module.pages.len());
    for block in module.blocks() {
        let part = match block {
            BlockContent::Question(q) => {
                let ids: Vec<&str> = q
                    .choices
                    .iter()
                    .map(|c| c.id.as_str())
                    .chain(q.pairs.iter().map(|p| p.id.as_str()))
                    .chain(q.items.iter().map(|i| i.id.as_str()))
                    .collect();
                format!("q:{}:{}:{}", q.id.value, q.kind.label(), ids.join(","))
            }
            BlockContent::SelfAssessment(d) => format!("d:{}:{}:{}", d.id.value, d.dimension.value, d.reverse),
            BlockContent::Reflection(r) => format!("r:{}:{}", r.id.value, r.share),
            _ => continue,
        };
        shape.push_str(&part);
        shape.push(';');
    }
    shape
}

/// FNV-1a, 32 bits: stable across Rust versions and platforms, unlike std's hasher.
fn hash(shape: &str) -> String {
    let hash = shape.bytes().fold(0x811c_9dc5u32, |h, b| (h ^ u32::from(b)).wrapping_mul(0x0100_0193));
    format!("{hash:08x}")
}

/// The longest text a learner can leave: every character the most expensive one in JSON.
fn worst_text(max_length: usize) -> String {
    "\"".repeat(max_length)
}

fn longest<'a>(ids: impl Iterator<Item = &'a str>) -> &'a str {
    ids.max_by_key(|id| id.len()).unwrap_or("")
}

/// The worst-case answer of each block that keeps one in the state.
fn worst_answers(module: &Module) -> Map<String, Value> {
    let mut answers = Map::new();
    for block in module.blocks() {
        let (id, answer) = match block {
            BlockContent::Question(q) => {
                let answer = match q.kind.value {
                    QuestionKind::Single => longest(q.choices.iter().map(|c| c.id.as_str())).to_string(),
                    QuestionKind::TrueFalse => STATE.yes.to_string(),
                    QuestionKind::Multiple => {
                        q.choices.iter().map(|c| c.id.as_str()).collect::<Vec<_>>().join(STATE.list)
                    }
                    QuestionKind::FillIn => {
                        worst_text(q.max_length.as_deref().copied().unwrap_or(DEFAULT_FILL_IN_MAX_LENGTH) as usize)
                    }
                    QuestionKind::Numeric => "9".repeat(NUMERIC_MAX_LENGTH),
                    QuestionKind::Matching => {
                        let right = longest(q.pairs.iter().map(|p| p.id.as_str()));
                        q.pairs
                            .iter()
                            .map(|p| format!("{}{}{right}", p.id.value, STATE.pair))
                            .collect::<Vec<_>>()
                            .join(STATE.list)
                    }
                    QuestionKind::Ordering => {
                        q.items.iter().map(|i| i.id.as_str()).collect::<Vec<_>>().join(STATE.list)
                    }
                };
                (q.id.value.clone(), answer)
            }
            // "na" (not applicable) is longer than any point of a scale
            BlockContent::SelfAssessment(d) => (d.id.value.clone(), NOT_APPLICABLE.to_string()),
            BlockContent::Reflection(r) if r.share => (
                r.id.value.clone(),
                worst_text(r.max_length.as_deref().copied().unwrap_or(DEFAULT_REFLECTION_MAX_LENGTH) as usize),
            ),
            _ => continue,
        };
        answers.insert(id, Value::String(answer));
    }
    answers
}

/// The largest state the runtime can save for this module, exactly as it would encode it.
pub(crate) fn worst_case_state(module: &Module) -> String {
    let pages = module.pages.len();
    let answers = worst_answers(module);
    let mut order: Vec<Value> = answers.keys().map(|k| Value::from(k.as_str())).collect();
    let mut state = json!({
        "v": fingerprint(module),
        "s": "1".repeat(pages),
        "b": pages,
        "a": &answers,
    });
    let statements = module.blocks().filter(|b| matches!(b, BlockContent::SelfAssessment(_))).count();
    if statements > 0 {
        // After "Refaire l'autodiagnostic": the first diagnostic's interaction numbers, kept as 0s
        // (later diagnostics reuse the second's numbers), the previous profile (a score or null per
        // dimension) and the number of diagnostics started again (budgeted at five digits).
        order.extend(std::iter::repeat_n(Value::from(0), statements));
        let dimensions: BTreeSet<&str> = module
            .blocks()
            .filter_map(|b| if let BlockContent::SelfAssessment(d) = b { Some(d.dimension.as_str()) } else { None })
            .collect();
        state["p"] = Value::Array(vec![Value::Null; dimensions.len()]);
        state["r"] = Value::from(99_999);
    }
    state["i"] = Value::Array(order);
    serde_json::to_string(&state).expect("a state is JSON")
}

/// The largest suspend_data of a single-SCO course (`templates/runtime/player.js`): every
/// module's worst-case state, bookmark and status values, and the course-wide interaction
/// numbers, exactly as the player encodes them.
pub(crate) fn worst_case_course_state(course: &Course, adapter: Adapter) -> String {
    let mut modules = Map::new();
    let mut numbers = Vec::new();
    for module in &course.modules {
        let state: Value = serde_json::from_str(&worst_case_state(module)).expect("a state is JSON");
        let answered = state["i"].as_array().map_or(0, Vec::len);
        numbers.extend((0..answered).map(|n| Value::String(format!("{}:{n}", module.id()))));
        let values = if adapter == Adapter::Scorm12 {
            json!({
                "cmi.core.lesson_status": "incomplete",
                "cmi.core.score.min": "0",
                "cmi.core.score.max": "100",
                "cmi.core.score.raw": "100",
            })
        } else {
            json!({
                "cmi.completion_status": "incomplete",
                "cmi.progress_measure": "0.99",
                "cmi.success_status": "unknown",
                "cmi.score.scaled": "0.9999",
                "cmi.score.raw": "99.99",
                "cmi.score.min": "0",
                "cmi.score.max": "100",
            })
        };
        let bookmark = module.pages.len().to_string();
        modules.insert(module.id().to_string(), json!({"v": values, "s": state, "l": bookmark}));
    }
    let current = course.modules.iter().map(Module::id).max_by_key(|id| id.len()).unwrap_or("");
    serde_json::to_string(&json!({"c": current, "m": modules, "x": numbers})).expect("a state is JSON")
}

/// Its size in characters (UTF-16 code units, as JavaScript and SCORM count them).
pub(crate) fn worst_case_state_len(module: &Module) -> usize {
    worst_case_state(module).encode_utf16().count()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Diagnostics;

    fn scaffold() -> (tempfile::TempDir, crate::model::LearningPath) {
        let dir = tempfile::tempdir().unwrap();
        crate::scaffold::new_course(&dir.path().join("c"), None, None, "2026-01-01").unwrap();
        let mut diags = Diagnostics::new();
        let path = crate::load::load(&dir.path().join("c"), &mut diags).unwrap();
        assert!(!diags.has_errors());
        (dir, path)
    }

    #[test]
    fn worst_case_counts_every_answer_at_its_maximum() {
        let (_dir, project) = scaffold();
        let module = &project.courses[0].modules[0];
        let worst = worst_case_state(module);
        let parsed: Value = serde_json::from_str(&worst).unwrap();
        let answers = parsed["a"].as_object().unwrap();
        // fill-in at its default maximum, each character escaped
        assert_eq!(answers["texte-libre"].as_str().unwrap().len(), DEFAULT_FILL_IN_MAX_LENGTH as usize);
        assert!(worst.contains(&"\\\"".repeat(100)));
        assert_eq!(answers["association"], "diagnostic:diagnostic,resource:diagnostic");
        assert_eq!(answers["ordre"], "ecrire,valider,construire");
        // the private reflection stays out of the state
        assert!(!answers.contains_key("prochaine-etape"));
        assert_eq!(worst_case_state_len(module), worst.len());
    }

    #[test]
    fn fingerprint_follows_structure_not_text() {
        let (_dir, mut project) = scaffold();
        let module = &project.courses[0].modules[0];
        let fp = fingerprint(module);
        assert_eq!(fp.len(), 8);
        let mut retitled = project.courses[0].modules.remove(0);
        retitled.pages[0].title = "Autre titre".into();
        assert_eq!(fingerprint(&retitled), fp);
        retitled.pages.pop();
        assert_ne!(fingerprint(&retitled), fp);
    }

    #[test]
    fn a_diagnostic_page_follows_the_order_of_its_dimensions() {
        let mut diags = crate::Diagnostics::new();
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("courses/se-situer");
        let mut path = crate::load(&root, &mut diags).unwrap();
        let course = &mut path.courses[0];
        let before: Vec<String> = course.modules.iter().map(|m| page_fingerprint(course, m)).collect();
        let structure: Vec<String> = course.modules.iter().map(fingerprint).collect();
        course.source.dimensions.reverse();
        assert!(course.modules.iter().any(|m| m.blocks().any(|b| matches!(b, BlockContent::SelfAssessment(_)))));
        for (m, module) in course.modules.iter().enumerate() {
            let measures = module.blocks().any(|b| matches!(b, BlockContent::SelfAssessment(_)));
            // The questionnaire's page changes (its previous profile is one score per dimension, in
            // order); the other modules' pages keep theirs, so their saved state survives.
            assert_eq!(page_fingerprint(course, module) != before[m], measures, "{}", module.id());
            assert_eq!(fingerprint(module), structure[m]);
        }
    }
}
