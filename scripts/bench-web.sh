#!/usr/bin/env bash
# Browser speed benchmark (issue 12): builds the release web app, then measures it in headless
# Chromium through the DevTools protocol (scripts/bench-web.mjs): cold start, Fast 3G, the
# 447-report corpus and a 10x copy, the longest main-thread task and the page's memory.
# Not a test; prints a Markdown table for the README. Arguments go to bench-web.mjs
# (--runs N, --corpus FILE, --big for a 35x copy of about 50 MB, --no-build to measure dist/ as is).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
args=()
build=1
for a in "$@"; do
  if [ "$a" = --no-build ]; then build=0; else args+=("$a"); fi
done
if [ "$build" = 1 ]; then
  # shellcheck source=scripts/setup.sh
  source "$ROOT/scripts/setup.sh"
  trunk build --release >&2
fi
exec node --experimental-websocket --no-warnings "$ROOT/scripts/bench-web.mjs" "${args[@]}"
