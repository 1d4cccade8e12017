//! One pass over the answers, sorted by module, learner, block and time: the item analysis of
//! every question, the self-diagnostic answers each learner gave first and last, the shared
//! reflections (when asked), and each learner's score from their last answers (for verdicts no
//! record gives).

use std::collections::HashMap;

use chrono_tz::Tz;

use super::analyse::{ratio, round4, ChoiceFigures, Flag, ItemFigures, ReflectionAnswer};
use super::catalog::{BlockKind, Catalog, ModuleInfo, QuestionInfo};
use super::diagnostics::{Answer, Profiles};
use super::learners::People;
use super::modules::hide_group;
use super::privacy::Figure;
use super::store::Store;
use super::{time, ReportOptions};
use crate::model::QuestionKind;

/// What the pass over the answers gives.
pub(crate) struct Answers {
    pub items: Vec<ItemFigures>,
    pub profiles: Profiles,
    pub reflections: Vec<ReflectionAnswer>,
    /// (learner, module) → the score (0–1) of the last answers, when every question of an
    /// assessed module was answered.
    pub scores: HashMap<(u32, u32), f64>,
}

/// Through the index by module and learner: SQLite then sorts only each learner's few answers,
/// where its own choice (the index by block) sorts them all (three times slower on a million).
pub(crate) const ANSWERS: &str =
    "SELECT course, module, learner, block, at, success, response, duration_ms, registration, diagnostic \
     FROM facts INDEXED BY facts_by_module WHERE verb = 'answered' AND block IS NOT NULL \
     ORDER BY course, module, learner, block, at, id";

/// A learner's answers to one block, as the pass goes.
struct Seen {
    block: usize,
    count: u64,
    first: Option<bool>,
    last: Option<bool>,
    first_response: Option<String>,
    last_response: Option<String>,
    last_at: String,
    /// The highest self-diagnostic number of the answers (xAPI), when they carry one.
    diagnostic: Option<u32>,
}

impl Seen {
    /// Whether the learner answered in a later diagnostic: by its number when the answers carry
    /// one (an answer changed within a diagnostic is not a new one), else by a second answer.
    fn again(&self) -> bool {
        self.diagnostic.map_or(self.count > 1, |d| d > 1)
    }
}

/// A question's counts.
#[derive(Default, Clone)]
struct ItemCounts {
    learners: u64,
    answers: u64,
    first_right: u64,
    last_right: u64,
    picks: Vec<u64>,
    given: HashMap<String, u64>,
}

/// A module's counts while its learners go by.
struct ModuleCounts {
    items: Vec<ItemCounts>,
    /// Assessed modules: each learner's first answers (right or not) to each question.
    matrix: Vec<Vec<Option<bool>>>,
}

/// Reads every answer once.
pub(crate) fn read(
    store: &Store,
    catalog: &Catalog,
    people: &People,
    zone: Tz,
    options: &ReportOptions,
) -> anyhow::Result<Answers> {
    let mut pass = Pass {
        catalog,
        zone,
        reflections_wanted: options.include_reflections,
        people,
        counts: catalog.modules.iter().map(ModuleCounts::new).collect(),
        profiles: Profiles::default(),
        reflections: Vec::new(),
        scores: HashMap::new(),
        learner_blocks: Vec::new(),
    };
    let mut statement = store.connection().prepare(ANSWERS)?;
    let mut rows = statement.query([])?;
    let mut current: Option<(usize, u32)> = None;
    while let Some(row) = rows.next()? {
        let (course, module, learner): (String, String, String) = (row.get(0)?, row.get(1)?, row.get(2)?);
        let (Some(m), Some(&l)) = (catalog.module(&course, &module), people.index.get(&learner)) else { continue };
        let block: String = row.get(3)?;
        let Some(b) = catalog.block(m, &block) else { continue };
        if current != Some((m, l)) {
            if let Some((m, l)) = current {
                pass.end_learner(m, l)?;
            }
            current = Some((m, l));
        }
        let (at, success, response): (String, Option<bool>, Option<String>) = (row.get(4)?, row.get(5)?, row.get(6)?);
        pass.answer(m, b, at, success, response, row.get(9)?);
    }
    if let Some((m, l)) = current {
        pass.end_learner(m, l)?;
    }
    let k = options.min_group;
    let items =
        catalog.modules.iter().zip(pass.counts).flat_map(|(m, counts)| module_items(catalog, m, counts, k)).collect();
    Ok(Answers { items, profiles: pass.profiles, reflections: pass.reflections, scores: pass.scores })
}

impl ModuleCounts {
    fn new(module: &ModuleInfo) -> ModuleCounts {
        let items = module
            .blocks
            .iter()
            .map(|b| match &b.kind {
                BlockKind::Question(q) => ItemCounts { picks: vec![0; q.options.len()], ..ItemCounts::default() },
                _ => ItemCounts::default(),
            })
            .collect();
        ModuleCounts { items, matrix: Vec::new() }
    }
}

struct Pass<'a> {
    catalog: &'a Catalog,
    people: &'a People,
    zone: Tz,
    reflections_wanted: bool,
    counts: Vec<ModuleCounts>,
    profiles: Profiles,
    reflections: Vec<ReflectionAnswer>,
    scores: HashMap<(u32, u32), f64>,
    /// The current learner's blocks in the current module.
    learner_blocks: Vec<Seen>,
}

impl Pass<'_> {
    fn answer(
        &mut self,
        m: usize,
        b: usize,
        at: String,
        success: Option<bool>,
        response: Option<String>,
        diagnostic: Option<u32>,
    ) {
        if let BlockKind::Question(q) = &self.catalog.modules[m].blocks[b].kind {
            let counts = &mut self.counts[m].items[b];
            counts.answers += 1;
            if let Some(r) = response.as_deref() {
                pick(q, r, counts);
            }
        }
        match self.learner_blocks.last_mut() {
            Some(seen) if seen.block == b => {
                seen.count += 1;
                seen.last = success;
                // The first diagnostic's answer is its latest (answers numbered 1 may change).
                if diagnostic == Some(1) {
                    seen.first_response.clone_from(&response);
                }
                seen.diagnostic = seen.diagnostic.max(diagnostic);
                seen.last_response = response;
                seen.last_at = at;
            }
            _ => self.learner_blocks.push(Seen {
                block: b,
                count: 1,
                first: success,
                last: success,
                // An answer numbered above 1 is not the first diagnostic's: a statement first
                // answered in a later diagnostic has no answer in the first one.
                first_response: if diagnostic.is_none_or(|d| d == 1) { response.clone() } else { None },
                last_response: response,
                last_at: at,
                diagnostic,
            }),
        }
    }

    fn end_learner(&mut self, m: usize, l: u32) -> anyhow::Result<()> {
        let module = &self.catalog.modules[m];
        let seen = std::mem::take(&mut self.learner_blocks);
        let mut first_answers = vec![None; module.blocks.len()];
        let (mut weights, mut right, mut questions, mut answered) = (0.0, 0.0, 0, 0);
        for block in &module.blocks {
            if let BlockKind::Question(q) = &block.kind {
                weights += q.weight;
                questions += 1;
            }
        }
        for s in seen {
            let block = &module.blocks[s.block];
            match &block.kind {
                BlockKind::Question(q) => {
                    let counts = &mut self.counts[m].items[s.block];
                    counts.learners += 1;
                    counts.first_right += u64::from(s.first == Some(true));
                    counts.last_right += u64::from(s.last == Some(true));
                    first_answers[s.block] = Some(s.first == Some(true));
                    answered += 1;
                    if s.last == Some(true) {
                        right += q.weight;
                    }
                }
                BlockKind::Statement { dimension, points, reverse } => {
                    let value = |r: &Option<String>| r.as_deref().and_then(|r| r.trim().parse::<usize>().ok());
                    let answer = |v: Option<usize>| {
                        v.filter(|&v| v < *points).map(|value| Answer { value, points: *points, reverse: *reverse })
                    };
                    self.profiles.add(
                        *dimension,
                        l,
                        answer(value(&s.first_response)),
                        answer(value(&s.last_response)),
                        s.again(),
                    );
                }
                BlockKind::Reflection { share, prompt } => {
                    if self.reflections_wanted && *share {
                        if let Some(text) = s.last_response.filter(|t| !t.trim().is_empty()) {
                            self.reflections.push(ReflectionAnswer {
                                course: self.catalog.courses[module.course].id.clone(),
                                module: module.id.clone(),
                                reflection: block.id.clone(),
                                prompt: prompt.clone(),
                                learner: self.people.learners[l as usize].pseudonym.clone(),
                                at: time::local(&s.last_at, self.zone)?,
                                text,
                            });
                        }
                    }
                }
            }
        }
        if module.assessed && questions > 0 {
            if answered == questions && weights > 0.0 {
                self.scores.insert((l, u32::try_from(m)?), right / weights);
            }
            if answered > 0 {
                self.counts[m].matrix.push(first_answers);
            }
        }
        Ok(())
    }
}

/// The ids an answer lists: xAPI `[,]`, else SCORM 1.2 and the player's `,`.
pub(crate) fn list(response: &str) -> Vec<&str> {
    let parts: Vec<&str> =
        if response.contains("[,]") { response.split("[,]").collect() } else { response.split(',').collect() };
    parts.into_iter().map(str::trim).filter(|p| !p.is_empty()).collect()
}

/// A matching pair's two ids: xAPI `[.]`, SCORM 1.2 `.`, the player's `:`.
pub(crate) fn pair(text: &str) -> Option<(&str, &str)> {
    text.split_once("[.]").or_else(|| text.split_once('.')).or_else(|| text.split_once(':'))
}

/// A true-false answer: `true`/`t` or `false`/`f`.
pub(crate) fn boolean(response: &str) -> Option<bool> {
    match response.trim() {
        "true" | "t" => Some(true),
        "false" | "f" => Some(false),
        _ => None,
    }
}

/// Counts what an answer picked.
fn pick(q: &QuestionInfo, response: &str, counts: &mut ItemCounts) {
    let position = |id: &str| q.options.iter().position(|o| o.id == id);
    match q.kind {
        QuestionKind::Single | QuestionKind::Multiple => {
            for id in list(response) {
                if let Some(i) = position(id) {
                    counts.picks[i] += 1;
                }
            }
        }
        QuestionKind::TrueFalse => {
            if let Some(value) = boolean(response) {
                counts.picks[usize::from(!value)] += 1;
            }
        }
        QuestionKind::Matching => {
            for (left, right) in list(response).into_iter().filter_map(pair) {
                if left == right {
                    if let Some(i) = position(left) {
                        counts.picks[i] += 1;
                    }
                }
            }
        }
        QuestionKind::Ordering => {
            for (i, id) in list(response).into_iter().enumerate() {
                if q.options.get(i).is_some_and(|o| o.id == id) {
                    counts.picks[i] += 1;
                }
            }
        }
        QuestionKind::FillIn | QuestionKind::Numeric => {
            *counts.given.entry(response.trim().to_string()).or_default() += 1;
        }
    }
}

/// How many of the most frequent fill-in and numeric answers are listed.
const GIVEN_SHOWN: usize = 10;

/// The figures of a module's questions.
fn module_items(catalog: &Catalog, module: &ModuleInfo, counts: ModuleCounts, k: u32) -> Vec<ItemFigures> {
    let questions: Vec<usize> = module
        .blocks
        .iter()
        .enumerate()
        .filter(|(_, b)| matches!(b.kind, BlockKind::Question(_)))
        .map(|(i, _)| i)
        .collect();
    let mut out = Vec::new();
    for (b, item) in counts.items.into_iter().enumerate() {
        let BlockKind::Question(q) = &module.blocks[b].kind else { continue };
        let hide = hide_group(item.learners, k);
        let (discrimination, upper_lower) = if module.assessed && item.learners > 0 {
            discrimination(&counts.matrix, b, &questions)
        } else {
            (None, None)
        };
        let first_right = ratio(item.first_right, item.learners);
        let mut choices: Vec<ChoiceFigures> = q
            .options
            .iter()
            .zip(&item.picks)
            .map(|(o, &n)| ChoiceFigures {
                choice: o.id.clone(),
                text: o.text.clone(),
                correct: o.correct,
                picks: Figure::new(n, hide),
                share: Figure::new(ratio(n, item.answers), hide),
            })
            .collect();
        let mut given: Vec<(String, u64)> = item.given.into_iter().collect();
        given.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        if hide.is_none() {
            choices.extend(given.into_iter().take(GIVEN_SHOWN).map(|(text, n)| ChoiceFigures {
                choice: text.clone(),
                text,
                correct: None,
                picks: Figure::Shown(n),
                share: Figure::Shown(ratio(n, item.answers)),
            }));
        }
        let mut flags = Vec::new();
        if hide.is_none() && item.learners > 0 {
            match first_right {
                Some(r) if r > 0.9 => flags.push(Flag::TooEasy),
                Some(r) if r < 0.3 => flags.push(Flag::TooHard),
                _ => {}
            }
            match discrimination {
                Some(d) if d < 0.0 => flags.push(Flag::NegativeDiscrimination),
                Some(d) if d < 0.1 => flags.push(Flag::LowDiscrimination),
                _ => {}
            }
            let choosing = matches!(q.kind, QuestionKind::Single | QuestionKind::Multiple | QuestionKind::TrueFalse);
            if choosing && item.picks.contains(&0) {
                flags.push(Flag::UnpickedChoice);
            }
        }
        out.push(ItemFigures {
            course: catalog.courses[module.course].id.clone(),
            module: module.id.clone(),
            item: module.blocks[b].id.clone(),
            kind: q.kind.label_id().to_string(),
            prompt: q.prompt.clone(),
            assessed: module.assessed,
            learners: Figure::new(item.learners, hide),
            answers: Figure::new(item.answers, hide),
            first_right: Figure::new(first_right, hide),
            last_right: Figure::new(ratio(item.last_right, item.learners), hide),
            discrimination: Figure::new(discrimination, hide),
            upper_lower: Figure::new(upper_lower, hide),
            flags,
            choices,
        });
    }
    out
}

/// The point-biserial correlation of question `b` (right at the first answer) with the number of
/// the module's other questions right at the first answer, over the learners who answered it; and
/// the upper–lower index over the 27 % best and worst by the module's whole score.
pub(crate) fn discrimination(
    matrix: &[Vec<Option<bool>>],
    b: usize,
    questions: &[usize],
) -> (Option<f64>, Option<f64>) {
    let mut pairs: Vec<(f64, f64, f64)> = Vec::new(); // (item, rest, total)
    for row in matrix {
        let Some(x) = row[b] else { continue };
        let rest = questions.iter().filter(|&&q| q != b && row[q] == Some(true)).count();
        let x = f64::from(u8::from(x));
        #[allow(clippy::cast_precision_loss)]
        let rest = rest as f64;
        pairs.push((x, rest, rest + x));
    }
    (pearson(&pairs), upper_lower(&mut pairs))
}

#[allow(clippy::cast_precision_loss)]
fn pearson(pairs: &[(f64, f64, f64)]) -> Option<f64> {
    let n = pairs.len() as f64;
    if pairs.len() < 2 {
        return None;
    }
    let (mx, my) = (pairs.iter().map(|p| p.0).sum::<f64>() / n, pairs.iter().map(|p| p.1).sum::<f64>() / n);
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for &(x, y, _) in pairs {
        sxy += (x - mx) * (y - my);
        sxx += (x - mx) * (x - mx);
        syy += (y - my) * (y - my);
    }
    (sxx > 1e-12 && syy > 1e-12).then(|| round4(sxy / (sxx * syy).sqrt()))
}

#[allow(clippy::cast_precision_loss, clippy::cast_possible_truncation, clippy::cast_sign_loss)]
fn upper_lower(pairs: &mut [(f64, f64, f64)]) -> Option<f64> {
    if pairs.len() < 4 {
        return None;
    }
    let g = ((pairs.len() as f64) * 0.27).round().max(1.0) as usize;
    // best whole score first
    pairs.sort_by(|a, b| b.2.total_cmp(&a.2));
    let upper = group_share(pairs, g);
    pairs.reverse();
    let lower = group_share(pairs, g);
    Some(round4(upper - lower))
}

/// The share right (the items' mean) among the first `g` of `ranked`, where learners tied with
/// the last one taken at the group's edge count for their mean, each as much as the places left
/// for them allow: which of equal learners is in the group never depends on an order of its own
/// (the pseudonyms', which a secret makes).
#[allow(clippy::cast_precision_loss)]
fn group_share(ranked: &[(f64, f64, f64)], g: usize) -> f64 {
    // whole scores are counts of questions: exact in f64
    let edge = ranked[g - 1].2;
    let before = ranked[..g].iter().filter(|p| p.2 != edge).count(); // better than the edge
    let sure: f64 = ranked[..before].iter().map(|p| p.0).sum();
    let tied: Vec<f64> = ranked.iter().filter(|p| p.2 == edge).map(|p| p.0).collect();
    let tied_mean = tied.iter().sum::<f64>() / tied.len() as f64;
    (sure + tied_mean * (g - before) as f64) / g as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn responses_read_as_written() {
        assert_eq!(list("a[,]b-c"), ["a", "b-c"]);
        assert_eq!(list("a,b"), ["a", "b"]);
        assert_eq!(pair("x[.]y"), Some(("x", "y")));
        assert_eq!(pair("x.y"), Some(("x", "y")));
        assert_eq!(pair("x:y"), Some(("x", "y")));
        assert_eq!((boolean("t"), boolean("false"), boolean("maybe")), (Some(true), Some(false), None));
    }

    #[test]
    fn point_biserial_on_a_tiny_example() {
        // Four learners, three questions; question 0 against the number of the others right:
        // x = 1, 1, 0, 0 and rest = 2, 1, 1, 0: mean x 0.5, mean rest 1, Σ(x−x̄)(y−ȳ) = 1,
        // Σ(x−x̄)² = 1, Σ(y−ȳ)² = 2: r = 1 / √2 = 0.7071.
        let t = Some(true);
        let f = Some(false);
        let matrix = vec![vec![t, t, t], vec![t, t, f], vec![f, f, t], vec![f, f, f]];
        let (r, d) = discrimination(&matrix, 0, &[0, 1, 2]);
        assert_eq!(r, Some(round4(std::f64::consts::FRAC_1_SQRT_2)));
        // 27 % of 4 is 1 learner: the best (total 3) is right, the worst (total 0) is not
        assert_eq!(d, Some(1.0));
        // Ties at a group's edge count for their mean, whatever their order: 5 learners, 27 % is 1;
        // the two best tie (total 2), one right and one not: the upper group's share is 0.5;
        // the worst (total 0) is wrong: 0.5 − 0 = 0.5, in both orders of the tied two.
        let tied = vec![vec![t, t, f], vec![f, t, t], vec![t, f, f], vec![f, t, f], vec![f, f, f]];
        assert_eq!(discrimination(&tied, 0, &[0, 1, 2]).1, Some(0.5));
        let swapped = vec![tied[1].clone(), tied[0].clone(), tied[2].clone(), tied[3].clone(), tied[4].clone()];
        assert_eq!(discrimination(&swapped, 0, &[0, 1, 2]).1, Some(0.5));
        // everyone right: no variance, no figure
        let all = vec![vec![t, t], vec![t, f], vec![t, t]];
        assert_eq!(discrimination(&all, 0, &[0, 1]).0, None);
    }
}
