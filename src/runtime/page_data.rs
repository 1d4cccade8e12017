//! The data a page hands to its runtime script, as JSON in a `<script type="application/json">`:
//! the typed contract between the build and `templates/runtime/`. Fields are in alphabetical
//! order, as they appear in the JSON; short names keep every page small.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::{state, vocabulary, Feature};
use crate::ids::Ids;
use crate::model::{
    Answer, BlockContent, Course, LearningPath, Module, QuestionBlock, QuestionKind, DEFAULT_FILL_IN_MAX_LENGTH,
    DEFAULT_REFLECTION_MAX_LENGTH,
};

/// The interface words a page ships: only those its script reads.
pub(crate) type UiWords = BTreeMap<String, serde_json::Value>;

/// What every page that is not a module gives its script.
#[derive(Serialize)]
pub(crate) struct HomeData<'a> {
    /// `path-home`, `path-summary` or `course-home`.
    pub kind: &'static str,
    /// The path id: the prefix of what the standalone adapter keeps in the browser.
    pub ns: &'a str,
    pub ui: UiWords,
}

/// What a module page gives its script.
#[derive(Serialize)]
pub(crate) struct ModuleData<'a> {
    pub assessed: bool,
    pub course: &'a str,
    pub course_iri: String,
    /// The self-assessment statements, by block id.
    pub diagnostics: BTreeMap<&'a str, StatementSpec<'a>>,
    /// The dimensions the module's statements measure, in the course's order.
    pub dimensions: Vec<DimensionSpec<'a>>,
    /// The fingerprint of the module's structure that tags its saved state.
    pub fp: String,
    pub iri: String,
    pub kind: &'static str,
    /// The mastery score in percent.
    pub mastery: u8,
    pub module: &'a str,
    pub ns: &'a str,
    pub path_iri: String,
    pub questions: BTreeMap<&'a str, QuestionSpec>,
    pub reflections: BTreeMap<&'a str, ReflectionSpec>,
    pub ui: UiWords,
}

/// What the runtime needs to know of a question.
#[derive(Serialize)]
pub(crate) struct QuestionSpec {
    /// The right answer, in the answer format of `state.rs`.
    pub c: Correct,
    /// Whether letter case matters (fill-in).
    pub cs: bool,
    /// The kind, as written in sources.
    pub k: &'static str,
    /// The longest answer accepted (fill-in).
    pub m: u32,
    /// The weight in the module's score.
    pub w: f64,
}

/// A right answer: choice, pair or item ids joined by commas; accepted texts; a numeric range.
#[derive(Serialize)]
#[serde(untagged)]
pub(crate) enum Correct {
    Ids(String),
    Texts(Vec<String>),
    Range([f64; 2]),
    Unknown,
}

/// A self-assessment statement: its dimension, the number of points of its scale, and whether
/// agreeing lowers the score.
#[derive(Serialize)]
pub(crate) struct StatementSpec<'a> {
    pub d: &'a str,
    pub n: usize,
    pub rev: bool,
}

/// A reflection: the longest answer kept and whether it reaches the platform.
#[derive(Serialize)]
pub(crate) struct ReflectionSpec {
    pub m: u32,
    pub share: bool,
}

/// A dimension of the profile: its levels' thresholds, names and advice (HTML).
#[derive(Serialize)]
pub(crate) struct DimensionSpec<'a> {
    pub advice: Vec<String>,
    pub id: &'a str,
    pub label: &'a str,
    pub levels: Vec<u8>,
    pub names: Vec<&'a str>,
}

/// The launch page of a single-SCO package: the modules it shows in turn.
#[derive(Serialize)]
pub(crate) struct PlayerData<'a> {
    pub kind: &'static str,
    pub modules: &'a [PlayerModule<'a>],
}

#[derive(Serialize)]
pub(crate) struct PlayerModule<'a> {
    pub assessed: bool,
    pub href: String,
    pub id: &'a str,
    pub title: &'a str,
}

impl QuestionSpec {
    pub(crate) fn new(q: &QuestionBlock) -> Self {
        let state = &vocabulary::STATE;
        let ids = |ids: Vec<&str>| Correct::Ids(ids.join(state.list));
        let c = match q.kind.value {
            QuestionKind::Single | QuestionKind::Multiple => {
                ids(q.choices.iter().filter(|c| c.correct).map(|c| c.id.as_str()).collect())
            }
            QuestionKind::TrueFalse => Correct::Ids(
                if q.answer.as_deref() == Some(&Answer::Boolean(true)) { state.yes } else { state.no }.into(),
            ),
            QuestionKind::FillIn => Correct::Texts(q.accept.iter().map(|a| a.value.clone()).collect()),
            QuestionKind::Numeric => match (q.answer.as_deref(), &q.min, &q.max) {
                (Some(Answer::Number(n)), _, _) => Correct::Range([*n, *n]),
                (_, Some(min), Some(max)) => Correct::Range([min.value, max.value]),
                _ => Correct::Unknown,
            },
            QuestionKind::Matching => ids(q.pairs.iter().map(|p| p.id.as_str()).collect()),
            QuestionKind::Ordering => ids(q.items.iter().map(|i| i.id.as_str()).collect()),
        };
        QuestionSpec {
            c,
            cs: q.case_sensitive,
            k: q.kind.label_id(),
            m: q.max_length.as_deref().copied().unwrap_or(DEFAULT_FILL_IN_MAX_LENGTH),
            w: q.weight.as_deref().copied().unwrap_or(1.0),
        }
    }
}

impl<'a> ModuleData<'a> {
    /// `advice` renders a level's advice (Markdown) to HTML.
    pub(crate) fn new(
        path: &'a LearningPath,
        course: &'a Course,
        module: &'a Module,
        mut ui: UiWords,
        advice: impl Fn(&str) -> String,
    ) -> Self {
        let mut questions = BTreeMap::new();
        let mut diagnostics = BTreeMap::new();
        let mut reflections = BTreeMap::new();
        for block in module.blocks() {
            match block {
                BlockContent::Question(q) => {
                    questions.insert(q.id.as_str(), QuestionSpec::new(q));
                }
                BlockContent::SelfAssessment(d) => {
                    let n = course.scale(d).map_or(0, <[String]>::len);
                    diagnostics.insert(d.id.as_str(), StatementSpec { d: &d.dimension, n, rev: d.reverse });
                }
                BlockContent::Reflection(r) => {
                    let m = r.max_length.as_deref().copied().unwrap_or(DEFAULT_REFLECTION_MAX_LENGTH);
                    reflections.insert(r.id.as_str(), ReflectionSpec { m, share: r.share });
                }
                _ => {}
            }
        }
        let measured: BTreeSet<&str> = diagnostics.values().map(|d| d.d).collect();
        let dimensions: Vec<DimensionSpec<'_>> = course
            .source
            .dimensions
            .iter()
            .filter(|d| measured.contains(d.id.as_str()))
            .map(|d| DimensionSpec {
                advice: d.levels.iter().map(|l| advice(&l.advice)).collect(),
                id: &d.id,
                label: &d.label,
                levels: d.levels.iter().map(|l| l.from.value).collect(),
                names: d.levels.iter().map(|l| l.label.as_str()).collect(),
            })
            .collect();
        let ids = Ids::new(&path.settings.base_iri, &path.settings.id);
        let assessed = module.front.assessed;
        let unused = [
            (dimensions.is_empty(), Feature::Profile),
            (questions.is_empty() && diagnostics.is_empty(), Feature::Answers),
            (!assessed, Feature::Assessment),
            (assessed || questions.is_empty(), Feature::Practice),
        ];
        for (_, feature) in unused.into_iter().filter(|(absent, _)| *absent) {
            ui.retain(|key, _| !feature.own_words().contains(key));
        }
        ModuleData {
            assessed,
            course: course.id(),
            course_iri: ids.course_iri(course.id()),
            diagnostics,
            dimensions,
            fp: state::page_fingerprint(course, module),
            iri: ids.module_iri(course.id(), module.id()),
            kind: "module",
            mastery: course.mastery_score(module),
            module: module.id(),
            ns: &path.settings.id,
            path_iri: ids.path_iri(),
            questions,
            reflections,
            ui,
        }
    }
}

/// JSON for a `<script type="application/json">`: `<` escaped so the text cannot close the tag.
pub(crate) fn script_json(value: &impl Serialize) -> String {
    serde_json::to_string(value).expect("page data is JSON").replace('<', "\\u003c")
}
