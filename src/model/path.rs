//! The loaded learning path: its settings, its courses and their modules, in learning order.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::Arc;

use super::files::SourceProvider;
use super::page::Page;
use super::sources::{
    CourseFile, FrontMatter, PathFile, SelfAssessmentBlock, DEFAULT_BASE_IRI, DEFAULT_LANGUAGE, DEFAULT_LICENCE,
    DEFAULT_MASTERY_SCORE,
};
use super::text::SourceFile;

/// The settings every course inherits from `path.toml`, or their defaults.
#[derive(Debug, Clone)]
pub struct PathSettings {
    pub id: String,
    pub title: String,
    pub description: Option<String>,
    pub publisher: Option<String>,
    pub licence: String,
    pub language: String,
    pub base_iri: String,
    pub credits: Option<String>,
    pub short_name: Option<String>,
    /// `#rrggbb`, checked by the rules.
    pub accent_colour: Option<String>,
}

impl Default for PathSettings {
    fn default() -> Self {
        Self {
            id: "campus".into(),
            title: "Campus".into(),
            description: None,
            publisher: None,
            licence: DEFAULT_LICENCE.into(),
            language: DEFAULT_LANGUAGE.into(),
            base_iri: DEFAULT_BASE_IRI.into(),
            credits: None,
            short_name: None,
            accent_colour: None,
        }
    }
}

/// A learning path as loaded: its settings and its courses in order. Not yet checked: only the
/// rules turn it into a checked path, which is what a build takes.
pub struct LearningPath {
    /// The folder given on the command line.
    pub root: PathBuf,
    /// `path.toml`, when there is one (for a single course, the nearest one above it).
    pub path_file: Option<(SourceFile, PathFile)>,
    /// Top-level keys of path.toml that could not be read (their problems are reported; see
    /// [`Course::unread_keys`]). A checked path has none.
    pub path_unread_keys: std::collections::BTreeSet<String>,
    pub settings: PathSettings,
    pub courses: Vec<Course>,
    /// The logo `path.toml` names, read (the rules check that it is a safe SVG).
    pub logo: Option<LogoFile>,
    /// Where the sources (and the files they name) are read from.
    pub provider: Arc<dyn SourceProvider>,
}

impl std::fmt::Debug for LearningPath {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LearningPath").field("root", &self.root).field("courses", &self.courses).finish_non_exhaustive()
    }
}

/// The path's logo: the SVG file's text and its alternative text.
#[derive(Debug)]
pub struct LogoFile {
    pub file: SourceFile,
    pub alt: String,
}

#[derive(Debug)]
pub struct Course {
    pub dir: PathBuf,
    pub file: SourceFile,
    pub source: CourseFile,
    /// The language, after inheritance from the path.
    pub language: String,
    /// The licence, after inheritance from the path.
    pub licence: String,
    pub modules: Vec<Module>,
    /// Modules whose front matter has errors: kept so the problems of their pages are
    /// reported in the same run. A checked path has none.
    pub unloaded: Vec<(SourceFile, Vec<Page>)>,
    /// Top-level keys of course.toml that could not be read (their problems are reported): the
    /// course was loaded with the rest, empty stand-ins in their place, and the rules do not judge
    /// the stand-ins. A checked path has none.
    pub unread_keys: std::collections::BTreeSet<String>,
}

impl Course {
    pub fn id(&self) -> &str {
        &self.source.id
    }

    /// The mastery score (percent) of an assessed module.
    pub fn mastery_score(&self, module: &Module) -> u8 {
        module
            .front
            .mastery_score
            .as_deref()
            .or(self.source.mastery_score.as_deref())
            .copied()
            .unwrap_or(DEFAULT_MASTERY_SCORE)
    }

    pub fn duration_minutes(&self) -> u32 {
        match &self.source.duration_minutes {
            Some(minutes) => **minutes,
            None => self.modules.iter().map(|m| *m.front.duration_minutes).sum(),
        }
    }

    pub fn retry(&self) -> bool {
        self.source.retry.unwrap_or(true)
    }

    /// The Likert labels of a self-assessment statement: its own, else the course's.
    pub fn scale<'a>(&'a self, block: &'a SelfAssessmentBlock) -> Option<&'a [String]> {
        block.scale.as_deref().or(self.source.likert_scale.as_deref()).map(Vec::as_slice)
    }
}

#[derive(Debug)]
pub struct Module {
    pub file: SourceFile,
    /// Byte offset of the front matter's TOML in the file: front matter spans are relative to it.
    pub front_base: usize,
    pub front: FrontMatter,
    pub pages: Vec<Page>,
    /// Files the pages need (images, media, resources), relative to the course folder.
    pub assets: BTreeSet<String>,
}

impl Module {
    pub fn id(&self) -> &str {
        &self.front.id
    }

    /// The file name of the module's page in every output.
    pub fn page_file_name(&self) -> String {
        format!("{}.html", self.id())
    }

    /// Every learning block of the module, in reading order.
    pub fn blocks(&self) -> impl Iterator<Item = &super::page::BlockContent> {
        self.pages.iter().flat_map(|p| &p.parts).filter_map(|part| match part {
            super::page::Part::Block(block) => Some(&block.content),
            super::page::Part::Html(_) => None,
        })
    }
}
