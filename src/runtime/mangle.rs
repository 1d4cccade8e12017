//! Shorter local names for the shipped runtime: every name the runtime declares inside a function
//! (`var`, `function`, parameters, `catch`) becomes one or two letters, the same everywhere in the
//! bundle. The renaming is one to one and the new names are used nowhere else in the bundle, so
//! every reference still reaches the same declaration. Not renamed: what is declared at the top
//! level (read by other scripts and the tests: `Campus`, `CAMPUS_VOCAB`), property names (after
//! `.`, before `:` in an object literal), the browser's globals that a file also declares
//! ([`KEEP`]), `ui` (the build reads the words a bundle uses as `ui.key`), and a name a file uses
//! without declaring it (another file's, or a global). `true`, `false` and `undefined` are
//! written `!0`, `!1` and `void 0`.

use std::collections::{BTreeMap, BTreeSet};

/// Names never renamed: `ui` (see the module's header) and the browser's globals that a runtime
/// file could use bare while another function of it declares the same name.
const KEEP: [&str; 14] = [
    "ui", "self", "status", "name", "top", "parent", "event", "length", "origin", "history", "open", "close", "print",
    "location",
];

const KEYWORDS: [&str; 36] = [
    "break",
    "case",
    "catch",
    "continue",
    "debugger",
    "default",
    "delete",
    "do",
    "else",
    "finally",
    "for",
    "function",
    "if",
    "in",
    "instanceof",
    "new",
    "return",
    "switch",
    "this",
    "throw",
    "try",
    "typeof",
    "var",
    "void",
    "while",
    "with",
    "let",
    "const",
    "class",
    "of",
    "true",
    "false",
    "null",
    "undefined",
    "arguments",
    "NaN",
];

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Word,
    Literal,
    Punct(u8),
    Space,
}

struct Token {
    start: usize,
    end: usize,
    kind: Kind,
}

/// The tokens of compacted code (no comments; whitespace as single spaces or line breaks).
fn tokens(code: &str) -> Vec<Token> {
    let bytes = code.as_bytes();
    let mut out: Vec<Token> = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let (start, c) = (i, bytes[i]);
        let last = out.iter().rev().find(|t| t.kind != Kind::Space);
        let kind = if c.is_ascii_whitespace() {
            i += 1;
            Kind::Space
        } else if c == b'\''
            || c == b'"'
            || c == b'/' && super::compact::regex_may_start(last.map_or("", |t| &code[t.start..t.end]))
        {
            i = super::compact::literal_end(bytes, i);
            Kind::Literal
        } else if super::compact::is_word_byte(c) {
            i = super::compact::word_end(bytes, i);
            Kind::Word
        } else {
            i += 1;
            Kind::Punct(c)
        };
        out.push(Token { start, end: i, kind });
    }
    out
}

/// What a file declares: inside its functions (`local`), and at its top level (`top`).
fn declarations<'a>(code: &'a str, toks: &[Token], local: &mut BTreeSet<&'a str>, top: &mut BTreeSet<&'a str>) {
    let text = |t: &Token| &code[t.start..t.end];
    let solid: Vec<&Token> = toks.iter().filter(|t| t.kind != Kind::Space || text(t) == "\n").collect();
    let mut depth = 0i32;
    for (n, t) in solid.iter().enumerate() {
        let mut names: Vec<&'a str> = Vec::new();
        match (t.kind, text(t)) {
            (Kind::Punct(b'{' | b'(' | b'['), _) => depth += 1,
            (Kind::Punct(b'}' | b')' | b']'), _) => depth -= 1,
            (Kind::Word, "var") => {
                // `var a = f(x, y), b;`: the names at this depth, up to `;`, a line break or the group's end.
                let (mut d, mut expect) = (0, true);
                for u in &solid[n + 1..] {
                    match u.kind {
                        Kind::Word if expect && d == 0 => {
                            names.push(text(u));
                            expect = false;
                        }
                        Kind::Punct(b'{' | b'(' | b'[') => d += 1,
                        Kind::Punct(b'}' | b')' | b']' | b';') | Kind::Space if d == 0 => break,
                        Kind::Punct(b'}' | b')' | b']') => d -= 1,
                        Kind::Punct(b',') if d == 0 => expect = true,
                        _ => {}
                    }
                }
            }
            (Kind::Word, "function" | "catch") => {
                let mut rest = solid[n + 1..].iter();
                let mut next = rest.next();
                if let Some(name) = next.filter(|u| u.kind == Kind::Word) {
                    names.push(text(name));
                    next = rest.next();
                }
                if next.is_some_and(|u| u.kind == Kind::Punct(b'(')) {
                    let params = rest.take_while(|u| u.kind != Kind::Punct(b')'));
                    local.extend(params.filter(|u| u.kind == Kind::Word).map(|u| text(u)));
                }
            }
            _ => {}
        }
        if depth == 0 {
            top.extend(names);
        } else {
            local.extend(names);
        }
    }
}

/// Whether the word token at `n` is a name read or written (not a property: after `.`, or an
/// object literal's key before `:`).
fn is_bare(toks: &[Token], n: usize) -> bool {
    let solid = |mut k: usize, forward: bool| loop {
        k = if forward { k + 1 } else { k.checked_sub(1)? };
        match toks.get(k) {
            Some(t) if t.kind == Kind::Space => continue,
            other => return other.map(|t| t.kind),
        }
    };
    let before = solid(n, false);
    let after = solid(n, true);
    if before == Some(Kind::Punct(b'.')) {
        return false;
    }
    !(matches!(before, Some(Kind::Punct(b'{' | b','))) && after == Some(Kind::Punct(b':')))
}

/// The names for the renamed: `a`…`z`, `A`…`Z`, then two letters, skipping every name already
/// in the bundle and the keywords.
fn short_names<'a>(taken: &'a BTreeSet<&'a str>) -> impl Iterator<Item = String> + 'a {
    let letters: Vec<char> = ('a'..='z').chain('A'..='Z').collect();
    let one: Vec<String> = letters.iter().map(char::to_string).collect();
    let two: Vec<String> = letters.iter().flat_map(|a| letters.iter().map(move |b| format!("{a}{b}"))).collect();
    one.into_iter().chain(two).filter(move |n| !taken.contains(n.as_str()) && !KEYWORDS.contains(&n.as_str()))
}

/// The files of one bundle (compacted; the core as one file, since its files share a closure),
/// with their local names shortened.
pub(crate) fn mangle(files: &[String]) -> Vec<String> {
    let toks: Vec<Vec<Token>> = files.iter().map(|f| tokens(f)).collect();
    let (mut top, mut declared) = (BTreeSet::new(), Vec::new());
    for (file, t) in files.iter().zip(&toks) {
        let mut local = BTreeSet::new();
        declarations(file, t, &mut local, &mut top);
        declared.push(local);
    }
    // Every name of the bundle is taken for the new names (a property may have the same name).
    let mut taken = BTreeSet::new();
    let mut uses: BTreeMap<&str, usize> = BTreeMap::new();
    let mut foreign = BTreeSet::new();
    for ((file, t), local) in files.iter().zip(&toks).zip(&declared) {
        for (n, tok) in t.iter().enumerate().filter(|(_, tok)| tok.kind == Kind::Word) {
            let word = &file[tok.start..tok.end];
            if is_bare(t, n) {
                taken.insert(word);
                *uses.entry(word).or_default() += 1;
                if !local.contains(word) {
                    foreign.insert(word);
                }
            }
        }
    }
    let mut renamed: Vec<(&str, usize)> = uses
        .into_iter()
        .filter(|(w, _)| {
            declared.iter().any(|d| d.contains(w))
                && !top.contains(w)
                && !foreign.contains(w)
                && !KEEP.contains(w)
                && !KEYWORDS.contains(w)
                && !w.as_bytes()[0].is_ascii_digit()
        })
        .collect();
    // The most bytes saved first get the shortest names.
    renamed.sort_by_key(|(w, n)| std::cmp::Reverse(w.len() * n));
    let map: BTreeMap<&str, String> =
        renamed.iter().map(|(w, _)| *w).zip(short_names(&taken)).filter(|(w, n)| n.len() < w.len()).collect();
    files
        .iter()
        .zip(&toks)
        .map(|(file, t)| {
            let mut out = String::with_capacity(file.len());
            for (n, tok) in t.iter().enumerate() {
                let text = &file[tok.start..tok.end];
                let bare = tok.kind == Kind::Word && is_bare(t, n);
                match (map.get(text), text) {
                    (Some(new), _) if bare => out.push_str(new),
                    // The same values, shorter: unary operators bind tighter than any binary one.
                    (None, "true") if bare => out.push_str("!0"),
                    (None, "false") if bare => out.push_str("!1"),
                    (None, "undefined") if bare => out.push_str("void 0"),
                    _ => out.push_str(text),
                }
            }
            out
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_names_shorten_and_the_rest_stays() {
        let core = "var Campus=(function(){var state={},ui=data.ui;function record(value,status){state.value=value;return {value:value,ok:!0}}var later=record(state.value,1);return {record:record,later:later,t:true,u:undefined}})();\n";
        let adapter = "Campus.xapi=function(launch){var busy=false;launch.go(function(e){busy=e&&Campus.ok;document.title=busy?launch:e})};\n";
        let out = mangle(&[core.to_string(), adapter.to_string()]);
        // Declared inside a function: renamed, the same in every use; properties and keys stay.
        assert!(!out[0].contains("var state") && out[0].contains(".value=") && out[0].contains("{record:"));
        assert!(out[0].starts_with("var Campus=(function(){"), "the top level stays: {}", out[0]);
        assert!(out[0].contains("ui=data.ui") && out[0].contains("status){"), "KEEP: {}", out[0]);
        assert!(out[0].contains("t:!0,u:void 0"), "{}", out[0]);
        assert!(out[1].contains("Campus.xapi=function(") && out[1].contains("document.title"), "{}", out[1]);
        assert!(!out[1].contains("launch") && !out[1].contains("busy"), "{}", out[1]);
        // Each new name is one no file used before.
        for name in ["e", "data", "document"] {
            assert!(out.concat().contains(name), "{name} kept");
        }
    }

    #[test]
    fn the_runtime_is_written_in_what_the_renaming_reads() {
        // No block-scoped declarations, arrow functions, shorthand, spread or optional chaining,
        // no labels: `declarations` and `is_bare` read `var`, `function`, `catch` and `.`/`key:`.
        for source in super::super::sources() {
            let code = super::super::compact::without_comments(source);
            let code = code.split(['\'', '"']).step_by(2).collect::<String>();
            for construct in ["=>", "let ", "const ", "?.", "...", "break ", "continue "] {
                assert!(!code.contains(construct), "`{construct}` in the runtime: teach mangle.rs first");
            }
        }
    }
}
