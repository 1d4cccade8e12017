//! Targets: what is specific to one standard. A target never reads sources: it receives the
//! checked path and the renderer, plans its outputs (names first, for its manifest), and writes
//! them one file at a time: packages into its folder of the build's staging area, the web
//! edition's folder in place, only what changed.

mod manifest;
mod plan;
mod scorm;
mod web;
mod xapi;
mod xml;

use std::fs::File;
use std::io::BufWriter;
use std::path::{Path, PathBuf};

use anyhow::Context;
use chrono::{DateTime, Utc};
use clap::ValueEnum;

use crate::diagnostics::Diagnostics;
use crate::model::{Course, LearningPath};
use crate::render::Renderer;
use crate::sync::FolderSync;
pub(crate) use plan::{Content, Plan, WriteFn};

/// The targets `campus build --target` accepts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, ValueEnum)]
pub enum TargetName {
    /// SCORM 1.2: one package per course, the format Moodle supports best
    Scorm12,
    /// SCORM 2004 (4th Edition, or 3rd with --edition 3): one package per course
    Scorm2004,
    /// xAPI (TinCan): one package per course with tincan.xml, for LRS-backed LMSs
    Xapi,
    /// cmi5: one package per course with cmi5.xml, one AU per module
    Cmi5,
    /// The whole path as a static web site for open access (a folder, or one zip with --zip)
    Web,
}

impl TargetName {
    pub fn as_str(self) -> &'static str {
        match self {
            TargetName::Scorm12 => "scorm12",
            TargetName::Scorm2004 => "scorm2004",
            TargetName::Xapi => "xapi",
            TargetName::Cmi5 => "cmi5",
            TargetName::Web => "web",
        }
    }

    pub fn all() -> &'static [TargetName] {
        TargetName::value_variants()
    }
}

/// How the web edition is written.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum WebLayout {
    /// A folder of pages, served or opened as it is.
    #[default]
    Folder,
    /// One zip of that folder, `<path-id>-web.zip`.
    Zip,
}

/// How a SCORM course is cut into SCOs.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ScoLayout {
    /// One SCO per module.
    #[default]
    PerModule,
    /// One SCO for the whole course: a course player shows the modules.
    OnePerCourse,
}

/// The edition of SCORM 2004 to write.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Scorm2004Edition {
    /// 3rd Edition: 4,000 characters of state, metadata in a file of its own.
    Third,
    /// 4th Edition: 64,000 characters of state.
    #[default]
    Fourth,
}

/// The options of the targets that have some.
#[derive(Clone, Copy, Debug, Default)]
pub struct TargetOptions {
    pub web: WebLayout,
    pub scos: ScoLayout,
    pub edition: Scorm2004Edition,
}

impl TargetName {
    pub(crate) fn target(self, options: TargetOptions) -> Box<dyn Target> {
        match self {
            TargetName::Scorm12 => Box::new(scorm::ScormTarget { version: manifest::Scorm::V12, scos: options.scos }),
            TargetName::Scorm2004 => Box::new(scorm::ScormTarget {
                version: manifest::Scorm::V2004 { edition: options.edition },
                scos: options.scos,
            }),
            TargetName::Xapi => Box::new(xapi::XapiTarget { flavour: xapi::Flavour::TinCan }),
            TargetName::Cmi5 => Box::new(xapi::XapiTarget { flavour: xapi::Flavour::Cmi5 }),
            TargetName::Web => Box::new(web::Web { layout: options.web }),
        }
    }
}

/// What a target gets: the checked path and the renderer of its pages.
pub(crate) struct TargetContext<'a> {
    pub path: &'a LearningPath,
    pub renderer: Renderer<'a>,
    /// `SOURCE_DATE_EPOCH`, when set: it replaces each course's date in timestamps.
    pub source_date_epoch: Option<i64>,
}

impl TargetContext<'_> {
    /// The moment written into a course's packages.
    pub(crate) fn timestamp(&self, course: &Course) -> anyhow::Result<DateTime<Utc>> {
        crate::package::timestamp(&course.source.date, self.source_date_epoch)
    }
}

/// A target's folder, and what was written there: in the build's staging area, or (the web
/// edition's folder) the output folder itself, brought up to date by [`FolderSync`].
pub(crate) struct Output {
    dir: PathBuf,
    /// Each file produced, relative to the target's folder, with its size.
    pub written: Vec<(String, u64)>,
    /// What `folder` wrote, waiting for the build to commit it.
    pub folder: Option<FolderSync>,
}

impl Output {
    pub(crate) fn new(dir: PathBuf) -> Self {
        Self { dir, written: Vec::new(), folder: None }
    }

    /// Writes the plan as one zip, `name`, its entries dated `moment`.
    pub(crate) fn zip(
        &mut self,
        name: &str,
        plan: &Plan<'_>,
        cx: &TargetContext<'_>,
        moment: DateTime<Utc>,
    ) -> anyhow::Result<()> {
        let file = self.create(name)?;
        let writer = crate::package::write_zip(BufWriter::new(file), moment, plan.entries(cx))?;
        let file = writer.into_inner().map_err(std::io::IntoInnerError::into_error)?;
        self.written.push((name.to_string(), file.metadata()?.len()));
        Ok(())
    }

    /// Writes the plan as a folder of files: each compared with what the folder holds, only
    /// new and changed ones written, under temporary names until the build commits `folder`.
    pub(crate) fn folder(&mut self, plan: &Plan<'_>, cx: &TargetContext<'_>) -> anyhow::Result<()> {
        let mut sync = FolderSync::new(self.dir.clone())?;
        for file in plan.files(cx) {
            let (name, bytes) = file?;
            sync.put(&name, &bytes)?;
            self.written.push((name, bytes.len() as u64));
        }
        self.folder = Some(sync);
        Ok(())
    }

    fn path_of(&self, name: &str) -> anyhow::Result<PathBuf> {
        let path = self.dir.join(name);
        let parent = path.parent().unwrap_or(Path::new("."));
        std::fs::create_dir_all(parent).with_context(|| format!("creating {}", parent.display()))?;
        Ok(path)
    }

    fn create(&self, name: &str) -> anyhow::Result<File> {
        let path = self.path_of(name)?;
        File::create(&path).with_context(|| format!("creating {}", path.display()))
    }
}

pub(crate) trait Target {
    fn name(&self) -> TargetName;
    /// Problems that only this target has with valid sources (e.g. a state too large for SCORM
    /// 1.2). Reported with the other diagnostics, before anything is built.
    fn check(&self, _path: &LearningPath, _diags: &mut Diagnostics) {}
    /// Writes the target's outputs.
    fn package(&self, cx: &TargetContext<'_>, out: &mut Output) -> anyhow::Result<()>;
}

/// The package file name: `<course-id>-<version>-<target>.zip`, nothing dated or random.
pub(crate) fn package_name(course: &Course, target: TargetName) -> String {
    format!("{}-{}-{}.zip", course.id(), course.source.version.value, target.as_str())
}
