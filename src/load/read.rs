//! Reading source files as text: UTF-8, not empty, not binary, not too large.

use std::path::Path;

use super::provider::SourceProvider;

/// Sources larger than this are refused: a course file is text written by hand.
pub const MAX_SOURCE_BYTES: u64 = 1024 * 1024;

/// Why a file could not be taken as a source.
#[derive(Debug, PartialEq, Eq)]
pub enum ReadProblem {
    Missing,
    NotAFile,
    Io(String),
    Empty,
    TooLarge(u64),
    Binary,
    NotUtf8 { line: usize },
}

/// Reads a text source: UTF-8, not empty, not binary, at most [`MAX_SOURCE_BYTES`]. A UTF-8
/// byte-order mark is dropped; CRLF line endings are left to the parsers, which accept them.
pub(crate) fn read_source(provider: &dyn SourceProvider, path: &Path, within: &Path) -> Result<String, ReadProblem> {
    use super::provider::Entry;
    match provider.entry(path, within) {
        Entry::File { bytes } if bytes > MAX_SOURCE_BYTES => Err(ReadProblem::TooLarge(bytes)),
        Entry::File { .. } => text_from_bytes(provider.read(path).map_err(|e| ReadProblem::Io(e.to_string()))?),
        Entry::Missing => Err(ReadProblem::Missing),
        Entry::Folder | Entry::Other | Entry::LinksOut(_) => Err(ReadProblem::NotAFile),
    }
}

pub(crate) fn text_from_bytes(bytes: Vec<u8>) -> Result<String, ReadProblem> {
    let bytes = match bytes.strip_prefix(b"\xEF\xBB\xBF") {
        Some(rest) => rest.to_vec(),
        None => bytes,
    };
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(ReadProblem::Empty);
    }
    if bytes.contains(&0) {
        return Err(ReadProblem::Binary);
    }
    String::from_utf8(bytes).map_err(|e| {
        let good = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        ReadProblem::NotUtf8 { line: good.iter().filter(|&&b| b == b'\n').count() + 1 }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_what_is_not_text() {
        assert_eq!(text_from_bytes(b"  \n".to_vec()), Err(ReadProblem::Empty));
        assert_eq!(text_from_bytes(b"a\0b".to_vec()), Err(ReadProblem::Binary));
        assert_eq!(text_from_bytes(b"ok\n\xff".to_vec()), Err(ReadProblem::NotUtf8 { line: 2 }));
        assert_eq!(text_from_bytes(b"\xEF\xBB\xBFid = 1".to_vec()).unwrap(), "id = 1");
    }
}
