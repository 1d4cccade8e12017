//! Targets: what is specific to one kind of output. A target never reads sources; it receives
//! the validated project and the rendered pages and returns the packages to write.

mod web;

use chrono::{DateTime, Utc};
use clap::ValueEnum;

use crate::project::Project;
use crate::render::RenderedCourse;

pub use web::Web;

/// What a target gets: everything is already loaded, validated and rendered.
pub struct TargetContext<'a> {
    pub project: &'a Project,
    pub rendered: &'a [RenderedCourse],
    /// `SOURCE_DATE_EPOCH`, when set: it replaces each course's date in timestamps.
    pub source_date_epoch: Option<i64>,
    /// Targets that write a folder (web) write one zip of it instead.
    pub zip: bool,
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
    fn package(&self, cx: &TargetContext<'_>) -> anyhow::Result<Vec<Output>>;
}

/// The targets `campus build --target` accepts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, ValueEnum)]
pub enum TargetName {
    /// The whole path as a static web site for open access (a folder, or one zip with --zip)
    Web,
}

impl TargetName {
    pub fn as_str(self) -> &'static str {
        match self {
            TargetName::Web => "web",
        }
    }

    pub fn target(self) -> Box<dyn Target> {
        match self {
            TargetName::Web => Box::new(Web),
        }
    }

    pub fn all() -> &'static [TargetName] {
        TargetName::value_variants()
    }
}

/// The package file name: `<course-id>-<version>-<target>.zip`, nothing dated or random.
pub fn package_name(course: &crate::project::Course, target: TargetName) -> String {
    format!("{}-{}-{}.zip", course.id(), course.source.version.value, target.as_str())
}
