//! `campus build`: each requested target writes its packages into a staging folder beside the
//! output folder, page by page; then all of them are swapped into place together, so a failed
//! build leaves every previous output as it was. The web edition's folder is updated in place
//! instead (`crate::sync`): its new and changed files wait under temporary names and are
//! renamed over the old ones only once every target has been written and swapped, and files no
//! longer produced are removed last; unchanged files are not touched. One build at a time
//! writes into an output folder: it holds a lock on `.campus-lock` there, which the system
//! releases when the process ends, however it ends; then it removes what a killed build left.

use std::fs::{File, OpenOptions, TryLockError};
use std::path::{Path, PathBuf};

use anyhow::Context;

use crate::diagnostics::Diagnostics;
use crate::render::Renderer;
use crate::rules::CheckedPath;
use crate::sync::{FolderSync, FolderUpdate};
use crate::targets::{Output, TargetContext, TargetName, TargetOptions, WebLayout};

/// What to build, and where.
#[derive(Clone, Debug)]
pub struct BuildOptions {
    /// The targets to build; all of them when empty.
    pub targets: Vec<TargetName>,
    pub out: PathBuf,
    /// `SOURCE_DATE_EPOCH`, when set: the timestamp of every package instead of course dates.
    pub source_date_epoch: Option<i64>,
    pub target_options: TargetOptions,
}

impl BuildOptions {
    /// The requested targets, all of them when none is named, in a fixed order.
    pub fn targets(&self) -> Vec<TargetName> {
        let mut targets = if self.targets.is_empty() { TargetName::all().to_vec() } else { self.targets.clone() };
        targets.sort();
        targets.dedup();
        targets
    }
}

/// What the requested targets find wrong with checked sources (before anything is built).
pub fn check_targets(path: &CheckedPath, options: &BuildOptions, diags: &mut Diagnostics) {
    for name in options.targets() {
        name.target(options.target_options).check(path.path(), diags);
    }
}

/// The files written, for the report.
pub struct BuildReport {
    /// Every file the build produced, with its size (those of the web edition's folder too,
    /// written or found unchanged).
    pub written: Vec<(PathBuf, u64)>,
    /// What the update of the web edition's folder did, when it was built as a folder.
    pub web: Option<FolderUpdate>,
}

/// Builds a checked path into `options.out`, one folder per target.
pub fn build(path: &CheckedPath, options: &BuildOptions) -> anyhow::Result<BuildReport> {
    let out = &options.out;
    std::fs::create_dir_all(out).with_context(|| format!("creating {}", out.display()))?;
    let _lock = lock_output(out)?;
    remove_leftovers(out)?;
    let staging = out.join(format!(".campus-staging-{}", std::process::id()));
    let result = stage_and_swap(path, options, &staging);
    let cleanup = match std::fs::remove_dir_all(&staging) {
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(()),
        cleanup => cleanup,
    };
    let report = result?;
    cleanup.with_context(|| format!("removing {}", staging.display()))?;
    Ok(report)
}

/// The lock on `out/.campus-lock`, held while the returned file is open: a second build into
/// the same folder (a preview's and an author's, two terminals) stops at once with a clear
/// message instead of mixing its files with this one's.
fn lock_output(out: &Path) -> anyhow::Result<File> {
    let path = out.join(".campus-lock");
    let file = OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .with_context(|| format!("opening {}", path.display()))?;
    match file.try_lock() {
        Ok(()) => Ok(file),
        Err(TryLockError::WouldBlock) => Err(anyhow::anyhow!(crate::tr!(
            "another campus build is writing into {}: run this one again when it has ended",
            out.display()
        ))),
        Err(TryLockError::Error(error)) => Err(error).with_context(|| format!("locking {}", path.display())),
    }
}

/// Removes from `out` what a build killed midway left there: its staging folder, and the web
/// edition's new folder when it was written for the first time (the temporary files of an
/// update in place are inside the web folder, which the next update cleans). Called with the
/// lock held, so nothing of a running build is removed.
fn remove_leftovers(out: &Path) -> anyhow::Result<()> {
    let entries = std::fs::read_dir(out).with_context(|| format!("reading {}", out.display()))?;
    for entry in entries {
        let entry = entry.with_context(|| format!("reading {}", out.display()))?;
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with(".campus-staging-") || (name.starts_with('.') && name.ends_with(".campus-tmp")) {
            let path = entry.path();
            let removed =
                if entry.file_type()?.is_dir() { std::fs::remove_dir_all(&path) } else { std::fs::remove_file(&path) };
            removed.with_context(|| format!("removing {}", path.display()))?;
        }
    }
    Ok(())
}

fn stage_and_swap(path: &CheckedPath, options: &BuildOptions, staging: &Path) -> anyhow::Result<BuildReport> {
    let cx = TargetContext {
        path: path.path(),
        renderer: Renderer::new(path.path()),
        source_date_epoch: options.source_date_epoch,
    };
    let mut written = Vec::new();
    let (mut staged, mut web) = (Vec::new(), None);
    for name in options.targets() {
        let final_dir = options.out.join(name.as_str());
        let in_place = name == TargetName::Web && options.target_options.web == WebLayout::Folder;
        let dir = if in_place { final_dir.clone() } else { staging.join(name.as_str()) };
        if !in_place {
            std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
            staged.push(name);
        }
        let mut output = Output::new(dir);
        name.target(options.target_options)
            .package(&cx, &mut output)
            .with_context(|| format!("target {}", name.as_str()))?;
        written.extend(output.written.into_iter().map(|(file, bytes)| (final_dir.join(file), bytes)));
        match output.folder {
            Some(folder) if in_place => web = Some(folder),
            // A folder in the staging area: complete before the swap.
            Some(folder) => drop(folder.commit()?),
            None => {}
        }
    }
    for &name in &staged {
        keep_unchanged_files(&staging.join(name.as_str()), &options.out.join(name.as_str()));
    }
    swap_into_place(&options.out, staging, &staged)?;
    let web = web.map(FolderSync::commit).transpose().context("updating the web edition's folder")?;
    Ok(BuildReport { written, web })
}

/// Each staged file whose bytes equal those of the previous output's file of the same name is
/// replaced by a link to that file, so that the swap keeps its inode and time (a package that did
/// not change does not look changed). Best effort: without hard links, the new copy stays.
fn keep_unchanged_files(staged: &Path, previous: &Path) {
    let Ok(entries) = std::fs::read_dir(staged) else { return };
    for entry in entries.flatten() {
        let (fresh, old) = (entry.path(), previous.join(entry.file_name()));
        if !entry.file_type().is_ok_and(|t| t.is_file()) || !crate::sync::same_files(&fresh, &old).unwrap_or(false) {
            continue;
        }
        let link = staged.join(".campus-previous");
        if std::fs::hard_link(&old, &link).is_ok() && std::fs::rename(&link, &fresh).is_err() {
            let _ = std::fs::remove_file(&link);
        }
    }
}

/// Moves each target's fresh folder from `staging` to `out`, the previous one aside first. If a
/// move fails, every target already moved is put back as it was before the error is returned.
fn swap_into_place(out: &Path, staging: &Path, targets: &[TargetName]) -> anyhow::Result<()> {
    let mut done: Vec<(PathBuf, Option<PathBuf>)> = Vec::new();
    for name in targets {
        let fresh = staging.join(name.as_str());
        let target = out.join(name.as_str());
        let old = staging.join(format!("{}.old", name.as_str()));
        let step = (|| -> anyhow::Result<Option<PathBuf>> {
            let moved_aside = if target.exists() {
                std::fs::rename(&target, &old).with_context(|| format!("moving aside {}", target.display()))?;
                Some(old.clone())
            } else {
                None
            };
            if let Err(error) = std::fs::rename(&fresh, &target) {
                if let Some(old) = &moved_aside {
                    let _ = std::fs::rename(old, &target);
                }
                return Err(error).with_context(|| format!("moving {} into place", target.display()));
            }
            Ok(moved_aside)
        })();
        match step {
            Ok(moved_aside) => done.push((target, moved_aside)),
            Err(error) => {
                for (target, old) in done.into_iter().rev() {
                    let _ = std::fs::remove_dir_all(&target);
                    if let Some(old) = old {
                        let _ = std::fs::rename(&old, &target);
                    }
                }
                return Err(error);
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_build_at_a_time_writes_into_a_folder() {
        let dir = tempfile::tempdir().unwrap();
        let held = lock_output(dir.path()).unwrap();
        // Another open file of the lock, as another process has: refused while the first is held.
        let error = lock_output(dir.path()).unwrap_err();
        assert!(error.to_string().contains("another campus build is writing into"), "{error}");
        drop(held);
        lock_output(dir.path()).unwrap();
    }

    #[test]
    fn what_a_killed_build_left_is_removed_and_nothing_else() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path();
        for folder in [".campus-staging-4242/scorm12", ".web.4242.campus-tmp/reset", "web/reset", "scorm12"] {
            std::fs::create_dir_all(out.join(folder)).unwrap();
        }
        std::fs::write(out.join(".campus-staging-4242/scorm12/a.zip"), "partial").unwrap();
        std::fs::write(out.join("web/.index.html.4242-1.campus-tmp"), "partial").unwrap();
        std::fs::write(out.join("notes.campus-tmp"), "not ours: no leading dot").unwrap();
        remove_leftovers(out).unwrap();
        let mut left: Vec<String> =
            std::fs::read_dir(out).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
        left.sort();
        assert_eq!(left, ["notes.campus-tmp", "scorm12", "web"]);
        // Inside the web folder: left to the next update in place, which removes what it did not produce.
        assert!(out.join("web/.index.html.4242-1.campus-tmp").exists());
    }

    #[test]
    fn a_failed_swap_puts_every_previous_output_back() {
        let dir = tempfile::tempdir().unwrap();
        let (out, staging) = (dir.path().join("dist"), dir.path().join("dist/.staging"));
        for name in ["scorm12", "web"] {
            std::fs::create_dir_all(out.join(name)).unwrap();
            std::fs::write(out.join(name).join("old.txt"), "previous").unwrap();
        }
        // scorm12 is staged, web is not: its move fails after scorm12's succeeded.
        std::fs::create_dir_all(staging.join("scorm12")).unwrap();
        std::fs::write(staging.join("scorm12/new.txt"), "fresh").unwrap();
        let error = swap_into_place(&out, &staging, &[TargetName::Scorm12, TargetName::Web]).unwrap_err();
        assert!(format!("{error:#}").contains("moving"), "{error:#}");
        for name in ["scorm12", "web"] {
            assert_eq!(std::fs::read_to_string(out.join(name).join("old.txt")).unwrap(), "previous", "{name}");
            assert!(!out.join(name).join("new.txt").exists());
        }
    }

    #[test]
    fn a_successful_swap_replaces_every_target() {
        let dir = tempfile::tempdir().unwrap();
        let (out, staging) = (dir.path().join("dist"), dir.path().join("dist/.staging"));
        std::fs::create_dir_all(out.join("web")).unwrap();
        std::fs::write(out.join("web/old.txt"), "previous").unwrap();
        for name in ["scorm12", "web"] {
            std::fs::create_dir_all(staging.join(name)).unwrap();
            std::fs::write(staging.join(name).join("new.txt"), "fresh").unwrap();
        }
        swap_into_place(&out, &staging, &[TargetName::Scorm12, TargetName::Web]).unwrap();
        assert!(!out.join("web/old.txt").exists());
        assert_eq!(std::fs::read_to_string(out.join("scorm12/new.txt")).unwrap(), "fresh");
    }
}
