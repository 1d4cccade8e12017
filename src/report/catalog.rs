//! What the analysis needs of the path's sources, in the path's order: courses, modules (assessed,
//! mastery), questions (kind, weight, choices and right answers), diagnostic statements (dimension,
//! scale, reversed) and their dimensions' levels, reflections (shared or not).

use std::collections::HashMap;

use crate::model::{BlockContent, LearningPath, QuestionKind};

pub(crate) struct Catalog {
    pub path_id: String,
    pub title: String,
    pub language: String,
    pub courses: Vec<CourseInfo>,
    pub modules: Vec<ModuleInfo>,
    pub dimensions: Vec<DimensionInfo>,
    /// (course, module) → index in `modules`.
    module_index: HashMap<(String, String), usize>,
}

pub(crate) struct CourseInfo {
    pub id: String,
    pub title: String,
    /// Indexes in `Catalog::modules`, in the course's order.
    pub modules: Vec<usize>,
}

pub(crate) struct ModuleInfo {
    pub course: usize,
    pub id: String,
    pub title: String,
    pub assessed: bool,
    /// Percent.
    pub mastery: u8,
    /// The module's tracked blocks, in reading order.
    pub blocks: Vec<BlockInfo>,
}

pub(crate) struct BlockInfo {
    pub id: String,
    pub kind: BlockKind,
}

pub(crate) enum BlockKind {
    Question(QuestionInfo),
    /// A statement of the self-diagnostic.
    Statement {
        dimension: usize,
        points: usize,
        reverse: bool,
    },
    Reflection {
        share: bool,
        prompt: String,
    },
}

pub(crate) struct QuestionInfo {
    pub kind: QuestionKind,
    pub prompt: String,
    pub weight: f64,
    /// What an answer may pick: choices, true and false, matching pairs, ordering items.
    pub options: Vec<OptionInfo>,
}

pub(crate) struct OptionInfo {
    pub id: String,
    pub text: String,
    pub correct: Option<bool>,
}

pub(crate) struct DimensionInfo {
    pub course: usize,
    pub id: String,
    pub label: String,
    /// Each level's lower bound (0–100) and label, in order.
    pub levels: Vec<(u8, String)>,
}

impl Catalog {
    pub(crate) fn new(path: &LearningPath) -> Catalog {
        let mut catalog = Catalog {
            path_id: path.settings.id.clone(),
            title: path.settings.title.clone(),
            language: path.settings.language.clone(),
            courses: Vec::new(),
            modules: Vec::new(),
            dimensions: Vec::new(),
            module_index: HashMap::new(),
        };
        for course in &path.courses {
            let c = catalog.courses.len();
            let first_dimension = catalog.dimensions.len();
            for d in &course.source.dimensions {
                catalog.dimensions.push(DimensionInfo {
                    course: c,
                    id: d.id.to_string(),
                    label: d.label.to_string(),
                    levels: d.levels.iter().map(|l| (l.from.value, l.label.to_string())).collect(),
                });
            }
            let mut modules = Vec::new();
            for module in &course.modules {
                let blocks = module
                    .blocks()
                    .filter_map(|block| {
                        let kind = match block {
                            BlockContent::Question(q) => BlockKind::Question(question(q)),
                            BlockContent::SelfAssessment(s) => {
                                let dimension = course.source.dimensions.iter().position(|d| *d.id == *s.dimension)?;
                                let points = course.scale(s).map_or(0, <[String]>::len);
                                BlockKind::Statement {
                                    dimension: first_dimension + dimension,
                                    points,
                                    reverse: s.reverse,
                                }
                            }
                            BlockContent::Reflection(r) => {
                                BlockKind::Reflection { share: r.share, prompt: plain(&r.prompt) }
                            }
                            _ => return None,
                        };
                        Some(BlockInfo { id: block.id().to_string(), kind })
                    })
                    .collect();
                let m = catalog.modules.len();
                catalog.module_index.insert((course.id().to_string(), module.id().to_string()), m);
                catalog.modules.push(ModuleInfo {
                    course: c,
                    id: module.id().to_string(),
                    title: module.front.title.to_string(),
                    assessed: module.front.assessed,
                    mastery: course.mastery_score(module),
                    blocks,
                });
                modules.push(m);
            }
            catalog.courses.push(CourseInfo {
                id: course.id().to_string(),
                title: course.source.title.to_string(),
                modules,
            });
        }
        catalog
    }

    /// The index of a module of the path.
    pub(crate) fn module(&self, course: &str, module: &str) -> Option<usize> {
        self.module_index.get(&(course.to_string(), module.to_string())).copied()
    }

    /// The index of a block in its module.
    pub(crate) fn block(&self, module: usize, block: &str) -> Option<usize> {
        self.modules[module].blocks.iter().position(|b| b.id == block)
    }
}

fn question(q: &crate::model::QuestionBlock) -> QuestionInfo {
    let options = match q.kind.value {
        QuestionKind::Single | QuestionKind::Multiple => q
            .choices
            .iter()
            .map(|c| OptionInfo { id: c.id.to_string(), text: plain(&c.text), correct: Some(c.correct) })
            .collect(),
        QuestionKind::TrueFalse => {
            let right = q.answer.as_deref() == Some(&crate::model::Answer::Boolean(true));
            vec![
                OptionInfo { id: "true".into(), text: String::new(), correct: Some(right) },
                OptionInfo { id: "false".into(), text: String::new(), correct: Some(!right) },
            ]
        }
        QuestionKind::Matching => q
            .pairs
            .iter()
            .map(|p| OptionInfo {
                id: p.id.to_string(),
                text: format!("{} → {}", plain(&p.left), plain(&p.right)),
                correct: None,
            })
            .collect(),
        QuestionKind::Ordering => {
            q.items.iter().map(|i| OptionInfo { id: i.id.to_string(), text: plain(&i.text), correct: None }).collect()
        }
        QuestionKind::FillIn | QuestionKind::Numeric => Vec::new(),
    };
    QuestionInfo {
        kind: q.kind.value,
        prompt: plain(&q.prompt),
        weight: q.weight.as_deref().copied().unwrap_or(1.0),
        options,
    }
}

/// A source text without its inline Markdown marks (emphasis, code), as the report shows it.
fn plain(text: &str) -> String {
    text.replace("**", "").replace("__", "").replace(['`', '*'], "")
}
