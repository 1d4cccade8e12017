//! Every diagnostic code in one registry: its stable name and a one-line title. The rules use
//! these variants, never strings, and a test checks that `docs/diagnostics.md` documents exactly
//! the codes that exist.

use super::Severity;

macro_rules! codes {
    ($($code:ident => $title:literal,)*) => {
        /// A stable diagnostic code such as `E012`, documented in `docs/diagnostics.md`.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code {
            $(#[doc = $title] $code,)*
        }

        impl Code {
            /// Every code, in the order of the documentation.
            pub const ALL: &'static [Code] = &[$(Code::$code,)*];

            /// The code as written in messages and documentation.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Code::$code => stringify!($code),)*
                }
            }

            /// What the code is about, in a few words.
            pub fn title(self) -> &'static str {
                match self {
                    $(Code::$code => $title,)*
                }
            }
        }
    };
}

codes! {
    E001 => "a source file cannot be read (missing, a folder, permissions)",
    E002 => "not UTF-8 text (the line of the first bad byte is given)",
    E003 => "empty file",
    E004 => "larger than 1 MiB",
    E005 => "binary file where text is expected",
    E010 => "TOML syntax error",
    E011 => "unknown key (with \"did you mean\" when a known key is close)",
    E012 => "missing key (the hint says what the key is for)",
    E013 => "wrong kind of value (text where a number is expected…)",
    E014 => "a word that is not one of the allowed values (e.g. `kind`)",
    E015 => "a number out of range (e.g. `mastery_score` above 100)",
    E020 => "a module does not start with `+++` front matter, or it is not closed",
    E021 => "an id is not lowercase letters, digits and single hyphens (at most 64 characters)",
    E022 => "an id is used twice in its scope (courses in the path; modules and dimensions in a course; blocks in a module; choices, pairs and items in a question)",
    E023 => "a listed course folder or module file does not exist",
    E024 => "a course or module is listed twice",
    E025 => "a path with no course, a course with no module or no author",
    E026 => "text before the first `#` heading (or a first heading written `##`), or a module with no page",
    E027 => "a fenced block that is not closed, or probably not (its body holds the opening line of another block)",
    E030 => "an image without alternative text",
    E031 => "a referenced file (image, link, resource, media, captions) does not exist",
    E032 => "a path that is absolute, goes outside the course folder (`..`) or is a link to a file outside it",
    E033 => "a referenced path is not a regular file",
    E034 => "an image on the web: images must be files of the course (packages work offline)",
    E035 => "a link scheme other than `https:`, `http:`, `mailto:` (e.g. `javascript:`, `data:`, `file:`, or a protocol-relative `//…`)",
    E036 => "raw HTML in Markdown (HTML comments are allowed and dropped)",
    E037 => "a link to a module's Markdown source",
    E038 => "a logo that is not a plain SVG drawing: a script, an event attribute (`onload`…), a link or a reference to another file, or an element Campus does not allow",
    E040 => "a single-choice question without exactly one right choice",
    E041 => "a multiple-choice question without a right choice",
    E042 => "a key the question kind needs is missing (`choices`, `answer`, `accept`, `pairs`, `items`, `min`/`max`)",
    E043 => "a key the question kind does not use (e.g. `pairs` on a single-choice question)",
    E044 => "a numeric range with `min` above `max`",
    E045 => "fewer than two choices, pairs or items",
    E046 => "a code block named within two edits of a learning block (`questoin`) and not a language: it would be shown as code",
    E047 => "an `answer` of the wrong kind (true/false needs a boolean, numeric a number), or a numeric range bound that is not a finite number (`nan`, `inf`)",
    E050 => "a diagnostic block names a dimension the course does not declare",
    E051 => "a Likert scale without 4 or 5 labelled points, or an empty `not_applicable` label",
    E052 => "dimension levels: none, the first not at 0, or not in increasing order",
    E054 => "a diagnostic block with no scale (set `likert_scale` in course.toml or `scale` in the block)",
    E065 => "`max_length` outside 1–10,000, or an accepted answer longer than it",
    E066 => "an empty text (title, prompt, statement, label…)",
    E067 => "a media file with an empty transcript",
    E068 => "an assessed module without questions",
    E061 => "a language that is not a BCP 47 tag (`fr`, `en-GB`…)",
    E062 => "a version or date that is not usable (`1.0.0`, `YYYY-MM-DD` between 1980 and 2107)",
    E063 => "a licence that is not an SPDX identifier",
    E064 => "a `base_iri` that is not an absolute http(s) address without query or fragment",
    E069 => "an `accent_colour` that is not `#rrggbb`, or whose contrast with the white page (and white text on it) is below 4.5:1 (WCAG AA)",
    E070 => "SCORM: a module's worst-case state (every answer at its maximum length) exceeds `cmi.suspend_data` (4,096 characters in SCORM 1.2, 4,000 in 2004 3rd Edition, 64,000 in 4th)",
    E071 => "SCORM with `--single-sco`: the course's combined worst-case state exceeds `cmi.suspend_data`",
    W001 => "no `base_iri` (or no path.toml above a course built alone): identifiers use the placeholder domain `campus.invalid`",
    W002 => "a declared dimension that no diagnostic block measures",
    W003 => "a module without learning objectives",
    W004 => "`mastery_score` on a module that is not assessed",
    W005 => "an empty page",
    W006 => "`weight` on a question of a module that is not assessed",
    W007 => "a French text abbreviates a word for both genders (`acteur·rice·s`, `ami.e.s`, `ami-e-s`, `ami(e)s`, `acteurs/actrices`, `il/elle`): the rule is both forms in full or an epicene word",
    W010 => "a code block whose name is somewhat close to a learning block (three or more edits away)",
    W011 => "`modules` in course.toml could not be read: the Markdown files of the course folder are checked in name order instead",
    W012 => "a Markdown file in the course folder that `modules` does not list (a `README.md` is not counted)",
    W013 => "a course of more than 50 modules: an LMS's table of contents (one line per module) is no longer usable; split it into several courses",
    W072 => "SCORM 2004 with one SCO per module: Moodle 4.4 breaks moving from one SCO to another (error 104); build `--target scorm12` or `--single-sco`",
}

impl Code {
    /// Errors (`E…`) stop a build; warnings (`W…`) do so only when warnings are denied.
    pub fn severity(self) -> Severity {
        if self.as_str().starts_with('W') {
            Severity::Warning
        } else {
            Severity::Error
        }
    }
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn the_documentation_lists_exactly_the_codes_that_exist() {
        for doc in [include_str!("../../docs/diagnostics.md"), include_str!("../../docs/diagnostics.fr.md")] {
            assert_eq!(documented(doc), existing(), "docs/diagnostics(.fr).md and the registry differ");
        }
    }

    fn existing() -> BTreeSet<&'static str> {
        Code::ALL.iter().map(|c| c.as_str()).collect()
    }

    fn documented(doc: &str) -> BTreeSet<&str> {
        doc.lines()
            .filter_map(|line| line.strip_prefix("| "))
            .filter_map(|rest| rest.split(' ').next())
            .filter(|code| code.len() == 4 && (code.starts_with('E') || code.starts_with('W')))
            .filter(|code| code[1..].bytes().all(|b| b.is_ascii_digit()))
            .collect()
    }

    #[test]
    fn severity_follows_the_letter() {
        assert_eq!(Code::E001.severity(), Severity::Error);
        assert_eq!(Code::W010.severity(), Severity::Warning);
    }
}
