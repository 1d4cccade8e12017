//! The report's files: HTML, CSV, JSON, each written whole under a temporary name, then renamed.

pub(crate) mod csv;
pub(crate) mod html;
mod json;

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use anyhow::Context;

use crate::model::LearningPath;
use crate::report::analyse::Figures;
use crate::report::store::Store;
use crate::report::{ReportFormat, ReportOptions};

/// Writes the formats asked for; returns the files written.
pub(crate) fn write(
    figures: &Figures,
    store: &Store,
    path: &LearningPath,
    options: &ReportOptions,
) -> anyhow::Result<Vec<PathBuf>> {
    let mut written = Vec::new();
    if options.formats.contains(&ReportFormat::Html) {
        let file = options.out.join("report.html");
        let html = html::render(figures)?;
        atomically(&file, |out| Ok(out.write_all(html.as_bytes())?))?;
        written.push(file);
    }
    if options.formats.contains(&ReportFormat::Csv) {
        written.extend(csv::write(figures, store, path, options)?);
    }
    if options.formats.contains(&ReportFormat::Json) {
        let file = options.out.join("report.json");
        json::write(figures, &file)?;
        written.push(file);
    }
    Ok(written)
}

/// Writes a file under a temporary name, then renames it into place: a reader never sees half.
pub(crate) fn atomically(
    file: &Path,
    fill: impl FnOnce(&mut BufWriter<File>) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    let name = file.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let temporary = file.with_file_name(format!(".{name}.part"));
    let mut out =
        BufWriter::new(File::create(&temporary).with_context(|| crate::tr!("cannot write {}", temporary.display()))?);
    fill(&mut out).with_context(|| crate::tr!("cannot write {}", file.display()))?;
    out.into_inner().map_err(std::io::IntoInnerError::into_error)?.sync_all()?;
    std::fs::rename(&temporary, file).with_context(|| crate::tr!("cannot write {}", file.display()))?;
    Ok(())
}
