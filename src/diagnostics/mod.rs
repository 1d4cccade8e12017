//! Problems found in the sources: every one carries a code from the registry (`codes`), a file
//! position and a hint, and they are all reported at once, printed rustc style (`print`).

mod codes;
mod json;
mod language;
mod print;

pub use codes::Code;
pub use language::{translate, Language};

use std::path::{Path, PathBuf};

use crate::model::SourceFile;
use crate::tr;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub code: Code,
    pub message: String,
    pub file: PathBuf,
    /// 1-based line, 0 when the problem concerns the file as a whole.
    pub line: usize,
    /// 1-based column in characters.
    pub column: usize,
    /// Where the span ends: 1-based line and the column just after its last character (on
    /// `line`, `end_column > column` unless the span is empty).
    pub end_line: usize,
    pub end_column: usize,
    /// The source line the position points into, for the excerpt.
    pub excerpt: Option<String>,
    pub hint: Option<String>,
    /// Other places that explain the problem (the first use of a duplicate id).
    pub labels: Vec<Label>,
    /// What to write in place of the span when a "did you mean" knows it (an editor's quick
    /// fix): the whole new text of `line:column` to `end_line:end_column`.
    pub fix: Option<String>,
}

/// A second place shown with a diagnostic, with a few words on what it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Label {
    pub file: PathBuf,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    pub excerpt: String,
    pub message: String,
}

impl Diagnostic {
    pub fn hint(&mut self, hint: impl Into<String>) -> &mut Self {
        self.hint = Some(hint.into());
        self
    }

    /// Adds a second place, at a byte offset of `file` (its span found as for the main one).
    pub fn label(&mut self, file: &SourceFile, offset: usize, message: impl Into<String>) -> &mut Self {
        let (line, column) = file.position(offset);
        let (end_line, end_column) = file.position(offset + token_len(file.text(), offset));
        self.labels.push(Label {
            file: file.display_path().to_path_buf(),
            line,
            column,
            end_line,
            end_column,
            excerpt: file.line_text(line).to_string(),
            message: message.into(),
        });
        self
    }

    /// The text that would fix the problem, in place of the span.
    pub fn fix(&mut self, replacement: impl Into<String>) -> &mut Self {
        self.fix = Some(replacement.into());
        self
    }

    /// Sets where the span ends, at a byte offset of `file`.
    pub fn until(&mut self, file: &SourceFile, end: usize) -> &mut Self {
        (self.end_line, self.end_column) = file.position(end);
        self
    }
}

/// The length of a Markdown link or image (`[text](target)`, `![alt](file)`) or HTML tag at the
/// start of `line`.
fn markdown_len(line: &str) -> Option<usize> {
    if line.starts_with('<') {
        return line.find('>').map(|i| i + 1);
    }
    let rest = line.strip_prefix('!').unwrap_or(line);
    if !rest.starts_with('[') {
        return None;
    }
    let middle = line.find("](")?;
    let mut depth = 0usize;
    for (i, c) in line[middle + 1..].char_indices() {
        match c {
            '(' => depth += 1,
            ')' if depth == 1 => return Some(middle + 1 + i + 1),
            ')' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    None
}

/// The length in bytes of what starts at `offset`, for underlining: a quoted text, a list or
/// table written on one line, a word or number; else the rest of the line.
fn token_len(text: &str, offset: usize) -> usize {
    let Some(rest) = text.get(offset..) else { return 0 };
    let line = rest.split(['\n', '\r']).next().unwrap_or("");
    let mut chars = line.char_indices();
    let Some((_, first)) = chars.next() else { return 0 };
    if let Some(end) = markdown_len(line) {
        return end;
    }
    let end = match first {
        '"' | '\'' => {
            let mut escaped = false;
            let close = chars.find(|&(_, c)| {
                let found = c == first && !escaped;
                escaped = c == '\\' && !escaped && first == '"';
                found
            });
            close.map_or(line.len(), |(i, c)| i + c.len_utf8())
        }
        '[' | '{' => {
            let closing = if first == '[' { ']' } else { '}' };
            let mut depth = 0usize;
            let mut end = None;
            for (i, c) in line.char_indices() {
                if c == first {
                    depth += 1;
                } else if c == closing {
                    depth -= 1;
                    if depth == 0 {
                        end = Some(i + 1);
                        break;
                    }
                }
            }
            end.unwrap_or(line.trim_end().len())
        }
        c if c.is_alphanumeric() || "_-+.".contains(c) => line
            .char_indices()
            .find(|&(_, c)| !(c.is_alphanumeric() || "_-+.:".contains(c)))
            .map_or(line.len(), |(i, _)| i),
        _ => line.trim_end().len(),
    };
    end.max(first.len_utf8())
}

/// Every problem found so far, in the order found.
#[derive(Debug, Default)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn new() -> Self {
        Self::default()
    }

    /// A problem at a byte offset of a source file.
    pub fn at(
        &mut self,
        severity: Severity,
        code: Code,
        file: &SourceFile,
        offset: usize,
        message: impl Into<String>,
    ) -> &mut Diagnostic {
        let (line, column) = file.position(offset);
        let (end_line, end_column) = file.position(offset + token_len(file.text(), offset));
        self.items.push(Diagnostic {
            severity,
            code,
            message: message.into(),
            file: file.display_path().to_path_buf(),
            line,
            column,
            end_line,
            end_column,
            excerpt: Some(file.line_text(line).to_string()),
            hint: None,
            labels: Vec::new(),
            fix: None,
        });
        self.items.last_mut().expect("just pushed")
    }

    pub fn error(
        &mut self,
        code: Code,
        file: &SourceFile,
        offset: usize,
        message: impl Into<String>,
    ) -> &mut Diagnostic {
        self.at(Severity::Error, code, file, offset, message)
    }

    pub fn warning(
        &mut self,
        code: Code,
        file: &SourceFile,
        offset: usize,
        message: impl Into<String>,
    ) -> &mut Diagnostic {
        self.at(Severity::Warning, code, file, offset, message)
    }

    /// A problem about a whole file that could not be read as a source.
    pub fn file_error(&mut self, code: Code, path: &Path, message: impl Into<String>) -> &mut Diagnostic {
        self.items.push(Diagnostic {
            severity: Severity::Error,
            code,
            message: message.into(),
            file: path.to_path_buf(),
            line: 0,
            column: 0,
            end_line: 0,
            end_column: 0,
            excerpt: None,
            hint: None,
            labels: Vec::new(),
            fix: None,
        });
        self.items.last_mut().expect("just pushed")
    }

    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }

    pub fn errors(&self) -> usize {
        self.items.iter().filter(|d| d.severity == Severity::Error).count()
    }

    pub fn warnings(&self) -> usize {
        self.items.iter().filter(|d| d.severity == Severity::Warning).count()
    }

    pub fn has_errors(&self) -> bool {
        self.errors() > 0
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Sorted by file, then position, so the report reads top to bottom.
    pub fn sorted(&self) -> Vec<&Diagnostic> {
        let mut all: Vec<&Diagnostic> = self.items.iter().collect();
        all.sort_by(|a, b| (&a.file, a.line, a.column).cmp(&(&b.file, b.line, b.column)));
        all
    }

    pub fn into_vec(self) -> Vec<Diagnostic> {
        self.items
    }
}

/// What an id or a list item is, in words of the current language (`choice` → "choix"); a
/// word it does not know comes back as written.
pub(crate) fn thing(what: &str) -> String {
    known_thing(what).unwrap_or_else(|| what.to_string())
}

/// [`thing`], `None` for a word it does not know.
pub(crate) fn known_thing(what: &str) -> Option<String> {
    Some(match what {
        "block" => tr!("block"),
        "choice" => tr!("choice"),
        "pair" => tr!("pair"),
        "item" => tr!("item"),
        "dimension" => tr!("dimension"),
        "level" => tr!("level"),
        "author" => tr!("author"),
        "module" => tr!("module"),
        "course" => tr!("course"),
        "path" => tr!("path"),
        "keyword" => tr!("keyword"),
        "objective" => tr!("objective"),
        "accepted answer" => tr!("accepted answer"),
        _ => return None,
    })
}

/// The closest candidate to a misspelt name, if one is close enough to be a likely typo.
pub fn did_you_mean<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let mut best: Option<(usize, &str)> = None;
    for candidate in candidates {
        let distance = strsim::damerau_levenshtein(word, candidate);
        let length = candidate.chars().count();
        let limit = (length / 3).max(1) + 1;
        // Never more edits than the shorter word has letters: `kind` is not a typo of `id`.
        let shorter = length.min(word.chars().count());
        if distance <= limit && distance < shorter && best.is_none_or(|(d, _)| distance < d) {
            best = Some((distance, candidate));
        }
    }
    best.map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_names_only() {
        let keys = ["title", "description", "language", "modules"];
        assert_eq!(did_you_mean("titel", keys), Some("title"));
        assert_eq!(did_you_mean("module", keys), Some("modules"));
        assert_eq!(did_you_mean("langauge", keys), Some("language"));
        assert_eq!(did_you_mean("colour", keys), None);
        assert_eq!(did_you_mean("kind", ["id", "prompt"]), None);
    }

    #[test]
    fn prints_like_rustc() {
        let file = SourceFile::new("courses/x/02-y.md", "+++\nid = \"x\"\ntitel = 1\n");
        let mut diags = Diagnostics::new();
        diags.error(Code::E011, &file, 13, "unknown key `titel`").hint("did you mean `title`?");
        let text = diags.iter().next().unwrap().to_string();
        assert_eq!(
            text,
            "error[E011]: unknown key `titel`\n --> courses/x/02-y.md:3:1\n  |\n3 | titel = 1\n  | ^^^^^\n  |\n  = hint: did you mean `title`?\n"
        );
    }

    #[test]
    fn multi_line_hints_are_indented_and_labels_shown() {
        let file = SourceFile::new("m.md", "id = \"a\"\nid = \"a\"\n");
        let mut diags = Diagnostics::new();
        diags
            .error(Code::E022, &file, 14, "block id `a` is used twice")
            .label(&file, 5, "first used here")
            .hint("one\ntwo");
        let text = diags.iter().next().unwrap().to_string();
        assert_eq!(
            text,
            "error[E022]: block id `a` is used twice\n --> m.md:2:6\n  |\n2 | id = \"a\"\n  |      ^^^\n ::: m.md:1:6\n  |\n1 | id = \"a\"\n  |      --- first used here\n  |\n  = hint: one\n          two\n"
        );
    }
}
