//! `campus build`: each requested target writes its outputs into a staging folder beside the
//! output folder, page by page; then all targets are swapped into place together, so a failed
//! build leaves every previous output as it was.

use std::path::{Path, PathBuf};

use anyhow::Context;

use crate::diagnostics::Diagnostics;
use crate::render::Renderer;
use crate::rules::CheckedPath;
use crate::targets::{Output, TargetContext, TargetName, TargetOptions};

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
    pub written: Vec<(PathBuf, u64)>,
}

/// Builds a checked path into `options.out`, one folder per target.
pub fn build(path: &CheckedPath, options: &BuildOptions) -> anyhow::Result<BuildReport> {
    let out = &options.out;
    std::fs::create_dir_all(out).with_context(|| format!("creating {}", out.display()))?;
    let staging = out.join(format!(".campus-staging-{}", std::process::id()));
    let result = stage_and_swap(path, options, &staging);
    let cleanup = std::fs::remove_dir_all(&staging);
    let report = result?;
    cleanup.with_context(|| format!("removing {}", staging.display()))?;
    Ok(report)
}

fn stage_and_swap(path: &CheckedPath, options: &BuildOptions, staging: &Path) -> anyhow::Result<BuildReport> {
    let cx = TargetContext {
        path: path.path(),
        renderer: Renderer::new(path.path()),
        source_date_epoch: options.source_date_epoch,
    };
    let targets = options.targets();
    let mut written = Vec::new();
    for &name in &targets {
        let dir = staging.join(name.as_str());
        std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
        let mut output = Output::new(dir);
        name.target(options.target_options)
            .package(&cx, &mut output)
            .with_context(|| format!("target {}", name.as_str()))?;
        let final_dir = options.out.join(name.as_str());
        written.extend(output.written.into_iter().map(|(file, bytes)| (final_dir.join(file), bytes)));
    }
    swap_into_place(&options.out, staging, &targets)?;
    Ok(BuildReport { written })
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
