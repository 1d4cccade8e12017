//! Cohorts: a label per learner, from `--cohorts` (CSV: actor or pseudonym, label) or else from the
//! records' `context.team`; and each cohort's figures beside the others'.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use anyhow::Context;

use super::analyse::{median, ratio, CohortFigures};
use super::fact::Actor;
use super::learners::People;
use super::privacy::{suppress, Figure};
use super::store::Store;

/// Pseudonym → cohort label: the file's, else the records' team.
pub(crate) fn assign(store: &Store, file: Option<&Path>) -> anyhow::Result<HashMap<String, String>> {
    let mut map = HashMap::new();
    let mut statement = store.connection().prepare("SELECT learner, team FROM learners WHERE team IS NOT NULL")?;
    let mut rows = statement.query([])?;
    while let Some(row) = rows.next()? {
        map.insert(row.get(0)?, row.get(1)?);
    }
    if let Some(file) = file {
        let text = std::fs::read_to_string(file)
            .with_context(|| crate::tr!("cannot read the cohorts file {}", file.display()))?;
        for (n, line) in text.trim_start_matches('\u{feff}').lines().enumerate() {
            let fields = split_line(line);
            let [who, label] = fields.as_slice() else {
                if line.trim().is_empty() {
                    continue;
                }
                anyhow::bail!(
                    "{}",
                    crate::tr!("{}:{}: expected two fields, a learner and a cohort label", file.display(), n + 1)
                );
            };
            let (who, label) = (who.trim(), label.trim());
            if n == 0 && who.eq_ignore_ascii_case("learner") || who.is_empty() || label.is_empty() {
                continue; // a header, or a learner without a cohort
            }
            map.insert(pseudonym_of(store, who), label.to_string());
        }
    }
    Ok(map)
}

/// A learner as the cohorts file names them: a pseudonym (16 hexadecimal digits), an e-mail
/// address (`mailto:` optional), or an actor key as the database's documentation gives them
/// (`account:<homePage>|<name>`, `openid:…`, `mbox_sha1sum:…`).
fn pseudonym_of(store: &Store, who: &str) -> String {
    if who.len() == 16 && who.bytes().all(|b| b.is_ascii_hexdigit()) {
        return who.to_ascii_lowercase();
    }
    if who.contains('@') && !who.contains(':') || who.starts_with("mailto:") {
        return store.pseudonym(&Actor::by_email(who, None).key);
    }
    store.pseudonym(who)
}

/// A line of a small CSV file, `,` or `;` separated, fields maybe quoted.
fn split_line(line: &str) -> Vec<String> {
    let separator = if line.contains(';') && !line.contains(',') { ';' } else { ',' };
    let mut fields = vec![String::new()];
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                chars.next();
                fields.last_mut().expect("one field").push('"');
            }
            '"' => quoted = !quoted,
            c if c == separator && !quoted => fields.push(String::new()),
            c => fields.last_mut().expect("one field").push(c),
        }
    }
    fields
}

/// Each cohort's learners, completion, pass rate and median time, learners without a cohort as
/// one more group; small cohorts hidden with their complement. Empty when nobody has a cohort.
pub(crate) fn figures(people: &People, k: u32) -> Vec<CohortFigures> {
    if people.learners.iter().all(|l| l.cohort.is_none()) {
        return Vec::new();
    }
    #[derive(Default)]
    struct Group {
        learners: u64,
        started: u64,
        done: u64,
        passed: u64,
        judged: u64,
        times: Vec<u64>,
    }
    let mut groups: BTreeMap<Option<&str>, Group> = BTreeMap::new();
    for learner in &people.learners {
        groups.entry(learner.cohort.as_deref()).or_default().learners += 1;
    }
    let mut total_time: HashMap<u32, u64> = HashMap::new();
    for row in &people.rows {
        let group = groups.entry(people.learners[row.learner as usize].cohort.as_deref()).or_default();
        group.started += 1;
        group.done += u64::from(People::done(row));
        group.passed += u64::from(row.status == super::analyse::Status::Passed);
        group.judged += u64::from(row.verdict.is_some());
        if let Some(ms) = row.time_ms {
            *total_time.entry(row.learner).or_default() += ms;
        }
    }
    for (learner, ms) in total_time {
        let group =
            groups.get_mut(&people.learners[learner as usize].cohort.as_deref()).expect("every learner's group");
        group.times.push((ms + 500) / 1000);
    }
    // learners without a cohort last
    let mut ordered: Vec<(Option<&str>, Group)> = groups.into_iter().collect();
    let none_first = usize::from(ordered.first().is_some_and(|(c, _)| c.is_none()));
    ordered.rotate_left(none_first);
    let hidden = suppress(&ordered.iter().map(|(_, g)| g.learners).collect::<Vec<_>>(), k);
    ordered
        .into_iter()
        .zip(hidden)
        .map(|((cohort, g), hide)| {
            let hide = hide.then_some(k);
            CohortFigures {
                cohort: cohort.map(str::to_string),
                learners: Figure::new(g.learners, hide),
                completion_rate: Figure::new(ratio(g.done, g.started), hide),
                pass_rate: Figure::new(ratio(g.passed, g.judged), hide),
                median_time_s: Figure::new(median(g.times), hide),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_split_with_quotes() {
        assert_eq!(split_line(r#"ana@example.org,"Ville, Nord""#), ["ana@example.org", "Ville, Nord"]);
        assert_eq!(split_line("a;b"), ["a", "b"]);
    }
}
