//! The runtime as shipped, made at compile time by the build script (`src/runtime/bundle_build.rs`, which includes
//! this file and `mangle.rs`): each source compacted token by token, then the local names of a
//! bundle shortened. The binary carries the bundles, not this code (the library compiles it for
//! its tests only).

/// What the previous token of [`compact_js`] was, to place the spaces and line breaks it needs.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Last {
    /// The start, or punctuation after which nothing can be misread (`;`, `{`, `(`, `=`…).
    Open,
    /// An identifier, keyword or number.
    Word,
    /// `)` or `]`: a `/` after it divides.
    Close,
    /// `}`.
    Brace,
    /// A string or a regular expression.
    Literal,
    /// An operator character (`+`, `-`, `!`…), for `a + +b` and `a - -b`.
    Op(u8),
}

/// The runtime as shipped: comments and whitespace dropped token by token, strings and regular
/// expressions copied as they are. A space stays only between two words (`var a`, `return x`) or
/// where two operators would merge (`a + +b`); a line break stays where it may end a statement
/// (a word, `)`, `]`, a literal or `++`/`--` before it, and after it something that could go on
/// the statement): automatic semicolon insertion reads the code as before. After `return`,
/// `break`, `continue` and `throw` every line break stays; a block's last `;` goes. The sources
/// have no template literals
/// (tested); `every_bundle_parses` checks each bundle with `node --check`.
pub(crate) fn compact_js(source: &str) -> String {
    compact(source, false)
}

/// The code of a source without its comments, its spacing kept (one space or line break for
/// each run), for the tests that look for what the code writes.
#[cfg(test)]
pub(crate) fn without_comments(source: &str) -> String {
    compact(source, true)
}

fn compact(source: &str, keep_spaces: bool) -> String {
    const KEEP_BREAK_AFTER: [&str; 4] = ["return", "break", "continue", "throw"];
    let word = is_word_byte;
    let bytes = source.as_bytes();
    let mut out = String::with_capacity(source.len());
    let (mut last, mut last_word, mut last_text) = (Last::Open, "", "");
    let (mut space, mut newline) = (false, false);
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        let next = bytes.get(i + 1).copied();
        if c.is_ascii_whitespace() {
            space = true;
            newline |= c == b'\n';
            i += 1;
            continue;
        }
        let regex_here = c == b'/' && next != Some(b'/') && next != Some(b'*') && regex_may_start(last_text);
        if c == b'/' && next == Some(b'/') {
            i = source[i..].find('\n').map_or(bytes.len(), |n| i + n);
            continue;
        }
        if c == b'/' && next == Some(b'*') {
            let end = source[i + 2..].find("*/").map_or(bytes.len(), |n| i + 2 + n + 2);
            newline |= source[i..end].contains('\n');
            space = true;
            i = end;
            continue;
        }
        // The token that starts here, and what it is.
        let start = i;
        let kind = if c == b'\'' || c == b'"' || regex_here {
            i = literal_end(bytes, i);
            Last::Literal
        } else if word(c) {
            i = word_end(bytes, i);
            Last::Word
        } else {
            i += 1;
            match c {
                b')' | b']' => Last::Close,
                b'}' => Last::Brace,
                b'+' | b'-' | b'!' | b'~' => Last::Op(c),
                _ => Last::Open,
            }
        };
        let token = &source[start..i.min(bytes.len())];
        let first = token.as_bytes()[0];
        if space && keep_spaces && !out.is_empty() {
            out.push(if newline { '\n' } else { ' ' });
        } else if space && !out.is_empty() {
            let ends_statement =
                matches!(last, Last::Word | Last::Close | Last::Literal) || out.ends_with("++") || out.ends_with("--");
            let goes_on = word(first) || matches!(first, b'(' | b'[' | b'\'' | b'"' | b'/' | b'+' | b'-' | b'!' | b'~');
            if newline && (KEEP_BREAK_AFTER.contains(&last_word) && last == Last::Word || ends_statement && goes_on) {
                out.push('\n');
            } else if last == Last::Word && word(first)
                || matches!(last, Last::Op(op) if op == first && op != b'!' && op != b'~')
            {
                out.push(' ');
            }
        }
        // The last statement of a block needs no `;` (`{a();b();}` is `{a();b()}`).
        if token == "}" && !keep_spaces && last_text == ";" {
            out.pop();
        }
        out.push_str(token);
        last_word = if kind == Last::Word { token } else { "" };
        last_text = token;
        last = kind;
        (space, newline) = (false, false);
    }
    out.push('\n');
    out
}

/// Whether a `/` after the token `previous` (`""` at the start) begins a regular expression:
/// after an operator, an opening bracket or a keyword that takes an expression; not after a name,
/// a number, `)`, `]` or a literal (where it divides).
pub(crate) fn regex_may_start(previous: &str) -> bool {
    const REGEX_AFTER: [&str; 11] =
        ["return", "typeof", "instanceof", "in", "of", "new", "delete", "void", "throw", "case", "else"];
    match previous.as_bytes().first() {
        Some(c) if c.is_ascii_alphanumeric() || matches!(c, b'_' | b'$') || *c >= 0x80 => {
            REGEX_AFTER.contains(&previous)
        }
        Some(b'/') => previous.len() == 1,
        Some(b'\'' | b'"' | b')' | b']') => false,
        None | Some(_) => true,
    }
}

/// Whether `c` belongs to a name, keyword or number (any byte of a non-ASCII character too).
pub(crate) fn is_word_byte(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_' || c == b'$' || c >= 0x80
}

/// The end of the name, keyword or number that starts at `i`: a number's decimal point belongs
/// to it (`1.5`), a dot after a name does not.
pub(crate) fn word_end(bytes: &[u8], mut i: usize) -> usize {
    let number = bytes[i].is_ascii_digit();
    while i < bytes.len() && (is_word_byte(bytes[i]) || number && bytes[i] == b'.') {
        i += 1;
    }
    i
}

/// The end of the string or regular expression that starts at `i` (its quote or slash): escapes,
/// and a regular expression's classes (`[/]`) and flags, taken in.
pub(crate) fn literal_end(bytes: &[u8], mut i: usize) -> usize {
    let (close, mut class) = (bytes[i], false);
    i += 1;
    while i < bytes.len() && (class || bytes[i] != close) {
        match bytes[i] {
            b'\\' => i += 1,
            b'[' if close == b'/' => class = true,
            b']' => class = false,
            _ => {}
        }
        i += 1;
    }
    i += 1;
    while close == b'/' && i < bytes.len() && (bytes[i].is_ascii_alphanumeric()) {
        i += 1;
    }
    i.min(bytes.len())
}

/// A bundle: each group of sources (the core's files share one closure: one group) compacted and
/// joined, then the groups' local names shortened together.
pub(crate) fn bundle(groups: &[Vec<String>]) -> String {
    let files: Vec<String> = groups.iter().map(|g| g.iter().map(|source| compact_js(source)).collect()).collect();
    super::mangle::mangle(&files).concat()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compacting_keeps_the_code() {
        let source = "/* header\n   more */\nvar a = 1; // why\n  // alone\n\n  var u = 'http://x // y'; f(a) // gone\nb = c\nif (a) {\n  g(a + +b, a - -b, a++ - 1);\n}\nreturn\nx\nh(/[/]\\/ /g.test(s) / 2, 1.5, .5)\n";
        assert_eq!(
            compact_js(source),
            "var a=1;var u='http://x // y';f(a)\nb=c\nif(a){g(a+ +b,a- -b,a++-1)}return\nx\nh(/[/]\\/ /g.test(s)/2,1.5,.5)\n"
        );
    }
}
