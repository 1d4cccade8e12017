//! The rules of a module's pages and learning blocks.

use std::collections::BTreeSet;

use super::course::check_scale;
use super::questions::check_question;
use super::{check_text, At, Scope};
use crate::diagnostics::{did_you_mean, Code, Diagnostics};
use crate::model::{BlockContent, Course, Page, Part, SelfAssessmentBlock, SourceFile, Spanned};
use crate::tr;

/// Upper bound of a declared `max_length`, so a learner's state stays small.
pub(crate) const MAX_TEXT_LENGTH: u32 = 10_000;

/// Checks the pages and blocks of a module; `assessed` is unknown when its front matter is
/// wrong. Returns the number of questions.
pub(super) fn check_pages<'c>(
    course: &'c Course,
    file: &SourceFile,
    pages: &'c [Page],
    assessed: Option<bool>,
    used_dimensions: &mut BTreeSet<&'c str>,
    diags: &mut Diagnostics,
) -> usize {
    let scope_at = At { file, base: 0, block: None };
    let mut block_ids = Scope::new("block", &scope_at);
    let mut questions = 0;
    for page in pages {
        questions += page.unread_blocks.iter().filter(|kind| *kind == "question").count();
        let empty = page.unread_blocks.is_empty()
            && page.parts.iter().all(|part| matches!(part, Part::Html(html) if html.trim().is_empty()));
        if empty {
            diags
                .warning(Code::W005, file, page.offset, tr!("page `{}` is empty", page.title))
                .hint(tr!("write the page's content under its heading, or remove the heading"));
        }
        for part in &page.parts {
            let Part::Block(block) = part else { continue };
            let at = At { file, base: 0, block: Some(&block.offsets) };
            block_ids.id_at(diags, block.content.id(), &at);
            match &block.content {
                BlockContent::Question(question) => {
                    questions += 1;
                    check_question(diags, &at, question, assessed.unwrap_or(true));
                }
                BlockContent::SelfAssessment(statement) => {
                    if let Some(dimension) = check_statement(course, diags, &at, statement) {
                        used_dimensions.insert(dimension);
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
                        at.error(diags, Code::E067, media.transcript.start(), tr!("the transcript is empty"))
                            .hint(tr!("write the full transcript: it is the text alternative of the media"));
                    }
                }
            }
        }
    }
    questions
}

/// A self-assessment statement: its text, its dimension (returned when the course declares it)
/// and its scale.
fn check_statement<'c>(
    course: &'c Course,
    diags: &mut Diagnostics,
    at: &At<'_>,
    statement: &SelfAssessmentBlock,
) -> Option<&'c str> {
    check_text(diags, at, &statement.statement, "statement");
    match &statement.scale {
        Some(scale) => check_scale(diags, at, scale),
        None if course.source.likert_scale.is_none() && !course.unread_keys.contains("likert_scale") => {
            at.error(diags, Code::E054, statement.id.start(), tr!("this statement has no scale to answer on"))
                .hint(tr!("set `likert_scale` in course.toml (shared by every statement), or `scale` here"));
        }
        None => {}
    }
    let dimensions = &course.source.dimensions;
    if let Some(dimension) = dimensions.iter().find(|d| d.id.value == statement.dimension.value) {
        return Some(&dimension.id.value);
    }
    if course.unread_keys.contains("dimensions") {
        // The dimension may be one that course.toml could not give; its problem is reported.
        return None;
    }
    let declared: Vec<&str> = dimensions.iter().map(|d| d.id.value.as_str()).collect();
    let close = did_you_mean(&statement.dimension, declared.iter().copied());
    let hint = match close {
        Some(close) => tr!("did you mean `{close}`?", close = close),
        None if declared.is_empty() => tr!("declare the dimensions in course.toml with `[[dimensions]]`"),
        None => tr!("the course declares: {}", declared.join(", ")),
    };
    at.error(
        diags,
        Code::E050,
        statement.dimension.start(),
        tr!("dimension `{}` is not declared in course.toml", statement.dimension.value),
    )
    .hint(hint)
    .fix = close.map(|c| format!("\"{c}\""));
    None
}

pub(super) fn check_max_length(diags: &mut Diagnostics, at: &At<'_>, max_length: Option<&Spanned<u32>>) {
    if let Some(max) = max_length {
        if max.value == 0 || max.value > MAX_TEXT_LENGTH {
            at.error(
                diags,
                Code::E065,
                max.start(),
                tr!("`max_length` is {}, outside 1–{MAX_TEXT_LENGTH}", max.value, MAX_TEXT_LENGTH = MAX_TEXT_LENGTH),
            )
            .hint(tr!("answers are kept in the learner's state, whose size is limited: keep this small"));
        }
    }
}
