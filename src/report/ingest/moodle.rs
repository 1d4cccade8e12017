//! Moodle 4.x SCORM report downloads (Basic and Interactions reports; text, ODS, Excel).

use std::path::Path;

use crate::report::index::PathIndex;
use crate::report::store::Store;
use crate::report::ReportOptions;

/// Reads one Moodle report download into the store.
pub(crate) fn read(_store: &Store, _index: &PathIndex, file: &Path, _options: &ReportOptions) -> anyhow::Result<()> {
    anyhow::bail!("reading Moodle reports ({}) is being built", file.display())
}
