//! Serde types for `path.toml`, `course.toml`, module front matter and learning blocks.
//!
//! Doc comments here become the descriptions in the JSON Schemas (`schemas/`), which editors
//! show on hover: write them for instructional designers.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::text::Spanned;

/// The default mastery score of an assessed module, in percent.
pub const DEFAULT_MASTERY_SCORE: u8 = 80;
/// The default maximum length of a reflection answer, in characters.
pub const DEFAULT_REFLECTION_MAX_LENGTH: u32 = 1000;
/// The default maximum length of a fill-in answer, in characters.
pub const DEFAULT_FILL_IN_MAX_LENGTH: u32 = 100;
/// The base of activity identifiers when the path does not set `base_iri`. The `.invalid` top
/// level domain can never be registered: set your own.
pub const DEFAULT_BASE_IRI: &str = "https://campus.invalid/activities";
pub const DEFAULT_LICENCE: &str = "CC-BY-SA-4.0";
pub const DEFAULT_LANGUAGE: &str = "fr";

/// `courses/path.toml`: the learning path and the settings every course inherits.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PathFile {
    /// Stable identifier of the path: lowercase letters, digits and hyphens. Never change it
    /// once published: activity identifiers derive from it.
    pub id: Spanned<String>,
    /// Title of the path, shown on the home page of the web edition.
    pub title: Spanned<String>,
    /// One or two sentences on what the path is for and whom it serves.
    #[serde(default)]
    pub description: Option<Spanned<String>>,
    /// Who publishes the path (an organisation), written into every package's metadata.
    pub publisher: Spanned<String>,
    /// SPDX identifier of the licence of the content, inherited by every course.
    #[serde(default)]
    pub licence: Option<Spanned<String>>,
    /// Default language of the courses, as a BCP 47 tag such as `fr` or `fr-FR`.
    #[serde(default)]
    pub language: Option<Spanned<String>>,
    /// Base IRI of the xAPI activity identifiers, under a domain the publisher controls, e.g.
    /// `https://campus.example.org/activities`. Never change it once published.
    #[serde(default)]
    pub base_iri: Option<Spanned<String>>,
    /// Credits shown on every course home page (authors of the method, funders, licence notice).
    #[serde(default)]
    pub credits: Option<Spanned<String>>,
    /// A short name of the programme or organisation (a few words, e.g. `#Reset`), shown at the
    /// top of every page beside the logo.
    #[serde(default)]
    pub short_name: Option<Spanned<String>>,
    /// The accent colour of the pages, as `#rrggbb`: the band at the top of each page, the short
    /// name and the main buttons (white text on it). It needs a contrast of at least 4.5:1 with
    /// the white page (WCAG AA), so dark colours only: `#0b4f9c` passes, `#f5a623` does not.
    #[serde(default)]
    pub accent_colour: Option<Spanned<String>>,
    /// A logo shown at the top of every page: an SVG file, written into each page (no request).
    #[serde(default)]
    pub logo: Option<Logo>,
    /// The course folders of the path, in learning order, relative to this file.
    pub courses: Spanned<Vec<Spanned<String>>>,
}

/// The logo of the path: a plain SVG drawing (no script, no link, no image or font from
/// elsewhere) and the text that replaces it for those who cannot see it.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Logo {
    /// The SVG file, relative to `path.toml`.
    pub file: Spanned<String>,
    /// Alternative text: what the logo says, usually the name of the organisation.
    pub alt: Spanned<String>,
}

/// `course.toml`: one course of the path.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CourseFile {
    /// Stable identifier: lowercase letters, digits and hyphens. Never change it once published:
    /// LMS tracking and activity identifiers derive from it.
    pub id: Spanned<String>,
    /// Title of the course.
    pub title: Spanned<String>,
    /// What the course is about, in one short paragraph (package metadata and home page).
    pub description: Spanned<String>,
    /// Language as a BCP 47 tag (`fr`, `en`, `fr-FR`); inherited from `path.toml` when absent.
    #[serde(default)]
    pub language: Option<Spanned<String>>,
    /// Version of this edition of the course, such as `1.0.0`; part of the package file names.
    pub version: Spanned<String>,
    /// Date of this version, `YYYY-MM-DD`. Packages carry it as their file timestamps, so a
    /// rebuild gives the same bytes.
    pub date: Spanned<String>,
    /// Authors of the course.
    pub authors: Spanned<Vec<Spanned<String>>>,
    /// SPDX identifier of the licence; inherited from `path.toml` when absent.
    #[serde(default)]
    pub licence: Option<Spanned<String>>,
    /// Keywords for LMS catalogues.
    #[serde(default)]
    pub keywords: Vec<Spanned<String>>,
    /// Typical learning time in minutes; the sum of the modules' durations when absent.
    #[serde(default)]
    pub duration_minutes: Option<Spanned<u32>>,
    /// Mastery score (percent) of the assessed modules that do not set their own.
    #[serde(default)]
    #[schemars(range(max = 100))]
    pub mastery_score: Option<Spanned<u8>>,
    /// Whether formative questions may be answered again after feedback (default true).
    #[serde(default)]
    pub retry: Option<bool>,
    /// Labels of the Likert scale used by self-diagnostic statements that set none: 4 or 5
    /// points, from the weakest agreement to the strongest.
    #[serde(default)]
    pub likert_scale: Option<Spanned<Vec<String>>>,
    /// Label of a "not applicable" answer offered after the scale of every self-diagnostic
    /// statement, such as "Sans objet pour nous": it leaves the statement out of its dimension's
    /// score. No such answer when absent.
    #[serde(default)]
    pub not_applicable: Option<Spanned<String>>,
    /// The module files, in learning order, relative to this file.
    pub modules: Spanned<Vec<Spanned<String>>>,
    /// Dimensions of the self-diagnostic: each `diagnostic` block names one.
    #[serde(default)]
    pub dimensions: Vec<Dimension>,
}

/// One dimension of a self-diagnostic (for #Reset, one of the 7 qualities).
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Dimension {
    /// Stable identifier, named by the `dimension` key of diagnostic blocks.
    pub id: Spanned<String>,
    /// Name shown on the profile chart.
    pub label: Spanned<String>,
    /// What this dimension measures.
    #[serde(default)]
    pub description: Option<Spanned<String>>,
    /// Levels by score (0–100, the mean of the answers on the scale), from the lowest: each
    /// applies from its `from` score up to the next level's.
    pub levels: Vec<Level>,
}

/// A level of a dimension and the advice given to those who reach it.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Level {
    /// Lowest score (0–100) of this level; the first level starts at 0.
    #[schemars(range(max = 100))]
    pub from: Spanned<u8>,
    /// Name of the level, e.g. "Premiers pas".
    pub label: Spanned<String>,
    /// Concrete next steps for those at this level (Markdown).
    pub advice: Spanned<String>,
}

/// The TOML front matter of a module, between `+++` lines at the top of its Markdown file.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    /// Stable identifier of the module, unique in its course. Never change it once published.
    pub id: Spanned<String>,
    /// Title of the module.
    pub title: Spanned<String>,
    /// What the learner will be able to do after the module.
    pub objectives: Vec<Spanned<String>>,
    /// Estimated duration in minutes.
    pub duration_minutes: Spanned<u32>,
    /// An assessment: its questions are scored and the module is passed or failed against the
    /// mastery score. Elsewhere questions are formative and decide nothing.
    #[serde(default)]
    pub assessed: bool,
    /// Mastery score (percent) of this assessed module; the course's when absent.
    #[serde(default)]
    #[schemars(range(max = 100))]
    pub mastery_score: Option<Spanned<u8>>,
}

/// The kinds of question.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum QuestionKind {
    /// One right choice among several (`choices`, exactly one `correct = true`).
    Single,
    /// Several right choices (`choices`, at least one `correct = true`).
    Multiple,
    /// A statement that is true or false (`answer = true|false`).
    TrueFalse,
    /// A short typed answer (`accept`, optionally `case_sensitive` and `max_length`).
    FillIn,
    /// A number (`answer`, or a range with `min` and `max`).
    Numeric,
    /// Pairs to match (`pairs`, at least two).
    Matching,
    /// Items to put in order (`items`, written in the right order, at least two).
    Ordering,
}

impl QuestionKind {
    /// The word written in sources (`kind = "…"`), also used by the runtime.
    pub fn label_id(self) -> &'static str {
        match self {
            QuestionKind::Single => "single",
            QuestionKind::Multiple => "multiple",
            QuestionKind::TrueFalse => "true-false",
            QuestionKind::FillIn => "fill-in",
            QuestionKind::Numeric => "numeric",
            QuestionKind::Matching => "matching",
            QuestionKind::Ordering => "ordering",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            QuestionKind::Single => "single-choice",
            QuestionKind::Multiple => "multiple-choice",
            QuestionKind::TrueFalse => "true/false",
            QuestionKind::FillIn => "fill-in",
            QuestionKind::Numeric => "numeric",
            QuestionKind::Matching => "matching",
            QuestionKind::Ordering => "ordering",
        }
    }
}

/// A ```` ```question ```` block. Which keys apply depends on `kind`.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct QuestionBlock {
    /// Stable identifier, unique in the module. Never change it once published.
    pub id: Spanned<String>,
    /// The kind of question.
    pub kind: Spanned<QuestionKind>,
    /// The question asked (Markdown, inline).
    pub prompt: Spanned<String>,
    /// Feedback shown after every answer: explain why the right answer is right.
    #[serde(default)]
    pub feedback: Option<Spanned<String>>,
    /// Weight of the question in the score of an assessed module (default 1).
    #[serde(default)]
    #[schemars(range(min = 0))]
    pub weight: Option<Spanned<f64>>,
    /// Whether this question may be answered again; the course's `retry` when absent.
    #[serde(default)]
    pub retry: Option<bool>,
    /// single, multiple: the choices. They are shown shuffled (the same order on every build),
    /// so their written order gives nothing away; see `shuffle`.
    #[serde(default)]
    pub choices: Vec<Choice>,
    /// single, multiple: `false` shows the choices in the order written, for choices that follow
    /// a natural order (a scale, a sequence, "more / same / less"). By default they are shuffled.
    #[serde(default)]
    pub shuffle: Option<bool>,
    /// true-false: the right answer (a boolean); numeric: the exact right number.
    #[serde(default)]
    pub answer: Option<Spanned<Answer>>,
    /// fill-in: the accepted answers.
    #[serde(default)]
    pub accept: Vec<Spanned<String>>,
    /// fill-in: whether letter case matters (default false).
    #[serde(default)]
    pub case_sensitive: bool,
    /// fill-in: the longest answer accepted, in characters (default 100).
    #[serde(default)]
    pub max_length: Option<Spanned<u32>>,
    /// numeric: the lowest right number (with `max`).
    #[serde(default)]
    pub min: Option<Spanned<f64>>,
    /// numeric: the highest right number (with `min`).
    #[serde(default)]
    pub max: Option<Spanned<f64>>,
    /// matching: the pairs, each a left side and the right side it matches.
    #[serde(default)]
    pub pairs: Vec<Pair>,
    /// ordering: the items, written in the right order (shown shuffled).
    #[serde(default)]
    pub items: Vec<OrderItem>,
}

/// One choice of a single- or multiple-choice question.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Choice {
    /// Stable identifier, unique in the question (e.g. `a`, `b`, `c`).
    pub id: Spanned<String>,
    /// The text of the choice (Markdown, inline).
    pub text: Spanned<String>,
    /// Whether this choice is right.
    #[serde(default)]
    pub correct: bool,
    /// Feedback shown when this choice is picked.
    #[serde(default)]
    pub feedback: Option<Spanned<String>>,
}

/// One pair of a matching question.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Pair {
    /// Stable identifier, unique in the question.
    pub id: Spanned<String>,
    /// The left side (e.g. a lever).
    pub left: Spanned<String>,
    /// The right side that matches it (e.g. an action on that lever).
    pub right: Spanned<String>,
}

/// One item of an ordering question.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OrderItem {
    /// Stable identifier, unique in the question.
    pub id: Spanned<String>,
    /// The text of the item.
    pub text: Spanned<String>,
}

/// A ```` ```diagnostic ```` block: a self-assessment statement on a Likert scale. Not scored.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SelfAssessmentBlock {
    /// Stable identifier, unique in the module.
    pub id: Spanned<String>,
    /// The dimension (declared in `course.toml`) this statement measures.
    pub dimension: Spanned<String>,
    /// The statement the learner agrees with or not.
    pub statement: Spanned<String>,
    /// Labels of the scale (4 or 5), weakest first; the course's `likert_scale` when absent.
    #[serde(default)]
    pub scale: Option<Spanned<Vec<String>>>,
    /// When true, agreeing lowers the score of the dimension (a statement of a bad practice).
    #[serde(default)]
    pub reverse: bool,
}

/// A ```` ```reflection ```` block: a free-text prompt. Not scored.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ReflectionBlock {
    /// Stable identifier, unique in the module.
    pub id: Spanned<String>,
    /// The question to reflect on (Markdown, inline).
    pub prompt: Spanned<String>,
    /// The longest answer kept, in characters (default 1000).
    #[serde(default)]
    pub max_length: Option<Spanned<u32>>,
    /// Whether the answer reaches the LMS (default false: it stays on the learner's device).
    #[serde(default)]
    pub share: bool,
}

/// A ```` ```resource ```` block: a file to download, such as a workshop canvas.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ResourceBlock {
    /// Stable identifier, unique in the module.
    pub id: Spanned<String>,
    /// Title of the resource.
    pub title: Spanned<String>,
    /// What it is and how to use it.
    pub description: Spanned<String>,
    /// The file, relative to the course folder (it is copied into every package).
    pub file: Spanned<String>,
    /// Format shown to the learner; named from the file extension when absent.
    #[serde(default)]
    pub format: Option<Spanned<String>>,
}

/// A ```` ```video ```` or ```` ```audio ```` block: a local media file and its transcript.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MediaBlock {
    /// Stable identifier, unique in the module.
    pub id: Spanned<String>,
    /// Title of the media.
    pub title: Spanned<String>,
    /// The media file, relative to the course folder.
    pub file: Spanned<String>,
    /// The full transcript (Markdown), required: it is the text alternative.
    pub transcript: Spanned<String>,
    /// video: a WebVTT captions file, relative to the course folder.
    #[serde(default)]
    pub captions: Option<Spanned<String>>,
}

/// The `answer` of a true/false (a boolean) or numeric (a number) question.
#[derive(Clone, Copy, Debug, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(untagged)]
pub enum Answer {
    Boolean(bool),
    Number(f64),
}
