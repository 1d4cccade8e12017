//! `report.json`: the figures as they are, described by `schemas/report.schema.json`.

use std::io::Write;
use std::path::Path;

use crate::report::analyse::Figures;

/// Writes `report.json` (one line of JSON and a newline: it may hold a row per learner and module).
pub(crate) fn write(figures: &Figures, file: &Path) -> anyhow::Result<()> {
    super::atomically(file, |out| {
        serde_json::to_writer(&mut *out, figures)?;
        out.write_all(b"\n")?;
        Ok(())
    })
}
