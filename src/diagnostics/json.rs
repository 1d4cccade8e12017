//! Diagnostics for tools: where a problem ends (the word it points at) and one JSON object per
//! diagnostic (`--message-format json`, and the language server's ranges).

use serde_json::{json, Value as Json};

use super::{Diagnostic, Severity};

/// Characters that end the word a diagnostic points at: spaces, TOML and Markdown punctuation.
fn ends_word(c: char) -> bool {
    c.is_whitespace() || matches!(c, '"' | '\'' | '`' | '=' | ',' | '[' | ']' | '(' | ')' | '{' | '}' | '<' | '>')
}

/// Opening punctuation skipped before the word: the quote of a TOML string, the fence of a block.
fn opens_word(c: char) -> bool {
    matches!(c, '"' | '\'' | '`' | '[' | '(' | '~' | '<')
}

impl Diagnostic {
    /// The word the diagnostic points at, as 1-based character columns `start..end` of its line
    /// (end exclusive): from the column, past an opening quote or fence, to the end of the word.
    /// `None` for a problem about a whole file.
    pub fn word_columns(&self) -> Option<(usize, usize)> {
        if self.line == 0 {
            return None;
        }
        let line: Vec<char> = self.excerpt.as_deref().unwrap_or("").chars().collect();
        let mut start = (self.column.max(1) - 1).min(line.len());
        // A Markdown image or link: the word is its destination.
        if matches!(line[start..], ['!', '[', ..] | ['[', ..]) {
            let rest: String = line[start..].iter().collect();
            if let Some(i) = rest.find("](") {
                start += rest[..i + 2].chars().count();
            }
        }
        while start < line.len() && opens_word(line[start]) {
            start += 1;
        }
        let mut end = start;
        while end < line.len() && !ends_word(line[end]) {
            end += 1;
        }
        Some((start + 1, end + 1))
    }

    /// Where the underlined span ends: 1-based line and exclusive character column. The span runs
    /// from the column to the end of the word there (at least one character, within the line).
    pub fn end_position(&self) -> (usize, usize) {
        let Some((_, end)) = self.word_columns() else { return (0, 0) };
        let length = self.excerpt.as_deref().map_or(0, |l| l.chars().count());
        let end = end.max(self.column + 1).min(length + 1).max(self.column);
        (self.line, end)
    }

    /// The hints (a diagnostic has at most one today).
    pub fn hints(&self) -> Vec<&str> {
        self.hint.as_deref().map(|h| vec![h]).unwrap_or_default()
    }

    /// One JSON object: code, severity, file, line, column, end, message, hints, labels.
    /// Lines and columns count from 1 (characters); 0 means the whole file.
    pub fn to_json(&self) -> Json {
        // The span the rules give, else the word at the column.
        let (end_line, end_column) =
            if self.end_line > 0 { (self.end_line, self.end_column) } else { self.end_position() };
        let labels: Vec<Json> = self
            .labels
            .iter()
            .map(|l| {
                json!({
                    "file": l.file.to_string_lossy(),
                    "line": l.line,
                    "column": l.column,
                    "end": { "line": l.end_line, "column": l.end_column },
                    "message": l.message,
                })
            })
            .collect();
        json!({
            "code": self.code.as_str(),
            "severity": match self.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
            },
            "file": self.file.to_string_lossy(),
            "line": self.line,
            "column": self.column,
            "end": { "line": end_line, "column": end_column },
            "message": self.message,
            "hints": self.hints(),
            "labels": labels,
        })
    }
}

#[cfg(test)]
mod tests {
    use crate::diagnostics::{Code, Diagnostics};
    use crate::model::SourceFile;

    #[test]
    fn spans_cover_the_word() {
        let file = SourceFile::new("m.md", "```questoin\nkind = \"singel\"\nUn schéma : ![Schéma](images/a.svg)\n");
        let mut diags = Diagnostics::new();
        diags.error(Code::E014, &file, 19, "unknown kind");
        diags.warning(Code::W010, &file, 0, "shown as code");
        diags.error(Code::E031, &file, 41, "missing image");
        let all: Vec<_> = diags.iter().collect();
        assert_eq!(all[2].word_columns(), Some((23, 35)));
        assert_eq!(all[0].word_columns(), Some((9, 15)));
        assert_eq!(all[0].end_position(), (2, 15));
        assert_eq!(all[1].word_columns(), Some((4, 12)));
        // The rules' own span wins: the value with its quotes, `"singel"`, ends before column 16.
        let json = all[0].to_json();
        assert_eq!(json["end"]["column"], 16);
        assert_eq!(json["code"], "E014");
        assert_eq!(json["hints"].as_array().unwrap().len(), 0);
    }
}
