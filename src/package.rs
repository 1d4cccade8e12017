//! Deterministic zip files: entries in the order given (targets give them sorted by name), one
//! fixed timestamp, fixed permissions and compression, so the same files always give the same
//! bytes. Entries are written one at a time, straight into the file.

use std::borrow::Cow;
use std::io::{BufWriter, Seek, Write};
use std::sync::atomic::{AtomicI64, Ordering};

use anyhow::Context;
use chrono::{DateTime, Datelike, NaiveDate, Timelike, Utc};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

/// The moment written into packages: `SOURCE_DATE_EPOCH` when set (reproducible-builds.org),
/// else midnight UTC of the course version date. Never the wall clock.
pub(crate) fn timestamp(course_date: &str, source_date_epoch: Option<i64>) -> anyhow::Result<DateTime<Utc>> {
    if let Some(seconds) = source_date_epoch {
        return DateTime::from_timestamp(seconds, 0).context("SOURCE_DATE_EPOCH is out of range");
    }
    let date = NaiveDate::parse_from_str(course_date, "%Y-%m-%d")
        .with_context(|| format!("course date `{course_date}` is not YYYY-MM-DD"))?;
    Ok(date.and_hms_opt(0, 0, 0).expect("midnight exists").and_utc())
}

fn zip_time(moment: DateTime<Utc>) -> anyhow::Result<zip::DateTime> {
    // Zip timestamps cannot go below 1980 or above 2107.
    let year = moment.year().clamp(1980, 2107) as u16;
    zip::DateTime::from_date_and_time(
        year,
        moment.month() as u8,
        moment.day() as u8,
        moment.hour() as u8,
        moment.minute() as u8,
        moment.second() as u8,
    )
    .map_err(|e| anyhow::anyhow!("zip timestamp: {e}"))
}

/// The deflate level of every entry (see the README's Benchmarks for the measurement).
const DEFLATE_LEVEL: i64 = 6;

/// A benchmark's override of [`DEFLATE_LEVEL`]: `UNSET`, `ZIP_DEFAULT` (the zip crate's choice)
/// or a level from 0 (stored) to 9.
static DEFLATE_OVERRIDE: AtomicI64 = AtomicI64::new(UNSET);
const UNSET: i64 = i64::MIN;
const ZIP_DEFAULT: i64 = -1;

/// For benchmarks only: packages written by this process use deflate `level` (0 = stored,
/// 1–9), or the zip crate's default level when `None`.
#[doc(hidden)]
pub fn set_deflate_level_for_benchmarks(level: Option<i64>) {
    DEFLATE_OVERRIDE.store(level.unwrap_or(ZIP_DEFAULT), Ordering::Relaxed);
}

fn deflate_options() -> SimpleFileOptions {
    let deflated = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
    match DEFLATE_OVERRIDE.load(Ordering::Relaxed) {
        UNSET => deflated.compression_level(Some(DEFLATE_LEVEL)),
        ZIP_DEFAULT => deflated.compression_level(None),
        0 => SimpleFileOptions::default().compression_method(CompressionMethod::Stored),
        level => deflated.compression_level(Some(level)),
    }
}

/// What an entry of a zip holds: bytes, or a document that writes itself into the entry.
pub(crate) enum Body<'a> {
    Bytes(Cow<'a, [u8]>),
    Written(&'a crate::targets::WriteFn<'a>),
}

/// Writes a zip into `writer`: each entry deflated, dated `moment`, mode 0644, in the order the
/// iterator gives them (produced one at a time, so only one is in memory; a written document
/// goes straight through the compressor).
pub(crate) fn write_zip<'a, W: Write + Seek>(
    writer: W,
    moment: DateTime<Utc>,
    entries: impl IntoIterator<Item = anyhow::Result<(String, Body<'a>)>>,
) -> anyhow::Result<W> {
    let options = deflate_options().last_modified_time(zip_time(moment)?).unix_permissions(0o644);
    let mut zip = ZipWriter::new(writer);
    for entry in entries {
        let (name, body) = entry?;
        zip.start_file(name.as_str(), options).with_context(|| format!("zip entry {name}"))?;
        match body {
            Body::Bytes(bytes) => zip.write_all(&bytes)?,
            Body::Written(write) => {
                // Buffered: the compressor works on each write it is given, and a document is
                // written in many small pieces.
                let mut buffered = BufWriter::with_capacity(64 * 1024, &mut zip);
                write(&mut buffered).and_then(|()| buffered.flush()).with_context(|| format!("writing {name}"))?;
            }
        }
    }
    Ok(zip.finish()?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{Cursor, Read};

    #[test]
    fn same_files_same_bytes() {
        let files = || {
            [
                Ok(("a/x.css".to_string(), Body::Bytes(Cow::Owned(b"p{}".repeat(100))))),
                Ok(("b.html".to_string(), Body::Bytes(Cow::Borrowed(b"<p>b</p>")))),
            ]
        };
        let moment = timestamp("2026-11-28", None).unwrap();
        let zip = |entries| write_zip(Cursor::new(Vec::new()), moment, entries).unwrap().into_inner();
        let first = zip(files());
        assert_eq!(first, zip(files()));
        let mut archive = zip::ZipArchive::new(Cursor::new(first)).unwrap();
        assert_eq!(archive.file_names().count(), 2);
        assert_eq!(archive.by_index(0).unwrap().name().unwrap(), "a/x.css");
        let mut text = String::new();
        archive.by_name("b.html").unwrap().read_to_string(&mut text).unwrap();
        assert_eq!(text, "<p>b</p>");
        let entry = archive.by_name("b.html").unwrap();
        let time = entry.last_modified().unwrap();
        assert_eq!((time.year(), time.month(), time.day(), time.hour()), (2026, 11, 28, 0));
    }

    #[test]
    fn source_date_epoch_wins() {
        let moment = timestamp("2026-11-28", Some(1_700_000_000)).unwrap();
        assert_eq!(moment.to_rfc3339(), "2023-11-14T22:13:20+00:00");
    }
}
