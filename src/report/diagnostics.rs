//! The self-diagnostic: each learner's score (0–100) and level per dimension, from the first and
//! the latest answer to each statement; per dimension the distribution of the latest scores and
//! levels, and the change from the first diagnostic to the latest.

use std::collections::{BTreeMap, HashSet};

use super::analyse::{round4, Band, Change, DimensionFigures, LevelCount};
use super::catalog::{BlockKind, Catalog};
use super::modules::hide_group;
use super::privacy::Figure;
use super::profile::{self, StatementAnswer};

/// An answer to a statement: the point picked (0 for the scale's first label), of how many.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Answer {
    pub value: usize,
    pub points: usize,
    pub reverse: bool,
}

/// A learner's score (0–100) on a dimension of `statements` statements, from the answers given:
/// the player's own rule ([`profile::dimension_score`], tested against the player's table of
/// cases). Statements not answered, and answers outside the scale ("not applicable", `na`),
/// count as not answered: with fewer than half answered, the dimension has no score.
pub(crate) fn dimension_score(answers: &[Answer], statements: usize) -> Option<u8> {
    let unanswered = StatementAnswer { value: None, points: 0, reverse: false };
    let mut list: Vec<StatementAnswer> = answers
        .iter()
        .map(|a| StatementAnswer {
            value: u8::try_from(a.value).ok().filter(|_| a.value < a.points),
            points: u8::try_from(a.points).unwrap_or(0),
            reverse: a.reverse,
        })
        .collect();
    list.resize(statements.max(list.len()), unanswered);
    profile::dimension_score(&list)
}

/// Each learner's answers per dimension, first and latest.
#[derive(Default)]
pub(crate) struct Profiles {
    /// (dimension, learner) → answers.
    by: BTreeMap<(usize, u32), Profile>,
}

#[derive(Default)]
struct Profile {
    first: Vec<Answer>,
    latest: Vec<Answer>,
    /// A statement was answered more than once: a later diagnostic exists.
    again: bool,
}

impl Profiles {
    pub(crate) fn add(
        &mut self,
        dimension: usize,
        learner: u32,
        first: Option<Answer>,
        latest: Option<Answer>,
        again: bool,
    ) {
        let profile = self.by.entry((dimension, learner)).or_default();
        profile.first.extend(first);
        profile.latest.extend(latest);
        profile.again |= again;
    }
}

/// A dimension's latest scores, and the (first, latest) pairs of learners who took it again.
type Scores = (Vec<u8>, Vec<(u8, u8)>);

/// Every dimension of the path's courses, in order.
pub(crate) fn figures(catalog: &Catalog, profiles: Profiles, k: u32) -> Vec<DimensionFigures> {
    // how many statements each dimension has in the path
    let mut statements = vec![0usize; catalog.dimensions.len()];
    for block in catalog.modules.iter().flat_map(|m| &m.blocks) {
        if let BlockKind::Statement { dimension, .. } = block.kind {
            statements[dimension] += 1;
        }
    }
    // per dimension: the latest scores, and (first, latest) of those who took it again
    let mut scores: Vec<Scores> = catalog.dimensions.iter().map(|_| Default::default()).collect();
    for ((d, _), answers) in profiles.by {
        let Some(latest) = dimension_score(&answers.latest, statements[d]) else { continue };
        scores[d].0.push(latest);
        if answers.again {
            if let Some(first) = dimension_score(&answers.first, statements[d]) {
                scores[d].1.push((first, latest));
            }
        }
    }
    // only the dimensions some module of the path measures
    let measured: HashSet<usize> = catalog
        .modules
        .iter()
        .flat_map(|m| &m.blocks)
        .filter_map(|b| match b.kind {
            BlockKind::Statement { dimension, .. } => Some(dimension),
            _ => None,
        })
        .collect();
    catalog
        .dimensions
        .iter()
        .zip(scores)
        .enumerate()
        .filter(|(d, _)| measured.contains(d))
        .map(|(_, pair)| pair)
        .map(|(dimension, (latest, pairs))| {
            let n = latest.len() as u64;
            let hide = hide_group(n, k);
            let froms: Vec<u8> = dimension.levels.iter().map(|l| l.0).collect();
            let mut per_level = vec![0u64; froms.len()];
            let mut bands = [0u64; 5];
            for &s in &latest {
                if let Some(l) = profile::level(Some(s), &froms) {
                    per_level[l] += 1;
                }
                bands[usize::from(s.min(99) / 20)] += 1;
            }
            DimensionFigures {
                course: catalog.courses[dimension.course].id.clone(),
                dimension: dimension.id.clone(),
                label: dimension.label.clone(),
                learners: Figure::new(n, hide),
                mean_score: Figure::new(mean(latest.iter().map(|&s| f64::from(s))), hide),
                median_score: Figure::new(median_score(&latest), hide),
                bands: (0u8..5)
                    .map(|i| Band {
                        from: i * 20,
                        to: if i == 4 { 100 } else { i * 20 + 19 },
                        learners: Figure::new(bands[usize::from(i)], hide),
                    })
                    .collect(),
                levels: dimension
                    .levels
                    .iter()
                    .zip(per_level)
                    .map(|((from, label), count)| LevelCount {
                        label: label.clone(),
                        from: *from,
                        learners: Figure::new(count, hide),
                    })
                    .collect(),
                change: change(&pairs, k),
            }
        })
        .collect()
}

fn change(pairs: &[(u8, u8)], k: u32) -> Change {
    let n = pairs.len() as u64;
    let hide = hide_group(n, k);
    let count = |f: fn(i16) -> bool| pairs.iter().filter(|(a, b)| f(i16::from(*b) - i16::from(*a))).count() as u64;
    Change {
        learners: Figure::new(n, hide),
        mean_first: Figure::new(mean(pairs.iter().map(|p| f64::from(p.0))), hide),
        mean_latest: Figure::new(mean(pairs.iter().map(|p| f64::from(p.1))), hide),
        mean_change: Figure::new(mean(pairs.iter().map(|p| f64::from(p.1) - f64::from(p.0))), hide),
        improved: Figure::new(count(|d| d > 0), hide),
        declined: Figure::new(count(|d| d < 0), hide),
        unchanged: Figure::new(count(|d| d == 0), hide),
    }
}

fn mean(values: impl Iterator<Item = f64>) -> Option<f64> {
    let (sum, n) = values.fold((0.0, 0u32), |(s, n), v| (s + v, n + 1));
    (n > 0).then(|| round4(sum / f64::from(n)))
}

fn median_score(scores: &[u8]) -> Option<f64> {
    let mut sorted = scores.to_vec();
    sorted.sort_unstable();
    let n = sorted.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(f64::from(sorted[n / 2])),
        _ => Some((f64::from(sorted[n / 2 - 1]) + f64::from(sorted[n / 2])) / 2.0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn a(value: usize, reverse: bool) -> Answer {
        Answer { value, points: 4, reverse }
    }

    #[test]
    fn statements_not_answered_count_against_the_half() {
        // 4-point scale: 3 → 100, 1 → 33.3, reversed 0 → 100: mean 77.8 → 78 (the player's rule,
        // tested case by case in profile.rs)
        let three = [a(3, false), a(1, false), a(0, true)];
        assert_eq!(dimension_score(&three, 3), Some(78));
        assert_eq!(dimension_score(&three, 6), Some(78), "3 of 6: half answered");
        assert_eq!(dimension_score(&three, 7), None, "3 of 7: not enough answers");
        // out of the scale ("sans objet"): not counted, as an unanswered statement
        assert_eq!(dimension_score(&[a(9, false), a(3, false)], 2), Some(100));
        assert_eq!(dimension_score(&[a(9, false), a(3, false)], 3), None);
        assert_eq!(dimension_score(&[], 4), None);
    }
}
