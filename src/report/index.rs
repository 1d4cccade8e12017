//! What the records are matched against: the activities of the path (IRIs of xAPI statements,
//! titles and interaction ids of Moodle reports), found in its sources.

use std::collections::HashMap;

use crate::ids::Ids;
use crate::model::{BlockContent, LearningPath, QuestionKind};
use crate::report::hash::FastMap;

/// What a tracked block is, for reading its responses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Tracked {
    Question(QuestionKind),
    /// A self-diagnostic statement (a likert interaction).
    Diagnostic,
    /// A reflection shared with the LMS (a long fill-in).
    Reflection,
}

/// Where an activity sits in the path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Place {
    pub course: String,
    pub module: String,
    /// A block of the module (question, diagnostic statement, reflection), or the module itself.
    pub block: Option<String>,
}

/// The path's activities, by IRI and by title.
#[derive(Debug, Default)]
pub(crate) struct PathIndex {
    /// The path's own IRI (the grouping of every Campus statement).
    pub path_iri: String,
    /// Course IRI → course id (found for each statement: a hasher cheaper than SipHash).
    courses: FastMap<String, String>,
    /// Module IRI → (course id, module id).
    modules: FastMap<String, (String, String)>,
    /// (course id, module id) → the module's tracked blocks.
    blocks: HashMap<(String, String), Vec<(String, Tracked)>>,
    /// Module IRI → the ids of the module's tracked blocks (the same lists, found by IRI).
    module_blocks: FastMap<String, Vec<String>>,
    /// Module title, folded → (course id, module id), for Moodle reports (SCO titles).
    titles: HashMap<String, Vec<(String, String)>>,
    /// Course title, folded → course id (the SCO of a course built with `--single-sco`).
    course_titles: HashMap<String, Vec<String>>,
    /// Course id → its module ids in order.
    course_modules: HashMap<String, Vec<String>>,
    /// (course id, module id) of an assessed module → its mastery score (percent).
    mastery: HashMap<(String, String), u8>,
}

impl PathIndex {
    pub(crate) fn new(path: &LearningPath) -> PathIndex {
        let ids = Ids::new(&path.settings.base_iri, &path.settings.id);
        let mut index = PathIndex { path_iri: ids.path_iri(), ..PathIndex::default() };
        for course in &path.courses {
            let c = course.id().to_string();
            index.courses.insert(ids.course_iri(&c), c.clone());
            index.course_titles.entry(fold(&course.source.title)).or_default().push(c.clone());
            index.course_modules.insert(c.clone(), course.modules.iter().map(|m| m.id().to_string()).collect());
            for module in &course.modules {
                let m = module.id().to_string();
                let iri = ids.module_iri(&c, &m);
                index.modules.insert(iri.clone(), (c.clone(), m.clone()));
                index.titles.entry(fold(&module.front.title)).or_default().push((c.clone(), m.clone()));
                if module.front.assessed {
                    index.mastery.insert((c.clone(), m.clone()), course.mastery_score(module));
                }
                let tracked = module
                    .blocks()
                    .filter_map(|b| {
                        let kind = match b {
                            BlockContent::Question(q) => Tracked::Question(*q.kind),
                            BlockContent::SelfAssessment(_) => Tracked::Diagnostic,
                            BlockContent::Reflection(_) => Tracked::Reflection,
                            _ => return None,
                        };
                        Some((b.id().to_string(), kind))
                    })
                    .collect::<Vec<_>>();
                index.module_blocks.insert(iri, tracked.iter().map(|(id, _)| id.clone()).collect());
                index.blocks.insert((c.clone(), m), tracked);
            }
        }
        index
    }

    /// The place of an activity IRI: a module, a block of a module, or a page of a module
    /// (`<module>#page-N`, the module itself). `None` for anything else, the course and the path
    /// included.
    pub(crate) fn place(&self, iri: &str) -> Option<Place> {
        let iri = iri.split('#').next().unwrap_or(iri);
        if let Some((course, module)) = self.modules.get(iri) {
            return Some(Place { course: course.clone(), module: module.clone(), block: None });
        }
        let (parent, block) = iri.rsplit_once('/')?;
        let (course, module) = self.modules.get(parent)?;
        let known = self.module_blocks.get(parent).is_some_and(|blocks| blocks.iter().any(|id| id == block));
        known.then(|| Place { course: course.clone(), module: module.clone(), block: Some(block.to_string()) })
    }

    /// The course id of a course IRI.
    pub(crate) fn course(&self, iri: &str) -> Option<&str> {
        self.courses.get(iri).map(String::as_str)
    }

    /// Whether an IRI is one of the path's: the path, a course, a module or below.
    pub(crate) fn is_ours(&self, iri: &str) -> bool {
        iri.strip_prefix(self.path_iri.as_str()).is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
    }

    /// The modules whose title is `title` (case, accents of the report's encoding and spacing
    /// aside); several when two courses share a title.
    pub(crate) fn modules_titled(&self, title: &str) -> &[(String, String)] {
        self.titles.get(&fold(title)).map_or(&[], Vec::as_slice)
    }

    /// What a tracked block of a module is; `None` when the module has no such block.
    pub(crate) fn tracked(&self, course: &str, module: &str, block: &str) -> Option<Tracked> {
        self.blocks
            .get(&(course.to_string(), module.to_string()))?
            .iter()
            .find_map(|(id, kind)| (id == block).then_some(*kind))
    }

    /// The courses whose title is `title` (compared as module titles are).
    pub(crate) fn courses_titled(&self, title: &str) -> &[String] {
        self.course_titles.get(&fold(title)).map_or(&[], Vec::as_slice)
    }

    /// The mastery score (percent) of an assessed module; `None` for a module that is not assessed.
    pub(crate) fn mastery(&self, course: &str, module: &str) -> Option<u8> {
        self.mastery.get(&(course.to_string(), module.to_string())).copied()
    }

    /// A course's module ids, in the course's order.
    pub(crate) fn modules_of(&self, course: &str) -> &[String] {
        self.course_modules.get(course).map_or(&[], Vec::as_slice)
    }

    /// Every course IRI, in no particular order (the LMS's cmi5 `satisfied` statements name them).
    pub(crate) fn course_iris(&self) -> impl Iterator<Item = &str> {
        self.courses.keys().map(String::as_str)
    }

    /// An index made by hand: the path IRI, then (course, module, tracked blocks: single-choice
    /// questions).
    #[cfg(test)]
    pub(crate) fn from_parts(path_iri: &str, modules: &[(&str, &str, &[&str])]) -> PathIndex {
        let mut index = PathIndex { path_iri: path_iri.to_string(), ..PathIndex::default() };
        for (course, module, blocks) in modules {
            let (c, m) = ((*course).to_string(), (*module).to_string());
            let iri = format!("{path_iri}/{c}/{m}");
            index.courses.insert(format!("{path_iri}/{c}"), c.clone());
            index.modules.insert(iri.clone(), (c.clone(), m.clone()));
            index.module_blocks.insert(iri, blocks.iter().map(|b| (*b).to_string()).collect());
            let tracked = blocks.iter().map(|b| ((*b).to_string(), Tracked::Question(QuestionKind::Single))).collect();
            index.blocks.insert((c, m), tracked);
        }
        index
    }

    /// Every module IRI, in no particular order (one LRS query each for the LMS's cmi5 statements).
    pub(crate) fn module_iris(&self) -> impl Iterator<Item = &str> {
        self.modules.keys().map(String::as_str)
    }
}

/// A title as compared: lowercase, spaces collapsed, typographic apostrophes and spaces plain.
fn fold(title: &str) -> String {
    title
        .replace(['\u{2019}', '\u{2018}'], "'")
        .replace(['\u{a0}', '\u{202f}'], " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_compare_loosely() {
        assert_eq!(fold("L\u{2019}évaluation  finale\u{a0}!"), fold("l'Évaluation finale !"));
    }
}
