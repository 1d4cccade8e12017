//! Statement files: a JSON array, JSON Lines, or saved `{"statements": […], "more": …}` pages (one
//! or several in a file, one per line or pretty-printed). Read as a stream, one statement at a
//! time: memory stays bounded whatever the size of the file. A record that cannot be read is
//! reported with the file and its line, counted, and skipped; the rest of the file is read.

use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::Path;

use anyhow::Context;
use serde::Deserialize;
use serde_json::value::RawValue;

use super::Intake;
use crate::report::index::PathIndex;
use crate::report::store::Store;

/// The largest record read (a statement, or a page kept whole on one line); larger ones would
/// make memory depend on the file.
const MAX_RECORD: usize = 64 << 20;

/// Reads one file of statements into the store. Returns how many statements were read.
pub(crate) fn read(store: &Store, index: &PathIndex, file: &Path, progress: bool) -> anyhow::Result<u64> {
    let handle = File::open(file).with_context(|| crate::tr!("cannot read {}", file.display()))?;
    let name = file.file_name().map_or_else(|| file.display().to_string(), |n| n.to_string_lossy().into_owned());
    let mut intake = Intake::new(store, index, format!("file:{name}"), progress)?;
    let mut scan = Scan { input: BufReader::with_capacity(1 << 20, handle), line: 1, file: file.display().to_string() };
    scan.skip_bom().with_context(|| crate::tr!("cannot read {}", file.display()))?;
    match scan.skip_ws().with_context(|| crate::tr!("cannot read {}", file.display()))? {
        None => {}
        Some(b'{') if scan.first_line_is_whole()? => lines(&mut scan, &mut intake)?,
        Some(_) => values(&mut scan, &mut intake)?,
    }
    intake.finish()
}

/// A page of statements as an LRS answers (only what is needed of it).
#[derive(Deserialize)]
struct Page<'a> {
    #[serde(borrow)]
    statements: Vec<&'a RawValue>,
}

/// JSON Lines: each line a statement or a whole page.
fn lines<R: BufRead>(scan: &mut Scan<R>, intake: &mut Intake) -> anyhow::Result<()> {
    let mut line = Vec::with_capacity(4096);
    loop {
        line.clear();
        let n = scan.input.read_until(b'\n', &mut line).with_context(|| crate::tr!("cannot read {}", scan.file))?;
        if n == 0 {
            return Ok(());
        }
        let number = scan.line;
        scan.line += 1;
        let text = line.trim_ascii();
        if text.is_empty() {
            continue;
        }
        let page = if looks_like_a_page(text) { serde_json::from_slice::<Page>(text).ok() } else { None };
        match page {
            Some(page) => {
                for statement in page.statements {
                    intake.take(statement.get().as_bytes(), || format!("{}:{number}", scan.file))?;
                }
            }
            None => intake.take(text, || format!("{}:{number}", scan.file))?,
        }
        if intake.full() {
            intake.commit()?;
        }
    }
}

/// Anything else: arrays of statements, pretty-printed statements or pages, one after another.
fn values<R: BufRead>(scan: &mut Scan<R>, intake: &mut Intake) -> anyhow::Result<()> {
    let mut record = Vec::with_capacity(4096);
    let result = (|| -> Result<(), Broken> {
        while let Some(byte) = scan.skip_ws()? {
            match byte {
                b'[' => {
                    scan.bump();
                    scan.elements(&mut record, intake)?;
                }
                b'{' => scan.object(&mut record, intake)?,
                b',' => scan.bump(),
                other => {
                    return Err(scan.broken(&format!("`{}` where a statement, a list or a page starts", other as char)))
                }
            }
        }
        Ok(())
    })();
    match result {
        Ok(()) => Ok(()),
        Err(Broken::Io(error)) => Err(error).with_context(|| crate::tr!("cannot read {}", scan.file)),
        Err(Broken::Store(error)) => Err(error),
        Err(Broken::Syntax(message)) => intake.unreadable(&format!("{message}; the rest of the file is skipped")),
    }
}

/// Why reading a file stopped.
enum Broken {
    Io(std::io::Error),
    Store(anyhow::Error),
    /// The file's structure is broken here (file and line in the message).
    Syntax(String),
}

impl From<std::io::Error> for Broken {
    fn from(error: std::io::Error) -> Self {
        Broken::Io(error)
    }
}

impl From<anyhow::Error> for Broken {
    fn from(error: anyhow::Error) -> Self {
        Broken::Store(error)
    }
}

/// A reader that cuts JSON values out of a stream, counting lines.
struct Scan<R> {
    input: R,
    /// The line of the next byte (from 1).
    line: u64,
    file: String,
}

impl<R: BufRead> Scan<R> {
    fn bump(&mut self) {
        self.input.consume(1);
    }

    fn skip_bom(&mut self) -> std::io::Result<()> {
        if self.input.fill_buf()?.starts_with(b"\xEF\xBB\xBF") {
            self.input.consume(3);
        }
        Ok(())
    }

    /// Skips whitespace; returns the next byte, not consumed.
    fn skip_ws(&mut self) -> std::io::Result<Option<u8>> {
        loop {
            let buf = self.input.fill_buf()?;
            if buf.is_empty() {
                return Ok(None);
            }
            let blank = buf.iter().take_while(|b| b.is_ascii_whitespace()).count();
            self.line += count_lines(&buf[..blank]);
            let next = buf.get(blank).copied();
            self.input.consume(blank);
            if next.is_some() {
                return Ok(next);
            }
        }
    }

    /// Whether the first line holds one whole JSON value (then the file is JSON Lines).
    fn first_line_is_whole(&mut self) -> anyhow::Result<bool> {
        let buf = self.input.fill_buf().with_context(|| crate::tr!("cannot read {}", self.file))?;
        let end = buf.iter().position(|&b| b == b'\n').unwrap_or(buf.len());
        Ok(serde_json::from_slice::<serde::de::IgnoredAny>(&buf[..end]).is_ok())
    }

    fn broken(&self, what: &str) -> Broken {
        Broken::Syntax(format!("{}:{}: {what}", self.file, self.line))
    }

    /// The elements of a list whose `[` was just read, each taken as a statement, up to its `]`.
    fn elements(&mut self, record: &mut Vec<u8>, intake: &mut Intake) -> Result<(), Broken> {
        loop {
            match self.skip_ws()? {
                None => return Err(self.broken("the file ends inside a list")),
                Some(b']') => {
                    self.bump();
                    return Ok(());
                }
                Some(b',') => self.bump(),
                Some(_) => {
                    let line = self.line;
                    record.clear();
                    self.value(record)?;
                    intake.take(record, || format!("{}:{line}", self.file))?;
                    if intake.full() {
                        intake.commit()?;
                    }
                }
            }
        }
    }

    /// A top-level object: a page, whose `statements` are streamed, or a statement.
    fn object(&mut self, record: &mut Vec<u8>, intake: &mut Intake) -> Result<(), Broken> {
        let start = self.line;
        record.clear();
        record.push(b'{');
        self.bump();
        let mut page = false;
        let mut key = Vec::new();
        let mut scratch = Vec::new();
        loop {
            match self.skip_ws()? {
                None => return Err(self.broken("the file ends inside an object")),
                Some(b'}') => {
                    self.bump();
                    record.push(b'}');
                    break;
                }
                Some(b',') => {
                    self.bump();
                    record.push(b',');
                }
                Some(b'"') => {
                    key.clear();
                    self.value(&mut key)?;
                    if self.skip_ws()? != Some(b':') {
                        return Err(self.broken("`:` expected after a key"));
                    }
                    self.bump();
                    let next = self.skip_ws()?;
                    if key == b"\"statements\"" && next == Some(b'[') {
                        self.bump();
                        self.elements(&mut scratch, intake)?;
                        page = true;
                    } else if page {
                        scratch.clear();
                        self.value(&mut scratch)?;
                    } else {
                        record.extend_from_slice(&key);
                        record.push(b':');
                        self.value(record)?;
                    }
                }
                Some(_) => return Err(self.broken("a key expected in an object")),
            }
        }
        if !page {
            intake.take(record, || format!("{}:{start}", self.file))?;
            if intake.full() {
                intake.commit()?;
            }
        }
        Ok(())
    }

    /// Copies one JSON value (object, list, string, number or literal) into `out`, as written.
    fn value(&mut self, out: &mut Vec<u8>) -> Result<(), Broken> {
        let (mut depth, mut in_string, mut escaped) = (0usize, false, false);
        let start = out.len();
        loop {
            let buf = self.input.fill_buf()?;
            if buf.is_empty() {
                return if depth == 0 && !in_string && out.len() > start {
                    Ok(())
                } else {
                    Err(self.broken("the file ends inside a record"))
                };
            }
            let mut end = None;
            for (i, &b) in buf.iter().enumerate() {
                if in_string {
                    if escaped {
                        escaped = false;
                    } else if b == b'\\' {
                        escaped = true;
                    } else if b == b'"' {
                        in_string = false;
                        if depth == 0 {
                            end = Some(i + 1);
                            break;
                        }
                    }
                    continue;
                }
                match b {
                    b'"' => in_string = true,
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' if depth > 0 => {
                        depth -= 1;
                        if depth == 0 {
                            end = Some(i + 1);
                            break;
                        }
                    }
                    b',' | b'}' | b']' | b' ' | b'\t' | b'\r' | b'\n' if depth == 0 => {
                        end = Some(i);
                        break;
                    }
                    _ => {}
                }
            }
            let take = end.unwrap_or(buf.len());
            out.extend_from_slice(&buf[..take]);
            let lines = count_lines(&buf[..take]);
            self.input.consume(take);
            self.line += lines;
            if end.is_some() {
                return Ok(());
            }
            if out.len() - start > MAX_RECORD {
                return Err(self.broken(&format!("a record over {} MiB", MAX_RECORD >> 20)));
            }
        }
    }
}

fn count_lines(bytes: &[u8]) -> u64 {
    bytes.iter().filter(|&&b| b == b'\n').count() as u64
}

/// Whether a line may be a saved page: an object whose first key is `statements` or `more` (a
/// statement never has them; LRSs write one of the two first).
fn looks_like_a_page(line: &[u8]) -> bool {
    let Some(rest) = line.strip_prefix(b"{") else { return false };
    let rest = rest.trim_ascii_start();
    rest.starts_with(b"\"statements\"") || rest.starts_with(b"\"more\"")
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use super::*;
    use crate::report::ingest::statement::tests::{index, PATH};
    use crate::report::store::Secret;

    fn statement(id: u32) -> String {
        serde_json::json!({
            "id": format!("00000000-0000-4000-8000-{id:012}"),
            "actor": {"mbox": "mailto:ana@example.org"},
            "verb": {"id": "http://adlnet.gov/expapi/verbs/answered"},
            "object": {"id": format!("{PATH}/comprendre/intro/q1")},
            "result": {"response": "a ]} \" [{"},
            "timestamp": "2026-11-30T19:53:00Z",
        })
        .to_string()
    }

    fn pretty(id: u32) -> String {
        serde_json::to_string_pretty(&serde_json::from_str::<serde_json::Value>(&statement(id)).unwrap()).unwrap()
    }

    /// Reads `text` as a file; returns (facts kept, tally of skipped records).
    fn ingest(text: &str) -> (i64, i64) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("statements.json");
        std::fs::File::create(&path).unwrap().write_all(text.as_bytes()).unwrap();
        let store = Store::in_memory(Secret::Kept).unwrap();
        read(&store, &index(), &path, false).unwrap();
        let facts = store.connection().query_row("SELECT count(*) FROM facts", [], |r| r.get(0)).unwrap();
        let skipped = store
            .connection()
            .query_row("SELECT coalesce(sum(n), 0) FROM tally WHERE what LIKE 'skipped:%'", [], |r| r.get(0))
            .unwrap();
        (facts, skipped)
    }

    #[test]
    fn a_json_array() {
        assert_eq!(ingest(&format!("[{}, {}]", statement(1), statement(2))), (2, 0));
        assert_eq!(ingest(&format!("\u{feff}[\n{},\n{}\n]\n", pretty(1), pretty(2))), (2, 0));
        assert_eq!(ingest("[]"), (0, 0));
        assert_eq!(ingest(""), (0, 0));
    }

    #[test]
    fn json_lines() {
        let text = format!("{}\n\n{}\r\n{}\n", statement(1), statement(2), statement(2));
        assert_eq!(ingest(&text), (2, 0));
    }

    #[test]
    fn saved_pages() {
        let page = |a: u32, b: u32| {
            format!("{{\"statements\": [{}, {}], \"more\": \"/xapi/statements?x=1\"}}", statement(a), statement(b))
        };
        assert_eq!(ingest(&format!("{}\n{}\n", page(1, 2), page(3, 4))), (4, 0));
        let pretty_page =
            format!("{{\n  \"more\": \"\",\n  \"statements\": [\n{},\n{}\n  ]\n}}\n", pretty(5), pretty(6));
        assert_eq!(ingest(&format!("{pretty_page}{pretty_page}")), (2, 0));
        // Pretty-printed statements one after another are read too.
        assert_eq!(ingest(&format!("{}\n{}", pretty(7), pretty(8))), (2, 0));
    }

    #[test]
    fn a_malformed_line_is_skipped_and_counted() {
        let text = format!("{}\n{{\"id\": \"broken\", \n{}\n{{\"id\": 4}}\n", statement(1), statement(2));
        assert_eq!(ingest(&text), (2, 2));
    }

    #[test]
    fn a_broken_array_keeps_what_came_before() {
        let text = format!("[{}, {}, {{\"id\": ", statement(1), statement(2));
        assert_eq!(ingest(&text), (2, 1));
        let text = format!("[{}, 12, \"x\", {}]", statement(1), statement(2));
        assert_eq!(ingest(&text), (2, 2));
    }

    #[test]
    fn lines_are_counted_across_buffers() {
        let mut scan =
            Scan { input: BufReader::with_capacity(8, "\n\n  [\"a\nb\",\n 1]".as_bytes()), line: 1, file: "f".into() };
        assert_eq!(scan.skip_ws().unwrap(), Some(b'['));
        assert_eq!(scan.line, 3);
        scan.bump();
        let mut out = Vec::new();
        scan.skip_ws().unwrap();
        assert!(scan.value(&mut out).is_ok());
        assert_eq!(out, b"\"a\nb\"");
        assert_eq!(scan.line, 4);
    }
}
