//! Reading records into facts: statement files, an LRS, Moodle's report downloads.

pub(crate) mod files;
pub(crate) mod lrs;
pub(crate) mod moodle;
pub(crate) mod statement;

use std::io::Write;
use std::time::{Duration, Instant};

use crate::report::index::PathIndex;
use crate::report::store::{Inserted, Store, Writer};
use statement::{Outcome, Unreadable};

/// Statements written to the database per transaction when reading files.
pub(crate) const BATCH: usize = 20_000;
/// From this many statements in one run, the analysis' indexes are built once at the end rather
/// than kept up to date row by row.
const BULK: u64 = 50_000;

/// Statements read from one source into the store, in batches: each [`Intake::commit`] puts what
/// was read since the last one on disk, with the counts and whatever the caller wrote beside it
/// (an LRS cursor), so a run stopped midway keeps every batch it finished.
pub(crate) struct Intake<'a> {
    store: &'a Store,
    /// The statements that write facts, prepared once for the whole source.
    writer: Writer<'a>,
    index: &'a PathIndex,
    /// `file:<name>` or `lrs:<endpoint>`.
    pub source: String,
    /// Statements read so far (kept or not).
    pub read: u64,
    /// Statements since the last commit.
    pending: usize,
    /// Whether the analysis' indexes were dropped for a large load.
    bulk: bool,
    /// The counts of the batch, added to the store's at each commit: read, kept, duplicate,
    /// voided, lms, voiding (the skips are counted by the store directly).
    counts: Counts,
    progress: Option<Progress>,
}

/// The counts every statement makes, kept here rather than looked up by name each time.
#[derive(Default)]
struct Counts {
    read: i64,
    kept: i64,
    duplicate: i64,
    voided: i64,
    lms: i64,
    voiding: i64,
}

impl<'a> Intake<'a> {
    /// Starts reading a source; `progress`: a line on stderr (a terminal).
    pub(crate) fn new(store: &'a Store, index: &'a PathIndex, source: String, progress: bool) -> anyhow::Result<Self> {
        store.begin()?;
        // Into an empty database, the analysis' indexes are built at the end whatever the size.
        let bulk = store.is_empty()?;
        if bulk {
            store.defer_indexes()?;
        }
        let progress = progress.then(|| Progress::new(&source));
        let writer = store.writer()?;
        Ok(Intake { store, writer, index, source, read: 0, pending: 0, bulk, counts: Counts::default(), progress })
    }

    /// Reads one statement; `whereabouts` says where it was (`file.jsonl:12`) in a message about
    /// an unreadable one, printed on stderr. The statement is then counted as skipped.
    pub(crate) fn take(&mut self, raw: &[u8], whereabouts: impl FnOnce() -> String) -> anyhow::Result<()> {
        self.read += 1;
        self.pending += 1;
        self.counts.read += 1;
        match statement::read(raw, &self.source, self.index) {
            Ok(Outcome::Fact(fact)) => {
                self.counts.lms += i64::from(fact.by_lms);
                match self.writer.insert(&fact)? {
                    Inserted::New => self.counts.kept += 1,
                    Inserted::Duplicate => self.counts.duplicate += 1,
                    Inserted::Voided => self.counts.voided += 1,
                }
            }
            Ok(Outcome::Void(target)) => {
                self.counts.voiding += 1;
                self.store.void(&self.source, &target)?;
            }
            Ok(Outcome::Skip { reason, by_lms }) => {
                self.counts.lms += i64::from(by_lms);
                self.store.count(&self.source, &format!("skipped: {reason}"), 1)?;
            }
            Err(Unreadable { reason, detail }) => {
                self.clear_progress();
                eprintln!(
                    "{}: {}",
                    crate::tr!("warning"),
                    crate::tr!("{}: {}, skipped ({})", whereabouts(), statement::skip::shown(reason), detail)
                );
                self.store.count(&self.source, &format!("skipped: {reason}"), 1)?;
            }
        }
        if let Some(progress) = &mut self.progress {
            progress.tick(self.read);
        }
        Ok(())
    }

    /// A record that could not even be cut out of its file (the rest of the file is unreadable).
    pub(crate) fn unreadable(&mut self, message: &str) -> anyhow::Result<()> {
        self.clear_progress();
        eprintln!("{}: {message}", crate::tr!("warning"));
        self.store.count(&self.source, &format!("skipped: {}", statement::skip::MALFORMED), 1)
    }

    /// Whether enough statements wait for a commit.
    pub(crate) fn full(&self) -> bool {
        self.pending >= BATCH
    }

    /// Hands the batch's counts to the store (a count of 0 writes nothing, as before).
    fn flush_counts(&mut self) -> anyhow::Result<()> {
        let counts = std::mem::take(&mut self.counts);
        for (what, n) in [
            ("read", counts.read),
            ("kept", counts.kept),
            ("duplicate", counts.duplicate),
            ("voided", counts.voided),
            ("lms", counts.lms),
            ("voiding", counts.voiding),
        ] {
            if n > 0 {
                self.store.count(&self.source, what, n)?;
            }
        }
        Ok(())
    }

    /// Puts everything read so far on disk, then goes on in a new batch.
    pub(crate) fn commit(&mut self) -> anyhow::Result<()> {
        self.flush_counts()?;
        self.store.commit()?;
        self.store.begin()?;
        self.pending = 0;
        if !self.bulk && self.read >= BULK {
            self.store.defer_indexes()?;
            self.bulk = true;
        }
        Ok(())
    }

    /// The store, to write beside the statements in the same batch (an LRS cursor).
    pub(crate) fn store(&self) -> &Store {
        self.store
    }

    /// Commits the last batch; returns how many statements were read.
    pub(crate) fn finish(mut self) -> anyhow::Result<u64> {
        self.flush_counts()?;
        if self.bulk {
            self.store.restore_indexes()?;
        }
        self.store.commit()?;
        if let Some(progress) = &mut self.progress {
            progress.done(self.read);
        }
        Ok(self.read)
    }

    fn clear_progress(&mut self) {
        if let Some(progress) = &mut self.progress {
            progress.clear();
        }
    }
}

/// The progress line: statements read and the rate, redrawn at most five times a second.
struct Progress {
    what: String,
    started: Instant,
    last: Instant,
    shown: bool,
}

impl Progress {
    fn new(source: &str) -> Progress {
        let now = Instant::now();
        Progress { what: source.to_string(), started: now, last: now, shown: false }
    }

    fn tick(&mut self, read: u64) {
        if self.last.elapsed() >= Duration::from_millis(200) {
            self.last = Instant::now();
            self.draw(read);
        }
    }

    fn draw(&mut self, read: u64) {
        let seconds = self.started.elapsed().as_secs_f64().max(1e-3);
        #[allow(clippy::cast_precision_loss)]
        let rate = read as f64 / seconds;
        let mut err = std::io::stderr().lock();
        let _ = write!(err, "\r\x1b[2K{}: {read} statements read, {rate:.0}/s", self.what);
        let _ = err.flush();
        self.shown = true;
    }

    fn clear(&mut self) {
        if self.shown {
            let _ = write!(std::io::stderr().lock(), "\r\x1b[2K");
            self.shown = false;
        }
    }

    fn done(&mut self, read: u64) {
        self.draw(read);
        let _ = writeln!(std::io::stderr().lock());
        self.shown = false;
    }
}
