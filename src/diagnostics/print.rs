//! Diagnostics printed like rustc's: the code and message, the position, the source line with
//! its span underlined, other places with their labels, then the hint.

use std::fmt;

use super::{Diagnostic, Severity};
use crate::tr;

/// The widest excerpt shown; a longer line is cut at words around the span, with an ellipsis.
const MAX_EXCERPT: usize = 100;

/// What of a source line is shown: its text, and where the underline starts and how long it is
/// (in characters of the text shown).
struct Excerpt {
    text: String,
    start: usize,
    length: usize,
}

/// Cuts `line` to at most [`MAX_EXCERPT`] characters around the 1-based columns
/// `column..end` (end exclusive), at spaces, marking each cut with `…`.
fn excerpt(line: &str, column: usize, end: usize) -> Excerpt {
    let chars: Vec<char> = line.chars().collect();
    let start = column.saturating_sub(1).min(chars.len());
    let end = end.saturating_sub(1).clamp(start, chars.len());
    let length = (end - start).max(1);
    if chars.len() <= MAX_EXCERPT {
        return Excerpt { text: line.to_string(), start, length };
    }
    // Some context before the span, the rest after it; both ends moved to a space.
    let mut from = start.saturating_sub(MAX_EXCERPT / 3);
    if from > 0 {
        from = (from..start).find(|&i| chars[i - 1] == ' ').unwrap_or(from);
    }
    let mut to = (from + MAX_EXCERPT).min(chars.len());
    if to < chars.len() {
        to = ((start + 1).max(from + 1)..to).rev().find(|&i| chars[i] == ' ').unwrap_or(to);
    }
    let mut text = String::new();
    if from > 0 {
        text.push('…');
    }
    text.extend(&chars[from..to]);
    if to < chars.len() {
        text.push('…');
    }
    let shift = usize::from(from > 0);
    let length = length.min(to.saturating_sub(start).max(1));
    Excerpt { text, start: start - from + shift, length }
}

/// The underlined source line: `gutter |`, `N | text`, `gutter | ^^^ label`.
fn snippet(
    f: &mut fmt::Formatter<'_>,
    gutter: &str,
    number: usize,
    place: (&str, usize, usize, usize),
    mark: char,
    label: &str,
) -> fmt::Result {
    let (line, column, end_line, end_column) = place;
    let end = if end_line > number { line.chars().count() + 1 } else { end_column };
    let shown = excerpt(line, column, end);
    writeln!(f, "{gutter} |")?;
    writeln!(f, "{number:>width$} | {}", shown.text, width = gutter.len())?;
    let underline = mark.to_string().repeat(shown.length);
    let pad = " ".repeat(shown.start);
    if label.is_empty() {
        writeln!(f, "{gutter} | {pad}{underline}")
    } else {
        writeln!(f, "{gutter} | {pad}{underline} {label}")
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let severity = match self.severity {
            Severity::Error => tr!("error"),
            Severity::Warning => tr!("warning"),
        };
        writeln!(f, "{severity}[{}]: {}", self.code, self.message)?;
        let widest = self.labels.iter().map(|l| l.line).chain([self.line.max(1)]).max().unwrap_or(1);
        let gutter = " ".repeat(widest.to_string().len());
        if self.line == 0 {
            writeln!(f, "{gutter}--> {}", self.file.display())?;
        } else {
            writeln!(f, "{gutter}--> {}:{}:{}", self.file.display(), self.line, self.column)?;
        }
        if let Some(line) = &self.excerpt {
            let place = (line.as_str(), self.column, self.end_line, self.end_column);
            snippet(f, &gutter, self.line, place, '^', "")?;
        }
        for label in &self.labels {
            writeln!(f, "{gutter}::: {}:{}:{}", label.file.display(), label.line, label.column)?;
            let place = (label.excerpt.as_str(), label.column, label.end_line, label.end_column);
            snippet(f, &gutter, label.line, place, '-', &label.message)?;
        }
        if let Some(hint) = &self.hint {
            if self.excerpt.is_some() || !self.labels.is_empty() {
                writeln!(f, "{gutter} |")?;
            }
            let lead = format!("{gutter} = {}: ", tr!("hint"));
            let indent = " ".repeat(lead.chars().count());
            for (i, line) in hint.lines().enumerate() {
                let start = if i == 0 { &lead } else { &indent };
                writeln!(f, "{start}{line}")?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lines_are_cut_at_words_around_the_span() {
        let line = format!("{} target {}", "word ".repeat(40), "tail ".repeat(40));
        let column = line.find("target").unwrap() + 1;
        let shown = excerpt(&line, column, column + 6);
        assert!(shown.text.starts_with("…word") && shown.text.ends_with("tail…"), "{}", shown.text);
        assert!(shown.text.chars().count() <= MAX_EXCERPT + 2);
        let under: String = shown.text.chars().skip(shown.start).take(shown.length).collect();
        assert_eq!(under, "target");
    }

    #[test]
    fn short_lines_are_whole() {
        let shown = excerpt("id = \"x\"", 6, 9);
        assert_eq!((shown.text.as_str(), shown.start, shown.length), ("id = \"x\"", 5, 3));
    }
}
