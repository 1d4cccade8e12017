//! A module's pages: rendered Markdown between learning blocks.

use super::sources::{MediaBlock, QuestionBlock, ReflectionBlock, ResourceBlock, SelfAssessmentBlock};
use super::text::{OffsetMap, Spanned};

/// A file a source names, as a path relative to the course folder.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct LocalFile {
    /// Relative to the course folder, with `/` separators: the path inside every package.
    pub path: String,
    pub bytes: u64,
}

/// One screen of a module: from a top-level heading to the next.
#[derive(Debug, Clone)]
pub struct Page {
    pub title: String,
    /// Byte offset of the heading in the module file.
    pub offset: usize,
    pub parts: Vec<Part>,
    /// The kinds of the learning blocks of this page that could not be read (their problems
    /// are reported): the page is not empty and later rules should not report them missing.
    pub unread_blocks: Vec<String>,
}

#[derive(Debug, Clone)]
pub enum Part {
    /// Rendered Markdown, headings shifted one level down (the page title is the `h2`).
    Html(String),
    Block(Box<Block>),
}

#[derive(Debug, Clone)]
pub struct Block {
    /// Where the block's TOML is in the module file: block spans are offsets in that TOML.
    pub offsets: OffsetMap,
    pub content: BlockContent,
}

#[derive(Debug, Clone)]
pub enum BlockContent {
    Question(QuestionBlock),
    SelfAssessment(SelfAssessmentBlock),
    Reflection(ReflectionBlock),
    Resource(ResourceBlock, Option<LocalFile>),
    Video(MediaBlock, Option<LocalFile>),
    Audio(MediaBlock, Option<LocalFile>),
}

impl BlockContent {
    pub fn id(&self) -> &Spanned<String> {
        match self {
            BlockContent::Question(b) => &b.id,
            BlockContent::SelfAssessment(b) => &b.id,
            BlockContent::Reflection(b) => &b.id,
            BlockContent::Resource(b, _) => &b.id,
            BlockContent::Video(b, _) | BlockContent::Audio(b, _) => &b.id,
        }
    }
}
