//! Shorter local names for the shipped runtime: every name the runtime declares inside a function
//! (`var`, `function`, parameters, `catch`) becomes one or two letters, the same everywhere in the
//! bundle. The renaming is one to one and the new names are used nowhere else in the bundle, so
//! every reference still reaches the same declaration. Not renamed: what is declared at the top
//! level (read by other scripts and the tests: `Campus`, `CAMPUS_VOCAB`), property names (after
//! `.`, before `:` in an object literal), `ui` (the build reads the words a bundle uses as
//! `ui.key`), and a name that some use of it does not resolve to a declaration of its file, scope
//! by scope (another file's name, or a browser's global such as `location` or `status` used bare
//! in one function while another declares a variable of that name). `true`, `false` and `undefined` are
//! written `!0`, `!1` and `void 0`.

use std::collections::{BTreeMap, BTreeSet};

/// Names never renamed: `ui` (see the module's header).
const KEEP: [&str; 1] = ["ui"];

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

/// A scope of a file: the file's top level (scope 0), a function's body with its parameters,
/// or a `catch` block with its parameter.
struct Scope<'a> {
    parent: usize,
    function: bool,
    names: BTreeSet<&'a str>,
}

/// The scopes of a file and the scope of each token: names declared by `var` and function
/// declarations go to the nearest function's scope (or the top level), parameters and the name of
/// a function expression to the function's own, a `catch` parameter to its block. A function's
/// name and parameters are in its scope's tokens already, so that each resolves.
fn scopes<'a>(code: &'a str, toks: &[Token]) -> (Vec<Scope<'a>>, Vec<usize>) {
    let text = |t: &Token| &code[t.start..t.end];
    let solid: Vec<usize> =
        (0..toks.len()).filter(|&i| toks[i].kind != Kind::Space || text(&toks[i]) == "\n").collect();
    let mut scopes = vec![Scope { parent: 0, function: true, names: BTreeSet::new() }];
    let mut of_token = vec![0; toks.len()];
    // The scope each open brace began (`None`: a block or an object literal), and the scope
    // waiting for its `{` (a function's, a catch block's) with the bracket depth it began at.
    let (mut braces, mut pending): (Vec<Option<usize>>, Option<(usize, usize)>) = (Vec::new(), None);
    let mut brackets = 0usize;
    let current = |braces: &[Option<usize>]| braces.iter().rev().find_map(|s| *s).unwrap_or(0);
    for (k, &i) in solid.iter().enumerate() {
        let t = &toks[i];
        let here = pending.map_or_else(|| current(&braces), |(s, _)| s);
        of_token[i] = here;
        match (t.kind, text(t)) {
            (Kind::Punct(b'{'), _) => match pending {
                Some((s, depth)) if depth == brackets => {
                    braces.push(Some(s));
                    pending = None;
                }
                _ => braces.push(None),
            },
            (Kind::Punct(b'}'), _) => {
                braces.pop();
            }
            (Kind::Punct(b'(' | b'['), _) => brackets += 1,
            (Kind::Punct(b')' | b']'), _) => brackets = brackets.saturating_sub(1),
            (Kind::Word, "function" | "catch") => {
                let function = text(t) == "function";
                let outer = here;
                scopes.push(Scope { parent: outer, function, names: BTreeSet::new() });
                let own = scopes.len() - 1;
                pending = Some((own, brackets));
                let mut rest = solid[k + 1..].iter().map(|&j| &toks[j]);
                let mut next = rest.next();
                if let Some(name) = next.filter(|u| u.kind == Kind::Word) {
                    // A declaration names a variable of the scope around; an expression, its own.
                    let before = solid[..k].last().map(|&j| text(&toks[j]));
                    let declaration = matches!(before, None | Some("{" | "}" | ";" | "\n"));
                    let home = if declaration { function_scope(&scopes, outer) } else { own };
                    scopes[home].names.insert(text(name));
                    next = rest.next();
                }
                if next.is_some_and(|u| u.kind == Kind::Punct(b'(')) {
                    let params = rest.take_while(|u| u.kind != Kind::Punct(b')'));
                    scopes[own].names.extend(params.filter(|u| u.kind == Kind::Word).map(&text));
                }
            }
            (Kind::Word, "var") => {
                // `var a = f(x, y), b;`: the names at this depth, up to `;`, a line break or the group's end.
                let home = function_scope(&scopes, here);
                let (mut d, mut expect) = (0, true);
                for u in solid[k + 1..].iter().map(|&j| &toks[j]) {
                    match u.kind {
                        Kind::Word if expect && d == 0 => {
                            scopes[home].names.insert(text(u));
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
            _ => {}
        }
    }
    (scopes, of_token)
}

/// The nearest function's scope from `scope` outwards (the top level counts as one).
fn function_scope(scopes: &[Scope<'_>], mut scope: usize) -> usize {
    while !scopes[scope].function {
        scope = scopes[scope].parent;
    }
    scope
}

/// The scope that declares `name` as seen from `scope`, if any in the file does.
fn resolve(scopes: &[Scope<'_>], mut scope: usize, name: &str) -> Option<usize> {
    loop {
        if scopes[scope].names.contains(name) {
            return Some(scope);
        }
        if scope == 0 {
            return None;
        }
        scope = scopes[scope].parent;
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
    let mut taken = BTreeSet::new();
    let mut uses: BTreeMap<&str, usize> = BTreeMap::new();
    // Declared inside a function somewhere; declared at a file's top level; used somewhere
    // where no declaration of its file reaches (another file's name, or the browser's).
    let (mut local, mut top, mut foreign) = (BTreeSet::new(), BTreeSet::new(), BTreeSet::new());
    for (file, t) in files.iter().zip(&toks) {
        let (scopes, of_token) = scopes(file, t);
        for (n, scope) in scopes.iter().enumerate() {
            if n == 0 { &mut top } else { &mut local }.extend(scope.names.iter().copied());
        }
        // Every name of the bundle is taken for the new names (a property may have the same name).
        for (n, tok) in t.iter().enumerate().filter(|(_, tok)| tok.kind == Kind::Word) {
            let word = &file[tok.start..tok.end];
            if is_bare(t, n) {
                taken.insert(word);
                *uses.entry(word).or_default() += 1;
                if resolve(&scopes, of_token[n], word).is_none() {
                    foreign.insert(word);
                }
            }
        }
    }
    let mut renamed: Vec<(&str, usize)> = uses
        .into_iter()
        .filter(|(w, _)| {
            local.contains(w)
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
        assert!(out[0].contains("ui=data.ui") && !out[0].contains("status"), "KEEP: {}", out[0]);
        assert!(out[0].contains("t:!0,u:void 0"), "{}", out[0]);
        assert!(out[1].contains("Campus.xapi=function(") && out[1].contains("document.title"), "{}", out[1]);
        assert!(!out[1].contains("launch") && !out[1].contains("busy"), "{}", out[1]);
        // Each new name is one no file used before.
        for name in ["e", "data", "document"] {
            assert!(out.concat().contains(name), "{name} kept");
        }
    }

    #[test]
    fn a_global_used_bare_where_no_declaration_reaches_keeps_its_name() {
        let code = "var Campus=(function(){function here(){var location=1,status=2;return location+status}\nfunction away(){return location.href+status}\nfunction caught(){try{here()}catch(problem){return problem}return problem}\nvar f=function named(){return named};return {here:here,away:away,caught:caught,f:f}})();\n";
        let out = mangle(&[code.to_string()]).concat();
        // `location` and `status` in `away` are the browser's: no declaration of the file reaches them.
        assert!(out.contains("return location.href+status"), "{out}");
        assert!(out.contains("var location=1,status=2"), "{out}");
        // A catch parameter is the block's: the `problem` after the block is a global.
        assert!(out.contains("return problem}"), "{out}");
        // A function expression's name is its own; `here`, `away`, `caught`, `f` are renamed.
        assert!(!out.contains("named") && !out.contains("away(") && !out.contains("function here"), "{out}");
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
