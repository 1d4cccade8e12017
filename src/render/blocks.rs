//! What a learning block's template needs beyond the block itself: its anchor, its file, the
//! scale of a statement, and the shown order of ordering and matching questions.

use minijinja::Value;
use serde::Serialize;

use super::locale::Words;
use super::ser;
use crate::model::{
    BlockContent, Course, LocalFile, OrderItem, Pair, DEFAULT_FILL_IN_MAX_LENGTH, DEFAULT_REFLECTION_MAX_LENGTH,
};
use crate::runtime::vocabulary::STATE;

#[derive(Serialize)]
pub(super) struct BlockView<'a> {
    kind: &'static str,
    anchor: String,
    lang: &'a str,
    data: Value,
    file: Option<&'a LocalFile>,
    format: Option<String>,
    size: Option<String>,
    scale: Option<&'a [String]>,
    max_length: u32,
    shuffled: Vec<&'a OrderItem>,
    rights: Vec<&'a Pair>,
    /// How the state writes true and false (the values of a true/false question's inputs).
    yes: &'static str,
    no: &'static str,
}

/// A stable order that is not the authored one, so ordering and matching do not give the answer.
fn shuffle<T>(items: &[T], id: impl Fn(&T) -> &str) -> Vec<&T> {
    let mut shuffled: Vec<&T> = items.iter().collect();
    shuffled.sort_by_key(|item| uuid::Uuid::new_v5(&crate::ids::NAMESPACE, id(item).as_bytes()));
    if shuffled.len() > 1 && shuffled.iter().zip(items).all(|(a, b)| id(a) == id(b)) {
        shuffled.rotate_left(1);
    }
    shuffled
}

impl<'a> BlockView<'a> {
    pub(super) fn new(course: &'a Course, content: &'a BlockContent, words: &Words) -> Self {
        let mut view = BlockView {
            kind: "",
            anchor: format!("b-{}", content.id().value),
            lang: &course.language,
            data: Value::UNDEFINED,
            file: None,
            format: None,
            size: None,
            scale: None,
            max_length: 0,
            shuffled: Vec::new(),
            rights: Vec::new(),
            yes: STATE.yes,
            no: STATE.no,
        };
        match content {
            BlockContent::Question(q) => {
                view.kind = "question";
                view.data = ser(q);
                view.shuffled = shuffle(&q.items, |i| &i.id.value);
                view.rights = shuffle(&q.pairs, |p| &p.id.value);
                view.max_length = q.max_length.as_deref().copied().unwrap_or(DEFAULT_FILL_IN_MAX_LENGTH);
            }
            BlockContent::SelfAssessment(d) => {
                view.kind = "diagnostic";
                view.data = ser(d);
                view.scale = course.scale(d);
            }
            BlockContent::Reflection(r) => {
                view.kind = "reflection";
                view.data = ser(r);
                view.max_length = r.max_length.as_deref().copied().unwrap_or(DEFAULT_REFLECTION_MAX_LENGTH);
            }
            BlockContent::Resource(r, file) => {
                view.kind = "resource";
                view.data = ser(r);
                view.file = file.as_ref();
                view.format = Some(r.format.as_deref().cloned().unwrap_or_else(|| words.format_name(&r.file)));
                view.size = file.as_ref().map(|f| words.size(f.bytes));
            }
            BlockContent::Video(m, file) | BlockContent::Audio(m, file) => {
                view.kind = if matches!(content, BlockContent::Video(..)) { "video" } else { "audio" };
                view.data = ser(m);
                view.file = file.as_ref();
            }
        }
        view
    }
}
