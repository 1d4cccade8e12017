//! Positions and file names as the editor speaks them: `file:` URIs, and columns counted in the
//! encoding negotiated at initialisation (UTF-8 bytes, or UTF-16 code units, LSP's default).

use std::path::{Path, PathBuf};
use std::str::FromStr;

use lsp_types::{Position, Range, Uri};

/// How columns are counted on the wire.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf16,
}

impl Encoding {
    fn units(self, c: char) -> usize {
        match self {
            Encoding::Utf8 => c.len_utf8(),
            Encoding::Utf16 => c.len_utf16(),
        }
    }

    /// The wire column of the 0-based character column `chars` of `line`.
    pub fn column(self, line: &str, chars: usize) -> u32 {
        let units: usize = line.chars().take(chars).map(|c| self.units(c)).sum();
        let beyond = chars.saturating_sub(line.chars().count());
        u32::try_from(units + beyond).unwrap_or(u32::MAX)
    }

    /// The byte offset in `line` of a wire column (clamped to the line).
    pub fn byte_offset(self, line: &str, column: u32) -> usize {
        let mut seen = 0;
        for (offset, c) in line.char_indices() {
            if seen >= column as usize {
                return offset;
            }
            seen += self.units(c);
        }
        line.len()
    }
}

/// The text of a 0-based line, without its ending.
pub fn line_of(text: &str, line: u32) -> &str {
    text.split('\n').nth(line as usize).unwrap_or("").trim_end_matches('\r')
}

/// A range on one line given in 1-based character columns (end exclusive).
pub fn line_range(encoding: Encoding, line_text: &str, line: usize, start: usize, end: usize) -> Range {
    let line = u32::try_from(line.saturating_sub(1)).unwrap_or(u32::MAX);
    Range::new(
        Position::new(line, encoding.column(line_text, start.saturating_sub(1))),
        Position::new(line, encoding.column(line_text, end.saturating_sub(1))),
    )
}

/// The local path of a `file:` URI, `None` for any other scheme.
pub fn path_of(uri: &Uri) -> Option<PathBuf> {
    let rest = uri.as_str().strip_prefix("file://")?;
    let path = rest.split(['?', '#']).next().unwrap_or(rest);
    let bytes = path.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes.get(i + 1..i + 3).and_then(|h| std::str::from_utf8(h).ok());
        match (bytes[i], hex.and_then(|h| u8::from_str_radix(h, 16).ok())) {
            (b'%', Some(byte)) => {
                decoded.push(byte);
                i += 3;
            }
            (byte, _) => {
                decoded.push(byte);
                i += 1;
            }
        }
    }
    let text = String::from_utf8(decoded).ok()?;
    // `file:///C:/x` on Windows.
    let text = if text.get(2..3) == Some(":") { text[1..].to_string() } else { text };
    Some(PathBuf::from(text))
}

/// The `file:` URI of an absolute path.
pub fn uri_of(path: &Path) -> Option<Uri> {
    let mut uri = String::from("file://");
    let text = path.to_string_lossy().replace('\\', "/");
    if !text.starts_with('/') {
        uri.push('/');
    }
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"/-._~:".contains(&byte) {
            uri.push(char::from(byte));
        } else {
            uri.push_str(&format!("%{byte:02X}"));
        }
    }
    Uri::from_str(&uri).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_in_both_encodings() {
        let line = "titre = \"Égalité 🙂\" x";
        let x = line.chars().count() - 1;
        assert_eq!(Encoding::Utf8.column(line, x), u32::try_from(line.len() - 1).unwrap());
        assert_eq!(Encoding::Utf16.column(line, x), u32::try_from(x + 1).unwrap());
        assert_eq!(Encoding::Utf16.byte_offset(line, u32::try_from(x + 1).unwrap()), line.len() - 1);
        assert_eq!(Encoding::Utf8.byte_offset(line, 9), 9);
    }

    #[test]
    fn file_uris_round_trip() {
        let path = Path::new("/tmp/cours été/01 a#b.md");
        let uri = uri_of(path).unwrap();
        assert_eq!(uri.as_str(), "file:///tmp/cours%20%C3%A9t%C3%A9/01%20a%23b.md");
        assert_eq!(path_of(&uri).unwrap(), path);
    }
}
