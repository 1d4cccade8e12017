//! Where a learning path's files are read from, as an interface: the loader provides the disk
//! (`load::Disk`) or editor buffers over it (`load::Overlay`). No I/O here.

use std::path::{Path, PathBuf};

/// What stands at a path, as the loader needs to know it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Entry {
    /// A regular file (or a link to one inside the allowed folder) and its size in bytes.
    File {
        bytes: u64,
    },
    Folder,
    /// Something else: a device, a socket.
    Other,
    Missing,
    /// A symbolic link whose target is outside the folder it must stay in.
    LinksOut(PathBuf),
}

/// A source of files. Paths are the ones the loader builds from the root it was given.
pub trait SourceProvider: Send + Sync {
    /// What is at `path`; a link must resolve inside `within` (a course folder) or it is
    /// [`Entry::LinksOut`].
    fn entry(&self, path: &Path, within: &Path) -> Entry;
    /// The bytes of the file at `path`.
    fn read(&self, path: &Path) -> std::io::Result<Vec<u8>>;
    /// The names of the files directly in the folder `dir`, in any order (none when it cannot
    /// be listed). Used to notice Markdown files a course does not list.
    fn file_names(&self, dir: &Path) -> Vec<String> {
        let _ = dir;
        Vec::new()
    }
}
