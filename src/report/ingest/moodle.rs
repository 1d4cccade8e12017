//! Moodle 4.x SCORM report downloads (the Basic and the Interactions reports; text, ODS, Excel)
//! read into facts.
//!
//! The layout, as Moodle writes it: 6 fixed columns (name, e-mail, attempt, started on, last
//! accessed on, score), then one header column per SCO (titled with the module's title, or the
//! course's for a `--single-sco` package), then ONE header group per interaction number
//! ("Question N", "Response N", "Right answer N", "Result N": whichever the report showed). Each
//! data row has the 6 fixed cells, then for every SCO its status cell followed by as many groups
//! as the header has, so rows are wider than the header. Headers, dates and status words are in
//! the server's language: columns are found by position and by the path's titles, never by their
//! header words (except to tell which columns a partial group holds).

use std::path::Path;

use anyhow::{bail, Context};
use chrono::{NaiveDate, NaiveDateTime, TimeZone};
use uuid::Uuid;

use super::statement::skip;
use crate::model::QuestionKind;
use crate::report::fact::{Actor, Fact, Verb};
use crate::report::index::{PathIndex, Tracked};
use crate::report::store::Store;
use crate::report::ReportOptions;

/// The fixed columns before the SCOs.
const FIXED: usize = 6;

/// The namespace of the ids made for Moodle rows (UUIDv5 of what identifies a row).
const MOODLE_IDS: Uuid = Uuid::from_u128(0x7c2e_41a9_0d3b_4f6e_9a51_c83d_27e4_b016);

/// Reads one Moodle report download into the store.
pub(crate) fn read(store: &Store, index: &PathIndex, file: &Path, options: &ReportOptions) -> anyhow::Result<()> {
    let rows = table(file)?;
    let source = format!(
        "moodle:{}",
        file.file_name().map_or_else(|| file.display().to_string(), |n| n.to_string_lossy().into_owned())
    );
    let mut rows = rows.into_iter();
    let Some(header) = rows.next() else { bail!("{}", crate::tr!("{} is empty", file.display())) };
    let zone = Zone::new(options.tz.as_deref())?;
    let layout = match Layout::of(&header, index) {
        Ok(layout) => layout,
        Err(why) => {
            let (reason, shown) = why.skip()?;
            store.count(&source, &format!("skipped: {reason}"), 1)?;
            eprintln!("{}: {}: {shown}", crate::tr!("warning"), file.display());
            return Ok(());
        }
    };
    store.begin()?;
    for (n, row) in rows.enumerate() {
        store.count(&source, "read", 1)?;
        if let Err(why) = layout.row(store, index, &source, &row, &zone, options) {
            let (reason, shown) = why.skip()?;
            store.count(&source, &format!("skipped: {reason}"), 1)?;
            eprintln!("{}: {}:{}: {shown}", crate::tr!("warning"), file.display(), n + 2);
        }
    }
    store.commit()
}

/// The cells of the first sheet (ODS, Excel) or of the tab-separated text, as text.
fn table(file: &Path) -> anyhow::Result<Vec<Vec<String>>> {
    let extension = file.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
    match extension.as_deref() {
        Some("ods") => ods_rows(file),
        Some("xlsx" | "xls") => {
            use calamine::Reader;
            let mut book = calamine::open_workbook_auto(file)
                .with_context(|| crate::tr!("cannot read {} as a spreadsheet", file.display()))?;
            let range = book
                .worksheet_range_at(0)
                .with_context(|| crate::tr!("{} has no sheet", file.display()))?
                .with_context(|| crate::tr!("cannot read the first sheet of {}", file.display()))?;
            // A sheet's rows are all as wide as its widest: the empty cells at their end are nothing.
            Ok(range
                .rows()
                .map(|row| {
                    let mut cells: Vec<String> = row.iter().map(cell_text).collect();
                    while cells.last().is_some_and(String::is_empty) {
                        cells.pop();
                    }
                    cells
                })
                .collect())
        }
        _ => {
            let mut reader = csv::ReaderBuilder::new()
                .delimiter(b'\t')
                .has_headers(false)
                .flexible(true)
                .from_path(file)
                .with_context(|| crate::tr!("cannot read {}", file.display()))?;
            let mut rows = Vec::new();
            for record in reader.records() {
                let record = record.with_context(|| crate::tr!("{} is not a Moodle text download", file.display()))?;
                rows.push(record.iter().map(|c| c.trim_start_matches('\u{feff}').to_string()).collect());
            }
            Ok(rows)
        }
    }
}

/// The most of an ODS file's `content.xml` read (a report of thousands of learners is far less).
const MAX_ODS_XML: u64 = 256 << 20;

/// The first sheet of an OpenDocument spreadsheet. Read here rather than by the spreadsheet
/// crate, which refuses the line breaks Moodle writes between cells.
fn ods_rows(file: &Path) -> anyhow::Result<Vec<Vec<String>>> {
    use quick_xml::events::Event;
    use std::io::Read;
    let not_ods = || format!("{} is not an OpenDocument spreadsheet", file.display());
    let mut archive = zip::ZipArchive::new(std::fs::File::open(file)?).with_context(not_ods)?;
    let mut xml = String::new();
    archive.by_name("content.xml").with_context(not_ods)?.take(MAX_ODS_XML).read_to_string(&mut xml)?;
    let mut reader = quick_xml::Reader::from_str(&xml);
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut row: Vec<String> = Vec::new();
    // The cell being read: its text, and how many columns it repeats over.
    let mut cell: Option<(String, usize)> = None;
    loop {
        match reader.read_event().with_context(not_ods)? {
            Event::Start(e) | Event::Empty(e)
                if matches!(e.name().as_ref(), "table:table-cell" | "table:covered-table-cell") =>
            {
                let repeat = e
                    .try_get_attribute("table:number-columns-repeated")
                    .ok()
                    .flatten()
                    .and_then(|a| a.normalized_value(quick_xml::XmlVersion::Implicit1_0).ok()?.parse::<usize>().ok())
                    .unwrap_or(1);
                // Trailing empty cells repeated to the sheet's edge: a few are kept, the rest are nothing.
                row.extend(std::iter::repeat_n(String::new(), repeat.min(4096)));
                cell = Some((String::new(), repeat.min(4096)));
            }
            Event::Text(t) if cell.is_some() => {
                if let Some((text, _)) = cell.as_mut() {
                    text.push_str(&t.xml10_content());
                }
            }
            Event::GeneralRef(r) if cell.is_some() => {
                let name = r.xml10_content();
                let resolved = match r.resolve_char_ref() {
                    Ok(Some(c)) => Some(c.to_string()),
                    _ => quick_xml::escape::resolve_predefined_entity(&name).map(str::to_string),
                };
                if let (Some((text, _)), Some(resolved)) = (cell.as_mut(), resolved) {
                    text.push_str(&resolved);
                }
            }
            Event::Start(e) | Event::Empty(e) if e.name().as_ref() == "text:s" && cell.is_some() => {
                let n = e
                    .try_get_attribute("text:c")
                    .ok()
                    .flatten()
                    .and_then(|a| a.normalized_value(quick_xml::XmlVersion::Implicit1_0).ok()?.parse().ok())
                    .unwrap_or(1);
                if let Some((text, _)) = cell.as_mut() {
                    text.extend(std::iter::repeat_n(' ', n));
                }
            }
            Event::End(e) if matches!(e.name().as_ref(), "table:table-cell" | "table:covered-table-cell") => {
                if let Some((text, repeat)) = cell.take() {
                    let from = row.len() - repeat;
                    row[from..].fill(text);
                }
            }
            Event::End(e) if e.name().as_ref() == "table:table-row" => {
                while row.last().is_some_and(String::is_empty) {
                    row.pop();
                }
                rows.push(std::mem::take(&mut row));
            }
            Event::End(e) if e.name().as_ref() == "table:table" => break,
            Event::Eof => break,
            _ => {}
        }
    }
    while rows.last().is_some_and(Vec::is_empty) {
        rows.pop();
    }
    Ok(rows)
}

/// A spreadsheet cell as the text download would show it (whole numbers without `.0`).
fn cell_text(cell: &calamine::Data) -> String {
    match cell {
        calamine::Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        calamine::Data::Empty => String::new(),
        other => other.to_string(),
    }
}

/// What one interaction group's columns hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Column {
    Question,
    Response,
    RightAnswer,
    Result,
}

/// Why a download or one of its rows is not read: a reason of [`skip`] (the tally's key) with what
/// in the file made it, or an error of the database, which stops the run.
#[derive(Debug)]
enum Why {
    Skip { reason: &'static str, detail: Option<String> },
    Store(anyhow::Error),
}

impl From<&'static str> for Why {
    fn from(reason: &'static str) -> Why {
        Why::Skip { reason, detail: None }
    }
}

impl Why {
    /// A reason, and the text of the file that gave it (`date \`lundi\` not understood`).
    fn about(reason: &'static str, what: &str) -> Why {
        Why::Skip { reason, detail: Some(what.to_string()) }
    }

    /// The reason counted in the tally, and the warning said to the reader in their language; the
    /// database's error as it is.
    fn skip(self) -> anyhow::Result<(&'static str, String)> {
        match self {
            Why::Skip { reason, detail: None } => Ok((reason, skip::shown(reason))),
            Why::Skip { reason, detail: Some(detail) } => Ok((reason, format!("{} (`{detail}`)", skip::shown(reason)))),
            Why::Store(error) => Err(error),
        }
    }
}

/// Where things are in the rows of one download.
#[derive(Debug)]
struct Layout {
    /// Per SCO: the course, and the module (`None` for a course's single SCO).
    scos: Vec<(String, Option<String>)>,
    /// The columns of one interaction group, in order.
    group: Vec<Column>,
    /// How many groups follow each SCO's status cell.
    groups: usize,
}

impl Layout {
    fn of(header: &[String], index: &PathIndex) -> Result<Layout, Why> {
        if header.len() < FIXED {
            return Err(Why::from(skip::NOT_A_REPORT));
        }
        let rest = &header[FIXED..];
        let first_group = rest.iter().position(|h| group_number(h) == Some(0)).unwrap_or(rest.len());
        let titles = &rest[..first_group];
        if titles.is_empty() {
            return Err(Why::from(skip::NO_SCO_COLUMNS));
        }
        let scos = match_titles(titles, index)?;
        let named: Vec<Option<Column>> =
            rest[first_group..].iter().take_while(|h| group_number(h) == Some(0)).map(|h| column_of(h)).collect();
        // All four columns come in Moodle's order; fewer are told apart by their header words.
        let group = if named.len() == 4 {
            vec![Column::Question, Column::Response, Column::RightAnswer, Column::Result]
        } else {
            named.into_iter().collect::<Option<Vec<_>>>().unwrap_or_default()
        };
        let groups = if group.is_empty() { 0 } else { (rest.len() - first_group) / group.len() };
        Ok(Layout { scos, group, groups })
    }

    /// The facts of one row: the attempt's SCOs, each with its status and its interactions.
    fn row(
        &self,
        store: &Store,
        index: &PathIndex,
        source: &str,
        row: &[String],
        zone: &Zone,
        options: &ReportOptions,
    ) -> Result<(), Why> {
        let cell = |i: usize| row.get(i).map_or("", |c| c.trim());
        let (name, email, attempt) = (cell(0), cell(1), cell(2));
        if attempt == "-" || attempt.is_empty() {
            return Err(Why::from(skip::NEVER_STARTED));
        }
        let attempt: u32 = attempt.parse().map_err(|_| Why::about(skip::BAD_ATTEMPT, attempt))?;
        let started = zone.parse(cell(3)).ok_or_else(|| Why::about(skip::BAD_DATE, cell(3)))?;
        let name = (!name.is_empty()).then(|| name.to_string());
        let actor = if email.contains('@') {
            Actor::by_email(email, name)
        } else {
            Actor { key: format!("moodle:{}", name.clone().unwrap_or_default()), name, email: None }
        };
        let registration = format!("moodle-attempt-{attempt}");
        let width = 1 + self.groups * self.group.len();
        for (s, (course, module)) in self.scos.iter().enumerate() {
            let at = FIXED + s * width;
            let status = cell(at);
            let mut row_fact =
                RowFact { store, source, actor: &actor, registration: &registration, course, at: started };
            let mut answered = Vec::new();
            for g in 0..self.groups {
                let values = |c: Column| {
                    self.group.iter().position(|k| *k == c).map_or("", |p| cell(at + 1 + g * self.group.len() + p))
                };
                let question = values(Column::Question);
                if question.is_empty() {
                    continue;
                }
                let Some((module, block, kind)) = place(index, course, module.as_deref(), question) else {
                    store.count(source, &format!("skipped: {}", skip::UNKNOWN_INTERACTION), 1).map_err(Why::Store)?;
                    continue;
                };
                let response = values(Column::Response);
                let response = match kind {
                    Tracked::Reflection if !options.include_reflections => None,
                    _ => (!response.is_empty()).then(|| as_xapi(kind, response)),
                };
                let success = match values(Column::Result) {
                    "correct" => Some(true),
                    "wrong" | "incorrect" => Some(false),
                    _ => None,
                };
                answered.push((module, block, response, success));
            }
            let modules: Vec<String> = match module {
                Some(m) => vec![m.clone()],
                None if answered.is_empty() && !status.is_empty() => return Err(Why::from(skip::COURSE_ONLY)),
                None => {
                    let mut seen: Vec<String> = answered.iter().map(|a| a.0.clone()).collect();
                    seen.dedup();
                    seen
                }
            };
            for m in &modules {
                row_fact.status(m, status, index).map_err(Why::Store)?;
            }
            for (n, (m, block, response, success)) in answered.into_iter().enumerate() {
                // Answers keep their order within the attempt: one millisecond apart.
                row_fact.at = started + chrono::Duration::milliseconds(i64::try_from(n).unwrap_or(0) + 1);
                row_fact.answer(&m, n, &block, response, success).map_err(Why::Store)?;
            }
        }
        Ok(())
    }
}

/// The facts of one row of one SCO.
struct RowFact<'a> {
    store: &'a Store,
    source: &'a str,
    actor: &'a Actor,
    registration: &'a str,
    course: &'a str,
    at: chrono::DateTime<chrono::Utc>,
}

impl RowFact<'_> {
    fn fact(&self, module: &str, verb: Verb, key: &str) -> Fact {
        let name = format!("{}|{}|{}|{}|{module}|{key}", self.actor.key, self.course, self.registration, verb.as_str());
        Fact {
            id: Uuid::new_v5(&MOODLE_IDS, name.as_bytes()).to_string(),
            source: self.source.to_string(),
            actor: self.actor.clone(),
            team: None,
            verb,
            course: self.course.to_string(),
            module: module.to_string(),
            block: None,
            registration: Some(self.registration.to_string()),
            session: None,
            at: self.at.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string(),
            stored: None,
            success: None,
            completion: None,
            scaled: None,
            response: None,
            duration_ms: None,
            by_lms: false,
            diagnostic: None,
        }
    }

    /// A SCO's status cell: a status word, or the score of an assessed SCO (then passed or
    /// failed against the module's mastery score in the sources).
    fn status(&self, module: &str, status: &str, index: &PathIndex) -> anyhow::Result<()> {
        let word = status.to_lowercase();
        if word.is_empty() || NOT_ATTEMPTED.contains(&word.as_str()) {
            return Ok(());
        }
        self.store.insert(&self.fact(module, Verb::Initialized, ""))?;
        if let Ok(score) = status.replace(',', ".").parse::<f64>() {
            let scaled = (score / 100.0).clamp(0.0, 1.0);
            let passed = index.mastery(self.course, module).is_some_and(|m| scaled + 1e-9 >= f64::from(m) / 100.0);
            let verb = if passed { Verb::Passed } else { Verb::Failed };
            let mut fact = self.fact(module, verb, status);
            fact.success = Some(passed);
            fact.scaled = Some(scaled);
            self.store.insert(&fact)?;
        } else if PASSED.contains(&word.as_str()) || FAILED.contains(&word.as_str()) {
            let passed = PASSED.contains(&word.as_str());
            let mut fact = self.fact(module, if passed { Verb::Passed } else { Verb::Failed }, "");
            fact.success = Some(passed);
            self.store.insert(&fact)?;
        } else if COMPLETED.contains(&word.as_str()) {
            let mut fact = self.fact(module, Verb::Completed, "");
            fact.completion = Some(true);
            self.store.insert(&fact)?;
        }
        Ok(())
    }

    fn answer(
        &self,
        module: &str,
        n: usize,
        block: &str,
        response: Option<String>,
        success: Option<bool>,
    ) -> anyhow::Result<()> {
        let mut fact = self.fact(module, Verb::Answered, &format!("{n}|{block}"));
        fact.block = Some(block.to_string());
        fact.response = response;
        fact.success = success;
        self.store.insert(&fact)?;
        Ok(())
    }
}

/// Status words of Moodle's interface (English, French).
const NOT_ATTEMPTED: [&str; 2] = ["not attempted", "aucune tentative"];
const COMPLETED: [&str; 3] = ["completed", "terminé", "termine"];
const PASSED: [&str; 2] = ["passed", "réussi"];
const FAILED: [&str; 3] = ["failed", "échoué", "échec"];

/// The number ending a group header ("Question 3", "Réponse correcte 3").
fn group_number(header: &str) -> Option<usize> {
    let (_, n) = header.trim().rsplit_once(' ')?;
    n.parse().ok()
}

/// Which column a group header names, in English or French; `None` when not known.
fn column_of(header: &str) -> Option<Column> {
    let words = header.trim().rsplit_once(' ').map_or(header, |(w, _)| w).to_lowercase();
    match words.as_str() {
        "question" => Some(Column::Question),
        "response" | "réponse" => Some(Column::Response),
        "right answer" | "réponse correcte" | "bonne réponse" => Some(Column::RightAnswer),
        "result" | "résultat" => Some(Column::Result),
        _ => None,
    }
}

/// The SCO columns matched to the path: one course's title (a `--single-sco` package), or the
/// modules of one course, by title. A module retitled since the package was played is matched by
/// its position when the SCOs are as many as the course's modules.
fn match_titles(titles: &[String], index: &PathIndex) -> Result<Vec<(String, Option<String>)>, Why> {
    if let [title] = titles {
        if let Some(course) = index.courses_titled(title).first() {
            return Ok(vec![(course.clone(), None)]);
        }
    }
    let candidates: Vec<&[(String, String)]> = titles.iter().map(|t| index.modules_titled(t)).collect();
    // The course most of the titles belong to (two courses may share a module title).
    let mut courses: Vec<&String> = candidates.iter().flat_map(|list| list.iter().map(|(c, _)| c)).collect();
    courses.sort();
    courses.dedup();
    let matched = |course: &String| candidates.iter().filter(|list| list.iter().any(|(c, _)| c == course)).count();
    let Some(course) = courses.into_iter().max_by_key(|c| matched(c)) else {
        return Err(Why::about(skip::NO_MODULE_SCO, &titles[0]));
    };
    let modules = index.modules_of(course);
    let by_position = modules.len() == titles.len();
    titles
        .iter()
        .zip(&candidates)
        .enumerate()
        .map(|(i, (title, list))| match list.iter().find(|(c, _)| c == course) {
            Some((c, m)) => Ok((c.clone(), Some(m.clone()))),
            None if by_position => Ok((course.clone(), Some(modules[i].clone()))),
            None => Err(Why::about(skip::SCO_NOT_IN_COURSE, &format!("{title} ∉ {course}"))),
        })
        .collect()
}

/// The module, block and kind of an interaction id: the block's id in a module's SCO; in a
/// course's single SCO `<module>.<block>` (or, from packages before the dot, `<module>-<block>`).
fn place(index: &PathIndex, course: &str, module: Option<&str>, id: &str) -> Option<(String, String, Tracked)> {
    let id = id.replace('_', "-"); // SCORM 2004 values write `-` as `_`
    if let Some(module) = module {
        return index.tracked(course, module, &id).map(|k| (module.to_string(), id.clone(), k));
    }
    if let Some((m, b)) = id.split_once('.') {
        return index.tracked(course, m, b).map(|k| (m.to_string(), b.to_string(), k));
    }
    index.modules_of(course).iter().find_map(|m| {
        let block = id.strip_prefix(m.as_str())?.strip_prefix('-')?;
        index.tracked(course, m, block).map(|k| (m.clone(), block.to_string(), k))
    })
}

/// A SCORM 1.2 (or 2004) response written as Campus writes xAPI responses: lists joined with
/// `[,]`, matching pairs with `[.]`, true/false in words, SCORM 2004's `_` back to `-` in ids.
fn as_xapi(kind: Tracked, response: &str) -> String {
    let ids = |text: &str| text.replace('_', "-");
    match kind {
        Tracked::Question(QuestionKind::Single | QuestionKind::Multiple | QuestionKind::Ordering) => {
            ids(response).replace("[,]", ",").split(',').collect::<Vec<_>>().join("[,]")
        }
        Tracked::Question(QuestionKind::Matching) => ids(response)
            .replace("[,]", ",")
            .replace("[.]", ".")
            .split(',')
            .map(|pair| pair.replacen('.', "[.]", 1))
            .collect::<Vec<_>>()
            .join("[,]"),
        Tracked::Question(QuestionKind::TrueFalse) => match response {
            "t" | "true" => "true".to_string(),
            "f" | "false" => "false".to_string(),
            other => other.to_string(),
        },
        Tracked::Diagnostic => ids(response),
        _ => response.to_string(),
    }
}

/// The time zone Moodle's times are read in.
enum Zone {
    Local,
    Named(chrono_tz::Tz),
}

impl Zone {
    fn new(name: Option<&str>) -> anyhow::Result<Zone> {
        match name {
            None => Ok(Zone::Local),
            Some(name) => name.parse::<chrono_tz::Tz>().map(Zone::Named).map_err(|_| {
                anyhow::anyhow!(
                    "{}",
                    crate::tr!("unknown time zone `{name}`: give an IANA name such as Europe/Paris", name = name)
                )
            }),
        }
    }

    /// A Moodle date ("Monday, 30 November 2026, 7:53 PM", "lundi 30 novembre 2026, 19:53") in UTC.
    fn parse(&self, text: &str) -> Option<chrono::DateTime<chrono::Utc>> {
        let naive = moodle_date(text)?;
        let utc = match self {
            Zone::Local => chrono::Local.from_local_datetime(&naive).earliest()?.with_timezone(&chrono::Utc),
            Zone::Named(tz) => tz.from_local_datetime(&naive).earliest()?.with_timezone(&chrono::Utc),
        };
        Some(utc)
    }
}

/// The day, month (English or French name), year and time of a Moodle date, whatever the words
/// around them.
fn moodle_date(text: &str) -> Option<NaiveDateTime> {
    const MONTHS: [(&str, &str); 12] = [
        ("january", "janvier"),
        ("february", "février"),
        ("march", "mars"),
        ("april", "avril"),
        ("may", "mai"),
        ("june", "juin"),
        ("july", "juillet"),
        ("august", "août"),
        ("september", "septembre"),
        ("october", "octobre"),
        ("november", "novembre"),
        ("december", "décembre"),
    ];
    let lower = text.to_lowercase();
    let words: Vec<&str> = lower.split(|c: char| c == ',' || c.is_whitespace()).filter(|w| !w.is_empty()).collect();
    let month = words.iter().find_map(|w| MONTHS.iter().position(|(en, fr)| w == en || w == fr))?;
    let mut numbers = words.iter().filter_map(|w| w.parse::<u32>().ok());
    let day = numbers.next()?;
    let year = i32::try_from(numbers.next()?).ok()?;
    let time = words.iter().find(|w| w.contains(':'))?;
    let (h, m) = time.split_once(':')?;
    let (mut hour, minute): (u32, u32) = (h.parse().ok()?, m.parse().ok()?);
    if words.contains(&"pm") && hour < 12 {
        hour += 12;
    } else if words.contains(&"am") && hour == 12 {
        hour = 0;
    }
    NaiveDate::from_ymd_opt(year, u32::try_from(month).ok()? + 1, day)?.and_hms_opt(hour, minute, 0)
}

#[cfg(test)]
#[path = "moodle_tests.rs"]
mod fixtures;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_english_and_french() {
        let en = moodle_date("Monday, 30 November 2026, 7:53 PM").unwrap();
        let fr = moodle_date("lundi 30 novembre 2026, 19:53").unwrap();
        assert_eq!(en, fr);
        assert_eq!(en.to_string(), "2026-11-30 19:53:00");
        assert_eq!(moodle_date("Tuesday, 1 December 2026, 12:05 AM").unwrap().to_string(), "2026-12-01 00:05:00");
        assert_eq!(moodle_date("-"), None);
        let paris = Zone::new(Some("Europe/Paris")).unwrap().parse("lundi 30 novembre 2026, 19:53").unwrap();
        assert_eq!(paris.to_rfc3339(), "2026-11-30T18:53:00+00:00");
        assert!(Zone::new(Some("Mars/Olympus")).is_err());
    }

    #[test]
    fn responses_read_as_xapi() {
        let q = |k| Tracked::Question(k);
        assert_eq!(as_xapi(q(QuestionKind::Multiple), "a,b-c"), "a[,]b-c");
        assert_eq!(as_xapi(q(QuestionKind::Multiple), "a,b_c"), "a[,]b-c");
        assert_eq!(as_xapi(q(QuestionKind::Matching), "x.x,y-z.y-z"), "x[.]x[,]y-z[.]y-z");
        assert_eq!(as_xapi(q(QuestionKind::TrueFalse), "f"), "false");
        assert_eq!(as_xapi(q(QuestionKind::FillIn), "a, b"), "a, b");
    }

    #[test]
    fn group_headers_in_either_language() {
        assert_eq!(group_number("Réponse correcte 12"), Some(12));
        assert_eq!(group_number("La méthode : un problème"), None);
        assert_eq!(column_of("Réponse correcte 0"), Some(Column::RightAnswer));
        assert_eq!(column_of("Right answer 0"), Some(Column::RightAnswer));
        assert_eq!(column_of("Response 0"), Some(Column::Response));
    }
}
