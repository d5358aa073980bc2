#!/usr/bin/env bash
# Builds the web app and serves it at http://127.0.0.1:8080/ with the built-in sample.
# Installs what is missing first (scripts/setup.sh). Extra arguments go to `trunk serve`.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=scripts/setup.sh
source "$ROOT/scripts/setup.sh"
cd "$ROOT"
echo "mentionmap: building, then serving at http://127.0.0.1:8080/ (Ctrl-C stops)" >&2
exec trunk serve --release --address 127.0.0.1 --port 8080 "$@"
