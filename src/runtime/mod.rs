//! The player runtime as Rust sees it: the script and stylesheet every page loads (one core and
//! the one tracking adapter of the package's format, bundled here), the typed data a page hands
//! to that script (`page_data`), and what the script stores for a module (`state`).

pub(crate) mod page_data;
pub(crate) mod state;

use std::sync::OnceLock;

/// The stylesheet shared by every page.
pub(crate) const STYLESHEET: &str = include_str!("../../templates/runtime/campus.css");
const CORE_JS: &str = include_str!("../../templates/runtime/core.js");
const STANDALONE_JS: &str = include_str!("../../templates/runtime/standalone.js");
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

    /// The source files of this adapter's bundle, in order.
    fn parts(self) -> &'static [&'static str] {
        match self {
            Adapter::Standalone => &[CORE_JS, STANDALONE_JS],
            Adapter::Scorm12 => &[CORE_JS, SCORM_JS, SCORM12_JS],
            Adapter::Scorm2004 => &[CORE_JS, SCORM_JS, SCORM2004_JS],
            Adapter::TinCan => &[CORE_JS, XAPI_JS, TINCAN_JS],
            Adapter::Cmi5 => &[CORE_JS, XAPI_JS, CMI5_JS],
        }
    }

    /// The runtime script of a package (`campus.js`): the core plus only this adapter, without
    /// comment lines and indentation (the sources in `templates/runtime/` stay commented).
    pub(crate) fn script(self) -> &'static str {
        static BUNDLES: [OnceLock<String>; 5] = [const { OnceLock::new() }; 5];
        BUNDLES[self as usize].get_or_init(|| self.parts().iter().map(|part| compact_js(part)).collect())
    }
}

/// The script of the single-SCO course player (`player.js`).
pub(crate) fn player_script() -> &'static str {
    static BUNDLE: OnceLock<String> = OnceLock::new();
    BUNDLE.get_or_init(|| compact_js(PLAYER_JS))
}

/// Every runtime source file, for the tests that read them.
#[cfg(test)]
pub(crate) fn sources() -> impl Iterator<Item = &'static str> {
    Adapter::ALL.iter().flat_map(|a| a.parts().iter().copied()).chain([PLAYER_JS])
}

/// Drops comments (whole lines, and ` // …` after a statement), indentation and blank lines. Only
/// line-level changes: the runtime has no template literals or multi-line strings, and no string
/// that holds ` // ` after such a character, so no code changes meaning.
fn compact_js(source: &str) -> String {
    let mut out = String::with_capacity(source.len());
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
        out.push_str(line);
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compacting_keeps_the_code() {
        let source = "/* header\n   more */\nvar a = 1; // why\n  // alone\n\n  var u = 'http://x'; f(a) // gone\nb = c // kept: not after a statement end\n";
        assert_eq!(
            compact_js(source),
            "var a = 1;\nvar u = 'http://x'; f(a)\nb = c // kept: not after a statement end\n"
        );
    }

    #[test]
    fn a_bundle_carries_only_its_adapter() {
        assert!(Adapter::Scorm12.script().contains("LMSInitialize"));
        assert!(!Adapter::Scorm12.script().contains("API_1484_11"));
        assert!(!Adapter::Standalone.script().contains("statements"));
    }
}
