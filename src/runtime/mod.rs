//! The player runtime as Rust sees it: the script and stylesheet every page loads (one core and
//! the one tracking adapter of the package's format, bundled here), the typed data a page hands
//! to that script (`page_data`), and what the script stores for a module (`state`).

#[cfg(test)]
mod contract_tests;
#[cfg(test)]
pub(crate) use contract_tests::runtime_files;
#[cfg(test)]
mod compact;
#[cfg(test)]
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
    /// standard, then the core and only this adapter, compacted at compile time (`bundle_build.rs`,
    /// `compact.rs`: the sources in `templates/runtime/` stay commented).
    pub(crate) fn script(self) -> &'static str {
        const COMPACTED: [&str; 5] = [
            include_str!(concat!(env!("OUT_DIR"), "/campus-standalone.js")),
            include_str!(concat!(env!("OUT_DIR"), "/campus-scorm12.js")),
            include_str!(concat!(env!("OUT_DIR"), "/campus-scorm2004.js")),
            include_str!(concat!(env!("OUT_DIR"), "/campus-tincan.js")),
            include_str!(concat!(env!("OUT_DIR"), "/campus-cmi5.js")),
        ];
        static BUNDLES: [OnceLock<String>; 5] = [const { OnceLock::new() }; 5];
        BUNDLES[self as usize].get_or_init(|| vocabulary::bundle_line(self.parts().0) + COMPACTED[self as usize])
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
        let (slot, dialect, compacted) = match self {
            Adapter::Scorm12 => (&BUNDLES[0], "scorm12", include_str!(concat!(env!("OUT_DIR"), "/player-scorm12.js"))),
            Adapter::Scorm2004 => {
                (&BUNDLES[1], "scorm2004", include_str!(concat!(env!("OUT_DIR"), "/player-scorm2004.js")))
            }
            other => unreachable!("the course player is for SCORM only, not {other:?}"),
        };
        slot.get_or_init(|| vocabulary::bundle_line(&[dialect]) + compacted)
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

#[cfg(test)]
mod tests {
    use super::*;

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
            assert!(!compact::without_comments(source).contains('`'), "a template literal: compact_js copies none");
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

    /// The build script bundles the files `parts` names, in this order (its lists are its own).
    #[test]
    fn the_compiled_bundles_are_the_sources_compacted() {
        for adapter in Adapter::ALL {
            let (dialects, parts) = adapter.parts();
            let groups: Vec<Vec<String>> = std::iter::once(CORE_JS.map(str::to_string).to_vec())
                .chain(parts.iter().map(|p| vec![(*p).to_string()]))
                .collect();
            let expected = vocabulary::bundle_line(dialects) + &compact::bundle(&groups);
            assert!(adapter.script() == expected, "{adapter:?}: bundle_build.rs bundles other files");
        }
        for (adapter, dialect, source) in
            [(Adapter::Scorm12, "scorm12", SCORM12_JS), (Adapter::Scorm2004, "scorm2004", SCORM2004_JS)]
        {
            let groups = [PLAYER_JS, SCORM_API_JS, source].map(|s| vec![s.to_string()]);
            assert!(adapter.player_script() == vocabulary::bundle_line(&[dialect]) + &compact::bundle(&groups));
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
