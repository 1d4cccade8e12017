//! The rules: the checks a schema cannot express: identifiers, uniqueness, answerable questions,
//! self-diagnostic dimensions, languages, dates and settings that only make sense together.

use std::collections::BTreeMap;

mod course;
mod identifiers;
mod identity;
mod pages;
mod questions;
mod wording;

use crate::diagnostics::{thing, Code, Diagnostic, Diagnostics};
use crate::model::{Course, LearningPath, OffsetMap, SourceFile, Spanned};
use crate::tr;
use identifiers::{check_language, check_licence};
pub(crate) use identifiers::{is_valid_id, suggest_id, MAX_ID_LENGTH};
pub(crate) use identity::{escape_html, inline_logo};

/// A file and the offset its spans are relative to (for a learning block, the map of its text).
pub(super) struct At<'a> {
    pub file: &'a SourceFile,
    pub base: usize,
    pub block: Option<&'a OffsetMap>,
}

impl At<'_> {
    /// The offset in the file of a span start.
    pub(super) fn offset(&self, span_start: usize) -> usize {
        self.block.map_or(self.base + span_start, |map| map.file_offset(span_start))
    }

    /// Reports an error at `span_start` (relative to `base`); returned to add a hint.
    pub(super) fn error<'d>(
        &self,
        diags: &'d mut Diagnostics,
        code: Code,
        span_start: usize,
        message: impl Into<String>,
    ) -> &'d mut Diagnostic {
        diags.error(code, self.file, self.offset(span_start), message)
    }

    pub(super) fn warning<'d>(
        &self,
        diags: &'d mut Diagnostics,
        code: Code,
        span_start: usize,
        message: impl Into<String>,
    ) -> &'d mut Diagnostic {
        diags.warning(code, self.file, self.offset(span_start), message)
    }
}

/// Ids seen in one scope, to report duplicates.
pub(super) struct Scope<'a> {
    what: &'static str,
    seen: BTreeMap<String, usize>,
    at: &'a At<'a>,
}

impl<'a> Scope<'a> {
    pub(super) fn new(what: &'static str, at: &'a At<'a>) -> Self {
        Self { what, seen: BTreeMap::new(), at }
    }

    /// Checks the form of an id and that it is new in this scope (offsets relative to `at`).
    pub(super) fn id(&mut self, diags: &mut Diagnostics, id: &Spanned<String>) {
        self.id_at(diags, id, self.at);
    }

    pub(super) fn id_at(&mut self, diags: &mut Diagnostics, id: &Spanned<String>, at: &At<'_>) {
        check_id_form(diags, at, id, self.what);
        let absolute = at.offset(id.start());
        if let Some(&first) = self.seen.get(&id.value) {
            at.error(diags, Code::E022, id.start(), tr!("{} id `{}` is used twice", thing(self.what), id.value))
                .label(at.file, first, tr!("first used here"))
                .hint(tr!("give this {} another id: ids must be unique", thing(self.what)));
        } else {
            self.seen.insert(id.value.clone(), absolute);
        }
    }
}

pub(super) fn check_id_form(diags: &mut Diagnostics, at: &At<'_>, id: &Spanned<String>, what: &str) {
    if !is_valid_id(&id.value) {
        let suggestion = suggest_id(&id.value);
        let hint = if suggestion.is_empty() || suggestion == id.value {
            tr!(
                "use lowercase letters a-z, digits and single hyphens, at most {MAX_ID_LENGTH} characters",
                MAX_ID_LENGTH = MAX_ID_LENGTH
            )
        } else {
            tr!("use lowercase letters a-z, digits and single hyphens, e.g. `{suggestion}`", suggestion = suggestion)
        };
        at.error(
            diags,
            Code::E021,
            id.start(),
            tr!("{what} id `{}` is not a valid identifier", id.value, what = thing(what)),
        )
        .hint(hint);
    }
}

pub(super) fn check_text(diags: &mut Diagnostics, at: &At<'_>, text: &Spanned<String>, key: &str) {
    if text.value.trim().is_empty() {
        at.error(diags, Code::E066, text.start(), tr!("`{key}` is empty", key = key))
            .hint(tr!("write the {key}", key = key));
    }
}

/// A learning path the rules found no error in: the only thing a build takes. Only [`check`]
/// makes one.
#[derive(Debug)]
pub struct CheckedPath {
    path: LearningPath,
}

impl CheckedPath {
    pub fn path(&self) -> &LearningPath {
        &self.path
    }
}

/// Checks a loaded path. Every problem goes to `diags` (with those the loader found); the path
/// comes back checked only when `diags` holds no error.
pub fn check(path: LearningPath, diags: &mut Diagnostics) -> Option<CheckedPath> {
    check_path(&path, diags);
    (!diags.has_errors()).then_some(CheckedPath { path })
}

fn check_path(learning_path: &LearningPath, diags: &mut Diagnostics) {
    if let Some((file, path)) = &learning_path.path_file {
        let at = At { file, base: 0, block: None };
        // Keys path.toml could not give are reported already; their stand-ins are not judged.
        let read = |key: &str| !learning_path.path_unread_keys.contains(key);
        if read("id") {
            check_id_form(diags, &at, &path.id, "path");
        }
        if read("title") {
            check_text(diags, &at, &path.title, "title");
        }
        if read("publisher") {
            check_text(diags, &at, &path.publisher, "publisher");
        }
        if let Some(language) = &path.language {
            check_language(diags, &at, language);
        }
        if let Some(licence) = &path.licence {
            check_licence(diags, &at, licence);
        }
        match &path.base_iri {
            Some(iri) => check_base_iri(diags, &at, iri),
            None if !read("base_iri") => {}
            None => {
                at.warning(diags, Code::W001, path.id.start(), tr!("no `base_iri`: activity identifiers use the placeholder domain campus.invalid"))
                    .hint(tr!("add `base_iri = \"https://…\"` under a domain the publisher controls, before publishing any package"));
            }
        }
        identity::check_identity(diags, &at, path, learning_path.logo.as_ref());
        if path.courses.is_empty() && read("courses") {
            at.error(diags, Code::E025, path.courses.start(), tr!("the path lists no course"))
                .hint(tr!("list the course folders: `courses = [\"my-course\"]`"));
        }
    }
    let mut course_ids: BTreeMap<&str, &Course> = BTreeMap::new();
    for course in &learning_path.courses {
        let at = At { file: &course.file, base: 0, block: None };
        if course.unread_keys.contains("id") {
            // Its problem is reported; the stand-in is no id to compare.
        } else if let Some(first) = course_ids.insert(&course.source.id, course) {
            at.error(
                diags,
                Code::E022,
                course.source.id.start(),
                tr!("course id `{}` is used twice", course.source.id.value),
            )
            .label(&first.file, first.source.id.start(), tr!("first used here"))
            .hint(tr!("give this course another id: ids must be unique in the path"));
        }
        course::check_course(course, diags);
    }
    if learning_path.path_file.is_none() {
        if let Some(course) = learning_path.courses.first() {
            let at = At { file: &course.file, base: 0, block: None };
            at.warning(diags, Code::W001, 0, tr!("no path.toml above this course: activity identifiers use the placeholder domain campus.invalid"))
                .hint(tr!("create a path.toml in a parent folder with `base_iri = \"https://…\"` under a domain the publisher controls"));
        }
    }
}

fn check_base_iri(diags: &mut Diagnostics, at: &At<'_>, iri: &Spanned<String>) {
    let value = &iri.value;
    let valid = (value.starts_with("https://") || value.starts_with("http://"))
        && value.split("://").nth(1).is_some_and(|rest| !rest.is_empty() && !rest.starts_with('/'))
        && !value.chars().any(|c| c.is_whitespace() || "<>\"{}|\\^`".contains(c))
        && !value.contains(['?', '#']);
    if !valid {
        at.error(diags, Code::E064, iri.start(), tr!("`{value}` is not a usable base IRI", value = value))
            .hint(tr!("write an absolute http(s) address without spaces, query or fragment, e.g. `https://campus.example.org/activities`"));
    }
}
