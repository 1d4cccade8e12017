//! Diagnostics printed like rustc's: the code and message, the position, the source line with a
//! caret under the column, then the hint.

use std::fmt;

use super::{Diagnostic, Severity};

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        writeln!(f, "{label}[{}]: {}", self.code, self.message)?;
        let gutter = " ".repeat(self.line.max(1).to_string().len());
        if self.line == 0 {
            writeln!(f, "{gutter}--> {}", self.file.display())?;
        } else {
            writeln!(f, "{gutter}--> {}:{}:{}", self.file.display(), self.line, self.column)?;
        }
        if let Some(excerpt) = &self.excerpt {
            let shown: String = excerpt.chars().take(120).collect();
            writeln!(f, "{gutter} |")?;
            writeln!(f, "{} | {}", self.line, shown)?;
            let pad = " ".repeat(self.column.saturating_sub(1).min(120));
            writeln!(f, "{gutter} | {pad}^")?;
        }
        if let Some(hint) = &self.hint {
            writeln!(f, "{gutter} = hint: {hint}")?;
        }
        Ok(())
    }
}
