//! Pulling statements from an LRS (xAPI 1.0.3 Statements API).

use crate::report::index::PathIndex;
use crate::report::store::Store;
use crate::report::ReportOptions;

/// Pulls the path's statements stored since the last pull.
pub(crate) fn pull(_store: &Store, _index: &PathIndex, url: &str, _options: &ReportOptions) -> anyhow::Result<()> {
    anyhow::bail!("pulling from an LRS ({url}) is being built")
}
