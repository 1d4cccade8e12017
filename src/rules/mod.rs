//! The rules: the checks a schema cannot express: identifiers, uniqueness, answerable questions,
//! self-diagnostic dimensions, languages, dates and settings that only make sense together.

use std::collections::{BTreeMap, BTreeSet};

use crate::diagnostics::{did_you_mean, Code, Diagnostic, Diagnostics};
use crate::model::{
    Answer, BlockContent, Course, Dimension, LearningPath, Module, OffsetMap, Page, Part, QuestionBlock, QuestionKind,
    SourceFile, Spanned, DEFAULT_FILL_IN_MAX_LENGTH,
};

/// Longest identifier accepted: ids end up in file names, SCORM identifiers and IRIs.
pub(crate) const MAX_ID_LENGTH: usize = 64;
/// Upper bound of a declared `max_length`, so a learner's state stays small.
pub(crate) const MAX_TEXT_LENGTH: u32 = 10_000;

/// A file and the offset its spans are relative to (for a learning block, the map of its text).
struct At<'a> {
    file: &'a SourceFile,
    base: usize,
    block: Option<&'a OffsetMap>,
}

impl At<'_> {
    /// The offset in the file of a span start.
    fn offset(&self, span_start: usize) -> usize {
        self.block.map_or(self.base + span_start, |map| map.file_offset(span_start))
    }

    /// Reports an error at `span_start` (relative to `base`); returned to add a hint.
    fn error<'d>(
        &self,
        diags: &'d mut Diagnostics,
        code: Code,
        span_start: usize,
        message: impl Into<String>,
    ) -> &'d mut Diagnostic {
        diags.error(code, self.file, self.offset(span_start), message)
    }

    fn warning<'d>(
        &self,
        diags: &'d mut Diagnostics,
        code: Code,
        span_start: usize,
        message: impl Into<String>,
    ) -> &'d mut Diagnostic {
        diags.warning(code, self.file, self.offset(span_start), message)
    }
}

/// Whether `id` is a well-formed identifier: lowercase ASCII letters, digits and inner hyphens.
pub(crate) fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= MAX_ID_LENGTH
        && id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !id.starts_with('-')
        && !id.ends_with('-')
        && !id.contains("--")
}

/// A well-formed identifier close to `text`, to suggest.
pub(crate) fn suggest_id(text: &str) -> String {
    let mut id = String::new();
    for c in text.chars() {
        let c = match c {
            'à' | 'â' | 'ä' | 'á' => 'a',
            'ç' => 'c',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'î' | 'ï' | 'í' => 'i',
            'ô' | 'ö' | 'ó' => 'o',
            'ù' | 'û' | 'ü' | 'ú' => 'u',
            c => c.to_ascii_lowercase(),
        };
        if c.is_ascii_alphanumeric() {
            id.push(c);
        } else if !id.ends_with('-') && !id.is_empty() {
            id.push('-');
        }
    }
    let id: String = id.trim_end_matches('-').chars().take(MAX_ID_LENGTH).collect();
    id.trim_end_matches('-').to_string()
}

/// Ids seen in one scope, to report duplicates.
struct Scope<'a> {
    what: &'static str,
    seen: BTreeMap<String, usize>,
    at: &'a At<'a>,
}

impl<'a> Scope<'a> {
    fn new(what: &'static str, at: &'a At<'a>) -> Self {
        Self { what, seen: BTreeMap::new(), at }
    }

    /// Checks the form of an id and that it is new in this scope (offsets relative to `at`).
    fn id(&mut self, diags: &mut Diagnostics, id: &Spanned<String>) {
        self.id_at(diags, id, self.at)
    }

    fn id_at(&mut self, diags: &mut Diagnostics, id: &Spanned<String>, at: &At<'_>) {
        check_id_form(diags, at, id, self.what);
        let absolute = at.offset(id.start());
        if let Some(&first) = self.seen.get(&id.value) {
            let (line, _) = at.file.position(first);
            at.error(diags, Code::E022, id.start(), format!("{} id `{}` is used twice", self.what, id.value)).hint(
                format!(
                    "it is already used at line {line} of {}: ids must be unique",
                    at.file.display_path().display()
                ),
            );
        } else {
            self.seen.insert(id.value.clone(), absolute);
        }
    }
}

fn check_id_form(diags: &mut Diagnostics, at: &At<'_>, id: &Spanned<String>, what: &str) {
    if !is_valid_id(&id.value) {
        let suggestion = suggest_id(&id.value);
        let hint = if suggestion.is_empty() || suggestion == id.value {
            format!("use lowercase letters a-z, digits and single hyphens, at most {MAX_ID_LENGTH} characters")
        } else {
            format!("use lowercase letters a-z, digits and single hyphens, e.g. `{suggestion}`")
        };
        at.error(diags, Code::E021, id.start(), format!("{what} id `{}` is not a valid identifier", id.value))
            .hint(hint);
    }
}

fn check_text(diags: &mut Diagnostics, at: &At<'_>, text: &Spanned<String>, key: &str) {
    if text.value.trim().is_empty() {
        at.error(diags, Code::E066, text.start(), format!("`{key}` is empty")).hint(format!("write the {key}"));
    }
}

/// Whether `tag` is a well-formed BCP 47 language tag (language, script, region, variants).
pub(crate) fn is_bcp47(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let Some(language) = parts.next() else { return false };
    if !(2..=3).contains(&language.len()) && !(5..=8).contains(&language.len())
        || !language.bytes().all(|b| b.is_ascii_alphabetic())
    {
        return false;
    }
    let mut stage = 0;
    for part in parts {
        let alpha = part.bytes().all(|b| b.is_ascii_alphabetic());
        let digits = part.bytes().all(|b| b.is_ascii_digit());
        let alnum = part.bytes().all(|b| b.is_ascii_alphanumeric());
        stage = match (stage, part.len()) {
            (0, 4) if alpha => 1,
            (0 | 1, 2) if alpha => 2,
            (0 | 1, 3) if digits => 2,
            (_, 5..=8) if alnum => 3,
            (_, 4) if alnum && part.as_bytes()[0].is_ascii_digit() => 3,
            _ => return false,
        };
    }
    true
}

fn check_language(diags: &mut Diagnostics, at: &At<'_>, tag: &Spanned<String>) {
    if !is_bcp47(&tag.value) {
        at.error(diags, Code::E061, tag.start(), format!("`{}` is not a BCP 47 language tag", tag.value))
            .hint("write a tag such as `fr`, `en`, `fr-FR` or `en-GB`");
    }
}

fn check_licence(diags: &mut Diagnostics, at: &At<'_>, licence: &Spanned<String>) {
    let ok =
        !licence.value.is_empty() && licence.value.bytes().all(|b| b.is_ascii_alphanumeric() || b"-.+".contains(&b));
    if !ok {
        at.error(diags, Code::E063, licence.start(), format!("`{}` is not an SPDX licence identifier", licence.value))
            .hint("write an SPDX identifier such as `CC-BY-SA-4.0`");
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
        check_id_form(diags, &at, &path.id, "path");
        check_text(diags, &at, &path.title, "title");
        check_text(diags, &at, &path.publisher, "publisher");
        if let Some(language) = &path.language {
            check_language(diags, &at, language);
        }
        if let Some(licence) = &path.licence {
            check_licence(diags, &at, licence);
        }
        match &path.base_iri {
            Some(iri) => check_base_iri(diags, &at, iri),
            None => {
                at.warning(diags, Code::W001, path.id.start(), "no `base_iri`: activity identifiers use the placeholder domain campus.invalid")
                    .hint("add `base_iri = \"https://…\"` under a domain the publisher controls, before publishing any package");
            }
        }
        if path.courses.is_empty() {
            at.error(diags, Code::E025, path.courses.start(), "the path lists no course")
                .hint("list the course folders: `courses = [\"my-course\"]`");
        }
    }
    let mut course_ids: BTreeMap<&str, &Course> = BTreeMap::new();
    for course in &learning_path.courses {
        let at = At { file: &course.file, base: 0, block: None };
        if let Some(first) = course_ids.insert(&course.source.id, course) {
            at.error(
                diags,
                Code::E022,
                course.source.id.start(),
                format!("course id `{}` is used twice", course.source.id.value),
            )
            .hint(format!("{} has it too: ids must be unique in the path", first.file.display_path().display()));
        }
        check_course(course, diags);
    }
    if learning_path.path_file.is_none() {
        if let Some(course) = learning_path.courses.first() {
            let at = At { file: &course.file, base: 0, block: None };
            at.warning(diags, Code::W001, 0, "no path.toml above this course: activity identifiers use the placeholder domain campus.invalid")
                .hint("create a path.toml in a parent folder with `base_iri = \"https://…\"` under a domain the publisher controls");
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
        at.error(diags, Code::E064, iri.start(), format!("`{value}` is not a usable base IRI"))
            .hint("write an absolute http(s) address without spaces, query or fragment, e.g. `https://campus.example.org/activities`");
    }
}

fn check_course(course: &Course, diags: &mut Diagnostics) {
    let at = At { file: &course.file, base: 0, block: None };
    let source = &course.source;
    check_id_form(diags, &at, &source.id, "course");
    check_text(diags, &at, &source.title, "title");
    check_text(diags, &at, &source.description, "description");
    if let Some(language) = &source.language {
        check_language(diags, &at, language);
    }
    if let Some(licence) = &source.licence {
        check_licence(diags, &at, licence);
    }
    let version_ok = !source.version.value.is_empty()
        && source.version.value.len() <= 32
        && source.version.value.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-')
        && source.version.value.as_bytes()[0].is_ascii_digit();
    if !version_ok {
        at.error(
            diags,
            Code::E062,
            source.version.start(),
            format!("version `{}` is not usable", source.version.value),
        )
        .hint("write a version such as `1.0.0` (digits, dots and hyphens; it is part of the package file names)");
    }
    if chrono::NaiveDate::parse_from_str(&source.date.value, "%Y-%m-%d")
        .map_or(true, |d| d.format("%Y").to_string().parse::<i32>().map_or(true, |y| !(1980..=2107).contains(&y)))
    {
        at.error(diags, Code::E062, source.date.start(), format!("date `{}` is not a valid date", source.date.value))
            .hint("write the date of this version as `YYYY-MM-DD`, e.g. `2026-11-28`");
    }
    if source.authors.is_empty() {
        at.error(diags, Code::E025, source.authors.start(), "the course has no author")
            .hint("list the authors: `authors = [\"Name\"]`");
    }
    if source.modules.is_empty() {
        at.error(diags, Code::E025, source.modules.start(), "the course lists no module")
            .hint("list the module files: `modules = [\"01-introduction.md\"]`");
    }
    if let Some(scale) = &source.likert_scale {
        check_scale(diags, &at, scale);
    }
    let mut dimensions = Scope::new("dimension", &at);
    for dimension in &source.dimensions {
        dimensions.id(diags, &dimension.id);
        check_text(diags, &at, &dimension.label, "label");
        check_levels(diags, &at, dimension);
    }
    let mut used_dimensions = BTreeSet::new();
    let mut module_ids: BTreeMap<&str, &Module> = BTreeMap::new();
    for module in &course.modules {
        let front_at = At { file: &module.file, base: module.front_base, block: None };
        check_id_form(diags, &front_at, &module.front.id, "module");
        if let Some(first) = module_ids.insert(&module.front.id, module) {
            front_at
                .error(
                    diags,
                    Code::E022,
                    module.front.id.start(),
                    format!("module id `{}` is used twice", module.front.id.value),
                )
                .hint(format!(
                    "{} has it too: module ids must be unique in the course",
                    first.file.display_path().display()
                ));
        }
        check_module(course, module, &mut used_dimensions, diags);
    }
    for (file, pages) in &course.unloaded {
        check_pages(course, file, pages, None, &mut used_dimensions, diags);
    }
    // A module or a diagnostic block that could not be read may measure any dimension.
    let unread_diagnostic =
        course.modules.iter().flat_map(|m| &m.pages).any(|p| p.unread_blocks.iter().any(|k| k == "diagnostic"));
    for dimension in &source.dimensions {
        if !course.unloaded.is_empty() || unread_diagnostic {
            break;
        }
        if !used_dimensions.contains(dimension.id.value.as_str()) {
            at.warning(
                diags,
                Code::W002,
                dimension.id.start(),
                format!("dimension `{}` is measured by no diagnostic block", dimension.id.value),
            )
            .hint("add diagnostic blocks with this `dimension`, or remove it");
        }
    }
}

fn check_scale(diags: &mut Diagnostics, at: &At<'_>, scale: &Spanned<Vec<String>>) {
    if !(4..=5).contains(&scale.len()) || scale.iter().any(|label| label.trim().is_empty()) {
        at.error(
            diags,
            Code::E051,
            scale.start(),
            format!("a Likert scale needs 4 or 5 labelled points, this one has {}", scale.len()),
        )
        .hint("e.g. [\"Pas du tout\", \"Plutôt non\", \"Plutôt oui\", \"Tout à fait\"]");
    }
}

fn check_levels(diags: &mut Diagnostics, at: &At<'_>, dimension: &Dimension) {
    if dimension.levels.is_empty() {
        at.error(diags, Code::E052, dimension.id.start(), format!("dimension `{}` has no level", dimension.id.value))
            .hint("add `[[dimensions.levels]]` tables with `from`, `label` and `advice`, the first with `from = 0`");
        return;
    }
    let first = &dimension.levels[0];
    if *first.from != 0 {
        at.error(
            diags,
            Code::E052,
            first.from.start(),
            format!("the first level of `{}` starts at {}, not 0", dimension.id.value, *first.from),
        )
        .hint("levels cover every score from 0 to 100: the first has `from = 0`");
    }
    for pair in dimension.levels.windows(2) {
        if *pair[1].from <= *pair[0].from {
            at.error(
                diags,
                Code::E052,
                pair[1].from.start(),
                format!(
                    "level `{}` starts at {}, not above the previous level ({})",
                    pair[1].label.value, *pair[1].from, *pair[0].from
                ),
            )
            .hint("write the levels from the lowest score to the highest");
        }
    }
    for level in &dimension.levels {
        check_text(diags, at, &level.label, "label");
        check_text(diags, at, &level.advice, "advice");
    }
}

fn check_module<'c>(
    course: &'c Course,
    module: &'c Module,
    used_dimensions: &mut BTreeSet<&'c str>,
    diags: &mut Diagnostics,
) {
    let front_at = At { file: &module.file, base: module.front_base, block: None };
    let front = &module.front;
    check_text(diags, &front_at, &front.title, "title");
    if front.objectives.is_empty() {
        front_at
            .warning(diags, Code::W003, front.id.start(), "the module states no learning objective")
            .hint("add `objectives = [\"…\"]`: what the learner will be able to do afterwards");
    }
    if let (false, Some(score)) = (front.assessed, &front.mastery_score) {
        front_at
            .warning(diags, Code::W004, score.start(), "`mastery_score` has no effect: the module is not assessed")
            .hint("add `assessed = true`, or remove `mastery_score`");
    }
    let questions = check_pages(course, &module.file, &module.pages, Some(front.assessed), used_dimensions, diags);
    if front.assessed && questions == 0 {
        front_at
            .error(diags, Code::E068, front.id.start(), "an assessed module needs questions")
            .hint("add ```question blocks, or remove `assessed = true`");
    }
}

/// Checks the pages and blocks of a module; `assessed` is unknown when its front matter is
/// wrong. Returns the number of questions.
fn check_pages<'c>(
    course: &'c Course,
    file: &SourceFile,
    pages: &[Page],
    assessed: Option<bool>,
    used_dimensions: &mut BTreeSet<&'c str>,
    diags: &mut Diagnostics,
) -> usize {
    let scope_at = At { file, base: 0, block: None };
    let mut block_ids = Scope::new("block", &scope_at);
    let mut questions = 0;
    for page in pages {
        let blocks = page.parts.iter().filter_map(|p| match p {
            Part::Block(block) => Some(block),
            Part::Html(_) => None,
        });
        let mut empty = page.unread_blocks.is_empty();
        questions += page.unread_blocks.iter().filter(|kind| *kind == "question").count();
        for part in &page.parts {
            if !matches!(part, Part::Html(html) if html.trim().is_empty()) {
                empty = false;
            }
        }
        if empty {
            diags
                .warning(Code::W005, file, page.offset, format!("page `{}` is empty", page.title))
                .hint("write the page's content under its heading, or remove the heading");
        }
        for block in blocks {
            let at = At { file, base: 0, block: Some(&block.offsets) };
            block_ids.id_at(diags, block.content.id(), &at);
            match &block.content {
                BlockContent::Question(question) => {
                    questions += 1;
                    check_question(diags, &at, question, assessed.unwrap_or(true));
                }
                BlockContent::SelfAssessment(diagnostic) => {
                    check_text(diags, &at, &diagnostic.statement, "statement");
                    match course.source.dimensions.iter().find(|d| d.id.value == diagnostic.dimension.value) {
                        Some(dimension) => {
                            used_dimensions.insert(&dimension.id.value);
                        }
                        None => {
                            let declared: Vec<&str> =
                                course.source.dimensions.iter().map(|d| d.id.value.as_str()).collect();
                            let hint = match did_you_mean(&diagnostic.dimension, declared.iter().copied()) {
                                Some(close) => format!("did you mean `{close}`?"),
                                None if declared.is_empty() => {
                                    "declare the dimensions in course.toml with `[[dimensions]]`".to_string()
                                }
                                None => format!("the course declares: {}", declared.join(", ")),
                            };
                            at.error(
                                diags,
                                Code::E050,
                                diagnostic.dimension.start(),
                                format!("dimension `{}` is not declared in course.toml", diagnostic.dimension.value),
                            )
                            .hint(hint);
                        }
                    }
                    match &diagnostic.scale {
                        Some(scale) => check_scale(diags, &at, scale),
                        None if course.source.likert_scale.is_none() => {
                            at.error(
                                diags,
                                Code::E054,
                                diagnostic.id.start(),
                                "this statement has no scale to answer on",
                            )
                            .hint("set `likert_scale` in course.toml (shared by every statement), or `scale` here");
                        }
                        None => {}
                    }
                }
                BlockContent::Reflection(reflection) => {
                    check_text(diags, &at, &reflection.prompt, "prompt");
                    check_max_length(diags, &at, reflection.max_length.as_ref());
                }
                BlockContent::Resource(resource, _) => {
                    check_text(diags, &at, &resource.title, "title");
                    check_text(diags, &at, &resource.description, "description");
                }
                BlockContent::Video(media, _) | BlockContent::Audio(media, _) => {
                    check_text(diags, &at, &media.title, "title");
                    if media.transcript.value.trim().is_empty() {
                        at.error(diags, Code::E067, media.transcript.start(), "the transcript is empty")
                            .hint("write the full transcript: it is the text alternative of the media");
                    }
                }
            }
        }
    }
    questions
}

fn check_max_length(diags: &mut Diagnostics, at: &At<'_>, max_length: Option<&Spanned<u32>>) {
    if let Some(max) = max_length {
        if max.value == 0 || max.value > MAX_TEXT_LENGTH {
            at.error(
                diags,
                Code::E065,
                max.start(),
                format!("`max_length` is {}, outside 1–{MAX_TEXT_LENGTH}", max.value),
            )
            .hint("answers are kept in the learner's state, whose size is limited: keep this small");
        }
    }
}

fn check_question(diags: &mut Diagnostics, at: &At<'_>, q: &QuestionBlock, assessed: bool) {
    let kind = q.kind.value;
    check_text(diags, at, &q.prompt, "prompt");
    let forbid = |present: bool, key: &str, diags: &mut Diagnostics| {
        if present {
            at.error(diags, Code::E043, q.kind.start(), format!("`{key}` is not used by a {} question", kind.label()))
                .hint(format!("remove `{key}`, or change `kind`"));
        }
    };
    use QuestionKind::*;
    forbid(!q.choices.is_empty() && !matches!(kind, Single | Multiple), "choices", diags);
    forbid(q.answer.is_some() && !matches!(kind, TrueFalse | Numeric), "answer", diags);
    forbid(!q.accept.is_empty() && kind != FillIn, "accept", diags);
    forbid(q.case_sensitive && kind != FillIn, "case_sensitive", diags);
    forbid(q.max_length.is_some() && kind != FillIn, "max_length", diags);
    forbid((q.min.is_some() || q.max.is_some()) && kind != Numeric, "min/max", diags);
    forbid(!q.pairs.is_empty() && kind != Matching, "pairs", diags);
    forbid(!q.items.is_empty() && kind != Ordering, "items", diags);
    if let Some(weight) = &q.weight {
        if !weight.value.is_finite() || weight.value < 0.0 {
            at.error(diags, Code::E015, weight.start(), "`weight` must be zero or more")
                .hint("write a weight such as 1 or 2");
        } else if !assessed && weight.value != 1.0 {
            at.warning(diags, Code::W006, weight.start(), "`weight` has no effect: the module is not assessed")
                .hint("questions outside assessed modules are formative and not scored");
        }
    }
    let require = |missing: bool, what: &str, diags: &mut Diagnostics| {
        if missing {
            at.error(diags, Code::E042, q.kind.start(), format!("a {} question needs {what}", kind.label()))
                .hint(format!("add {what} (see `campus schema question`)"));
        }
    };
    match kind {
        Single | Multiple => {
            require(q.choices.is_empty(), "`[[choices]]`", diags);
            let mut ids = Scope::new("choice", at);
            for choice in &q.choices {
                ids.id(diags, &choice.id);
                check_text(diags, at, &choice.text, "text");
            }
            if !q.choices.is_empty() && q.choices.len() < 2 {
                at.error(diags, Code::E045, q.kind.start(), "a choice question needs at least two choices")
                    .hint("add another `[[choices]]`");
            }
            let right = q.choices.iter().filter(|c| c.correct).count();
            if kind == Single && !q.choices.is_empty() && right != 1 {
                at.error(
                    diags,
                    Code::E040,
                    q.kind.start(),
                    format!("a single-choice question needs exactly one right choice, it has {right}"),
                )
                .hint("mark one choice with `correct = true`, or use `kind = \"multiple\"`");
            }
            if kind == Multiple && !q.choices.is_empty() && right == 0 {
                at.error(
                    diags,
                    Code::E041,
                    q.kind.start(),
                    "a multiple-choice question needs at least one right choice",
                )
                .hint("mark the right choices with `correct = true`");
            }
        }
        TrueFalse => match &q.answer {
            None => require(true, "`answer = true` or `answer = false`", diags),
            Some(answer) if !matches!(answer.value, Answer::Boolean(_)) => {
                at.error(diags, Code::E047, answer.start(), "the answer of a true/false question is `true` or `false`")
                    .hint("write `answer = true` or `answer = false`, without quotes");
            }
            Some(_) => {}
        },
        FillIn => {
            require(q.accept.is_empty(), "at least one accepted answer in `accept`", diags);
            for answer in &q.accept {
                check_text(diags, at, answer, "accept");
            }
            check_max_length(diags, at, q.max_length.as_ref());
            let max = q.max_length.as_ref().map_or(DEFAULT_FILL_IN_MAX_LENGTH, |m| m.value) as usize;
            if let Some(long) = q.accept.iter().find(|a| a.value.chars().count() > max) {
                at.error(
                    diags,
                    Code::E065,
                    long.start(),
                    format!("this accepted answer is longer than `max_length` ({max})"),
                )
                .hint("raise `max_length`, or shorten the answer");
            }
        }
        Numeric => match (&q.answer, &q.min, &q.max) {
            (Some(answer), None, None) => {
                if !matches!(answer.value, Answer::Number(n) if n.is_finite()) {
                    at.error(diags, Code::E047, answer.start(), "the answer of a numeric question is a number")
                        .hint("write `answer = 42`, without quotes");
                }
            }
            (None, Some(min), Some(max)) => {
                if let Some(bound) = [min, max].into_iter().find(|b| !b.value.is_finite()) {
                    at.error(diags, Code::E047, bound.start(), "the bounds of a numeric range are numbers")
                        .hint("write finite numbers such as `min = 4` and `max = 5`, not `nan` or `inf`");
                } else if min.value > max.value {
                    at.error(
                        diags,
                        Code::E044,
                        min.start(),
                        format!("the range is reversed: `min` {} is above `max` {}", min.value, max.value),
                    )
                    .hint("write the lower bound in `min` and the upper bound in `max`");
                }
            }
            (Some(answer), _, _) => {
                at.error(
                    diags,
                    Code::E043,
                    answer.start(),
                    "a numeric question has either `answer` or `min` and `max`, not both",
                )
                .hint("keep `answer` for an exact number, or `min` and `max` for a range");
            }
            _ => require(true, "`answer` (an exact number) or both `min` and `max` (a range)", diags),
        },
        Matching => {
            require(q.pairs.is_empty(), "`[[pairs]]`", diags);
            if q.pairs.len() == 1 {
                at.error(diags, Code::E045, q.kind.start(), "a matching question needs at least two pairs")
                    .hint("add another `[[pairs]]`");
            }
            let mut ids = Scope::new("pair", at);
            for pair in &q.pairs {
                ids.id(diags, &pair.id);
                check_text(diags, at, &pair.left, "left");
                check_text(diags, at, &pair.right, "right");
            }
        }
        Ordering => {
            require(q.items.is_empty(), "`[[items]]`", diags);
            if q.items.len() == 1 {
                at.error(diags, Code::E045, q.kind.start(), "an ordering question needs at least two items")
                    .hint("add another `[[items]]`");
            }
            let mut ids = Scope::new("item", at);
            for item in &q.items {
                ids.id(diags, &item.id);
                check_text(diags, at, &item.text, "text");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers() {
        for good in ["a", "module-1", "7-qualites", "x2"] {
            assert!(is_valid_id(good), "{good}");
        }
        for bad in ["", "A", "a b", "-a", "a-", "a--b", "é", "a_b", &"a".repeat(65)] {
            assert!(!is_valid_id(bad), "{bad}");
        }
        assert_eq!(suggest_id("Se situer : l'autodiagnostic"), "se-situer-l-autodiagnostic");
    }

    #[test]
    fn language_tags() {
        for good in ["fr", "en", "fr-FR", "en-GB", "zh-Hant-TW", "es-419", "de-CH-1996"] {
            assert!(is_bcp47(good), "{good}");
        }
        for bad in ["", "f", "french!", "fr_FR", "fr-", "en-GB-x"] {
            assert!(!is_bcp47(bad), "{bad}");
        }
    }
}
