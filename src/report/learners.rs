//! Learner × module: each learner's status, scores, time and sessions in each module, aggregated
//! by SQLite over the facts (one row per learner and module started).

use std::collections::HashMap;

use chrono_tz::Tz;

use super::analyse::{CohortFigures, LearnerModule, Status, VerdictOrigin};
use super::catalog::Catalog;
use super::store::Store;
use super::{time, MoodleAttempts, ReportOptions};

/// A learner of the report.
#[derive(Debug)]
pub(crate) struct Learner {
    pub pseudonym: String,
    pub name: Option<String>,
    pub email: Option<String>,
    pub cohort: Option<String>,
}

/// A learner's figures in a module they started.
#[derive(Debug)]
pub(crate) struct Row {
    pub learner: u32,
    pub module: u32,
    pub status: Status,
    pub verdict: Option<VerdictOrigin>,
    pub best: Option<f64>,
    pub last: Option<f64>,
    pub time_ms: Option<u64>,
    pub sessions: u64,
    /// Milliseconds since 1970, UTC.
    pub last_ms: Option<i64>,
}

/// Every learner and the modules they started.
pub(crate) struct People {
    /// Pseudonym → index in `learners`.
    pub index: HashMap<String, u32>,
    /// By pseudonym.
    pub learners: Vec<Learner>,
    /// By learner, then module.
    pub rows: Vec<Row>,
    identify: bool,
    /// The first and the last record's time (stored, UTC).
    pub period: Option<(String, String)>,
}

const ROWS: &str = "
SELECT learner, course, module,
  max(verb = 'passed'), max(verb = 'failed'),
  max(verb IN ('completed', 'passed', 'failed') OR coalesce(completion, 0) = 1),
  max(CASE WHEN verb IN ('passed', 'failed', 'completed') THEN scaled END),
  max(CASE WHEN verb IN ('passed', 'failed', 'completed') AND scaled IS NOT NULL THEN at || ' ' || scaled END),
  sum(CASE WHEN verb IN ('terminated', 'abandoned') THEN duration_ms END),
  max(CASE WHEN verb IN ('completed', 'passed', 'failed') THEN duration_ms END),
  count(DISTINCT session), sum(verb = 'initialized'), count(DISTINCT registration),
  max(at), min(at)
FROM facts f
WHERE ?1 = 0 OR f.source NOT LIKE 'moodle:%' OR CAST(substr(f.registration, 16) AS INTEGER) = (
  SELECT max(CAST(substr(g.registration, 16) AS INTEGER)) FROM facts g
  WHERE g.source LIKE 'moodle:%' AND g.learner = f.learner AND g.course = f.course)
GROUP BY course, module, learner";

/// Reads the learners and their learner × module rows.
pub(crate) fn compute(
    store: &Store,
    catalog: &Catalog,
    cohort_of: &HashMap<String, String>,
    options: &ReportOptions,
) -> anyhow::Result<People> {
    let conn = store.connection();
    let mut learners = Vec::new();
    let mut index = HashMap::new();
    let mut statement = conn.prepare("SELECT learner, name, email FROM learners ORDER BY learner")?;
    let mut rows = statement.query([])?;
    while let Some(row) = rows.next()? {
        let pseudonym: String = row.get(0)?;
        let cohort = cohort_of.get(&pseudonym).cloned();
        if options.cohort.as_ref().is_some_and(|only| cohort.as_ref() != Some(only)) {
            continue; // `--cohort`: another group's learner is left out of every figure
        }
        index.insert(pseudonym.clone(), u32::try_from(learners.len())?);
        learners.push(Learner { cohort, pseudonym, name: row.get(1)?, email: row.get(2)? });
    }
    if let Some(only) = &options.cohort {
        if learners.is_empty() {
            let mut known: Vec<&String> = cohort_of.values().collect();
            known.sort();
            known.dedup();
            let known: Vec<&str> = known.iter().map(|k| k.as_str()).collect();
            let known = if known.is_empty() { crate::tr!("none: give --cohorts FILE") } else { known.join(", ") };
            anyhow::bail!(
                "{}",
                crate::tr!("no learner is in the cohort `{only}` (cohorts known: {})", known, only = only)
            );
        }
    }
    let mut people = People { index, learners, rows: Vec::new(), identify: options.identify, period: None };
    // `--moodle-attempts last`: of Moodle's records, only each learner's last attempt at the course.
    let mut statement = conn.prepare(ROWS)?;
    let mut rows = statement.query([i64::from(options.moodle_attempts == MoodleAttempts::Last)])?;
    while let Some(row) = rows.next()? {
        let pseudonym: String = row.get(0)?;
        let (course, module): (String, String) = (row.get(1)?, row.get(2)?);
        let (Some(module), Some(&learner)) = (catalog.module(&course, &module), people.index.get(&pseudonym)) else {
            continue;
        };
        let (passed, failed, completed): (bool, bool, bool) = (row.get(3)?, row.get(4)?, row.get(5)?);
        let last: Option<String> = row.get(7)?;
        let terminated: Option<i64> = row.get(8)?;
        let judged: Option<i64> = row.get(9)?;
        let (sessions, initialized, registrations): (i64, i64, i64) = (row.get(10)?, row.get(11)?, row.get(12)?);
        let at: Option<String> = row.get(13)?;
        let first: Option<String> = row.get(14)?;
        if let (Some(first), Some(last)) = (first, at.clone()) {
            people.period = Some(match people.period.take() {
                Some((a, b)) => (a.min(first), b.max(last)),
                None => (first, last),
            });
        }
        let status = if passed {
            Status::Passed
        } else if failed {
            Status::Failed
        } else if completed {
            Status::Completed
        } else {
            Status::InProgress
        };
        people.rows.push(Row {
            learner,
            module: u32::try_from(module)?,
            status,
            verdict: (passed || failed).then_some(VerdictOrigin::Recorded),
            best: row.get(6)?,
            last: last.and_then(|l| l.rsplit_once(' ').and_then(|(_, s)| s.parse().ok())),
            time_ms: terminated.or(judged).and_then(|ms| u64::try_from(ms).ok()),
            sessions: u64::try_from(sessions.max(initialized).max(registrations)).unwrap_or(0),
            last_ms: at.as_deref().and_then(time::millis),
        });
    }
    people.rows.sort_by_key(|r| (r.learner, r.module));
    people.keep_active();
    Ok(people)
}

impl People {
    /// Only the learners with a record of the path (a learner whose records were all voided, or
    /// are of modules no longer in the sources, is not one).
    fn keep_active(&mut self) {
        let mut active = vec![false; self.learners.len()];
        for row in &self.rows {
            active[row.learner as usize] = true;
        }
        let mut renumber = vec![0u32; self.learners.len()];
        let mut next = 0u32;
        for (old, &keep) in active.iter().enumerate() {
            renumber[old] = next;
            next += u32::from(keep);
        }
        let mut old = 0;
        self.learners.retain(|_| {
            old += 1;
            active[old - 1]
        });
        for row in &mut self.rows {
            row.learner = renumber[row.learner as usize];
        }
        self.index = self.learners.iter().enumerate().map(|(i, l)| (l.pseudonym.clone(), i as u32)).collect();
    }

    /// Assessed modules without a recorded verdict: judged from the recorded score against the
    /// module's mastery, else from the last answers to every question of the module (`scores`, by
    /// learner and module, weighted as the player weighs them).
    pub(crate) fn recompute_verdicts(&mut self, catalog: &Catalog, scores: &HashMap<(u32, u32), f64>) {
        for row in &mut self.rows {
            let module = &catalog.modules[row.module as usize];
            if !module.assessed || row.verdict.is_some() {
                continue;
            }
            let score = match row.last {
                Some(score) if row.status == Status::Completed => Some(score),
                _ => scores.get(&(row.learner, row.module)).copied(),
            };
            if let Some(score) = score {
                let passed = score + 1e-9 >= f64::from(module.mastery) / 100.0;
                row.status = if passed { Status::Passed } else { Status::Failed };
                row.verdict = Some(VerdictOrigin::Recomputed);
                if row.last.is_none() {
                    row.last = Some(score);
                    row.best = Some(score);
                }
            }
        }
    }

    /// Cohorts too small to be shown are not named in learners' rows either: counting rows would
    /// give their size back.
    pub(crate) fn withhold_cohorts(&mut self, cohorts: &[CohortFigures]) {
        let hidden: Vec<&str> =
            cohorts.iter().filter(|c| c.learners.is_hidden()).filter_map(|c| c.cohort.as_deref()).collect();
        for learner in &mut self.learners {
            if learner.cohort.as_deref().is_some_and(|c| hidden.contains(&c)) {
                learner.cohort = None;
            }
        }
    }

    /// Whether a row's learner completed the module (passed and failed included).
    pub(crate) fn done(row: &Row) -> bool {
        matches!(row.status, Status::Completed | Status::Passed | Status::Failed)
    }

    /// The learner × module rows, made one at a time when written.
    pub(crate) fn into_rows(self, catalog: &Catalog, zone: Tz) -> LearnerRows {
        let modules = catalog
            .courses
            .iter()
            .flat_map(|c| c.modules.iter().map(move |&m| (m, c.id.clone(), catalog.modules[m].id.clone())))
            .collect();
        LearnerRows { learners: self.learners, rows: self.rows, modules, identify: self.identify, zone }
    }
}

/// One row per learner and module of the path, not started ones included, in the path's order:
/// kept as the compact rows of the modules started, and made into [`LearnerModule`]s one at a
/// time as they are written (10,000 learners of a path of 22 modules make 220,000 rows).
#[derive(Debug)]
pub(crate) struct LearnerRows {
    learners: Vec<Learner>,
    /// Sorted by learner, then module.
    rows: Vec<Row>,
    /// (module index, course id, module id), in the path's order.
    modules: Vec<(usize, String, String)>,
    identify: bool,
    zone: Tz,
}

impl LearnerRows {
    pub(crate) fn iter(&self) -> impl Iterator<Item = LearnerModule> + '_ {
        self.learners.iter().enumerate().flat_map(move |(l, learner)| {
            let start = self.rows.partition_point(|r| (r.learner as usize) < l);
            let end = self.rows.partition_point(|r| (r.learner as usize) <= l);
            let mine = &self.rows[start..end];
            self.modules.iter().map(move |(m, course, module)| {
                let row = mine.iter().find(|r| r.module as usize == *m);
                LearnerModule {
                    learner: learner.pseudonym.clone(),
                    name: if self.identify { learner.name.clone() } else { None },
                    email: if self.identify { learner.email.clone() } else { None },
                    cohort: learner.cohort.clone(),
                    course: course.clone(),
                    module: module.clone(),
                    status: row.map_or(Status::NotStarted, |r| r.status),
                    verdict: row.and_then(|r| r.verdict),
                    best_score: row.and_then(|r| r.best).map(super::analyse::round4),
                    last_score: row.and_then(|r| r.last).map(super::analyse::round4),
                    time_s: row.and_then(|r| r.time_ms).map(|ms| (ms + 500) / 1000),
                    sessions: row.map_or(0, |r| r.sessions),
                    last_activity: row.and_then(|r| r.last_ms).and_then(|ms| time::local_millis(ms, self.zone)),
                }
            })
        })
    }

    /// Rows, not started ones included.
    pub(crate) fn len(&self) -> usize {
        self.learners.len() * self.modules.len()
    }

    /// Learners.
    pub(crate) fn learners(&self) -> usize {
        self.learners.len()
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.learners.is_empty()
    }
}

impl serde::Serialize for LearnerRows {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.iter())
    }
}

impl schemars::JsonSchema for LearnerRows {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        <Vec<LearnerModule>>::schema_name()
    }

    fn inline_schema() -> bool {
        true
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        <Vec<LearnerModule>>::json_schema(generator)
    }
}
