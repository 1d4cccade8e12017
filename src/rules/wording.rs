//! The inclusive-writing rule of French courses (W007, `model::inclusive`) on the texts learners
//! see outside the Markdown of the pages (the loader reads those): course.toml, each module's
//! front matter and its learning blocks. Not ids, files, or a fill-in's `accept` answers.

use super::At;
use crate::diagnostics::{Code, Diagnostics};
use crate::model::{inclusive, BlockContent, Course, Part, Spanned};

pub(super) fn check_wording(course: &Course, diags: &mut Diagnostics) {
    let at = At { file: &course.file, base: 0, block: None };
    let source = &course.source;
    let mut texts = vec![&source.title, &source.description];
    texts.extend(source.not_applicable.iter());
    for dimension in &source.dimensions {
        texts.push(&dimension.label);
        texts.extend(dimension.description.iter());
        texts.extend(dimension.levels.iter().flat_map(|level| [&level.label, &level.advice]));
    }
    check(diags, &at, texts);
    if let Some(scale) = &source.likert_scale {
        check_labels(diags, &at, scale);
    }
    for module in &course.modules {
        let front_at = At { file: &module.file, base: module.front_base, block: None };
        check(diags, &front_at, std::iter::once(&module.front.title).chain(&module.front.objectives));
        for part in module.pages.iter().flat_map(|page| &page.parts) {
            let Part::Block(block) = part else { continue };
            let block_at = At { file: &module.file, base: 0, block: Some(&block.offsets) };
            check(diags, &block_at, block_texts(&block.content));
            if let BlockContent::SelfAssessment(statement) = &block.content {
                if let Some(scale) = &statement.scale {
                    check_labels(diags, &block_at, scale);
                }
            }
        }
    }
}

/// The texts of a block that learners read.
fn block_texts(content: &BlockContent) -> Vec<&Spanned<String>> {
    match content {
        BlockContent::Question(q) => {
            let mut texts = vec![&q.prompt];
            texts.extend(q.feedback.iter());
            for choice in &q.choices {
                texts.push(&choice.text);
                texts.extend(choice.feedback.iter());
            }
            texts.extend(q.pairs.iter().flat_map(|pair| [&pair.left, &pair.right]));
            texts.extend(q.items.iter().map(|item| &item.text));
            texts
        }
        BlockContent::SelfAssessment(statement) => vec![&statement.statement],
        BlockContent::Reflection(reflection) => vec![&reflection.prompt],
        BlockContent::Resource(resource, _) => {
            let mut texts = vec![&resource.title, &resource.description];
            texts.extend(resource.format.iter());
            texts
        }
        BlockContent::Video(media, _) | BlockContent::Audio(media, _) => vec![&media.title, &media.transcript],
    }
}

fn check<'t>(diags: &mut Diagnostics, at: &At<'_>, texts: impl IntoIterator<Item = &'t Spanned<String>>) {
    for text in texts {
        for form in inclusive::abbreviated_forms(&text.value) {
            report(diags, at, text.start(), &text.value[form]);
        }
    }
}

/// Scale labels: reported at the scale, the labels have no place of their own.
fn check_labels(diags: &mut Diagnostics, at: &At<'_>, labels: &Spanned<Vec<String>>) {
    for label in labels.iter() {
        for form in inclusive::abbreviated_forms(label) {
            report(diags, at, labels.start(), &label[form]);
        }
    }
}

fn report(diags: &mut Diagnostics, at: &At<'_>, span_start: usize, form: &str) {
    at.warning(diags, Code::W007, span_start, crate::tr!("`{}` abbreviates a word for both genders", form)).hint(crate::tr!("write both forms in full (« les acteurs et les actrices », « celles et ceux », « il ou elle ») or an epicene word (« les personnes », « les membres »): French courses follow this one rule (docs/format.md)"));
}
