//! Deterministic zip files: entries in the order given (targets give them sorted by name), one
//! fixed timestamp, fixed permissions and compression, so the same files always give the same
//! bytes. Entries are written one at a time, straight into the file.

use std::io::{Seek, Write};

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

/// Writes a zip into `writer`: each entry deflated, dated `moment`, mode 0644, in the order the
/// iterator gives them (produced one at a time, so only one is in memory).
pub(crate) fn write_zip<W: Write + Seek>(
    writer: W,
    moment: DateTime<Utc>,
    entries: impl IntoIterator<Item = anyhow::Result<(String, Vec<u8>)>>,
) -> anyhow::Result<W> {
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .compression_level(Some(9))
        .last_modified_time(zip_time(moment)?)
        .unix_permissions(0o644);
    let mut zip = ZipWriter::new(writer);
    for entry in entries {
        let (name, content) = entry?;
        zip.start_file(name.as_str(), options).with_context(|| format!("zip entry {name}"))?;
        zip.write_all(&content)?;
    }
    Ok(zip.finish()?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{Cursor, Read};

    #[test]
    fn same_files_same_bytes() {
        let files =
            || [Ok(("a/x.css".to_string(), b"p{}".repeat(100))), Ok(("b.html".to_string(), b"<p>b</p>".to_vec()))];
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
