//! What the inspector finds in a package: a severity, a stable code from the registry below, the
//! file inside the zip (and line) when there is one, and a message and a fix in French and
//! English. These are not source [`crate::Diagnostics`]: they point into a zip rather than into
//! a source file, have a third severity (note), and speak to an LMS administrator in two
//! languages.

use std::fmt;

/// How much a finding matters for the import.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    /// The package will not import, or will not track.
    Error,
    /// It works, with caveats.
    Warning,
    /// Worth knowing; nothing to fix.
    Note,
}

impl Level {
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Error => "error",
            Level::Warning => "warning",
            Level::Note => "note",
        }
    }
}

macro_rules! inspect_codes {
    ($($code:ident => $title:literal,)*) => {
        /// A stable code such as `P007`, documented in `docs/inspect.md`.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum InspectCode {
            $(#[doc = $title] $code,)*
        }

        impl InspectCode {
            /// Every code, in the order of the documentation.
            pub const ALL: &'static [InspectCode] = &[$(InspectCode::$code,)*];

            pub fn as_str(self) -> &'static str {
                match self {
                    $(InspectCode::$code => stringify!($code),)*
                }
            }

            /// What the code is about, in a few words (English).
            pub fn title(self) -> &'static str {
                match self {
                    $(InspectCode::$code => $title,)*
                }
            }
        }
    };
}

inspect_codes! {
    P001 => "not a readable zip file",
    P002 => "an entry whose name escapes the package root (zip slip)",
    P003 => "a symbolic link",
    P004 => "two entries with the same name",
    P005 => "two entries whose names differ only by case",
    P006 => "sizes or compression ratios of a zip bomb",
    P007 => "the manifest is in a subfolder, not at the root",
    P008 => "an encrypted entry",
    P009 => "an XML file larger than the inspector reads",
    P010 => "no manifest and nothing recognisable",
    P011 => "an AICC course, not a SCORM, TinCan or cmi5 package",
    P012 => "an IMS Common Cartridge, not a SCORM package",
    P013 => "an H5P file, not a SCORM package",
    P014 => "a bare HTML site without a manifest",
    P020 => "XML not well-formed",
    P021 => "a DOCTYPE (DTD or entities), refused",
    P022 => "XSD validation not done",
    P023 => "the manifest or cmi5.xml does not conform to its XSD",
    P024 => "SCORM 2004 2nd Edition checked against the 3rd Edition XSDs",
    P030 => "SCORM version not recognised",
    P031 => "an identifier used twice in the manifest",
    P032 => "an identifierref that names no resource",
    P033 => "a launch file missing from the zip",
    P034 => "a file in the zip that the manifest does not list",
    P035 => "a file listed in the manifest missing from the zip",
    P036 => "adlcp:masteryscore out of 0–100",
    P037 => "a scaled passing score out of -1–1",
    P038 => "no organization, or a default that names none",
    P039 => "no SCO to launch",
    P040 => "an organization or item with an empty title",
    P041 => "SCORM 2004: a cluster with neither flow nor choice",
    P042 => "SCORM 2004: an IDRef that names no shared sequencing",
    P043 => "SCORM 2004: a rule about an objective the activity does not have",
    P044 => "SCORM 2004: a rollup that can never conclude",
    P045 => "adlcp:scormType spelt as the other SCORM version spells it",
    P050 => "tincan.xml: no activity with a launch",
    P051 => "an activity or AU id that is not an absolute IRI",
    P052 => "an activity or AU id used twice",
    P053 => "cmi5.xml: no AU",
    P054 => "an AU without a URL",
    P055 => "a launchMethod that cmi5 does not define",
    P056 => "a moveOn that cmi5 does not define",
    P057 => "a masteryScore out of 0–1",
    P058 => "a masteryScore that its moveOn ignores",
    P059 => "an AU launched from outside the package",
    P070 => "Moodle: several SCOs in SCORM 2004",
    P071 => "Moodle: SCORM 2004 interaction values its runtime refuses",
    P072 => "Moodle: larger than the upload limit",
    P073 => "Moodle: TinCan and cmi5 need a plugin",
    P074 => "Moodle: SCORM 1.2 state whose size cannot be predicted (scormstandard)",
    P075 => "Moodle: a SCORM 2004 package it would read as SCORM 1.2 (schemaversion)",
    P076 => "Moodle: the adlcp namespace under another prefix",
    P080 => "a Campus package",
    P081 => "a Campus runtime made for another standard",
}

/// A sentence in the two languages of the interface.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Text {
    pub fr: String,
    pub en: String,
}

impl Text {
    pub fn new(fr: impl Into<String>, en: impl Into<String>) -> Self {
        Self { fr: fr.into(), en: en.into() }
    }

    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Fr => &self.fr,
            Lang::En => &self.en,
        }
    }
}

/// The language of the report.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lang {
    Fr,
    En,
}

impl Lang {
    /// The POSIX locale rule: the first of `LC_ALL`, `LC_MESSAGES`, `LANG` that is set and not
    /// empty; French when it starts with `fr`, English otherwise.
    pub fn from_env() -> Self {
        let locale = ["LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .filter_map(|name| std::env::var(name).ok())
            .find(|value| !value.is_empty())
            .unwrap_or_default();
        if locale.to_ascii_lowercase().starts_with("fr") {
            Lang::Fr
        } else {
            Lang::En
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Lang::Fr => "fr",
            Lang::En => "en",
        }
    }
}

/// One thing found in a package.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    pub level: Level,
    pub code: InspectCode,
    /// The file inside the zip, when the finding is about one.
    pub file: Option<String>,
    /// 1-based line in that file, 0 when none.
    pub line: usize,
    pub message: Text,
    pub fix: Option<Text>,
}

impl Finding {
    pub fn new(level: Level, code: InspectCode, message: Text) -> Self {
        Self { level, code, file: None, line: 0, message, fix: None }
    }

    #[must_use]
    pub fn file(mut self, file: impl Into<String>) -> Self {
        self.file = Some(file.into());
        self
    }

    #[must_use]
    pub fn line(mut self, line: usize) -> Self {
        self.line = line;
        self
    }

    #[must_use]
    pub fn fix(mut self, fr: impl Into<String>, en: impl Into<String>) -> Self {
        self.fix = Some(Text::new(fr, en));
        self
    }

    /// `file:line` or `file`, or nothing.
    pub fn position(&self) -> Option<String> {
        self.file.as_ref().map(|file| if self.line > 0 { format!("{file}:{}", self.line) } else { file.clone() })
    }
}

impl InspectCode {
    /// Whether an error with this code stops the import itself (rather than tracking or pages).
    pub fn blocks_import(self) -> bool {
        use InspectCode::{
            P001, P002, P003, P004, P006, P007, P008, P009, P020, P021, P023, P038, P039, P050, P053, P072, P073,
        };
        matches!(
            self,
            P001 | P002
                | P003
                | P004
                | P006
                | P007
                | P008
                | P009
                | P020
                | P021
                | P023
                | P038
                | P039
                | P050
                | P053
                | P072
                | P073
        )
    }
}

impl fmt::Display for InspectCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Shorthands for the checks.
pub(crate) fn error(code: InspectCode, fr: impl Into<String>, en: impl Into<String>) -> Finding {
    Finding::new(Level::Error, code, Text::new(fr, en))
}

pub(crate) fn warning(code: InspectCode, fr: impl Into<String>, en: impl Into<String>) -> Finding {
    Finding::new(Level::Warning, code, Text::new(fr, en))
}

pub(crate) fn note(code: InspectCode, fr: impl Into<String>, en: impl Into<String>) -> Finding {
    Finding::new(Level::Note, code, Text::new(fr, en))
}

#[cfg(test)]
mod tests {
    use super::InspectCode;
    use std::collections::BTreeSet;

    #[test]
    fn the_documentation_lists_exactly_the_codes_that_exist() {
        let doc = include_str!("../../docs/inspect.md");
        let documented: BTreeSet<&str> = doc
            .lines()
            .filter_map(|line| line.strip_prefix("| "))
            .filter_map(|rest| rest.split(' ').next())
            .filter(|code| code.len() == 4 && code.starts_with('P') && code[1..].bytes().all(|b| b.is_ascii_digit()))
            .collect();
        let existing: BTreeSet<&str> = InspectCode::ALL.iter().map(|c| c.as_str()).collect();
        assert_eq!(documented, existing, "docs/inspect.md and the registry differ");
    }
}
