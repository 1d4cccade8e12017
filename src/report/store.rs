//! The report's database: a local SQLite file of facts, keyed by statement id, so that reading the
//! same records twice counts them once and a nightly pull adds only what is new. The tables are
//! documented for evaluators in docs/report.md; keep the two in step.

use std::cell::{Cell, RefCell};
use std::path::Path;

use anyhow::{bail, Context};
use hmac::{Hmac, KeyInit, Mac};
use rusqlite::{params, CachedStatement, Connection, OptionalExtension};
use sha2::Sha256;

use super::fact::Fact;
use super::hash::FastMap;

/// The version of the tables below; a database of another version is refused with a clear message.
const SCHEMA_VERSION: &str = "3";

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS facts (
  id TEXT NOT NULL,
  source TEXT NOT NULL,
  learner TEXT NOT NULL,
  verb TEXT NOT NULL,
  course TEXT NOT NULL,
  module TEXT NOT NULL,
  block TEXT,
  registration TEXT,
  session TEXT,
  at TEXT NOT NULL,
  stored TEXT,
  success INTEGER,
  completion INTEGER,
  scaled REAL,
  response TEXT,
  duration_ms INTEGER,
  by_lms INTEGER NOT NULL DEFAULT 0,
  diagnostic INTEGER,
  id_key INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS facts_by_id ON facts (id_key);
CREATE INDEX IF NOT EXISTS facts_by_module ON facts (course, module, learner);
CREATE INDEX IF NOT EXISTS facts_by_block ON facts (block) WHERE block IS NOT NULL;
CREATE TABLE IF NOT EXISTS learners (
  learner TEXT PRIMARY KEY,
  name TEXT,
  email TEXT,
  team TEXT
);
CREATE TABLE IF NOT EXISTS voided (
  id TEXT PRIMARY KEY
);
CREATE TABLE IF NOT EXISTS tally (
  source TEXT NOT NULL,
  what TEXT NOT NULL,
  n INTEGER NOT NULL,
  PRIMARY KEY (source, what)
);
";

/// What became of a fact given to [`Store::insert`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Inserted {
    New,
    /// Its id was already there: counted once.
    Duplicate,
    /// A voiding statement read earlier names it: not kept.
    Voided,
}

/// The open database. Writes happen inside [`Store::begin`] … [`Store::commit`] batches.
///
/// For speed (a million statements at over 100,000 a second), counts made inside a batch are
/// added up in memory and written by [`Store::commit`], pseudonyms are computed once per actor,
/// and a learner's row is written only when what is known of it changes.
pub(crate) struct Store {
    conn: Connection,
    secret: Vec<u8>,
    /// Counts not yet written: source → what → n.
    counts: RefCell<FastMap<String, FastMap<String, i64>>>,
    /// Actor key → pseudonym (emptied when it grows past [`CACHE`]).
    pseudonyms: RefCell<FastMap<String, String>>,
    /// Pseudonym → (name, email, team) as last written to `learners`.
    learners: RefCell<FastMap<String, LearnerRow>>,
    /// Whether the `voided` table may hold anything (when not, no look-up per fact).
    any_voided: Cell<bool>,
    /// The id keys of the facts kept, as a filter (read from the table at the first insert).
    seen: RefCell<Option<IdFilter>>,
}

/// A Bloom filter of statement id keys (two bits per key in 2^25, 4 MiB): an id whose bits are
/// not both set was never kept, and needs no look-up in the database. About 0.4 % of new ids are
/// looked up for nothing at a million facts; a fact voided later leaves its bits (a look-up more).
struct IdFilter {
    words: Vec<u64>,
}

impl IdFilter {
    const BITS: u32 = 25;

    fn new() -> IdFilter {
        IdFilter { words: vec![0; 1 << (Self::BITS - 6)] }
    }

    fn positions(key: i64) -> [usize; 2] {
        let mixed = u64::from_ne_bytes(key.to_ne_bytes()).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        let mask = (1u64 << Self::BITS) - 1;
        #[allow(clippy::cast_possible_truncation)]
        [(mixed >> (64 - Self::BITS)) as usize, ((mixed >> 7) & mask) as usize]
    }

    fn add(&mut self, key: i64) {
        for bit in Self::positions(key) {
            self.words[bit >> 6] |= 1 << (bit & 63);
        }
    }

    fn may_hold(&self, key: i64) -> bool {
        Self::positions(key).iter().all(|&bit| self.words[bit >> 6] & (1 << (bit & 63)) != 0)
    }
}

/// What the `learners` table holds of one learner: name, email, team.
type LearnerRow = (Option<String>, Option<String>, Option<String>);

/// SQLite's page cache, in KiB.
const CACHE_KIB: i64 = 48 << 10;

/// The most actors whose pseudonyms and rows are remembered between writes.
const CACHE: usize = 200_000;

/// The secret pseudonyms are made with.
pub(crate) enum Secret {
    /// Given (`CAMPUS_REPORT_SECRET`, `--secret-file`).
    Given(Vec<u8>),
    /// The one kept in the database, made at random the first time.
    Kept,
}

impl Store {
    /// Opens (or creates) the database at `path`.
    pub(crate) fn open(path: &Path, secret: Secret) -> anyhow::Result<Store> {
        let conn = Connection::open(path).with_context(|| crate::tr!("cannot open the database {}", path.display()))?;
        Store::with_connection(conn, secret).with_context(|| crate::tr!("in the database {}", path.display()))
    }

    /// A database in memory (tests).
    #[cfg(test)]
    pub(crate) fn in_memory(secret: Secret) -> anyhow::Result<Store> {
        Store::with_connection(Connection::open_in_memory()?, secret)
    }

    fn with_connection(conn: Connection, secret: Secret) -> anyhow::Result<Store> {
        // Pages of 16 KiB for a new database (SQLite's default is 4 KiB; an existing database
        // keeps its own): a quarter of the reads and writes of pages for the same rows, measured
        // 10-40 % less system time on a large load.
        conn.pragma_update(None, "page_size", 16_384)?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        // A page cache that holds the indexes a batch writes to (the default 2 MiB makes a large
        // pull read its own pages back from the disk over and over).
        conn.pragma_update(None, "cache_size", -CACHE_KIB)?;
        conn.execute_batch(SCHEMA)?;
        let version: Option<String> =
            conn.query_row("SELECT value FROM meta WHERE key = 'schema'", [], |r| r.get(0)).optional()?;
        match version.as_deref() {
            None => {
                conn.execute("INSERT INTO meta VALUES ('schema', ?1)", [SCHEMA_VERSION])?;
            }
            Some(SCHEMA_VERSION) => {}
            Some(other) => bail!(
                "{}",
                crate::tr!(
                    "the database has tables of version {other}, this campus writes version {ours}: use a new --db file",
                    other = other,
                    ours = SCHEMA_VERSION
                )
            ),
        }
        let secret = Store::settle_secret(&conn, secret)?;
        let any_voided = conn.query_row("SELECT EXISTS (SELECT 1 FROM voided)", [], |r| r.get(0))?;
        Ok(Store {
            any_voided: Cell::new(any_voided),
            conn,
            secret,
            counts: RefCell::default(),
            pseudonyms: RefCell::default(),
            learners: RefCell::default(),
            seen: RefCell::new(None),
        })
    }

    /// The secret to use, checked against the fingerprint of the one the database was made with:
    /// another secret would give the same learners other pseudonyms.
    fn settle_secret(conn: &Connection, secret: Secret) -> anyhow::Result<Vec<u8>> {
        let kept: Option<String> =
            conn.query_row("SELECT value FROM meta WHERE key = 'secret'", [], |r| r.get(0)).optional()?;
        let fingerprint: Option<String> =
            conn.query_row("SELECT value FROM meta WHERE key = 'secret_fingerprint'", [], |r| r.get(0)).optional()?;
        let secret = match (secret, kept) {
            (Secret::Given(given), _) => given,
            (Secret::Kept, Some(hex)) => from_hex(&hex).with_context(|| crate::tr!("the secret kept in the database is damaged"))?,
            (Secret::Kept, None) if fingerprint.is_some() => bail!(
                "{}",
                crate::tr!(
                    "this database was made with a secret of yours (CAMPUS_REPORT_SECRET or --secret-file): give the same one"
                )
            ),
            (Secret::Kept, None) => {
                let mut bytes = vec![0u8; 32];
                getrandom::fill(&mut bytes).map_err(|e| anyhow::anyhow!("{}", crate::tr!("no random secret could be made: {}", e)))?;
                conn.execute("INSERT INTO meta VALUES ('secret', ?1)", [to_hex(&bytes)])?;
                bytes
            }
        };
        let print = hmac_hex(&secret, b"campus report secret fingerprint");
        match fingerprint {
            None => {
                conn.execute("INSERT INTO meta VALUES ('secret_fingerprint', ?1)", [&print])?;
            }
            Some(known) if known == print => {}
            Some(_) => bail!(
                "{}",
                crate::tr!(
                    "this database was made with another secret: pseudonyms would not match. Give the secret it was made with, or use a new --db file"
                )
            ),
        }
        Ok(secret)
    }

    /// The pseudonym of an actor key: 16 hexadecimal digits of an HMAC-SHA-256 under the secret.
    pub(crate) fn pseudonym(&self, actor_key: &str) -> String {
        let mut known = self.pseudonyms.borrow_mut();
        if let Some(name) = known.get(actor_key) {
            return name.clone();
        }
        if known.len() >= CACHE {
            known.clear();
        }
        let name = hmac_hex(&self.secret, actor_key.as_bytes())[..16].to_string();
        known.insert(actor_key.to_string(), name.clone());
        name
    }

    /// Starts a batch of writes.
    pub(crate) fn begin(&self) -> anyhow::Result<()> {
        self.conn.execute_batch("BEGIN")?;
        Ok(())
    }

    /// Ends a batch of writes: everything since [`Store::begin`] is on disk, or nothing.
    pub(crate) fn commit(&self) -> anyhow::Result<()> {
        self.flush_counts()?;
        self.conn.execute_batch("COMMIT")?;
        Ok(())
    }

    /// For a large load: drops the indexes that only the analysis uses, so that each statement
    /// updates two B-trees instead of four; [`Store::restore_indexes`] builds them again at the
    /// end, in one sorted pass. A run stopped in between leaves them to the next open.
    pub(crate) fn defer_indexes(&self) -> anyhow::Result<()> {
        self.conn.execute_batch("DROP INDEX IF EXISTS facts_by_module; DROP INDEX IF EXISTS facts_by_block;")?;
        Ok(())
    }

    /// Builds again the indexes [`Store::defer_indexes`] dropped (nothing when they are there).
    pub(crate) fn restore_indexes(&self) -> anyhow::Result<()> {
        self.conn.execute_batch(SCHEMA)?;
        Ok(())
    }

    /// Writes the counts made since the last commit.
    fn flush_counts(&self) -> anyhow::Result<()> {
        let counts = std::mem::take(&mut *self.counts.borrow_mut());
        let mut add = self.conn.prepare_cached(
            "INSERT INTO tally VALUES (?1, ?2, ?3) ON CONFLICT (source, what) DO UPDATE SET n = n + excluded.n",
        )?;
        for (source, whats) in counts {
            for (what, n) in whats {
                add.execute(params![source, what, n])?;
            }
        }
        Ok(())
    }

    /// Keeps a fact, unless its id is known or voided. Counts it under its source.
    pub(crate) fn insert(&self, fact: &Fact) -> anyhow::Result<Inserted> {
        let inserted = self.writer()?.insert(fact)?;
        self.count(&fact.source, inserted.what(), 1)?;
        Ok(inserted)
    }

    /// The statements that keep facts, prepared once for many: [`Writer::insert`] is
    /// [`Store::insert`] without the preparation and without the count, which the caller makes.
    pub(crate) fn writer(&self) -> anyhow::Result<Writer<'_>> {
        Ok(Writer {
            store: self,
            voided: self.conn.prepare_cached("SELECT 1 FROM voided WHERE id = ?1")?,
            known: self.conn.prepare_cached("SELECT 1 FROM facts WHERE id_key = ?1 AND id = ?2")?,
            fact: self.conn.prepare_cached(
                "INSERT INTO facts VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19)",
            )?,
            learner: self.conn.prepare_cached(
                "INSERT INTO learners VALUES (?1, ?2, ?3, ?4) ON CONFLICT (learner) DO UPDATE SET \
                 name = coalesce(excluded.name, name), email = coalesce(excluded.email, email), \
                 team = coalesce(excluded.team, team)",
            )?,
        })
    }

    /// Whether a fact of this id key may be in the table (the filter, read from the table the first
    /// time).
    fn may_know(&self, key: i64) -> anyhow::Result<bool> {
        let mut seen = self.seen.borrow_mut();
        if seen.is_none() {
            let mut filter = IdFilter::new();
            let mut keys = self.conn.prepare("SELECT id_key FROM facts")?;
            let mut rows = keys.query([])?;
            while let Some(row) = rows.next()? {
                filter.add(row.get(0)?);
            }
            *seen = Some(filter);
        }
        Ok(seen.as_ref().is_some_and(|filter| filter.may_hold(key)))
    }

    /// Whether the table holds no fact (a first load).
    pub(crate) fn is_empty(&self) -> anyhow::Result<bool> {
        Ok(self.conn.query_row("SELECT NOT EXISTS (SELECT 1 FROM facts)", [], |r| r.get(0))?)
    }

    /// A voiding statement: forgets the fact it names, now or when it comes later.
    /// Returns whether a kept fact was removed.
    pub(crate) fn void(&self, source: &str, target_id: &str) -> anyhow::Result<bool> {
        self.conn.prepare_cached("INSERT OR IGNORE INTO voided VALUES (?1)")?.execute([target_id])?;
        self.any_voided.set(true);
        let removed = self
            .conn
            .prepare_cached("DELETE FROM facts WHERE id_key = ?1 AND id = ?2")?
            .execute(params![id_key(target_id), target_id])?
            > 0;
        if removed {
            self.count(source, "voided", 1)?;
        }
        Ok(removed)
    }

    /// Adds `n` to a count of a source: `read`, `kept`, `duplicate`, `voided`, `voiding`, `lms`
    /// (statements the LMS made in cmi5, kept or not), or `skipped: <why>`. Inside a batch, the
    /// count is written with the batch.
    pub(crate) fn count(&self, source: &str, what: &str, n: i64) -> anyhow::Result<()> {
        if !self.conn.is_autocommit() {
            let mut counts = self.counts.borrow_mut();
            if !counts.contains_key(source) {
                counts.insert(source.to_string(), FastMap::default());
            }
            let whats = counts.get_mut(source).expect("inserted above");
            if let Some(total) = whats.get_mut(what) {
                *total += n;
            } else {
                whats.insert(what.to_string(), n);
            }
            return Ok(());
        }
        self.conn
            .prepare_cached(
                "INSERT INTO tally VALUES (?1, ?2, ?3) ON CONFLICT (source, what) DO UPDATE SET n = n + excluded.n",
            )?
            .execute(params![source, what, n])?;
        Ok(())
    }

    /// A value kept between runs (e.g. `cursor:<endpoint>`, the last `stored` pulled).
    pub(crate) fn meta(&self, key: &str) -> anyhow::Result<Option<String>> {
        Ok(self.conn.query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0)).optional()?)
    }

    pub(crate) fn set_meta(&self, key: &str, value: &str) -> anyhow::Result<()> {
        self.conn.execute(
            "INSERT INTO meta VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [key, value],
        )?;
        Ok(())
    }

    /// The connection, for the queries of the analysis (read only by convention).
    pub(crate) fn connection(&self) -> &Connection {
        &self.conn
    }
}

impl Inserted {
    /// The count it goes under.
    pub(crate) fn what(self) -> &'static str {
        match self {
            Inserted::New => "kept",
            Inserted::Duplicate => "duplicate",
            Inserted::Voided => "voided",
        }
    }
}

/// The statements of [`Store::insert`], prepared once (see [`Store::writer`]).
pub(crate) struct Writer<'a> {
    store: &'a Store,
    voided: CachedStatement<'a>,
    known: CachedStatement<'a>,
    fact: CachedStatement<'a>,
    learner: CachedStatement<'a>,
}

impl Writer<'_> {
    /// Keeps a fact, unless its id is known or voided; the caller counts it (see [`Inserted::what`]).
    pub(crate) fn insert(&mut self, fact: &Fact) -> anyhow::Result<Inserted> {
        let store = self.store;
        if store.any_voided.get() && self.voided.exists([&fact.id])? {
            return Ok(Inserted::Voided);
        }
        let key = id_key(&fact.id);
        if store.may_know(key)? && self.known.exists(params![key, fact.id])? {
            return Ok(Inserted::Duplicate);
        }
        let learner = store.pseudonym(&fact.actor.key);
        self.fact.execute(params![
            fact.id,
            fact.source,
            learner,
            fact.verb.as_str(),
            fact.course,
            fact.module,
            fact.block,
            fact.registration,
            fact.session,
            fact.at,
            fact.stored,
            fact.success,
            fact.completion,
            fact.scaled,
            fact.response,
            fact.duration_ms,
            fact.by_lms,
            fact.diagnostic,
            key,
        ])?;
        if let Some(filter) = store.seen.borrow_mut().as_mut() {
            filter.add(key);
        }
        let mut written = store.learners.borrow_mut();
        let same = written.get(&learner).is_some_and(|(name, email, team)| {
            *name == fact.actor.name && *email == fact.actor.email && *team == fact.team
        });
        if !same {
            let row = (fact.actor.name.clone(), fact.actor.email.clone(), fact.team.clone());
            self.learner.execute(params![learner, row.0, row.1, row.2])?;
            if written.len() >= CACHE {
                written.clear();
            }
            written.insert(learner, row);
        }
        Ok(Inserted::New)
    }
}

/// The integer a statement id is found by: FNV-1a (64 bits) of its text. The `facts` rows are
/// appended in the order read, and this small index finds an id again: a tree of 8-byte keys stays
/// in SQLite's page cache for millions of statements, where one of 36-character texts in random
/// order does not. Two ids may share a key; the look-ups also compare the id itself. The function
/// must never change: the keys are stored.
fn id_key(id: &str) -> i64 {
    let hash = id.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3));
    i64::from_ne_bytes(hash.to_ne_bytes())
}

fn hmac_hex(key: &[u8], data: &[u8]) -> String {
    let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(key).expect("HMAC takes a key of any length");
    mac.update(data);
    to_hex(&mac.finalize().into_bytes())
}

fn to_hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes.iter().fold(String::with_capacity(bytes.len() * 2), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

fn from_hex(text: &str) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) {
        return None;
    }
    (0..text.len()).step_by(2).map(|i| u8::from_str_radix(text.get(i..i + 2)?, 16).ok()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::fact::{Actor, Verb};

    fn fact(id: &str) -> Fact {
        Fact {
            id: id.to_string(),
            source: "file:test.json".to_string(),
            actor: Actor::by_email("Ana@Example.org", Some("Ana".into())),
            team: None,
            verb: Verb::Answered,
            course: "comprendre".into(),
            module: "intro".into(),
            block: Some("q1".into()),
            registration: None,
            session: None,
            at: "2026-11-30T19:53:00.000Z".into(),
            stored: None,
            success: Some(true),
            completion: None,
            scaled: None,
            response: Some("a".into()),
            duration_ms: Some(1200),
            by_lms: false,
            diagnostic: None,
        }
    }

    fn tally(store: &Store, what: &str) -> i64 {
        store
            .connection()
            .query_row("SELECT coalesce(sum(n), 0) FROM tally WHERE what = ?1", [what], |r| r.get(0))
            .unwrap()
    }

    #[test]
    fn a_fact_read_twice_counts_once() {
        let store = Store::in_memory(Secret::Kept).unwrap();
        assert_eq!(store.insert(&fact("1")).unwrap(), Inserted::New);
        assert_eq!(store.insert(&fact("1")).unwrap(), Inserted::Duplicate);
        let n: i64 = store.connection().query_row("SELECT count(*) FROM facts", [], |r| r.get(0)).unwrap();
        assert_eq!(n, 1);
        assert_eq!((tally(&store, "kept"), tally(&store, "duplicate")), (1, 1));
    }

    #[test]
    fn voiding_works_in_either_order() {
        let store = Store::in_memory(Secret::Kept).unwrap();
        store.insert(&fact("1")).unwrap();
        assert!(store.void("file:v.json", "1").unwrap());
        assert!(!store.void("file:v.json", "2").unwrap());
        assert_eq!(store.insert(&fact("2")).unwrap(), Inserted::Voided);
        assert_eq!(store.insert(&fact("1")).unwrap(), Inserted::Voided);
        let n: i64 = store.connection().query_row("SELECT count(*) FROM facts", [], |r| r.get(0)).unwrap();
        assert_eq!(n, 0);
    }

    #[test]
    fn pseudonyms_are_stable_and_keyed() {
        let a = Store::in_memory(Secret::Given(b"one".to_vec())).unwrap();
        let b = Store::in_memory(Secret::Given(b"two".to_vec())).unwrap();
        let key = &fact("1").actor.key;
        assert_eq!(key, "mbox:mailto:ana@example.org");
        assert_eq!(a.pseudonym(key), a.pseudonym(key));
        assert_ne!(a.pseudonym(key), b.pseudonym(key));
        assert_eq!(a.pseudonym(key).len(), 16);
    }

    #[test]
    fn a_database_refuses_another_secret() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("report.db");
        let first = Store::open(&path, Secret::Kept).unwrap();
        let name = first.pseudonym("k");
        drop(first);
        assert_eq!(Store::open(&path, Secret::Kept).unwrap().pseudonym("k"), name);
        let error = Store::open(&path, Secret::Given(b"other".to_vec())).err().unwrap();
        assert!(format!("{error:#}").contains("another secret"), "{error:#}");
    }

    #[test]
    fn deferred_indexes_come_back() {
        let store = Store::in_memory(Secret::Kept).unwrap();
        let indexes = |s: &Store| -> i64 {
            s.connection()
                .query_row(
                    "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name IN ('facts_by_module', 'facts_by_block')",
                    [],
                    |r| r.get(0),
                )
                .unwrap()
        };
        assert_eq!(indexes(&store), 2);
        store.defer_indexes().unwrap();
        assert_eq!(indexes(&store), 0);
        store.insert(&fact("1")).unwrap();
        store.restore_indexes().unwrap();
        assert_eq!(indexes(&store), 2);
    }

    #[test]
    fn a_fact_of_an_earlier_run_is_a_duplicate() {
        // The filter of ids is read from the table: facts kept by another run are found.
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("report.db");
        let first = Store::open(&path, Secret::Kept).unwrap();
        first.begin().unwrap();
        assert_eq!(first.insert(&fact("1")).unwrap(), Inserted::New);
        first.commit().unwrap();
        drop(first);
        let again = Store::open(&path, Secret::Kept).unwrap();
        let mut writer = again.writer().unwrap();
        assert_eq!(writer.insert(&fact("1")).unwrap(), Inserted::Duplicate);
        assert_eq!(writer.insert(&fact("2")).unwrap(), Inserted::New);
        assert_eq!(writer.insert(&fact("2")).unwrap(), Inserted::Duplicate);
    }

    #[test]
    fn the_id_filter_holds_what_it_was_given() {
        let mut filter = IdFilter::new();
        let keys: Vec<i64> = (0..10_000).map(|i| id_key(&format!("id-{i}"))).collect();
        keys.iter().for_each(|&k| filter.add(k));
        assert!(keys.iter().all(|&k| filter.may_hold(k)));
        let others = (0..10_000).filter(|i| filter.may_hold(id_key(&format!("other-{i}")))).count();
        assert!(others < 10, "{others} false positives in 10,000");
    }

    #[test]
    fn id_keys_never_change() {
        // FNV-1a's published test values: stored keys must stay what they were.
        assert_eq!(id_key("") as u64, 0xcbf2_9ce4_8422_2325);
        assert_eq!(id_key("a") as u64, 0xaf63_dc4c_8601_ec8c);
        assert_eq!(id_key("foobar") as u64, 0x8594_4171_f739_67e8);
    }

    #[test]
    fn hex_round_trips() {
        assert_eq!(from_hex(&to_hex(&[0, 15, 255])), Some(vec![0, 15, 255]));
        assert_eq!(from_hex("zz"), None);
    }
}
