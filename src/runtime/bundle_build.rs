//! Campus's build script (`build` in Cargo.toml; kept in `src/runtime/` as the top level of the
//! repository is fixed). Compacts the player runtime (`templates/runtime/`) into the bundles the binary carries, at
//! compile time: `src/runtime/compact.rs` and `src/runtime/mangle.rs`, included here, say how.
//! The bundles are written to OUT_DIR; `src/runtime/mod.rs` adds each its vocabulary line (and
//! checks, in a test, that these lists are the files its adapters name).

#[path = "compact.rs"]
mod compact;
#[path = "mangle.rs"]
mod mangle;

use std::path::{Path, PathBuf};

const CORE: [&str; 10] = [
    "core/open.js",
    "core/state.js",
    "core/pages.js",
    "core/answers.js",
    "core/scoring.js",
    "core/profile.js",
    "core/summary.js",
    "core/reflections.js",
    "core/notify.js",
    "core/start.js",
];

/// Each module runtime after the core: `campus-<name>.js`.
const SCRIPTS: [(&str, &[&str]); 5] = [
    ("standalone", &["standalone.js"]),
    ("scorm12", &["scorm-api.js", "scorm.js", "scorm12.js"]),
    ("scorm2004", &["scorm-api.js", "scorm.js", "scorm2004.js"]),
    ("tincan", &["xapi.js", "tincan.js"]),
    ("cmi5", &["xapi.js", "cmi5.js"]),
];

/// The single-SCO players, without the core: `player-<name>.js`.
const PLAYERS: [(&str, &[&str]); 2] = [
    ("scorm12", &["player.js", "scorm-api.js", "scorm12.js"]),
    ("scorm2004", &["player.js", "scorm-api.js", "scorm2004.js"]),
];

fn main() {
    for input in ["templates/runtime", "src/runtime/compact.rs", "src/runtime/mangle.rs"] {
        println!("cargo:rerun-if-changed={input}");
    }
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    let read = |file: &str| {
        let path = Path::new("templates/runtime").join(file);
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    };
    let write = |name: String, groups: Vec<Vec<String>>| {
        std::fs::write(out.join(&name), compact::bundle(&groups)).unwrap_or_else(|e| panic!("{name}: {e}"));
    };
    for (name, parts) in SCRIPTS {
        let groups = std::iter::once(CORE.map(read).to_vec()).chain(parts.iter().map(|p| vec![read(p)])).collect();
        write(format!("campus-{name}.js"), groups);
    }
    for (name, parts) in PLAYERS {
        write(format!("player-{name}.js"), parts.iter().map(|p| vec![read(p)]).collect());
    }
}
