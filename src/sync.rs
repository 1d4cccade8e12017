//! A folder brought up to date file by file, for the web edition served from `dist/web/` (issue
//! 15). Each file the build produces is compared with the one already there, size first, then
//! bytes, one file at a time; a new or changed file is written under a temporary name beside its
//! place, and only when the whole build has succeeded is each renamed over the old one (atomic
//! for a reader: the old file or the new one, never a part). Files and folders no longer produced
//! are removed last. An unchanged file is not touched: it keeps its inode and time, so a server,
//! a preview's live reload or `rsync` sees only what changed. A folder that is not there yet is
//! written whole under a temporary name beside it and renamed once. Dropped without `commit`,
//! nothing under a real name has changed and the temporary files are removed.

use std::collections::{BTreeSet, HashMap};
use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

use anyhow::Context;

/// What an update did to the folder, in files.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct FolderUpdate {
    /// New or changed, written and renamed into place.
    pub written: usize,
    /// Already there with the same bytes, left alone.
    pub unchanged: usize,
    /// Not produced any more, removed.
    pub removed: usize,
}

/// A changed file waiting under its temporary name.
struct Pending {
    temp: PathBuf,
    name: String,
}

/// The update of one folder: `put` each file, then `commit`.
pub(crate) struct FolderSync {
    root: PathBuf,
    /// When the folder is not there yet: a new folder beside it, written directly, renamed to
    /// the root by `commit` (one rename instead of one per file).
    fresh: Option<PathBuf>,
    /// Whether each folder under the root (by relative name) is there as a folder, looked up
    /// or created once, not once per file.
    folders: HashMap<String, bool>,
    /// Every name produced, relative to the root with `/` between folders.
    produced: BTreeSet<String>,
    pending: Vec<Pending>,
    unchanged: usize,
    /// Numbers the temporary names, unique within the build (with the process id).
    serial: usize,
    pid: u32,
    buffer: Vec<u8>,
}

const CHUNK: usize = 64 * 1024;

impl FolderSync {
    /// An update of `root`; if it is not there, a new folder that takes its place on `commit`.
    pub(crate) fn new(root: PathBuf) -> anyhow::Result<Self> {
        let pid = std::process::id();
        let fresh = if root.symlink_metadata().is_ok() {
            None
        } else {
            let name = root.file_name().unwrap_or_default().to_string_lossy();
            let fresh = root.with_file_name(format!(".{name}.{pid}.campus-tmp"));
            fs::create_dir_all(&fresh).with_context(|| format!("creating {}", fresh.display()))?;
            Some(fresh)
        };
        Ok(Self {
            root,
            fresh,
            folders: HashMap::new(),
            produced: BTreeSet::new(),
            pending: Vec::new(),
            unchanged: 0,
            serial: 0,
            pid,
            buffer: vec![0; CHUNK],
        })
    }

    /// One file of the new content, `name` relative to the root (`/` between folders): left
    /// alone when the same bytes are there, else written under a temporary name.
    pub(crate) fn put(&mut self, name: &str, bytes: &[u8]) -> anyhow::Result<()> {
        debug_assert!(name.split('/').all(|part| !matches!(part, "" | "." | "..")), "{name}");
        self.produced.insert(name.to_string());
        let (folder, file_name) = name.rsplit_once('/').unwrap_or(("", name));
        if let Some(fresh) = self.fresh.clone() {
            self.make_folder(folder)?;
            let path = fresh.join(name);
            return fs::write(&path, bytes).with_context(|| format!("writing {}", path.display()));
        }
        // Nothing to compare with in a folder that is not there.
        if self.is_folder(folder) && same_bytes(&self.root.join(name), bytes, &mut self.buffer) {
            self.unchanged += 1;
            return Ok(());
        }
        // Beside the file when its folder is there; else in the nearest folder that is.
        let dir = self.nearest_folder(folder);
        self.serial += 1;
        let temp = dir.join(format!(".{file_name}.{}-{}.campus-tmp", self.pid, self.serial));
        let written = OpenOptions::new().write(true).create_new(true).open(&temp).and_then(|mut file| {
            file.write_all(bytes).inspect_err(|_| {
                let _ = fs::remove_file(&temp);
            })
        });
        written.with_context(|| format!("writing {}", temp.display()))?;
        self.pending.push(Pending { temp, name: name.to_string() });
        Ok(())
    }

    /// Renames every changed file into place, then removes what is no longer produced. The
    /// files a page uses go first and the pages last (the path's own pages at the very end), so
    /// a page already renamed finds what it links to; removals come after every rename.
    pub(crate) fn commit(mut self) -> anyhow::Result<FolderUpdate> {
        if let Some(fresh) = &self.fresh {
            fs::rename(fresh, &self.root).with_context(|| format!("renaming into {}", self.root.display()))?;
            self.fresh = None;
            return Ok(FolderUpdate { written: self.produced.len(), ..FolderUpdate::default() });
        }
        // Sorted so that the first to rename is last, to pop.
        self.pending.sort_by_cached_key(|p| {
            let page = Path::new(&p.name).extension().is_some_and(|e| e.eq_ignore_ascii_case("html"));
            std::cmp::Reverse((page, std::cmp::Reverse(p.name.matches('/').count()), p.name.clone()))
        });
        let mut update = FolderUpdate { unchanged: self.unchanged, ..FolderUpdate::default() };
        while let Some(next) = self.pending.pop() {
            match self.rename_into_place(&next) {
                Ok(removed) => update.removed += removed,
                Err(error) => {
                    self.pending.push(next);
                    return Err(error);
                }
            }
            update.written += 1;
        }
        update.removed += self.remove_stale(&self.root.clone(), "")?;
        Ok(update)
    }

    /// Renames one changed file into place, making its folder first; returns how many files
    /// were removed because they stood where the file or its folders go.
    fn rename_into_place(&mut self, pending: &Pending) -> anyhow::Result<usize> {
        let target = self.root.join(&pending.name);
        let mut removed = 0;
        if let Some((folder, _)) = pending.name.rsplit_once('/') {
            removed += self.make_folder(folder)?;
        }
        if let Err(error) = fs::rename(&pending.temp, &target) {
            // A folder where the file goes now: it is not produced any more.
            if !target.symlink_metadata().is_ok_and(|m| m.is_dir()) {
                return Err(error).with_context(|| format!("renaming into {}", target.display()));
            }
            removed += remove_tree(&target)?;
            fs::rename(&pending.temp, &target).with_context(|| format!("renaming into {}", target.display()))?;
        }
        Ok(removed)
    }

    /// Where files and folders go: the new folder, or the root.
    fn base(&self) -> &Path {
        self.fresh.as_deref().unwrap_or(&self.root)
    }

    /// Whether the folder `name` (relative, `""` for the root) is there as a folder, looked up once.
    fn is_folder(&mut self, name: &str) -> bool {
        if name.is_empty() {
            return true;
        }
        if let Some(&known) = self.folders.get(name) {
            return known;
        }
        if self.fresh.is_some() {
            return false;
        }
        let there = self.base().join(name).symlink_metadata().is_ok_and(|m| m.is_dir());
        self.folders.insert(name.to_string(), there);
        there
    }

    /// The deepest folder on the way to `folder` that is there.
    fn nearest_folder(&mut self, folder: &str) -> PathBuf {
        let mut nearest = self.root.clone();
        if folder.is_empty() {
            return nearest;
        }
        let mut end = 0;
        for part in folder.split('/') {
            end += part.len();
            if !self.is_folder(&folder[..end]) {
                break;
            }
            nearest.push(part);
            end += 1;
        }
        nearest
    }

    /// Makes `folder` and the folders above it, each once; a file in their place (not produced
    /// any more) is removed first. Returns how many files were removed.
    fn make_folder(&mut self, folder: &str) -> anyhow::Result<usize> {
        if self.is_folder(folder) {
            return Ok(0);
        }
        let mut removed = 0;
        if let Some((parent, _)) = folder.rsplit_once('/') {
            removed += self.make_folder(parent)?;
        }
        let path = self.base().join(folder);
        if self.fresh.is_none() && path.symlink_metadata().is_ok() {
            fs::remove_file(&path).with_context(|| format!("removing {}", path.display()))?;
            removed += 1;
        }
        fs::create_dir(&path).with_context(|| format!("creating {}", path.display()))?;
        self.folders.insert(folder.to_string(), true);
        Ok(removed)
    }

    /// Removes, under `dir` (relative name `prefix`), every file not produced and every folder
    /// holding nothing produced. Returns how many files were removed.
    fn remove_stale(&self, dir: &Path, prefix: &str) -> anyhow::Result<usize> {
        let mut removed = 0;
        let entries = fs::read_dir(dir).with_context(|| format!("reading {}", dir.display()))?;
        for entry in entries {
            let entry = entry.with_context(|| format!("reading {}", dir.display()))?;
            let file_name = entry.file_name();
            let name = file_name.to_string_lossy();
            let name = if prefix.is_empty() { name.into_owned() } else { format!("{prefix}/{name}") };
            let path = entry.path();
            if entry.file_type()?.is_dir() {
                let inside = format!("{name}/");
                if self.produced.range(inside.clone()..).next().is_some_and(|n| n.starts_with(&inside)) {
                    removed += self.remove_stale(&path, &name)?;
                } else {
                    removed += remove_tree(&path)?;
                }
            } else if !self.produced.contains(&name) {
                fs::remove_file(&path).with_context(|| format!("removing {}", path.display()))?;
                removed += 1;
            }
        }
        Ok(removed)
    }
}

impl Drop for FolderSync {
    /// Without `commit` (an error in the build), or after a failed one: no temporary file stays.
    fn drop(&mut self) {
        for pending in &self.pending {
            let _ = fs::remove_file(&pending.temp);
        }
        if let Some(fresh) = &self.fresh {
            let _ = fs::remove_dir_all(fresh);
        }
    }
}

/// Whether the file at `path` holds exactly `bytes`: its size first, then its content read a
/// chunk at a time. Anything that cannot be read counts as different (it will be replaced).
fn same_bytes(path: &Path, bytes: &[u8], buffer: &mut [u8]) -> bool {
    let Ok(mut file) = File::open(path) else { return false };
    if !file.metadata().is_ok_and(|m| m.is_file() && m.len() == bytes.len() as u64) {
        return false;
    }
    let mut rest = bytes;
    while !rest.is_empty() {
        let want = rest.len().min(buffer.len());
        match file.read(&mut buffer[..want]) {
            Ok(0) | Err(_) => return false,
            Ok(n) if buffer[..n] != rest[..n] => return false,
            Ok(n) => rest = &rest[n..],
        }
    }
    true
}

/// Whether two files hold the same bytes: sizes first, then a chunk at a time.
pub(crate) fn same_files(a: &Path, b: &Path) -> io::Result<bool> {
    let (mut a, mut b) = (File::open(a)?, File::open(b)?);
    if a.metadata()?.len() != b.metadata()?.len() {
        return Ok(false);
    }
    let (mut left, mut right) = (vec![0; CHUNK], vec![0; CHUNK]);
    loop {
        let n = a.read(&mut left)?;
        if n == 0 {
            return Ok(b.read(&mut right[..1])? == 0);
        }
        b.read_exact(&mut right[..n])?;
        if left[..n] != right[..n] {
            return Ok(false);
        }
    }
}

/// Removes a folder and everything in it; returns how many files it held.
fn remove_tree(dir: &Path) -> anyhow::Result<usize> {
    let mut removed = 0;
    for entry in fs::read_dir(dir).with_context(|| format!("reading {}", dir.display()))? {
        let entry = entry?;
        if entry.file_type()?.is_dir() {
            removed += remove_tree(&entry.path())?;
        } else {
            fs::remove_file(entry.path()).with_context(|| format!("removing {}", entry.path().display()))?;
            removed += 1;
        }
    }
    fs::remove_dir(dir).with_context(|| format!("removing {}", dir.display()))?;
    Ok(removed)
}

#[cfg(test)]
mod tests {
    use std::os::unix::fs::MetadataExt;

    use super::*;

    /// Every file under `dir` (relative name, inode, content), sorted.
    fn tree(dir: &Path) -> Vec<(String, u64, String)> {
        let mut files = Vec::new();
        let mut stack = vec![dir.to_path_buf()];
        while let Some(d) = stack.pop() {
            for entry in fs::read_dir(&d).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    stack.push(path);
                } else {
                    let name = path.strip_prefix(dir).unwrap().to_string_lossy().into_owned();
                    files.push((name, path.metadata().unwrap().ino(), fs::read_to_string(&path).unwrap()));
                }
            }
        }
        files.sort();
        files
    }

    fn update(root: &Path, files: &[(&str, &str)]) -> FolderUpdate {
        let mut sync = FolderSync::new(root.to_path_buf()).unwrap();
        for (name, text) in files {
            sync.put(name, text.as_bytes()).unwrap();
        }
        sync.commit().unwrap()
    }

    #[test]
    fn only_what_changed_is_written_and_what_is_gone_is_removed() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("web");
        let first = [("index.html", "home"), ("a/page.html", "a"), ("a/img/x.svg", "x"), ("b/page.html", "b")];
        assert_eq!(update(&root, &first), FolderUpdate { written: 4, unchanged: 0, removed: 0 });
        let before = tree(&root);
        // Same bytes: nothing written, every inode kept.
        assert_eq!(update(&root, &first), FolderUpdate { written: 0, unchanged: 4, removed: 0 });
        assert_eq!(tree(&root), before);
        // One page changed (same size, other bytes), one new in a new folder, b/ gone.
        let second = [("index.html", "home"), ("a/page.html", "A"), ("a/img/x.svg", "x"), ("c/d/new.html", "new")];
        assert_eq!(update(&root, &second), FolderUpdate { written: 2, unchanged: 2, removed: 1 });
        let after = tree(&root);
        let names: Vec<&str> = after.iter().map(|(name, _, _)| name.as_str()).collect();
        assert_eq!(names, ["a/img/x.svg", "a/page.html", "c/d/new.html", "index.html"]);
        assert_eq!(after[0], before[0], "unchanged: same inode");
        assert_eq!(after[3], before[3]);
        assert_ne!(after[1].1, before[1].1, "changed: replaced by a new file");
        assert_eq!(after[1].2, "A");
        assert!(!root.join("b").exists(), "an emptied folder is removed");
    }

    #[test]
    fn a_dropped_update_leaves_no_trace() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("web");
        update(&root, &[("index.html", "home"), ("a/page.html", "a")]);
        let before = tree(&root);
        let mut sync = FolderSync::new(root.clone()).unwrap();
        sync.put("index.html", b"changed").unwrap();
        sync.put("new/page.html", b"new").unwrap();
        assert_eq!(sync.pending.len(), 2);
        drop(sync);
        assert_eq!(tree(&root), before, "no temporary file left, nothing replaced or removed");
        assert!(!root.join("new").exists());
        // A folder the update had to create is removed again.
        let fresh = dir.path().join("fresh");
        let mut sync = FolderSync::new(fresh.clone()).unwrap();
        sync.put("index.html", b"x").unwrap();
        drop(sync);
        let names: Vec<_> = fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(names, ["web"], "no new folder, no temporary one");
    }

    #[test]
    fn a_failed_rename_removes_the_temporary_files_left() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("web");
        update(&root, &[("index.html", "home")]);
        let before = tree(&root);
        let mut sync = FolderSync::new(root.clone()).unwrap();
        sync.put("a.css", b"a").unwrap();
        sync.put("index.html", b"new home").unwrap();
        // The stylesheet's temporary file disappears before the commit: its rename fails.
        fs::remove_file(&sync.pending[0].temp).unwrap();
        assert!(sync.commit().is_err());
        assert_eq!(tree(&root), before, "the page stays the old one; no temporary file left");
    }

    #[test]
    fn files_and_folders_may_trade_places() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("web");
        update(&root, &[("x", "file"), ("y/z.html", "in a folder")]);
        let counts = update(&root, &[("x/inside.html", "now a folder"), ("y", "now a file")]);
        assert_eq!(counts, FolderUpdate { written: 2, unchanged: 0, removed: 2 });
        assert_eq!(fs::read_to_string(root.join("x/inside.html")).unwrap(), "now a folder");
        assert_eq!(fs::read_to_string(root.join("y")).unwrap(), "now a file");
    }

    #[test]
    fn bytes_are_compared_beyond_the_first_chunk() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big");
        let mut bytes = vec![7u8; CHUNK * 2 + 10];
        fs::write(&path, &bytes).unwrap();
        let mut buffer = vec![0; CHUNK];
        assert!(same_bytes(&path, &bytes, &mut buffer));
        bytes[CHUNK + 3] = 8;
        assert!(!same_bytes(&path, &bytes, &mut buffer));
        assert!(!same_bytes(&path, &bytes[1..], &mut buffer), "another size");
        assert!(!same_bytes(&dir.path().join("missing"), b"", &mut buffer));
        let other = dir.path().join("other");
        fs::write(&other, &bytes).unwrap();
        assert!(!same_files(&path, &other).unwrap());
        fs::write(&other, vec![7u8; CHUNK * 2 + 10]).unwrap();
        assert!(same_files(&path, &other).unwrap());
    }
}
