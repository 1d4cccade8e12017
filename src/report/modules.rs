//! Modules (started, completed, passed, failed, rates, median time), each course's drop-out
//! funnel, the summary and what each source gave: from the learner × module rows and the tally.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono_tz::Tz;

use super::analyse::{median, ratio, Funnel, FunnelStep, ModuleFigures, Skipped, SourceTally, Status, Summary};
use super::catalog::Catalog;
use super::learners::People;
use super::privacy::{too_small, Figure};
use super::store::Store;
use super::time;

/// Each module of the path, in order.
pub(crate) fn modules(catalog: &Catalog, people: &People, k: u32) -> Vec<ModuleFigures> {
    #[derive(Default)]
    struct Counts {
        started: u64,
        completed: u64,
        passed: u64,
        failed: u64,
        times: Vec<u64>,
    }
    let mut counts: Vec<Counts> = catalog.modules.iter().map(|_| Counts::default()).collect();
    for row in &people.rows {
        let c = &mut counts[row.module as usize];
        c.started += 1;
        c.completed += u64::from(People::done(row));
        c.passed += u64::from(row.status == Status::Passed);
        c.failed += u64::from(row.status == Status::Failed);
        if People::done(row) {
            if let Some(ms) = row.time_ms {
                c.times.push((ms + 500) / 1000);
            }
        }
    }
    catalog
        .modules
        .iter()
        .zip(counts)
        .map(|(m, c)| {
            let hide = hide_group(c.started, k);
            ModuleFigures {
                course: catalog.courses[m.course].id.clone(),
                module: m.id.clone(),
                title: m.title.clone(),
                assessed: m.assessed,
                mastery: m.assessed.then_some(m.mastery),
                started: Figure::new(c.started, hide),
                completed: Figure::new(c.completed, hide),
                passed: Figure::new(c.passed, hide),
                failed: Figure::new(c.failed, hide),
                completion_rate: Figure::new(ratio(c.completed, c.started), hide),
                pass_rate: Figure::new(ratio(c.passed, c.passed + c.failed), hide),
                median_time_s: Figure::new(median(c.times), hide),
            }
        })
        .collect()
}

/// A group's figures are hidden when it has some learners, but fewer than K (none is no secret).
pub(crate) fn hide_group(n: u64, k: u32) -> Option<u32> {
    if n == 0 {
        None
    } else {
        too_small(n, k)
    }
}

/// Each course's funnel: its learners, then how many started and completed each module.
pub(crate) fn funnels(catalog: &Catalog, people: &People, modules: &[ModuleFigures], k: u32) -> Vec<Funnel> {
    let mut learners: Vec<HashSet<u32>> = catalog.courses.iter().map(|_| HashSet::new()).collect();
    for row in &people.rows {
        learners[catalog.modules[row.module as usize].course].insert(row.learner);
    }
    catalog
        .courses
        .iter()
        .zip(learners)
        .map(|(course, learners)| {
            let n = learners.len() as u64;
            Funnel {
                course: course.id.clone(),
                title: course.title.clone(),
                learners: Figure::new(n, hide_group(n, k)),
                steps: course
                    .modules
                    .iter()
                    .map(|&m| FunnelStep {
                        module: catalog.modules[m].id.clone(),
                        title: catalog.modules[m].title.clone(),
                        started: modules[m].started,
                        completed: modules[m].completed,
                    })
                    .collect(),
            }
        })
        .collect()
}

/// The summary: learners, completion, pass rate, median time on the path, the period covered.
pub(crate) fn summary(people: &People, zone: Tz, k: u32) -> anyhow::Result<Summary> {
    let (started, done, passed, judged) = people.rows.iter().fold((0, 0, 0, 0), |(s, d, p, j), row| {
        (
            s + 1,
            d + u64::from(People::done(row)),
            p + u64::from(row.status == Status::Passed),
            j + u64::from(row.verdict.is_some()),
        )
    });
    let mut time: HashMap<u32, u64> = HashMap::new();
    for row in &people.rows {
        if let Some(ms) = row.time_ms {
            *time.entry(row.learner).or_default() += ms;
        }
    }
    let (from, to) = people.period.clone().unzip();
    let n = people.learners.len() as u64;
    let hide = hide_group(n, k);
    Ok(Summary {
        learners: Figure::new(n, hide),
        completion_rate: Figure::new(ratio(done, started), hide),
        pass_rate: Figure::new(ratio(passed, judged), hide),
        median_time_s: Figure::new(median(time.into_values().map(|ms| (ms + 500) / 1000).collect()), hide),
        period_from: from.map(|t| time::local(&t, zone)).transpose()?,
        period_to: to.map(|t| time::local(&t, zone)).transpose()?,
    })
}

/// What each source gave, from the store's tally (`kept`, `duplicate`, `voided`, `skipped: <why>`).
pub(crate) fn sources(store: &Store) -> anyhow::Result<Vec<SourceTally>> {
    let mut by_source: BTreeMap<String, SourceTally> = BTreeMap::new();
    let mut statement = store.connection().prepare("SELECT source, what, n FROM tally ORDER BY source, what")?;
    let mut rows = statement.query([])?;
    while let Some(row) = rows.next()? {
        let (source, what, n): (String, String, i64) = (row.get(0)?, row.get(1)?, row.get(2)?);
        let n = u64::try_from(n).unwrap_or(0);
        let tally = by_source.entry(source.clone()).or_insert_with(|| SourceTally {
            source,
            read: 0,
            kept: 0,
            duplicate: 0,
            voided: 0,
            voiding: 0,
            lms: 0,
            skipped: Vec::new(),
        });
        match what.as_str() {
            "kept" => tally.kept += n,
            "duplicate" => tally.duplicate += n,
            "voided" => tally.voided += n,
            "voiding" => tally.voiding += n,
            "lms" => tally.lms += n,
            "read" => tally.read += n,
            other => tally
                .skipped
                .push(Skipped { why: other.strip_prefix("skipped:").unwrap_or(other).trim().to_string(), n }),
        }
    }
    Ok(by_source.into_values().collect())
}

/// Whether some records came from Moodle.
pub(crate) fn any_moodle(store: &Store) -> anyhow::Result<bool> {
    Ok(store.connection().prepare("SELECT 1 FROM tally WHERE source LIKE 'moodle:%' LIMIT 1")?.exists([])?)
}
