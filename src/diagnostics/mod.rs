//! Problems found in the sources: every one carries a code from the registry (`codes`), a file
//! position and a hint, and they are all reported at once, printed rustc style (`print`).

mod codes;
mod json;
mod print;

pub use codes::Code;

use std::path::{Path, PathBuf};

use crate::model::SourceFile;

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
    /// The source line the position points into, for the excerpt.
    pub excerpt: Option<String>,
    pub hint: Option<String>,
}

impl Diagnostic {
    pub fn hint(&mut self, hint: impl Into<String>) -> &mut Self {
        self.hint = Some(hint.into());
        self
    }
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
        self.items.push(Diagnostic {
            severity,
            code,
            message: message.into(),
            file: file.display_path().to_path_buf(),
            line,
            column,
            excerpt: Some(file.line_text(line).to_string()),
            hint: None,
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
            excerpt: None,
            hint: None,
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

/// The closest candidate to a misspelt name, if one is close enough to be a likely typo.
pub fn did_you_mean<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let mut best: Option<(usize, &str)> = None;
    for candidate in candidates {
        let distance = strsim::damerau_levenshtein(word, candidate);
        let limit = (candidate.chars().count() / 3).max(1) + 1;
        if distance <= limit && best.is_none_or(|(d, _)| distance < d) {
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
    }

    #[test]
    fn prints_like_rustc() {
        let file = SourceFile::new("courses/x/02-y.md", "+++\nid = \"x\"\ntitel = 1\n");
        let mut diags = Diagnostics::new();
        diags.error(Code::E011, &file, 13, "unknown key `titel`").hint("did you mean `title`?");
        let text = diags.iter().next().unwrap().to_string();
        assert_eq!(
            text,
            "error[E011]: unknown key `titel`\n --> courses/x/02-y.md:3:1\n  |\n3 | titel = 1\n  | ^\n  = hint: did you mean `title`?\n"
        );
    }
}
