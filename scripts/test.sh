#!/usr/bin/env bash
# Everything CI checks: formatting, lints (native and wasm), the release build of the web app,
# native tests (unit, doc, CLI, the web app's pure code, browser end-to-end). The web app's
# view model and worker protocol build natively, so no test needs a wasm test runner.
# Installs what is missing first (scripts/setup.sh). Exits non-zero on the first failure.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=scripts/setup.sh
source "$ROOT/scripts/setup.sh"
cd "$ROOT"
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"
step() { printf '\n\033[1;32m==> %s\033[0m\n' "$*" >&2; }

step "cargo fmt --check"
cargo fmt --all -- --check

step "cargo clippy (native, all targets)"
cargo clippy --all-targets -- -D warnings

step "cargo clippy (wasm32: library and binaries)"
cargo clippy --target wasm32-unknown-unknown --lib --bins -- -D warnings

step "trunk build --release"
# The build's brotli copies at quality 5 (seconds) rather than 11 (about 40 s): CI does not
# ship them. A release for hosting is built with plain `trunk build --release`.
MM_BROTLI_QUALITY="${MM_BROTLI_QUALITY:-5}" trunk build --release

step "cargo test (native: unit, doc, CLI, web model, browser end-to-end)"
CHROMEDRIVER="${CHROMEDRIVER:-$(command -v chromedriver || echo /usr/bin/chromedriver)}" cargo test

step "python package: rustfmt and clippy (python/, its own workspace)"
cargo fmt --manifest-path python/Cargo.toml -- --check
PYO3_PYTHON="$ROOT/.venv/bin/python" CARGO_TARGET_DIR="$ROOT/target" \
  cargo clippy --manifest-path python/Cargo.toml --all-targets -- -D warnings

step "python package: build the wheel into .venv (maturin develop --release)"
(cd python && VIRTUAL_ENV="$ROOT/.venv" PATH="$ROOT/.venv/bin:$PATH" CARGO_TARGET_DIR="$ROOT/target" \
  maturin develop --release --quiet)

step "python package: pytest python/tests (parity with the CLI, Arrow, Parquet, Spark local[2])"
MENTIONMAP_CLI="$ROOT/target/debug/mentionmap" "$ROOT/.venv/bin/python" -m pytest -q -p no:cacheprovider python/tests

step "gazetteer build checks and KATOTTG coverage (python3 -m unittest, gazetteer/test_*.py)"
python3 -m unittest discover -s gazetteer -p 'test_*.py'

step "all checks passed"
