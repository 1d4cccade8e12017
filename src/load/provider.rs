//! Where the loader reads sources from: the disk, or editor buffers laid over the disk (for the
//! language server and the preview, which check what the author is typing before it is saved).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub use crate::model::{Entry, SourceProvider};

/// The files on disk.
#[derive(Debug, Default, Clone, Copy)]
pub struct Disk;

impl SourceProvider for Disk {
    fn entry(&self, path: &Path, within: &Path) -> Entry {
        let Ok(mut meta) = std::fs::symlink_metadata(path) else { return Entry::Missing };
        if meta.file_type().is_symlink() {
            let (Ok(target), Ok(root)) = (path.canonicalize(), within.canonicalize()) else { return Entry::Missing };
            if !target.starts_with(&root) {
                return Entry::LinksOut(target);
            }
            // What the link points to, inside the sources.
            let Ok(followed) = std::fs::metadata(path) else { return Entry::Missing };
            meta = followed;
        }
        if meta.is_file() {
            Entry::File { bytes: meta.len() }
        } else if meta.is_dir() {
            Entry::Folder
        } else {
            Entry::Other
        }
    }

    fn read(&self, path: &Path) -> std::io::Result<Vec<u8>> {
        std::fs::read(path)
    }

    fn file_names(&self, dir: &Path) -> Vec<String> {
        let Ok(entries) = std::fs::read_dir(dir) else { return Vec::new() };
        entries
            .filter_map(Result::ok)
            .filter(|entry| entry.file_type().is_ok_and(|t| t.is_file()))
            .map(|entry| entry.file_name().to_string_lossy().into_owned())
            .collect()
    }
}

/// Unsaved editor buffers over the disk: a buffer wins over the file at the same path, and may
/// stand where no file exists yet.
#[derive(Debug, Default, Clone)]
pub struct Overlay {
    buffers: BTreeMap<PathBuf, Vec<u8>>,
}

impl Overlay {
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets the text of the buffer at `path` (as the loader will name it).
    pub fn set(&mut self, path: impl Into<PathBuf>, text: impl Into<Vec<u8>>) {
        self.buffers.insert(path.into(), text.into());
    }

    /// Drops a buffer: the file on disk shows again.
    pub fn remove(&mut self, path: &Path) {
        self.buffers.remove(path);
    }
}

impl SourceProvider for Overlay {
    fn entry(&self, path: &Path, within: &Path) -> Entry {
        if let Some(bytes) = self.buffers.get(path) {
            return Entry::File { bytes: bytes.len() as u64 };
        }
        match Disk.entry(path, within) {
            Entry::Missing if self.buffers.keys().any(|p| p.starts_with(path)) => Entry::Folder,
            entry => entry,
        }
    }

    fn read(&self, path: &Path) -> std::io::Result<Vec<u8>> {
        match self.buffers.get(path) {
            Some(bytes) => Ok(bytes.clone()),
            None => Disk.read(path),
        }
    }

    fn file_names(&self, dir: &Path) -> Vec<String> {
        let mut names: std::collections::BTreeSet<String> = Disk.file_names(dir).into_iter().collect();
        let buffered = self.buffers.keys().filter(|p| p.parent() == Some(dir));
        names.extend(buffered.filter_map(|p| p.file_name()).map(|n| n.to_string_lossy().into_owned()));
        names.into_iter().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buffers_win_over_the_disk() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.md");
        std::fs::write(&file, "on disk").unwrap();
        let mut overlay = Overlay::new();
        assert_eq!(overlay.read(&file).unwrap(), b"on disk");
        overlay.set(&file, "typed");
        assert_eq!(overlay.read(&file).unwrap(), b"typed");
        assert_eq!(overlay.entry(&file, dir.path()), Entry::File { bytes: 5 });
        let new = dir.path().join("new/b.md");
        overlay.set(&new, "x");
        assert_eq!(overlay.entry(&dir.path().join("new"), dir.path()), Entry::Folder);
        overlay.remove(&file);
        assert_eq!(overlay.read(&file).unwrap(), b"on disk");
        assert_eq!(Disk.entry(&dir.path().join("none"), dir.path()), Entry::Missing);
    }

    #[test]
    fn a_link_inside_the_sources_is_what_it_points_to() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.md"), "text").unwrap();
        std::fs::create_dir(dir.path().join("images")).unwrap();
        std::os::unix::fs::symlink(dir.path().join("a.md"), dir.path().join("b.md")).unwrap();
        std::os::unix::fs::symlink(dir.path().join("images"), dir.path().join("img")).unwrap();
        std::os::unix::fs::symlink(dir.path().join("gone.md"), dir.path().join("broken.md")).unwrap();
        assert_eq!(Disk.entry(&dir.path().join("b.md"), dir.path()), Entry::File { bytes: 4 });
        assert_eq!(Disk.entry(&dir.path().join("img"), dir.path()), Entry::Folder);
        assert_eq!(Disk.entry(&dir.path().join("broken.md"), dir.path()), Entry::Missing);
    }
}
