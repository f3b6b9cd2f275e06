#!/usr/bin/env bash
# Runs Lectern's whole test suite, installing what the tests need when it is missing:
# Debian's Chromium (for the real-browser tests), Java (for the HTML checker) and the npm test
# packages.
# Used as-is by CI (.ci/run). Fails loudly when a piece cannot be installed: browser tests
# never skip silently.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '\n==> %s\n' "$*"; }

# The tests build hundreds of throwaway books: their highlight caches and build stamps go to a
# folder of this run, not to the user's ~/.cache/lectern.
TEST_CACHE=$(mktemp -d "${TMPDIR:-/tmp}/lectern-test-cache.XXXXXX")
trap 'rm -rf "$TEST_CACHE"' EXIT
export LECTERN_CACHE_DIR="$TEST_CACHE"

if [ ! -x /usr/bin/chromium ]; then
  say "Installing Chromium from Debian's packages (for the browser tests)"
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  elif command -v sudo >/dev/null 2>&1; then
    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  fi
  if [ ! -x /usr/bin/chromium ]; then
    echo "error: Chromium is required for the browser tests and could not be installed." >&2
    echo "       Install it with: apt-get install chromium" >&2
    exit 1
  fi
fi
if ! command -v java >/dev/null 2>&1; then
  say "Installing Java from Debian's packages (for the Nu Html Checker in the browser tests)"
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless >/dev/null
  elif command -v sudo >/dev/null 2>&1; then
    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless >/dev/null
  fi
  if ! command -v java >/dev/null 2>&1; then
    echo "error: Java is required for the HTML validity tests (vnu.jar) and could not be installed." >&2
    echo "       Install it with: apt-get install default-jre-headless" >&2
    exit 1
  fi
fi
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "error: Node.js and npm are required for the browser tests." >&2
  exit 1
fi

say "Installing the browser-test packages (npm ci)"
# --ignore-scripts: vnu-jar's postinstall would download a JDK; the tests use Debian's Java.
(cd tests/browser && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)

say "Formatting and lints"
cargo fmt --all -- --check
cargo clippy --locked --all-targets -- -D warnings

say "Rust tests"
cargo build --locked --quiet
cargo test --locked

say "JavaScript unit tests (the review scheduler, with a fixed clock)"
node --test tests/js/

say "Browser tests (headless Chromium)"
LECTERN_BIN="${CARGO_TARGET_DIR:-$PWD/target}/debug/lectern" node --test --test-concurrency=1 tests/browser/
