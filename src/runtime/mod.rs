//! The player runtime as Rust sees it: the script and stylesheet every page loads (one core and
//! the one tracking adapter of the package's format, bundled here), the typed data a page hands
//! to that script (`page_data`), and what the script stores for a module (`state`).

#[cfg(test)]
mod contract_tests;
#[cfg(test)]
pub(crate) use contract_tests::runtime_files;
mod mangle;
pub(crate) mod page_data;
pub(crate) mod state;
pub(crate) mod vocabulary;

use std::sync::OnceLock;

/// The stylesheet shared by every page.
const STYLESHEET: &str = include_str!("../../templates/runtime/campus.css");
/// What only the web edition's pages use (the path's progress page), added to its stylesheet.
const WEB_STYLESHEET: &str = include_str!("../../templates/runtime/web.css");
/// The core, in bundle order: `core/open.js` opens the closure that the files share and
/// `core/start.js` closes it (see the header of `core/open.js`).
const CORE_JS: [&str; 10] = [
    include_str!("../../templates/runtime/core/open.js"),
    include_str!("../../templates/runtime/core/state.js"),
    include_str!("../../templates/runtime/core/pages.js"),
    include_str!("../../templates/runtime/core/answers.js"),
    include_str!("../../templates/runtime/core/scoring.js"),
    include_str!("../../templates/runtime/core/profile.js"),
    include_str!("../../templates/runtime/core/summary.js"),
    include_str!("../../templates/runtime/core/reflections.js"),
    include_str!("../../templates/runtime/core/notify.js"),
    include_str!("../../templates/runtime/core/start.js"),
];
const STANDALONE_JS: &str = include_str!("../../templates/runtime/standalone.js");
const SCORM_API_JS: &str = include_str!("../../templates/runtime/scorm-api.js");
const SCORM_JS: &str = include_str!("../../templates/runtime/scorm.js");
const SCORM12_JS: &str = include_str!("../../templates/runtime/scorm12.js");
const SCORM2004_JS: &str = include_str!("../../templates/runtime/scorm2004.js");
const XAPI_JS: &str = include_str!("../../templates/runtime/xapi.js");
const TINCAN_JS: &str = include_str!("../../templates/runtime/tincan.js");
const CMI5_JS: &str = include_str!("../../templates/runtime/cmi5.js");
const PLAYER_JS: &str = include_str!("../../templates/runtime/player.js");

/// The tracking adapters a package can carry, behind the runtime's one tracking interface.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Adapter {
    /// No platform: state in the browser (web edition, a package opened outside an LMS).
    Standalone,
    /// SCORM 1.2 (`window.API`).
    Scorm12,
    /// SCORM 2004 (`window.API_1484_11`).
    Scorm2004,
    /// xAPI with the TinCan launch.
    TinCan,
    /// xAPI with the cmi5 launch.
    Cmi5,
}

impl Adapter {
    #[cfg(test)]
    const ALL: [Adapter; 5] =
        [Adapter::Standalone, Adapter::Scorm12, Adapter::Scorm2004, Adapter::TinCan, Adapter::Cmi5];

    /// The dialects of the vocabulary this adapter reads, and its files after the core.
    fn parts(self) -> (&'static [&'static str], &'static [&'static str]) {
        match self {
            Adapter::Standalone => (&[], &[STANDALONE_JS]),
            Adapter::Scorm12 => (&["scorm12"], &[SCORM_API_JS, SCORM_JS, SCORM12_JS]),
            Adapter::Scorm2004 => (&["scorm2004"], &[SCORM_API_JS, SCORM_JS, SCORM2004_JS]),
            Adapter::TinCan => (&["xapi"], &[XAPI_JS, TINCAN_JS]),
            Adapter::Cmi5 => (&["xapi"], &[XAPI_JS, CMI5_JS]),
        }
    }

    /// The runtime script of a package (`campus.js`): the interaction vocabulary of its
    /// standard, the core, then only this adapter, without comment lines and indentation (the
    /// sources in `templates/runtime/` stay commented).
    pub(crate) fn script(self) -> &'static str {
        static BUNDLES: [OnceLock<String>; 5] = [const { OnceLock::new() }; 5];
        BUNDLES[self as usize].get_or_init(|| {
            let (dialects, parts) = self.parts();
            let core: String = CORE_JS.iter().map(|part| compact_js(part)).collect();
            let files: Vec<String> = [core].into_iter().chain(parts.iter().map(|part| compact_js(part))).collect();
            let mut script = vocabulary::bundle_line(dialects);
            script.extend(mangle::mangle(&files));
            script
        })
    }

    /// The file whose `page` hook is all the runtime runs on a page that is not a module's (path
    /// and course homes, the path's summary): only the web edition's adapter has one.
    pub(crate) fn page_hook(self) -> Option<&'static str> {
        (self == Adapter::Standalone).then_some(STANDALONE_JS)
    }

    /// The stylesheet of a package (`campus.css`): the shared one, and for the web edition the
    /// rules of the pages only it has.
    pub(crate) fn stylesheet(self) -> &'static str {
        static WEB: OnceLock<String> = OnceLock::new();
        match self {
            Adapter::Standalone => WEB.get_or_init(|| [STYLESHEET, WEB_STYLESHEET].concat()),
            _ => STYLESHEET,
        }
    }

    /// The script of the single-SCO course player (`player.js`) for a SCORM version: the
    /// vocabulary line, the player, then the same API discovery and dialect files as the
    /// version's module runtime (the dialect's `Campus.scorm(…)` call starts the player).
    pub(crate) fn player_script(self) -> &'static str {
        static BUNDLES: [OnceLock<String>; 2] = [const { OnceLock::new() }; 2];
        let (slot, dialect, source) = match self {
            Adapter::Scorm12 => (&BUNDLES[0], "scorm12", SCORM12_JS),
            Adapter::Scorm2004 => (&BUNDLES[1], "scorm2004", SCORM2004_JS),
            other => unreachable!("the course player is for SCORM only, not {other:?}"),
        };
        slot.get_or_init(|| {
            let mut script = vocabulary::bundle_line(&[dialect]);
            script.extend(mangle::mangle(&[PLAYER_JS, SCORM_API_JS, source].map(compact_js)));
            script
        })
    }
}

/// A part of the runtime that only some module pages use: a page without it goes without its
/// interface words.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Feature {
    /// Questions and statements to answer (`core/answers.js`).
    Answers,
    /// The self-diagnostic's profile (`core/profile.js`, and the summary's `profile_…` lines).
    Profile,
    /// An assessed module: its pass mark, score line and the LMS's verdict (each read only when
    /// the page's data says `assessed`, or in the summary's score line only an assessed page has).
    Assessment,
    /// The practice line of the summary of a module with questions that is not assessed.
    Practice,
}

impl Feature {
    /// The interface words only this feature reads: for a file's feature, the words that file
    /// reads and no other runtime file does (a word read elsewhere too always stays).
    pub(crate) fn own_words(self) -> &'static [String] {
        static WORDS: [OnceLock<Vec<String>>; 4] = [const { OnceLock::new() }; 4];
        WORDS[self as usize].get_or_init(|| {
            let listed = |words: &[&str]| words.iter().map(|w| (*w).to_string()).collect();
            let (at, prefix) = match self {
                Feature::Answers => (3, None),
                Feature::Profile => (5, Some("profile_")),
                Feature::Assessment => {
                    return listed(&[
                        "pass_mark",
                        "score_line",
                        "verdict_sent",
                        "verdict_passed",
                        "verdict_failed",
                        "lms_mastery",
                        "practice_again",
                        "retake",
                    ])
                }
                Feature::Practice => return listed(&["practice", "practice_right"]),
            };
            let others: String = CORE_JS
                .iter()
                .enumerate()
                .filter(|(i, _)| *i != at)
                .map(|(_, s)| *s)
                .chain([STANDALONE_JS, SCORM_JS, XAPI_JS, TINCAN_JS, CMI5_JS, PLAYER_JS])
                .collect();
            let read_elsewhere = crate::render::locale::keys_read(&others);
            let own = crate::render::locale::keys_read(CORE_JS[at]).into_iter().filter(|k| !read_elsewhere.contains(k));
            let prefixed = read_elsewhere.iter().copied().filter(|k| prefix.is_some_and(|p| k.starts_with(p)));
            own.chain(prefixed).map(str::to_string).collect()
        })
    }
}

/// Every runtime source file, for the tests that read them.
#[cfg(test)]
pub(crate) fn sources() -> impl Iterator<Item = &'static str> {
    CORE_JS.into_iter().chain(Adapter::ALL.iter().flat_map(|a| a.parts().1.iter().copied())).chain([PLAYER_JS])
}

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
fn compact_js(source: &str) -> String {
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
fn regex_may_start(previous: &str) -> bool {
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
fn is_word_byte(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_' || c == b'$' || c >= 0x80
}

/// The end of the name, keyword or number that starts at `i`: a number's decimal point belongs
/// to it (`1.5`), a dot after a name does not.
fn word_end(bytes: &[u8], mut i: usize) -> usize {
    let number = bytes[i].is_ascii_digit();
    while i < bytes.len() && (is_word_byte(bytes[i]) || number && bytes[i] == b'.') {
        i += 1;
    }
    i
}

/// The end of the string or regular expression that starts at `i` (its quote or slash): escapes,
/// and a regular expression's classes (`[/]`) and flags, taken in.
fn literal_end(bytes: &[u8], mut i: usize) -> usize {
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

    /// Every bundle as shipped parses: `node --check` of each adapter's `campus.js` and each SCORM
    /// version's `player.js` (the compactor joins lines, so a slip would break a whole package).
    #[test]
    fn every_bundle_parses() {
        let node = std::env::var("NODE").unwrap_or_else(|_| "node".into());
        if std::process::Command::new(&node).arg("--version").output().is_err() {
            eprintln!("SKIPPED every_bundle_parses: `{node}` not found (install Node.js to check the bundles)");
            return;
        }
        for source in sources() {
            assert!(!without_comments(source).contains('`'), "a template literal: compact_js copies none");
        }
        let dir = tempfile::tempdir().unwrap();
        let players = [Adapter::Scorm12, Adapter::Scorm2004].map(|a| (format!("player-{a:?}.js"), a.player_script()));
        let scripts = Adapter::ALL.map(|a| (format!("campus-{a:?}.js"), a.script()));
        for (name, script) in scripts.iter().chain(&players) {
            let file = dir.path().join(name);
            std::fs::write(&file, script).unwrap();
            let out = std::process::Command::new(&node).arg("--check").arg(&file).output().unwrap();
            assert!(out.status.success(), "{name} does not parse:\n{}", String::from_utf8_lossy(&out.stderr));
        }
    }

    #[test]
    fn a_feature_owns_only_the_words_no_other_file_reads() {
        let profile = Feature::Profile.own_words();
        assert!(profile.iter().any(|k| k == "profile_chart"), "{profile:?}");
        let answers = Feature::Answers.own_words();
        assert!(answers.iter().any(|k| k == "no_answer"), "{answers:?}");
        assert!(profile.iter().any(|k| k == "profile_too_few"), "read by the summary, for the profile only");
        // `decimal` is read by the scoring and the core's opening too: it always stays.
        assert!(!profile.iter().chain(answers).any(|k| k == "decimal"));
        // Every listed word is one the runtime reads.
        let runtime: String = sources().collect();
        for word in Feature::Assessment.own_words().iter().chain(Feature::Practice.own_words()) {
            assert!(runtime.contains(&format!("ui.{word}")), "{word}");
        }
    }

    #[test]
    fn a_bundle_carries_only_its_adapter() {
        assert!(Adapter::Scorm12.script().contains("LMSInitialize"));
        assert!(!Adapter::Scorm12.script().contains("API_1484_11"));
        assert!(!Adapter::Standalone.script().contains("statements"));
        assert!(Adapter::Standalone.stylesheet().contains(".progress"));
        assert!(
            !Adapter::Scorm2004.stylesheet().contains(".progress"),
            "the path's progress page is the web edition's"
        );
    }
}
