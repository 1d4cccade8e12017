//! Statement files: a JSON array, JSON Lines, or saved `{"statements": […], "more": …}` pages.

use std::path::Path;

use crate::report::index::PathIndex;
use crate::report::store::Store;

/// Reads one file of statements into the store.
pub(crate) fn read(_store: &Store, _index: &PathIndex, file: &Path) -> anyhow::Result<()> {
    anyhow::bail!("reading statement files ({}) is being built", file.display())
}
