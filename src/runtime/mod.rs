//! The player runtime as Rust sees it: the script and stylesheet every page loads (one core and
//! the one tracking adapter of the package's format, bundled here), the typed data a page hands
//! to that script (`page_data`), and what the script stores for a module (`state`).

#[cfg(test)]
mod contract_tests;
#[cfg(test)]
pub(crate) use contract_tests::runtime_files;
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
            let mut script = vocabulary::bundle_line(dialects);
            script.extend(CORE_JS.iter().chain(parts).map(|part| compact_js(part)));
            script
        })
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
            script.extend([PLAYER_JS, SCORM_API_JS, source].map(compact_js));
            script
        })
    }
}

/// Every runtime source file, for the tests that read them.
#[cfg(test)]
pub(crate) fn sources() -> impl Iterator<Item = &'static str> {
    CORE_JS.into_iter().chain(Adapter::ALL.iter().flat_map(|a| a.parts().1.iter().copied())).chain([PLAYER_JS])
}

/// Drops comments (whole lines, and ` // …` after a statement), indentation and blank lines. Only
/// line-level changes: the runtime has no template literals or multi-line strings, and no string
/// that holds ` // ` after such a character, so no code changes meaning.
fn compact_js(source: &str) -> String {
    let mut lines: Vec<&str> = Vec::new();
    let mut in_comment = false;
    for line in source.lines() {
        let line = line.trim();
        if in_comment {
            in_comment = !line.contains("*/");
            continue;
        }
        if line.starts_with("/*") {
            in_comment = !line.contains("*/");
            continue;
        }
        if line.is_empty() || line.starts_with("//") {
            continue;
        }
        // A comment after the end of a statement: `x(); // why`.
        let line = match line.find(" // ") {
            Some(at) if line[..at].ends_with([';', '{', '}', ',', ')']) => &line[..at],
            _ => line,
        };
        lines.push(line);
    }
    let mut out = String::with_capacity(source.len());
    for (n, line) in lines.iter().enumerate() {
        out.push_str(line);
        // A line break means nothing after `;`, `{` or `,`, nor before `}` (no semicolon is
        // inserted there that would not be anyway): the lines run on, unless a comment is left.
        let next = lines.get(n + 1).copied().unwrap_or("");
        let runs_on = line.ends_with([';', '{', ',']) || next.starts_with('}');
        if !(runs_on && !line.contains(" //") && !next.is_empty()) {
            out.push('\n');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compacting_keeps_the_code() {
        let source = "/* header\n   more */\nvar a = 1; // why\n  // alone\n\n  var u = 'http://x'; f(a) // gone\nb = c // kept: not after a statement end\nif (a) {\n  g();\n}\nh()\n";
        assert_eq!(
            compact_js(source),
            "var a = 1;var u = 'http://x'; f(a)\nb = c // kept: not after a statement end\nif (a) {g();}\nh()\n"
        );
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
