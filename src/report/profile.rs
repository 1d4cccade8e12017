//! The self-diagnostic profile, computed as the player computes it
//! (`templates/runtime/core/profile.js`): a score out of 100 per dimension and the level it
//! reaches. Both sides are tested against one table of cases, `tests/fixtures/profile-cases.json`.
//!
//! A statement's answer is an index on its scale (0 the weakest agreement), counted as
//! `index / (points - 1) * 100`, or `points - 1 - index` in place of `index` for a reversed
//! statement. The dimension's score is the mean of its counted answers, rounded to the nearest
//! whole number (a half up). An answer "not applicable" (`na`) and a statement not answered are
//! not counted; when fewer than half of the dimension's statements are counted, the dimension
//! has no score ("not enough answers").

/// One statement of a dimension, as a learner answered it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct StatementAnswer {
    /// The index on the scale; `None` for "not applicable" or not answered.
    pub value: Option<u8>,
    /// The number of points of the statement's scale (4 or 5).
    pub points: u8,
    /// Whether agreeing lowers the score.
    pub reverse: bool,
}

/// The score (0–100) of a dimension from the answers to all its statements, in any order; `None`
/// when fewer than half of them were answered with a point of the scale (or it has none).
/// Computed in the player's order of floating-point operations, so that a mean on a half
/// rounds the same way on both sides.
pub(crate) fn dimension_score(answers: &[StatementAnswer]) -> Option<u8> {
    let mut sum = 0.0_f64;
    let mut counted = 0_usize;
    for answer in answers {
        let (Some(value), Some(top)) = (answer.value, answer.points.checked_sub(1).filter(|t| *t > 0)) else {
            continue;
        };
        let value = if answer.reverse { top.saturating_sub(value) } else { value.min(top) };
        sum += f64::from(value) / f64::from(top) * 100.0;
        counted += 1;
    }
    if counted == 0 || counted * 2 < answers.len() {
        return None;
    }
    #[allow(clippy::cast_precision_loss)] // a few statements
    let mean = sum / counted as f64;
    // JavaScript's Math.round: the nearest integer, a half up; a mean is within 0..=100.
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    Some((mean + 0.5).floor().clamp(0.0, 100.0) as u8)
}

/// The index of the level a score reaches: the last whose `from` (ascending, the first 0) is at
/// most the score; `None` without a score or without levels.
pub(crate) fn level(score: Option<u8>, levels: &[u8]) -> Option<usize> {
    let score = score?;
    levels.iter().rposition(|from| *from <= score)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    fn answer(a: &Value) -> StatementAnswer {
        let points = u8::try_from(a["points"].as_u64().expect("points")).expect("a small scale");
        let value = a["value"].as_u64().map(|v| u8::try_from(v).expect("an index"));
        assert!(value.is_some() || a["value"].is_null() || a["value"] == "na", "value {}", a["value"]);
        StatementAnswer { value, points, reverse: a["reverse"].as_bool().unwrap_or(false) }
    }

    #[test]
    fn every_case_of_the_shared_table() {
        let text = include_str!("../../tests/fixtures/profile-cases.json");
        let table: Value = serde_json::from_str(text).expect("the cases are JSON");
        let cases = table["cases"].as_array().expect("a list of cases");
        assert!(cases.len() >= 20);
        for case in cases {
            let name = case["name"].as_str().expect("a name");
            let answers: Vec<StatementAnswer> =
                case["answers"].as_array().expect("answers").iter().map(answer).collect();
            let levels: Vec<u8> = case["levels"]
                .as_array()
                .expect("levels")
                .iter()
                .map(|l| u8::try_from(l.as_u64().expect("a from")).expect("0-100"))
                .collect();
            let score = dimension_score(&answers);
            let expected = case["score"].as_u64().map(|s| u8::try_from(s).expect("0-100"));
            assert_eq!(score, expected, "{name}: score");
            assert_eq!(
                level(score, &levels),
                case["level"].as_u64().map(|l| usize::try_from(l).expect("an index")),
                "{name}: level"
            );
        }
    }

    #[test]
    fn a_score_below_every_level_or_none_reaches_none() {
        assert_eq!(level(Some(10), &[20, 50]), None);
        assert_eq!(level(None, &[0, 40]), None);
        assert_eq!(level(Some(100), &[]), None);
    }
}
