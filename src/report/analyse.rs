//! The figures of the report, computed from the database: the types every output writes (and
//! `schemas/report.schema.json` describes), and the order they are computed in. The work is in
//! [`super::learners`] (learner × module rows), [`super::modules`] (modules, drop-out funnels,
//! summary), [`super::items`] (one pass over the answers: item analysis, self-diagnostic answers,
//! reflections), [`super::diagnostics`] (profiles), [`super::cohorts`] and [`super::privacy`].

use schemars::JsonSchema;
use serde::Serialize;

use super::catalog::Catalog;
use super::learners::LearnerRows;
use super::privacy::Figure;
use super::store::Store;
use super::{cohorts, diagnostics, items, learners, modules, time, ReportOptions};
use crate::model::LearningPath;

/// Every figure of the report. Rates and shares are fractions from 0 to 1 (4 decimals), scores
/// fractions from 0 to 1 (xAPI `score.scaled`) except the self-diagnostic's, out of 100; times are
/// ISO 8601 with the offset of the report's time zone; durations are whole seconds.
#[derive(Debug, Serialize, JsonSchema)]
pub(crate) struct Figures {
    pub about: About,
    pub summary: Summary,
    /// What was read, source by source, and what was skipped and why.
    pub sources: Vec<SourceTally>,
    /// One row per learner and module of the path (pseudonymised; never hidden).
    pub learners: LearnerRows,
    pub modules: Vec<ModuleFigures>,
    /// Per course: how many learners reached each of its modules, in order.
    pub funnels: Vec<Funnel>,
    pub items: Vec<ItemFigures>,
    pub diagnostics: Vec<DimensionFigures>,
    pub cohorts: Vec<CohortFigures>,
    /// Shared reflections: only with `--include-reflections`, and only those of reflections whose
    /// course shares them (`share = true`).
    pub reflections: Vec<ReflectionAnswer>,
}

/// What the report covers and how it was made.
#[derive(Debug, Serialize, JsonSchema)]
pub(crate) struct About {
    /// The path's id and title.
    pub path: String,
    pub title: String,
    /// The report's language (`fr` or `en`).
    pub language: String,
    /// The IANA time zone times are shown in.
    pub time_zone: String,
    /// `--min-group`: aggregates over fewer learners are hidden.
    pub min_group: u32,
    /// Whether names and e-mails are shown (`--identify`).
    pub identified: bool,
    /// Whether shared reflections are included (`--include-reflections`).
    pub reflections_included: bool,
    /// Whether some records came from Moodle, whose data carries no time per module and no SCORM
    /// 2004 interaction.
    pub moodle: bool,
    /// `--cohort`: the one cohort the report covers, when it covers one only.
    pub cohort: Option<String>,
}

/// The summary at the top of the report.
#[derive(Debug, Serialize, JsonSchema)]
pub(crate) struct Summary {
    /// Learners with at least one record of the path.
    pub learners: Figure<u64>,
    /// Of the modules learners started, the share they completed (or passed, or failed).
    pub completion_rate: Figure<Option<f64>>,
    /// Of the assessed modules that got a verdict, the share passed.
    pub pass_rate: Figure<Option<f64>>,
    /// The median, over learners, of their time on the whole path (seconds), among learners
    /// whose time is known.
    pub median_time_s: Figure<Option<u64>>,
    /// The first and the last record's time.
    pub period_from: Option<String>,
    pub period_to: Option<String>,
}

/// What a source gave.
#[derive(Debug, Serialize, JsonSchema)]
pub(crate) struct SourceTally {
    /// `lrs:<endpoint>`, `file:<name>` or `moodle:<name>`.
    pub source: String,
    /// Records read; of them, kept, already held (same id), voided (by a voiding statement read
    /// before or after), voiding statements; and the LMS's own (cmi5), kept or skipped.
    pub read: u64,
    pub kept: u64,
    pub duplicate: u64,
    pub voided: u64,
    pub voiding: u64,
    pub lms: u64,
    /// Records skipped, by reason.
    pub skipped: Vec<Skipped>,
}

#[derive(Debug, Serialize, JsonSchema)]
pub(crate) struct Skipped {
    pub why: String,
    pub n: u64,
}

/// Where a learner stands in a module.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Status {
    NotStarted,
    InProgress,
    Completed,
    Passed,
    Failed,
}

impl Status {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Status::NotStarted => "not_started",
            Status::InProgress => "in_progress",
            Status::Completed => "completed",
            Status::Passed => "passed",
            Status::Failed => "failed",
        }
    }
}

/// Where a verdict comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub(crate) enum VerdictOrigin {
    /// A passed or failed statement, a SCORM status: what the LMS or LRS recorded.
    Recorded,
    /// None was recorded: computed from the score or the answers against the module's mastery.
    Recomputed,
}

/// A learner in a module.
#[derive(Debug, Serialize, JsonSchema)]
pub(crate) struct LearnerModule {
    /// The pseudonym: a keyed hash of the actor.
    pub learner: String,
    /// Only with `--identify`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// The learner's cohort; `null` without one, or when the cohort is too small to be shown.
    pub cohort: Option<String>,
    pub course: String,
    pub module: String,
    pub status: Status,
    pub verdict: Option<VerdictOrigin>,
    /// Assessed modules: the best and the last score (0–1).
    pub best_score: Option<f64>,
    pub last_score: Option<f64>,
    /// Seconds spent in the module's sessions, when the records say.
    pub time_s: Option<u64>,
    /// Sessions (xAPI, cmi5) or attempts (Moodle).
    pub sessions: u64,
    pub last_activity: Option<String>,
}

/// A module's figures over its learners.
#[derive(Debug, Serialize, JsonSchema)]
pub(crate) struct ModuleFigures {
    pub course: String,
    pub module: String,
    pub title: String,
    pub assessed: bool,
    /// The mastery score (percent) of an assessed module.
    pub mastery: Option<u8>,
    /// Learners who started it; of them, who completed it (passed and failed included), passed,
    /// failed.
    pub started: Figure<u64>,
    pub completed: Figure<u64>,
    pub passed: Figure<u64>,
    pub failed: Figure<u64>,
    /// completed / started.
    pub completion_rate: Figure<Option<f64>>,
    /// passed / (passed + failed).
    pub pass_rate: Figure<Option<f64>>,
    /// The median time (seconds) of the learners who completed it, whose time is known.
    pub median_time_s: Figure<Option<u64>>,
}

/// A course's drop-out funnel.
#[derive(Debug, Serialize, JsonSchema)]
pub(crate) struct Funnel {
    pub course: String,
    pub title: String,
    /// Learners with a record of the course.
    pub learners: Figure<u64>,
    pub steps: Vec<FunnelStep>,
}

#[derive(Debug, Serialize, JsonSchema)]
pub(crate) struct FunnelStep {
    pub module: String,
    pub title: String,
    /// Learners who started the module, and who completed it.
    pub started: Figure<u64>,
    pub completed: Figure<u64>,
}

/// A question's figures.
#[derive(Debug, Serialize, JsonSchema)]
pub(crate) struct ItemFigures {
    pub course: String,
    pub module: String,
    /// The question's id.
    pub item: String,
    /// single, multiple, true-false, fill-in, numeric, matching, ordering.
    pub kind: String,
    pub prompt: String,
    pub assessed: bool,
    /// Learners who answered it, and their answers (tries included).
    pub learners: Figure<u64>,
    pub answers: Figure<u64>,
    /// The share of learners right at their first answer, and at their last.
    pub first_right: Figure<Option<f64>>,
    pub last_right: Figure<Option<f64>>,
    /// Assessed modules: the point-biserial correlation between being right at the first answer
    /// and the number of the module's other questions right at the first answer (`null` without
    /// variance).
    pub discrimination: Figure<Option<f64>>,
    /// Assessed modules: the share right first time among the 27 % of learners with the best
    /// module score minus that among the 27 % with the lowest (`null` under 4 learners).
    pub upper_lower: Figure<Option<f64>>,
    /// What a designer may look at (none when the figures are hidden).
    pub flags: Vec<Flag>,
    /// Choices (single, multiple, true-false): answers that picked each. Matching pairs and
    /// ordering items: answers that placed each right. Fill-in and numeric: the most frequent
    /// answers, as given.
    pub choices: Vec<ChoiceFigures>,
}

/// Something to look at in a question.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Flag {
    /// More than 90 % right at the first answer.
    TooEasy,
    /// Fewer than 30 % right at the first answer.
    TooHard,
    /// Discrimination under 0.1: the question does not tell apart who masters the module.
    LowDiscrimination,
    /// Negative discrimination: learners who do well elsewhere fail it more.
    NegativeDiscrimination,
    /// A choice nobody picks.
    UnpickedChoice,
}

#[derive(Debug, Serialize, JsonSchema)]
pub(crate) struct ChoiceFigures {
    /// The choice, pair or item id; the answer itself for fill-in and numeric questions.
    pub choice: String,
    pub text: String,
    /// Whether it is a right choice (single, multiple, true-false).
    pub correct: Option<bool>,
    pub picks: Figure<u64>,
    /// picks / answers.
    pub share: Figure<Option<f64>>,
}

/// A self-diagnostic dimension: the latest profile of each learner, and how it changed.
#[derive(Debug, Serialize, JsonSchema)]
pub(crate) struct DimensionFigures {
    pub course: String,
    pub dimension: String,
    pub label: String,
    /// Learners with a score (at least one statement answered).
    pub learners: Figure<u64>,
    /// Of the latest scores (0–100).
    pub mean_score: Figure<Option<f64>>,
    pub median_score: Figure<Option<f64>>,
    /// Latest scores by band of 20 points (the last band includes 100).
    pub bands: Vec<Band>,
    /// Latest scores by level.
    pub levels: Vec<LevelCount>,
    /// The first diagnostic beside the latest, for learners who took it again.
    pub change: Change,
}

#[derive(Debug, Serialize, JsonSchema)]
pub(crate) struct Band {
    pub from: u8,
    pub to: u8,
    pub learners: Figure<u64>,
}

#[derive(Debug, Serialize, JsonSchema)]
pub(crate) struct LevelCount {
    pub label: String,
    /// The level's lower bound (0–100).
    pub from: u8,
    pub learners: Figure<u64>,
}

/// Before and after: the first diagnostic (each statement's earliest answer) and the latest (each
/// statement's latest answer) of learners who answered a statement of the dimension more than once.
#[derive(Debug, Serialize, JsonSchema)]
pub(crate) struct Change {
    pub learners: Figure<u64>,
    pub mean_first: Figure<Option<f64>>,
    pub mean_latest: Figure<Option<f64>>,
    /// The mean of (latest − first), in points out of 100.
    pub mean_change: Figure<Option<f64>>,
    pub improved: Figure<u64>,
    pub declined: Figure<u64>,
    pub unchanged: Figure<u64>,
}

/// A cohort (`--cohorts`, else the xAPI `context.team`) beside the others.
#[derive(Debug, Serialize, JsonSchema)]
pub(crate) struct CohortFigures {
    /// The label; `null` for learners without a cohort.
    pub cohort: Option<String>,
    pub learners: Figure<u64>,
    pub completion_rate: Figure<Option<f64>>,
    pub pass_rate: Figure<Option<f64>>,
    pub median_time_s: Figure<Option<u64>>,
}

/// A shared reflection's answer.
#[derive(Debug, Serialize, JsonSchema)]
pub(crate) struct ReflectionAnswer {
    pub course: String,
    pub module: String,
    pub reflection: String,
    pub prompt: String,
    pub learner: String,
    pub at: String,
    pub text: String,
}

impl Figures {
    /// Whether nothing of this path was found: no learner, and no record of its activities in any
    /// source (records that were all voided still make a report, of nobody).
    pub(crate) fn is_empty(&self) -> bool {
        self.learners.is_empty() && self.sources.iter().all(|s| s.kept + s.voided + s.voiding + s.lms == 0)
    }
}

/// Computes the figures from the database.
pub(crate) fn compute(store: &Store, path: &LearningPath, options: &ReportOptions) -> anyhow::Result<Figures> {
    let catalog = Catalog::new(path);
    let zone = time::zone(options.tz.as_deref())?;
    let language = report_language(options.lang.as_deref(), &catalog.language);
    let cohort_of = cohorts::assign(store, options.cohorts.as_deref())?;
    let mut people = learners::compute(store, &catalog, &cohort_of, options)?;
    let answers = items::read(store, &catalog, &people, zone, options)?;
    people.recompute_verdicts(&catalog, &answers.scores);
    let k = options.min_group;
    let modules = modules::modules(&catalog, &people, k);
    let funnels = modules::funnels(&catalog, &people, &modules, k);
    let summary = modules::summary(&people, zone, k)?;
    let cohorts = cohorts::figures(&people, k);
    people.withhold_cohorts(&cohorts);
    Ok(Figures {
        about: About {
            path: catalog.path_id.clone(),
            title: catalog.title.clone(),
            language,
            time_zone: zone.name().to_string(),
            min_group: k,
            identified: options.identify,
            reflections_included: options.include_reflections,
            moodle: modules::any_moodle(store)?,
            cohort: options.cohort.clone(),
        },
        summary,
        sources: modules::sources(store)?,
        items: answers.items,
        diagnostics: diagnostics::figures(&catalog, answers.profiles, k),
        reflections: answers.reflections,
        learners: people.into_rows(&catalog, zone),
        modules,
        funnels,
        cohorts,
    })
}

/// `--lang`, else the path's language when the report speaks it, else French.
pub(crate) fn report_language(asked: Option<&str>, path: &str) -> String {
    match asked.unwrap_or(path) {
        lang if lang.starts_with("en") => "en".into(),
        _ => "fr".into(),
    }
}

/// A fraction rounded to 4 decimals.
#[allow(clippy::cast_precision_loss)]
pub(crate) fn ratio(part: u64, whole: u64) -> Option<f64> {
    (whole > 0).then(|| round4(part as f64 / whole as f64))
}

pub(crate) fn round4(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

/// The median of whole numbers (the lower middle one for an even count: a time that happened).
pub(crate) fn median(mut values: Vec<u64>) -> Option<u64> {
    if values.is_empty() {
        return None;
    }
    values.sort_unstable();
    Some(values[(values.len() - 1) / 2])
}
