//! `campus build`: render once, package for every requested target, then write atomically.

use std::path::{Path, PathBuf};

use anyhow::Context;

use crate::project::Project;
use crate::render;
use crate::target::{Output, TargetContext, TargetName};

pub struct BuildOptions {
    pub targets: Vec<TargetName>,
    pub out: PathBuf,
    pub source_date_epoch: Option<i64>,
    /// Write folder targets (web) as one zip.
    pub zip: bool,
    /// SCORM 2004 edition: 3 or 4.
    pub edition: u8,
    /// SCORM: one SCO per course instead of one per module.
    pub single_sco: bool,
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

/// What the requested targets find wrong with valid sources (before anything is built).
pub fn check(project: &Project, options: &BuildOptions, diags: &mut crate::diagnostic::Diagnostics) {
    for name in options.targets() {
        name.target(options.edition, options.single_sco).check(project, diags);
    }
}

/// The files written, for the report.
pub struct BuildReport {
    pub written: Vec<(PathBuf, u64)>,
}

/// Builds a validated project. Everything is produced in memory first; then each target's
/// folder is written beside the final one and renamed into place, so a failed build leaves
/// the output folder as it was.
pub fn build(project: &Project, options: &BuildOptions) -> anyhow::Result<BuildReport> {
    let rendered = render::render(project)?;
    let cx = TargetContext {
        project,
        rendered: &rendered,
        source_date_epoch: options.source_date_epoch,
        zip: options.zip,
        single_sco: options.single_sco,
    };
    let mut produced: Vec<(TargetName, Vec<Output>)> = Vec::new();
    for name in options.targets() {
        let outputs = name
            .target(options.edition, options.single_sco)
            .package(&cx)
            .with_context(|| format!("target {}", name.as_str()))?;
        produced.push((name, outputs));
    }
    write_atomically(&options.out, &produced)
}

fn write_atomically(out: &Path, produced: &[(TargetName, Vec<Output>)]) -> anyhow::Result<BuildReport> {
    std::fs::create_dir_all(out).with_context(|| format!("creating {}", out.display()))?;
    let staging = out.join(format!(".campus-staging-{}", std::process::id()));
    let result = (|| -> anyhow::Result<BuildReport> {
        let mut written = Vec::new();
        for (name, outputs) in produced {
            let dir = staging.join(name.as_str());
            std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
            for output in outputs {
                if let Some(parent) = dir.join(&output.name).parent() {
                    std::fs::create_dir_all(parent).with_context(|| format!("creating {}", parent.display()))?;
                }
                std::fs::write(dir.join(&output.name), &output.bytes)
                    .with_context(|| format!("writing {}", dir.join(&output.name).display()))?;
                written.push((out.join(name.as_str()).join(&output.name), output.bytes.len() as u64));
            }
        }
        for (name, _) in produced {
            let fresh = staging.join(name.as_str());
            let target = out.join(name.as_str());
            let old = staging.join(format!("{}.old", name.as_str()));
            if target.exists() {
                std::fs::rename(&target, &old).with_context(|| format!("moving aside {}", target.display()))?;
            }
            if let Some(parent) = target.parent() {
                std::fs::create_dir_all(parent)?;
            }
            std::fs::rename(&fresh, &target).with_context(|| format!("moving {} into place", target.display()))?;
        }
        Ok(BuildReport { written })
    })();
    let cleanup = std::fs::remove_dir_all(&staging);
    let report = result?;
    cleanup.with_context(|| format!("removing {}", staging.display()))?;
    Ok(report)
}
