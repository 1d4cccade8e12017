#!/usr/bin/env bash
# Every test of Campus, after installing what the tests need on a fresh Debian machine.
# Usage: bash tests/run.sh   (as root, or with the packages below already installed)
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TERM_COLOR=never

# System packages: libxml2's development files, which `cargo` needs to build `campus inspect`'s XSD
# validation (the default `xsd` feature links the system libxml2), Node.js and npm for the
# independent checks in tests/e2e, Debian Chromium for the browser suites (driven by
# playwright-core), xmllint for the SCORM manifests against the XSDs, sqlite3 to read the report's
# database back as evaluators would.
packages=()
if ! dpkg-query -W -f='${Status}' libxml2-dev 2>/dev/null | grep -q 'ok installed'; then packages+=(libxml2-dev); fi
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then packages+=(nodejs npm); fi
if [ ! -x /usr/bin/chromium ]; then packages+=(chromium); fi
if ! command -v xmllint >/dev/null 2>&1; then packages+=(libxml2-utils); fi
if ! command -v sqlite3 >/dev/null 2>&1; then packages+=(sqlite3); fi
if [ ${#packages[@]} -gt 0 ]; then
  echo "== Installing ${packages[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  apt-get install -y -q --no-install-recommends "${packages[@]}"
fi

echo "== Rust: formatting (cargo fmt --check, rustfmt.toml)"
cargo fmt --check

echo "== Rust: lints (clippy with the pedantic lints chosen in Cargo.toml, warnings are errors)"
cargo clippy --locked --all-targets --quiet -- -D warnings

echo "== Rust: unit tests, integration tests, broken-sources corpus"
cargo test --locked

echo "== campus inspect without the xsd feature: it builds, lints clean, and says the XSD validation was skipped"
cargo clippy --locked --no-default-features --all-targets --quiet -- -D warnings
cargo test --locked --no-default-features --quiet --test inspect

echo "== The Reset path validates with no warnings"
cargo run --locked --quiet -- validate courses --deny-warnings

echo "== The benchmark compiles (run it with: cargo bench --bench pipeline)"
cargo build --locked --benches --quiet

echo "== Node: checks with independent tools (tests/e2e)"
(cd tests/e2e && npm ci --no-audit --no-fund --loglevel=error)
CAMPUS_BIN="$PWD/target/debug/campus" node --test tests/e2e/*.test.mjs
