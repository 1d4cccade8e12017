//! Targets: what is specific to one kind of output. A target never reads sources; it receives
//! the validated project and the rendered pages and returns the packages to write.

mod manifest;
mod scorm;
mod web;
mod xapi;
mod xml;

use chrono::{DateTime, Utc};
use clap::ValueEnum;

use anyhow::Context;

use crate::package::Files;
use crate::project::{Course, Project};
use crate::render::RenderedCourse;
use crate::render::{self, Adapter};

pub use manifest::Scorm;
pub use scorm::ScormTarget;
pub use web::Web;
pub use xapi::{XapiFlavour, XapiTarget};

/// What a target gets: everything is already loaded, validated and rendered.
pub struct TargetContext<'a> {
    pub project: &'a Project,
    pub rendered: &'a [RenderedCourse],
    /// `SOURCE_DATE_EPOCH`, when set: it replaces each course's date in timestamps.
    pub source_date_epoch: Option<i64>,
    /// Targets that write a folder (web) write one zip of it instead.
    pub zip: bool,
    /// SCORM: one SCO for the whole course instead of one per module.
    pub single_sco: bool,
}

impl TargetContext<'_> {
    pub fn timestamp(&self, course: &crate::project::Course) -> anyhow::Result<DateTime<Utc>> {
        crate::package::timestamp(&course.source.date, self.source_date_epoch)
    }
}

/// One file a target produces, written under `<out>/<target>/<name>` (`name` may hold folders).
pub struct Output {
    pub name: String,
    pub bytes: Vec<u8>,
}

pub trait Target {
    fn name(&self) -> TargetName;
    /// Problems that only this target has with valid sources (e.g. a state too large for SCORM
    /// 1.2). Reported with the other diagnostics, before anything is built.
    fn check(&self, _project: &Project, _diags: &mut crate::diagnostic::Diagnostics) {}
    fn package(&self, cx: &TargetContext<'_>) -> anyhow::Result<Vec<Output>>;
}

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

    /// The target; `edition` is SCORM 2004's (3 or 4), `single_sco` packs a SCORM course as one SCO.
    pub fn target(self, edition: u8, single_sco: bool) -> Box<dyn Target> {
        match self {
            TargetName::Scorm12 => Box::new(ScormTarget { version: Scorm::V12, single_sco }),
            TargetName::Scorm2004 => Box::new(ScormTarget { version: Scorm::V2004 { edition }, single_sco }),
            TargetName::Xapi => Box::new(XapiTarget { flavour: XapiFlavour::TinCan }),
            TargetName::Cmi5 => Box::new(XapiTarget { flavour: XapiFlavour::Cmi5 }),
            TargetName::Web => Box::new(Web),
        }
    }

    pub fn all() -> &'static [TargetName] {
        TargetName::value_variants()
    }
}

/// Adds the runtime every package carries at its root: one stylesheet and one script (the core
/// and the adapter of the format).
pub(crate) fn add_runtime(files: &mut Files, adapter: Adapter) {
    files.insert("campus.css".into(), render::STYLESHEET.as_bytes().to_vec());
    files.insert("campus.js".into(), render::runtime_script(adapter).into_bytes());
}

/// Adds a course's module pages (the web edition's variant, or the packages') and every file they
/// use, under `<course-id>/`. Returns each module's files, its page first, as manifests list them.
pub(crate) fn add_course(
    files: &mut Files,
    course: &Course,
    rendered: &RenderedCourse,
    web: bool,
) -> anyhow::Result<Vec<Vec<String>>> {
    let dir = course.id();
    let mut per_module = Vec::new();
    for (module, page) in course.modules.iter().zip(&rendered.modules) {
        let href = format!("{dir}/{}", page.file_name);
        let html = if web { &page.web } else { &page.package };
        files.insert(href.clone(), html.clone().into_bytes());
        let mut listed = vec![href];
        for asset in &module.assets {
            let path = format!("{dir}/{asset}");
            if !files.contains_key(&path) {
                let source = course.dir.join(asset);
                let content = std::fs::read(&source).with_context(|| format!("reading {}", source.display()))?;
                files.insert(path.clone(), content);
            }
            listed.push(path);
        }
        per_module.push(listed);
    }
    Ok(per_module)
}

/// The package file name: `<course-id>-<version>-<target>.zip`, nothing dated or random.
pub fn package_name(course: &crate::project::Course, target: TargetName) -> String {
    format!("{}-{}-{}.zip", course.id(), course.source.version.value, target.as_str())
}
