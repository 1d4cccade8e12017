//! Files that sources refer to (images, media, resources): they must exist, be regular files and
//! stay inside the course folder, so a package never carries anything from elsewhere.

use std::path::{Component, Path, PathBuf};

use super::provider::{Entry, SourceProvider};
use crate::diagnostics::Code;
use crate::model::LocalFile;
use crate::tr;

#[derive(Debug, PartialEq, Eq)]
pub(crate) enum FileProblem {
    Empty,
    Absolute,
    Escapes,
    /// Not found at this path; a file of the same folder with a close name, as it would be written.
    Missing(PathBuf, Option<String>),
    NotAFile(PathBuf),
    LinksOut(PathBuf),
}

impl FileProblem {
    pub(crate) fn code(&self) -> Code {
        match self {
            FileProblem::Missing(..) => Code::E031,
            FileProblem::NotAFile(_) => Code::E033,
            FileProblem::Empty | FileProblem::Absolute | FileProblem::Escapes | FileProblem::LinksOut(_) => Code::E032,
        }
    }

    pub fn message(&self, written: &str) -> String {
        match self {
            FileProblem::Empty => tr!("a file path is empty"),
            FileProblem::Absolute => tr!("`{written}` is an absolute path", written = written),
            FileProblem::Escapes => tr!("`{written}` goes outside the course folder", written = written),
            FileProblem::Missing(p, _) => {
                tr!("file `{written}` not found (looked for {})", p.display(), written = written)
            }
            FileProblem::NotAFile(p) => tr!("`{written}` is not a regular file ({})", p.display(), written = written),
            FileProblem::LinksOut(p) => {
                tr!("`{written}` is a link to a file outside the course folder ({})", p.display(), written = written)
            }
        }
    }

    /// The name a "did you mean" offers for a missing file, as it would be written.
    pub fn suggestion(&self) -> Option<&str> {
        match self {
            FileProblem::Missing(_, close) => close.as_deref(),
            _ => None,
        }
    }

    /// The hint, and `more` after it unless the hint is a "did you mean".
    pub fn hint_with(&self, more: &str) -> String {
        match self {
            FileProblem::Missing(_, Some(_)) => self.hint(),
            _ => format!("{}; {more}", self.hint()),
        }
    }

    pub fn hint(&self) -> String {
        match self {
            FileProblem::Missing(_, Some(close)) => tr!("did you mean `{close}`?", close = close),
            FileProblem::Missing(_, None) => {
                tr!("check the spelling and the folder; paths are relative and case-sensitive")
            }
            FileProblem::NotAFile(_) => tr!("point at a file, not a folder or a device"),
            _ => tr!("put the file inside the course folder and write its path relative to it, without `..`"),
        }
    }
}

/// Resolves `written` (relative to `from`, itself relative to the course folder) and checks it.
pub(crate) fn resolve(
    provider: &dyn SourceProvider,
    course_dir: &Path,
    from: &Path,
    written: &str,
) -> Result<LocalFile, FileProblem> {
    if written.trim().is_empty() {
        return Err(FileProblem::Empty);
    }
    let written_path = Path::new(written);
    if written.starts_with('/')
        || written.starts_with('\\')
        || written_path.is_absolute()
        || written.get(1..2) == Some(":")
    {
        return Err(FileProblem::Absolute);
    }
    let mut parts: Vec<String> = Vec::new();
    for component in from.join(written_path).components() {
        match component {
            Component::Normal(part) => parts.push(part.to_string_lossy().into_owned()),
            Component::CurDir => {}
            Component::ParentDir => return Err(FileProblem::Escapes),
            Component::RootDir | Component::Prefix(_) => return Err(FileProblem::Absolute),
        }
    }
    if written.contains('\\') {
        return Err(FileProblem::Escapes);
    }
    let full = parts.iter().fold(course_dir.to_path_buf(), |p, part| p.join(part));
    match provider.entry(&full, course_dir) {
        Entry::File { bytes } => Ok(LocalFile { path: parts.join("/"), bytes }),
        Entry::Missing => {
            let close = close_file(provider, &full, written);
            Err(FileProblem::Missing(full, close))
        }
        Entry::LinksOut(target) => Err(FileProblem::LinksOut(target)),
        Entry::Folder | Entry::Other => Err(FileProblem::NotAFile(full)),
    }
}

/// A file next to the missing `full` whose name is close to its name (a typo, another case),
/// as the author would write it in place of `written`.
fn close_file(provider: &dyn SourceProvider, full: &Path, written: &str) -> Option<String> {
    let (folder, name) = (full.parent()?, full.file_name()?.to_string_lossy());
    let names = provider.file_names(folder);
    let lower = name.to_lowercase();
    let close = names
        .iter()
        .find(|n| n.to_lowercase() == lower)
        .map(String::as_str)
        .or_else(|| crate::diagnostics::did_you_mean(&name, names.iter().map(String::as_str)))?;
    let prefix = written.rfind('/').map_or("", |i| &written[..=i]);
    Some(format!("{prefix}{close}"))
}

#[cfg(test)]
mod tests {
    use super::super::provider::Disk;
    use super::*;

    #[test]
    fn keeps_files_inside_the_course() {
        let dir = tempfile::tempdir().unwrap();
        let course = dir.path().join("c");
        std::fs::create_dir_all(course.join("img")).unwrap();
        std::fs::write(course.join("img/a.svg"), "<svg/>").unwrap();
        std::fs::write(dir.path().join("secret.txt"), "x").unwrap();
        let ok = resolve(&Disk, &course, Path::new("mod"), "../img/a.svg");
        assert_eq!(ok, Err(FileProblem::Escapes));
        let ok = resolve(&Disk, &course, Path::new(""), "./img/a.svg").unwrap();
        assert_eq!(ok, LocalFile { path: "img/a.svg".into(), bytes: 6 });
        assert_eq!(resolve(&Disk, &course, Path::new(""), "/etc/passwd"), Err(FileProblem::Absolute));
        assert_eq!(resolve(&Disk, &course, Path::new(""), "../secret.txt"), Err(FileProblem::Escapes));
        assert!(matches!(resolve(&Disk, &course, Path::new(""), "img"), Err(FileProblem::NotAFile(_))));
        assert!(matches!(resolve(&Disk, &course, Path::new(""), "img/b.svg"), Err(FileProblem::Missing(..))));
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(dir.path().join("secret.txt"), course.join("link.txt")).unwrap();
            assert!(matches!(resolve(&Disk, &course, Path::new(""), "link.txt"), Err(FileProblem::LinksOut(_))));
        }
    }
}
