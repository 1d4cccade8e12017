//! The rules of a question: the keys its kind needs and uses, and answers that can be given.

use super::pages::check_max_length;
use super::{check_text, At, Scope};
use crate::diagnostics::{Code, Diagnostics};
use crate::model::{Answer, QuestionBlock, QuestionKind, DEFAULT_FILL_IN_MAX_LENGTH};
use crate::tr;

pub(super) fn check_question(diags: &mut Diagnostics, at: &At<'_>, q: &QuestionBlock, assessed: bool) {
    check_text(diags, at, &q.prompt, "prompt");
    check_keys_used(diags, at, q);
    if let Some(weight) = &q.weight {
        if !weight.value.is_finite() || weight.value < 0.0 {
            at.error(diags, Code::E015, weight.start(), tr!("`weight` must be zero or more"))
                .hint(tr!("write a weight such as 1 or 2"));
        } else if !assessed && (weight.value - 1.0).abs() > f64::EPSILON {
            at.warning(diags, Code::W006, weight.start(), tr!("`weight` has no effect: the module is not assessed"))
                .hint(tr!("questions outside assessed modules are formative and not scored"));
        }
    }
    match q.kind.value {
        QuestionKind::Single | QuestionKind::Multiple => check_choices(diags, at, q),
        QuestionKind::TrueFalse => match &q.answer {
            None => require(diags, at, q, &tr!("`answer = true` or `answer = false`")),
            Some(answer) if !matches!(answer.value, Answer::Boolean(_)) => {
                at.error(
                    diags,
                    Code::E047,
                    answer.start(),
                    tr!("the answer of a true/false question is `true` or `false`"),
                )
                .hint(tr!("write `answer = true` or `answer = false`, without quotes"));
            }
            Some(_) => {}
        },
        QuestionKind::FillIn => check_fill_in(diags, at, q),
        QuestionKind::Numeric => check_numeric(diags, at, q),
        QuestionKind::Matching => {
            check_list(diags, at, q, "pair", q.pairs.len());
            let mut ids = Scope::new("pair", at);
            for pair in &q.pairs {
                ids.id(diags, &pair.id);
                check_text(diags, at, &pair.left, "left");
                check_text(diags, at, &pair.right, "right");
            }
        }
        QuestionKind::Ordering => {
            check_list(diags, at, q, "item", q.items.len());
            let mut ids = Scope::new("item", at);
            for item in &q.items {
                ids.id(diags, &item.id);
                check_text(diags, at, &item.text, "text");
            }
        }
    }
}

/// E042: a key the kind needs is missing.
fn require(diags: &mut Diagnostics, at: &At<'_>, q: &QuestionBlock, what: &str) {
    at.error(diags, Code::E042, q.kind.start(), tr!("a {} question needs {what}", q.kind.label(), what = what))
        .hint(tr!("add {what} (see `campus schema question`)", what = what));
}

/// E043: keys that the question's kind does not use.
fn check_keys_used(diags: &mut Diagnostics, at: &At<'_>, q: &QuestionBlock) {
    use QuestionKind::{FillIn, Matching, Multiple, Numeric, Ordering, Single, TrueFalse};
    let kind = q.kind.value;
    let unused = [
        (!q.choices.is_empty() && !matches!(kind, Single | Multiple), "choices"),
        (q.shuffle.is_some() && !matches!(kind, Single | Multiple), "shuffle"),
        (q.answer.is_some() && !matches!(kind, TrueFalse | Numeric), "answer"),
        (!q.accept.is_empty() && kind != FillIn, "accept"),
        (q.case_sensitive && kind != FillIn, "case_sensitive"),
        (q.max_length.is_some() && kind != FillIn, "max_length"),
        ((q.min.is_some() || q.max.is_some()) && kind != Numeric, "min/max"),
        (!q.pairs.is_empty() && kind != Matching, "pairs"),
        (!q.items.is_empty() && kind != Ordering, "items"),
    ];
    for (_, key) in unused.iter().filter(|(present, _)| *present) {
        at.error(
            diags,
            Code::E043,
            q.kind.start(),
            tr!("`{key}` is not used by a {} question", kind.label(), key = key),
        )
        .hint(tr!("remove `{key}`, or change `kind`", key = key));
    }
}

/// A list that needs two entries at least: pairs of a matching question, items of an ordering one.
fn check_list(diags: &mut Diagnostics, at: &At<'_>, q: &QuestionBlock, entry: &str, count: usize) {
    if count == 0 {
        require(diags, at, q, &tr!("`[[{entry}s]]`", entry = entry));
    }
    if count == 1 {
        let message = if entry == "pair" {
            tr!("a matching question needs at least two pairs")
        } else {
            tr!("an ordering question needs at least two items")
        };
        at.error(diags, Code::E045, q.kind.start(), message).hint(tr!("add another `[[{entry}s]]`", entry = entry));
    }
}

fn check_choices(diags: &mut Diagnostics, at: &At<'_>, q: &QuestionBlock) {
    if q.choices.is_empty() {
        return require(diags, at, q, "`[[choices]]`");
    }
    let mut ids = Scope::new("choice", at);
    for choice in &q.choices {
        ids.id(diags, &choice.id);
        check_text(diags, at, &choice.text, "text");
    }
    if q.choices.len() < 2 {
        at.error(diags, Code::E045, q.kind.start(), tr!("a choice question needs at least two choices"))
            .hint(tr!("add another `[[choices]]`"));
    }
    let right = q.choices.iter().filter(|c| c.correct).count();
    if q.kind.value == QuestionKind::Single && right != 1 {
        at.error(
            diags,
            Code::E040,
            q.kind.start(),
            tr!("a single-choice question needs exactly one right choice, it has {right}", right = right),
        )
        .hint(if right == 0 {
            tr!("mark one choice with `correct = true`, or use `kind = \"multiple\"`")
        } else {
            let marked: Vec<String> =
                q.choices.iter().filter(|c| c.correct).map(|c| format!("`{}`", c.id.value)).collect();
            tr!(
                "{} are marked `correct = true`: keep it on one only, or use `kind = \"multiple\"` if several are right",
                marked.join(&tr!(" and "))
            )
        });
    }
    if q.kind.value == QuestionKind::Multiple && right == 0 {
        at.error(diags, Code::E041, q.kind.start(), tr!("a multiple-choice question needs at least one right choice"))
            .hint(tr!("mark the right choices with `correct = true`"));
    }
}

fn check_fill_in(diags: &mut Diagnostics, at: &At<'_>, q: &QuestionBlock) {
    if q.accept.is_empty() {
        require(diags, at, q, &tr!("at least one accepted answer in `accept`"));
    }
    for answer in &q.accept {
        check_text(diags, at, answer, "accept");
    }
    check_max_length(diags, at, q.max_length.as_ref());
    let max = q.max_length.as_ref().map_or(DEFAULT_FILL_IN_MAX_LENGTH, |m| m.value) as usize;
    if let Some(long) = q.accept.iter().find(|a| a.value.chars().count() > max) {
        at.error(
            diags,
            Code::E065,
            long.start(),
            tr!("this accepted answer is longer than `max_length` ({max})", max = max),
        )
        .hint(tr!("raise `max_length`, or shorten the answer"));
    }
}

fn check_numeric(diags: &mut Diagnostics, at: &At<'_>, q: &QuestionBlock) {
    match (&q.answer, &q.min, &q.max) {
        (Some(answer), None, None) => {
            if !matches!(answer.value, Answer::Number(n) if n.is_finite()) {
                at.error(diags, Code::E047, answer.start(), tr!("the answer of a numeric question is a number"))
                    .hint(tr!("write `answer = 42`, without quotes"));
            }
        }
        (None, Some(min), Some(max)) => {
            if let Some(bound) = [min, max].into_iter().find(|b| !b.value.is_finite()) {
                at.error(diags, Code::E047, bound.start(), tr!("the bounds of a numeric range are numbers"))
                    .hint(tr!("write finite numbers such as `min = 4` and `max = 5`, not `nan` or `inf`"));
            } else if min.value > max.value {
                at.error(
                    diags,
                    Code::E044,
                    min.start(),
                    tr!("the range is reversed: `min` {} is above `max` {}", min.value, max.value),
                )
                .hint(tr!("write the lower bound in `min` and the upper bound in `max`"));
            }
        }
        (Some(answer), _, _) => {
            at.error(
                diags,
                Code::E043,
                answer.start(),
                tr!("a numeric question has either `answer` or `min` and `max`, not both"),
            )
            .hint(tr!("keep `answer` for an exact number, or `min` and `max` for a range"));
        }
        _ => require(diags, at, q, &tr!("`answer` (an exact number) or both `min` and `max` (a range)")),
    }
}
