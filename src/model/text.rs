//! Source files as text, positions in them, and values that remember where they were written.
//! Plain data: reading files is the loader's job (`load::read`).

use std::borrow::Cow;
use std::ops::{Deref, Range};
use std::path::{Path, PathBuf};

use schemars::{JsonSchema, Schema, SchemaGenerator};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The text of one source file and where its lines start.
#[derive(Debug)]
pub struct SourceFile {
    path: PathBuf,
    text: String,
    /// Where each line starts, as 32-bit offsets (sources are at most 1 MiB), without spare
    /// capacity: every source of the path is kept for the whole build (issue 15).
    line_starts: Box<[u32]>,
}

impl SourceFile {
    pub fn new(path: impl Into<PathBuf>, text: impl Into<String>) -> Self {
        let text = text.into();
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| u32::try_from(i + 1).unwrap_or(u32::MAX)))
            .collect();
        Self { path: path.into(), text, line_starts }
    }

    pub fn display_path(&self) -> &Path {
        &self.path
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn position(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line = self.line_starts.partition_point(|&start| start as usize <= offset);
        let start = self.line_starts[line - 1] as usize;
        let column = self.text.get(start..offset).map_or(1, |s| s.chars().count() + 1);
        (line, column)
    }

    /// The text of a 1-based line, without its line ending.
    pub fn line_text(&self, line: usize) -> &str {
        let Some(&start) = self.line_starts.get(line.wrapping_sub(1)) else { return "" };
        let end = self.line_starts.get(line).map_or(self.text.len(), |&end| end as usize);
        let start = start as usize;
        self.text[start..end].trim_end_matches(['\n', '\r'])
    }
}

/// Maps byte offsets in a text taken from a source file back to offsets in the file.
///
/// The text of a fenced code block is the file's text with pieces left out (the `\r` of CRLF
/// line endings, the indentation of a list item, the `> ` of a quote): each piece kept is a
/// segment, so a position in a block's TOML is reported at its place in the file.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OffsetMap {
    /// (offset in the text, offset in the file) where each segment starts, in order.
    segments: Vec<(usize, usize)>,
}

impl OffsetMap {
    /// A text copied from the file in one piece, starting at `base`.
    pub fn linear(base: usize) -> Self {
        Self { segments: vec![(0, base)] }
    }

    /// Records that the text from `text_offset` on was copied from the file at `file_offset`.
    pub fn push(&mut self, text_offset: usize, file_offset: usize) {
        self.segments.push((text_offset, file_offset));
    }

    /// The offset in the file of an offset in the text.
    pub fn file_offset(&self, offset: usize) -> usize {
        match self.segments.partition_point(|&(text, _)| text <= offset) {
            0 => self.segments.first().map_or(offset, |&(_, file)| file),
            i => {
                let (text, file) = self.segments[i - 1];
                file + (offset - text)
            }
        }
    }
}

/// A value read from TOML together with the byte range it was written at.
///
/// It serialises and describes itself (JSON Schema) exactly like the value alone.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Spanned<T> {
    pub value: T,
    pub span: Range<usize>,
}

impl<T> Spanned<T> {
    pub fn new(value: T, span: Range<usize>) -> Self {
        Self { value, span }
    }

    pub fn start(&self) -> usize {
        self.span.start
    }
}

impl<T> Deref for Spanned<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.value
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Spanned<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let spanned = toml::Spanned::<T>::deserialize(deserializer)?;
        let span = spanned.span();
        Ok(Self { value: spanned.into_inner(), span })
    }
}

impl<T: Serialize> Serialize for Spanned<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.value.serialize(serializer)
    }
}

impl<T: JsonSchema> JsonSchema for Spanned<T> {
    fn inline_schema() -> bool {
        T::inline_schema()
    }
    fn schema_name() -> Cow<'static, str> {
        T::schema_name()
    }
    fn schema_id() -> Cow<'static, str> {
        T::schema_id()
    }
    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        T::json_schema(generator)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_characters() {
        let file = SourceFile::new("a.md", "ab\r\nçé x\n\nlast");
        assert_eq!(file.position(0), (1, 1));
        assert_eq!(file.position(4), (2, 1));
        assert_eq!(file.position(9), (2, 4));
        assert_eq!(file.position(12), (4, 1));
        assert_eq!(file.line_text(1), "ab");
        assert_eq!(file.line_text(2), "çé x");
        assert_eq!(file.line_text(9), "");
    }

    #[test]
    fn maps_block_offsets_to_the_file() {
        // The quote "> a = 1\n> b = 2" holds the text "a = 1\nb = 2", in two segments.
        let mut map = OffsetMap::default();
        map.push(0, 2);
        map.push(6, 10);
        assert_eq!(map.file_offset(0), 2);
        assert_eq!(map.file_offset(4), 6);
        assert_eq!(map.file_offset(6), 10);
        assert_eq!(map.file_offset(8), 12);
        assert_eq!(OffsetMap::linear(10).file_offset(3), 13);
    }
}
