//! The evaluators' report (`campus report`): learners' records — xAPI statements from an LRS or
//! from files, Moodle's SCORM report downloads — read into facts ([`fact`]) kept in a local SQLite
//! database ([`store`]), matched against the path's sources ([`index`]); figures computed from
//! the database ([`analyse`]; self-diagnostic scores by [`profile`], the player's own rule) and
//! written as HTML, CSV and JSON ([`output`]).
//!
//! Layering: this folder uses the model, the rules' [`CheckedPath`] and the identifiers; nothing
//! below it uses it.

pub(crate) mod analyse;
mod catalog;
mod cohorts;
mod diagnostics;
pub(crate) mod fact;
mod hash;
pub(crate) mod index;
pub(crate) mod ingest;
mod items;
mod learners;
mod modules;
pub(crate) mod output;
mod privacy;
pub(crate) mod profile;
pub(crate) mod store;
#[cfg(test)]
mod tests;
mod time;

use std::path::PathBuf;

use anyhow::Context;

use crate::rules::CheckedPath;
use index::PathIndex;
use store::{Secret, Store};

/// Which Moodle attempt counts for a learner's module.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum MoodleAttempts {
    /// The best status and the best score over all attempts (Moodle's own "highest attempt").
    #[default]
    Best,
    /// The last attempt.
    Last,
}

/// An output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, clap::ValueEnum)]
pub enum ReportFormat {
    Html,
    Csv,
    Json,
}

/// How CSV files are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum CsvDialect {
    /// RFC 4180: `,` separator, decimal point, ISO 8601 dates, UTF-8.
    #[default]
    Rfc4180,
    /// What French Excel and LibreOffice open right: `;`, decimal comma, `jj/mm/aaaa hh:mm`, UTF-8 BOM.
    ExcelFr,
}

/// Where the records come from and what to write.
#[derive(Debug, Clone)]
pub struct ReportOptions {
    /// An LRS's xAPI endpoint to pull from.
    pub lrs: Option<String>,
    /// Pull statements stored after / before these times (RFC 3339).
    pub since: Option<String>,
    pub until: Option<String>,
    /// Statements per page asked of the LRS.
    pub page_size: u32,
    /// A file holding `user:password` for the LRS (else `CAMPUS_LRS_USER` / `CAMPUS_LRS_PASSWORD`).
    pub auth_file: Option<PathBuf>,
    /// Files of statements: a JSON array, JSON Lines, or saved `{"statements": […], "more": …}` pages.
    pub statements: Vec<PathBuf>,
    /// Moodle SCORM report downloads (text, ODS or Excel).
    pub moodle: Vec<PathBuf>,
    pub moodle_attempts: MoodleAttempts,
    /// The database (default `report.db` in `out`).
    pub db: Option<PathBuf>,
    pub out: PathBuf,
    pub formats: Vec<ReportFormat>,
    pub csv: CsvDialect,
    /// Aggregates over fewer learners than this are hidden.
    pub min_group: u32,
    /// A CSV file: actor or pseudonym → group label.
    pub cohorts: Option<PathBuf>,
    /// Only the learners of this cohort (a label of `cohorts`, or an xAPI team name).
    pub cohort: Option<String>,
    /// The time zone of shown times and of Moodle's times (default the system's).
    pub tz: Option<String>,
    /// Names and e-mails in the outputs.
    pub identify: bool,
    /// Shared reflections in the outputs.
    pub include_reflections: bool,
    /// The language of the report (default the path's).
    pub lang: Option<String>,
    /// A file holding the pseudonyms' secret (else `CAMPUS_REPORT_SECRET`, else the database's).
    pub secret_file: Option<PathBuf>,
    /// A progress line on stderr (when it is a terminal).
    pub progress: bool,
}

impl Default for ReportOptions {
    /// What `campus report` does with no option but its sources.
    fn default() -> Self {
        ReportOptions {
            lrs: None,
            since: None,
            until: None,
            page_size: 500,
            auth_file: None,
            statements: Vec::new(),
            moodle: Vec::new(),
            moodle_attempts: MoodleAttempts::Best,
            db: None,
            out: PathBuf::from("report"),
            formats: vec![ReportFormat::Html, ReportFormat::Csv, ReportFormat::Json],
            csv: CsvDialect::Rfc4180,
            min_group: 5,
            cohorts: None,
            cohort: None,
            tz: None,
            identify: false,
            include_reflections: false,
            lang: None,
            secret_file: None,
            progress: false,
        }
    }
}

/// What a run of the report did.
#[derive(Debug)]
pub enum ReportOutcome {
    /// The report was written: these files.
    Written(Vec<PathBuf>),
    /// No record of this path was found in what was read (nothing written but the database).
    NothingFound,
}

/// Reads every source given into the database, then writes the report of everything it holds.
pub fn report(path: &CheckedPath, options: &ReportOptions) -> anyhow::Result<ReportOutcome> {
    std::fs::create_dir_all(&options.out)
        .with_context(|| crate::tr!("cannot create the output folder {}", options.out.display()))?;
    let db = options.db.clone().unwrap_or_else(|| options.out.join("report.db"));
    let store = Store::open(&db, secret(options)?)?;
    let index = PathIndex::new(path.path());
    for file in &options.statements {
        ingest::files::read(&store, &index, file, options.progress)?;
    }
    if let Some(url) = &options.lrs {
        ingest::lrs::pull(&store, &index, url, options)?;
    }
    for file in &options.moodle {
        ingest::moodle::read(&store, &index, file, options)?;
    }
    let figures = analyse::compute(&store, path.path(), options)?;
    if figures.is_empty() {
        return Ok(ReportOutcome::NothingFound);
    }
    Ok(ReportOutcome::Written(output::write(&figures, &store, path.path(), options)?))
}

/// The pseudonyms' secret: `--secret-file`, `CAMPUS_REPORT_SECRET`, or the database's own.
fn secret(options: &ReportOptions) -> anyhow::Result<Secret> {
    if let Some(file) = &options.secret_file {
        let bytes =
            std::fs::read(file).with_context(|| crate::tr!("cannot read the secret file {}", file.display()))?;
        let trimmed = String::from_utf8_lossy(&bytes).trim().as_bytes().to_vec();
        anyhow::ensure!(!trimmed.is_empty(), "{}", crate::tr!("the secret file {} is empty", file.display()));
        return Ok(Secret::Given(trimmed));
    }
    match std::env::var("CAMPUS_REPORT_SECRET") {
        Ok(value) if !value.trim().is_empty() => Ok(Secret::Given(value.trim().as_bytes().to_vec())),
        _ => Ok(Secret::Kept),
    }
}
