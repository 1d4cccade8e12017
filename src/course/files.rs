//! Files that sources refer to (images, media, resources): they must exist, be regular files and
//! stay inside the course folder, so a package never carries anything from elsewhere.

use std::path::{Component, Path, PathBuf};

#[derive(Debug, PartialEq, Eq)]
pub enum FileProblem {
    Empty,
    Absolute,
    Escapes,
    Missing(PathBuf),
    NotAFile(PathBuf),
    LinksOut(PathBuf),
}

impl FileProblem {
    pub fn code(&self) -> &'static str {
        match self {
            FileProblem::Missing(_) => "E031",
            FileProblem::NotAFile(_) => "E033",
            FileProblem::Empty | FileProblem::Absolute | FileProblem::Escapes | FileProblem::LinksOut(_) => "E032",
        }
    }

    pub fn message(&self, written: &str) -> String {
        match self {
            FileProblem::Empty => "a file path is empty".into(),
            FileProblem::Absolute => format!("`{written}` is an absolute path"),
            FileProblem::Escapes => format!("`{written}` goes outside the course folder"),
            FileProblem::Missing(p) => format!("file `{written}` not found (looked for {})", p.display()),
            FileProblem::NotAFile(p) => format!("`{written}` is not a regular file ({})", p.display()),
            FileProblem::LinksOut(p) => {
                format!("`{written}` is a link to a file outside the course folder ({})", p.display())
            }
        }
    }

    pub fn hint(&self) -> &'static str {
        match self {
            FileProblem::Missing(_) => "check the spelling and the folder; paths are relative and case-sensitive",
            FileProblem::NotAFile(_) => "point at a file, not a folder or a device",
            _ => "put the file inside the course folder and write its path relative to it, without `..`",
        }
    }
}

/// A file a source names, as a path relative to the course folder.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct LocalFile {
    /// Relative to the course folder, with `/` separators: the path inside every package.
    pub path: String,
    pub bytes: u64,
}

/// Resolves `written` (relative to `from`, itself relative to the course folder) and checks it.
pub fn resolve(course_dir: &Path, from: &Path, written: &str) -> Result<LocalFile, FileProblem> {
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
    let meta = match std::fs::symlink_metadata(&full) {
        Ok(meta) => meta,
        Err(_) => return Err(FileProblem::Missing(full)),
    };
    if meta.file_type().is_symlink() {
        let (Ok(target), Ok(root)) = (full.canonicalize(), course_dir.canonicalize()) else {
            return Err(FileProblem::Missing(full));
        };
        if !target.starts_with(&root) {
            return Err(FileProblem::LinksOut(target));
        }
    }
    let meta = std::fs::metadata(&full).map_err(|_| FileProblem::Missing(full.clone()))?;
    if !meta.is_file() {
        return Err(FileProblem::NotAFile(full));
    }
    Ok(LocalFile { path: parts.join("/"), bytes: meta.len() })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_files_inside_the_course() {
        let dir = tempfile::tempdir().unwrap();
        let course = dir.path().join("c");
        std::fs::create_dir_all(course.join("img")).unwrap();
        std::fs::write(course.join("img/a.svg"), "<svg/>").unwrap();
        std::fs::write(dir.path().join("secret.txt"), "x").unwrap();
        let ok = resolve(&course, Path::new("mod"), "../img/a.svg");
        assert_eq!(ok, Err(FileProblem::Escapes));
        let ok = resolve(&course, Path::new(""), "./img/a.svg").unwrap();
        assert_eq!(ok, LocalFile { path: "img/a.svg".into(), bytes: 6 });
        assert_eq!(resolve(&course, Path::new(""), "/etc/passwd"), Err(FileProblem::Absolute));
        assert_eq!(resolve(&course, Path::new(""), "../secret.txt"), Err(FileProblem::Escapes));
        assert!(matches!(resolve(&course, Path::new(""), "img"), Err(FileProblem::NotAFile(_))));
        assert!(matches!(resolve(&course, Path::new(""), "img/b.svg"), Err(FileProblem::Missing(_))));
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(dir.path().join("secret.txt"), course.join("link.txt")).unwrap();
            assert!(matches!(resolve(&course, Path::new(""), "link.txt"), Err(FileProblem::LinksOut(_))));
        }
    }
}
