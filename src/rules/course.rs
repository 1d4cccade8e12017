//! The rules of a course: its settings, its self-assessment dimensions, its modules.

use std::collections::{BTreeMap, BTreeSet};

use super::pages::check_pages;
use super::{check_id_form, check_language, check_licence, check_text, At, Scope};
use crate::diagnostics::{Code, Diagnostics};
use crate::model::{Course, Dimension, Module, Spanned};
use crate::tr;

pub(super) fn check_course(course: &Course, diags: &mut Diagnostics) {
    let at = At { file: &course.file, base: 0, block: None };
    check_settings(diags, &at, course);
    let mut dimensions = Scope::new("dimension", &at);
    for dimension in &course.source.dimensions {
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
                    tr!("module id `{}` is used twice", module.front.id.value),
                )
                .label(&first.file, first.front_base + first.front.id.start(), tr!("first used here"))
                .hint(tr!("give this module another id: module ids must be unique in the course"));
        }
        check_module(course, module, &mut used_dimensions, diags);
    }
    for (file, pages) in &course.unloaded {
        check_pages(course, file, pages, None, &mut used_dimensions, diags);
    }
    check_dimensions_used(course, &used_dimensions, diags);
    check_module_count(course, diags);
    if crate::model::typography::is_french(&course.language) {
        super::wording::check_wording(course, diags);
    }
}

/// The course's own settings: identity, texts, version and date, authors, module list, scale.
/// Keys course.toml could not give (their problems are already reported) are not judged.
fn check_settings(diags: &mut Diagnostics, at: &At<'_>, course: &Course) {
    let source = &course.source;
    let read = |key: &str| !course.unread_keys.contains(key);
    if read("id") {
        check_id_form(diags, at, &source.id, "course");
    }
    if read("title") {
        check_text(diags, at, &source.title, "title");
    }
    if read("description") {
        check_text(diags, at, &source.description, "description");
    }
    if let Some(language) = &source.language {
        check_language(diags, at, language);
    }
    if let Some(licence) = &source.licence {
        check_licence(diags, at, licence);
    }
    let version = &source.version.value;
    let version_ok = !version.is_empty()
        && version.len() <= 32
        && version.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-')
        && version.as_bytes()[0].is_ascii_digit();
    if !version_ok && read("version") {
        at.error(
            diags,
            Code::E062,
            source.version.start(),
            tr!("version `{version}` is not usable", version = version),
        )
        .hint(tr!("write a version such as `1.0.0` (digits, dots and hyphens; it is part of the package file names)"));
    }
    if read("date")
        && chrono::NaiveDate::parse_from_str(&source.date.value, "%Y-%m-%d")
            .map_or(true, |d| d.format("%Y").to_string().parse::<i32>().map_or(true, |y| !(1980..=2107).contains(&y)))
    {
        at.error(diags, Code::E062, source.date.start(), tr!("date `{}` is not a valid date", source.date.value))
            .hint(tr!("write the date of this version as `YYYY-MM-DD`, e.g. `2026-11-28`"));
    }
    if source.authors.is_empty() && read("authors") {
        at.error(diags, Code::E025, source.authors.start(), tr!("the course has no author"))
            .hint(tr!("list the authors: `authors = [\"Name\"]`"));
    }
    if source.modules.is_empty() && read("modules") {
        at.error(diags, Code::E025, source.modules.start(), tr!("the course lists no module"))
            .hint(tr!("list the module files: `modules = [\"01-introduction.md\"]`"));
    }
    if let Some(scale) = &source.likert_scale {
        check_scale(diags, at, scale);
    }
    if let Some(label) = source.not_applicable.as_ref().filter(|l| l.trim().is_empty()) {
        at.error(diags, Code::E051, label.start(), tr!("the \"not applicable\" answer has an empty label"))
            .hint(tr!("e.g. not_applicable = \"Sans objet pour nous\", or remove the key"));
    }
}

/// The most modules a course should have: an LMS shows one line per module in its table of
/// contents (Moodle's SCORM player, a cmi5 LMS's list of AUs), and beyond about a screen of lines
/// the learner scrolls to find where they are. At 50 lines of 20–24 pixels the list is already
/// twice the height of a laptop screen, and 50 modules of the usual 15–30 minutes are 12 to 25
/// hours of learning: a programme better cut into several courses of a path.
pub(crate) const MAX_MODULES_PER_COURSE: usize = 50;

/// W013 for a course of more than [`MAX_MODULES_PER_COURSE`] modules.
fn check_module_count(course: &Course, diags: &mut Diagnostics) {
    let count = course.modules.len() + course.unloaded.len();
    if count <= MAX_MODULES_PER_COURSE || course.unread_keys.contains("modules") {
        return;
    }
    let at = At { file: &course.file, base: 0, block: None };
    at.warning(
        diags,
        Code::W013,
        course.source.modules.start(),
        tr!(
            "course `{}` has {count} modules: an LMS's table of contents shows one line per module and is no longer usable beyond {max}",
            course.id(),
            count = count,
            max = MAX_MODULES_PER_COURSE
        ),
    )
    .hint(tr!("split the course into several courses of the path, each of at most {max} modules", max = MAX_MODULES_PER_COURSE));
}

/// W002 for a declared dimension that no statement measures; a module or a statement that could
/// not be read may measure any, so nothing is said then.
fn check_dimensions_used(course: &Course, used: &BTreeSet<&str>, diags: &mut Diagnostics) {
    let unread_statement =
        course.modules.iter().flat_map(|m| &m.pages).any(|p| p.unread_blocks.iter().any(|k| k == "diagnostic"));
    if !course.unloaded.is_empty() || unread_statement || course.unread_keys.contains("modules") {
        return;
    }
    let at = At { file: &course.file, base: 0, block: None };
    for dimension in &course.source.dimensions {
        if !used.contains(dimension.id.value.as_str()) {
            at.warning(
                diags,
                Code::W002,
                dimension.id.start(),
                tr!("dimension `{}` is measured by no diagnostic block", dimension.id.value),
            )
            .hint(tr!("add diagnostic blocks with this `dimension`, or remove it"));
        }
    }
}

pub(super) fn check_scale(diags: &mut Diagnostics, at: &At<'_>, scale: &Spanned<Vec<String>>) {
    if !(4..=5).contains(&scale.len()) || scale.iter().any(|label| label.trim().is_empty()) {
        at.error(
            diags,
            Code::E051,
            scale.start(),
            tr!("a Likert scale needs 4 or 5 labelled points, this one has {}", scale.len()),
        )
        .hint(tr!("e.g. [\"Pas du tout\", \"Plutôt non\", \"Plutôt oui\", \"Tout à fait\"]"));
    }
}

fn check_levels(diags: &mut Diagnostics, at: &At<'_>, dimension: &Dimension) {
    if dimension.levels.is_empty() {
        at.error(diags, Code::E052, dimension.id.start(), tr!("dimension `{}` has no level", dimension.id.value)).hint(
            tr!("add `[[dimensions.levels]]` tables with `from`, `label` and `advice`, the first with `from = 0`"),
        );
        return;
    }
    let first = &dimension.levels[0];
    if *first.from != 0 {
        at.error(
            diags,
            Code::E052,
            first.from.start(),
            tr!("the first level of `{}` starts at {}, not 0", dimension.id.value, *first.from),
        )
        .hint(tr!("levels cover every score from 0 to 100: the first has `from = 0`"));
    }
    for pair in dimension.levels.windows(2) {
        if *pair[1].from <= *pair[0].from {
            at.error(
                diags,
                Code::E052,
                pair[1].from.start(),
                tr!(
                    "level `{}` starts at {}, not above the previous level ({})",
                    pair[1].label.value,
                    *pair[1].from,
                    *pair[0].from
                ),
            )
            .hint(tr!("write the levels from the lowest score to the highest"));
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
            .warning(diags, Code::W003, front.id.start(), tr!("the module states no learning objective"))
            .hint(tr!("add `objectives = [\"…\"]`: what the learner will be able to do afterwards"));
    }
    if let (false, Some(score)) = (front.assessed, &front.mastery_score) {
        front_at
            .warning(diags, Code::W004, score.start(), tr!("`mastery_score` has no effect: the module is not assessed"))
            .hint(tr!("add `assessed = true`, or remove `mastery_score`"));
    }
    let questions = check_pages(course, &module.file, &module.pages, Some(front.assessed), used_dimensions, diags);
    if front.assessed && questions == 0 {
        front_at
            .error(diags, Code::E068, front.id.start(), tr!("an assessed module needs questions"))
            .hint(tr!("add ```question blocks, or remove `assessed = true`"));
    }
}
