//! The language diagnostics are written in, and their French words.
//!
//! Messages are written in English in the code, inside `tr!`, and that English text is their
//! key (as gettext does): `templates/diagnostics/fr.toml` maps each one to its French, with the
//! same `{placeholders}`. A test reads every `tr!` of the sources and checks that French has
//! each, with the same placeholders, and nothing more. English is also what is shown when a
//! text has no French.
//!
//! The language is chosen once per thread (the command line sets it for the run; a language
//! server for its thread), like a locale: the loader and the rules need not carry it around.

use std::cell::Cell;
use std::collections::HashMap;
use std::sync::OnceLock;

const FRENCH: &str = include_str!("../../templates/diagnostics/fr.toml");

/// A language messages can be shown in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Language {
    #[default]
    English,
    French,
}

thread_local! {
    static CURRENT: Cell<Language> = const { Cell::new(Language::English) };
}

impl Language {
    /// The language of a tag such as `fr`, `fr-CA`, `fr_FR.UTF-8`, `en-GB`: `None` for one
    /// Campus does not speak, and for `C` and `POSIX` (no preference).
    pub fn from_tag(tag: &str) -> Option<Self> {
        let tag = tag.trim().to_ascii_lowercase();
        let primary = tag.split(['-', '_', '.', '@']).next().unwrap_or("");
        match primary {
            "fr" => Some(Language::French),
            "en" => Some(Language::English),
            _ => None,
        }
    }

    /// The first preference that says something: `flag` (`--lang`), then `LC_ALL`,
    /// `LC_MESSAGES`, `LANG` (as POSIX reads them: the first one set and not empty decides, and
    /// `C` or `POSIX` is no preference), then the language of the sources, then English.
    pub fn choose(flag: Option<&str>, sources: Option<&str>) -> Self {
        let environment = ["LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .filter_map(|name| std::env::var(name).ok())
            .find(|value| !value.is_empty());
        Self::choose_from(flag, environment.as_deref(), sources)
    }

    /// [`Language::choose`] with the locale given (the first of the variables that is set).
    pub fn choose_from(flag: Option<&str>, locale: Option<&str>, sources: Option<&str>) -> Self {
        flag.and_then(Self::from_tag)
            .or_else(|| locale.and_then(Self::from_tag))
            .or_else(|| sources.and_then(Self::from_tag))
            .unwrap_or_default()
    }

    /// The language of the messages made on this thread.
    pub fn current() -> Self {
        CURRENT.with(Cell::get)
    }

    /// Makes the messages of this thread in `self` from now on.
    pub fn set_current(self) {
        CURRENT.with(|current| current.set(self));
    }

    pub fn tag(self) -> &'static str {
        match self {
            Language::English => "en",
            Language::French => "fr",
        }
    }
}

/// The French of every message, by its English.
pub(crate) fn french() -> &'static HashMap<String, String> {
    static TABLE: OnceLock<HashMap<String, String>> = OnceLock::new();
    TABLE.get_or_init(|| toml::from_str(FRENCH).expect("templates/diagnostics/fr.toml is a table of texts"))
}

/// `english` in the current language, its placeholders filled: `{}` takes the next unnamed
/// argument, `{0}` the first, `{name}` the one so named; `{{` and `}}` are braces.
pub fn translate(english: &str, args: &[(Option<&str>, String)]) -> String {
    let template = match Language::current() {
        Language::English => english,
        Language::French => french().get(english).map_or(english, String::as_str),
    };
    fill(template, args)
}

fn fill(template: &str, args: &[(Option<&str>, String)]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut next = 0;
    let mut rest = template;
    while let Some(i) = rest.find(['{', '}']) {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        if tail.starts_with("{{") || tail.starts_with("}}") {
            out.push_str(&tail[..1]);
            rest = &tail[2..];
            continue;
        }
        let Some(end) = tail.find('}').filter(|_| tail.starts_with('{')) else {
            out.push_str(&tail[..1]);
            rest = &tail[1..];
            continue;
        };
        let name = &tail[1..end];
        let value = if name.is_empty() {
            next += 1;
            args.iter().filter(|(n, _)| n.is_none()).nth(next - 1)
        } else if let Ok(index) = name.parse::<usize>() {
            args.iter().filter(|(n, _)| n.is_none()).nth(index)
        } else {
            args.iter().find(|(n, _)| *n == Some(name))
        };
        match value {
            Some((_, value)) => out.push_str(value),
            None => out.push_str(&tail[..=end]),
        }
        rest = &tail[end + 1..];
    }
    out.push_str(rest);
    out
}

/// A message in the current language, from its English text (a literal: the key of its French in
/// `templates/diagnostics/fr.toml`) and its arguments, unnamed or `name = value`.
#[macro_export]
macro_rules! tr {
    ($english:literal) => {
        $crate::diagnostics::translate($english, &[])
    };
    ($english:literal, $($rest:tt)+) => {
        $crate::diagnostics::translate($english, &$crate::tr_args!([] $($rest)+))
    };
}

/// The arguments of [`tr!`], named or not, as text.
#[doc(hidden)]
#[macro_export]
macro_rules! tr_args {
    ([$($done:tt)*] $name:ident = $value:expr, $($rest:tt)+) => {
        $crate::tr_args!([$($done)* (Some(stringify!($name)), $value.to_string()),] $($rest)+)
    };
    ([$($done:tt)*] $name:ident = $value:expr $(,)?) => {
        [$($done)* (Some(stringify!($name)), $value.to_string())]
    };
    ([$($done:tt)*] $value:expr, $($rest:tt)+) => {
        $crate::tr_args!([$($done)* (None, $value.to_string()),] $($rest)+)
    };
    ([$($done:tt)*] $value:expr $(,)?) => {
        [$($done)* (None, $value.to_string())]
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fills_placeholders() {
        let args = [(None, "a".to_string()), (Some("n"), "3".to_string()), (None, "b".to_string())];
        assert_eq!(fill("{} {n} {} {0} {{x}}", &args), "a 3 b a {x}");
        assert_eq!(fill("{missing}", &[]), "{missing}");
    }

    #[test]
    fn chooses_like_posix() {
        use Language::{English, French};
        assert_eq!(Language::choose_from(Some("fr"), Some("en_US.UTF-8"), None), French);
        assert_eq!(Language::choose_from(None, Some("fr_FR.UTF-8"), Some("en")), French);
        assert_eq!(Language::choose_from(None, Some("C"), Some("fr")), French);
        assert_eq!(Language::choose_from(None, Some("POSIX"), None), English);
        assert_eq!(Language::choose_from(None, Some("de_DE.UTF-8"), Some("fr")), French);
        assert_eq!(Language::choose_from(Some("en"), Some("fr_FR"), Some("fr")), English);
        assert_eq!(Language::choose_from(None, None, None), English);
    }

    #[test]
    fn french_is_per_thread() {
        Language::French.set_current();
        assert_eq!(
            translate("{} error(s), {} warning(s)", &[(None, "1".into()), (None, "0".into())]),
            "1 erreur(s), 0 avertissement(s)"
        );
        std::thread::spawn(|| assert_eq!(Language::current(), Language::English)).join().unwrap();
        Language::English.set_current();
    }

    /// Every `tr!` text of the sources has its French, with the same placeholders, and French
    /// has no text that the sources no longer use.
    #[test]
    fn french_has_every_message_and_no_other() {
        let mut used = std::collections::BTreeSet::new();
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut folders = vec![root];
        while let Some(folder) = folders.pop() {
            for entry in std::fs::read_dir(&folder).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    folders.push(path);
                } else if path.extension().is_some_and(|e| e == "rs") && !path.ends_with("diagnostics/language.rs") {
                    used.extend(tr_texts(&std::fs::read_to_string(&path).unwrap()));
                }
            }
        }
        let french = french();
        let missing: Vec<&String> = used.iter().filter(|t| !french.contains_key(*t)).collect();
        assert!(missing.is_empty(), "no French in templates/diagnostics/fr.toml for:\n{missing:#?}");
        let stale: Vec<&String> = french.keys().filter(|k| !used.contains(*k)).collect();
        assert!(stale.is_empty(), "French for texts no `tr!` uses:\n{stale:#?}");
        for (english, french) in french {
            assert_eq!(placeholders(english), placeholders(french), "placeholders differ for `{english}`");
        }
    }

    /// The literal texts of the `tr!` calls in Rust source `code`.
    fn tr_texts(code: &str) -> Vec<String> {
        let mut texts = Vec::new();
        for (i, _) in code.match_indices("tr!(") {
            let rest = code[i + 4..].trim_start();
            if code[..i].ends_with(|c: char| c.is_alphanumeric() || c == '_') || !rest.starts_with('"') {
                continue;
            }
            let mut text = String::new();
            let mut chars = rest[1..].chars();
            while let Some(c) = chars.next() {
                match c {
                    '"' => break,
                    '\\' => match chars.next() {
                        Some('n') => text.push('\n'),
                        Some(other) => text.push(other),
                        None => {}
                    },
                    c => text.push(c),
                }
            }
            texts.push(text);
        }
        texts
    }

    fn placeholders(text: &str) -> Vec<String> {
        let mut found: Vec<String> = Vec::new();
        let text = text.replace("{{", "").replace("}}", "");
        let mut rest = text.as_str();
        while let Some(start) = rest.find('{') {
            let Some(end) = rest[start..].find('}') else { break };
            found.push(rest[start + 1..start + end].to_string());
            rest = &rest[start + end + 1..];
        }
        // Unnamed ones keep their order; named ones may move.
        let unnamed = found.iter().filter(|p| p.is_empty()).count();
        let mut named: Vec<String> = found.into_iter().filter(|p| !p.is_empty()).collect();
        named.sort();
        named.push(format!("{unnamed} unnamed"));
        named
    }
}
