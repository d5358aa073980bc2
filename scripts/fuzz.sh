#!/usr/bin/env bash
# Runs the cargo-fuzz targets in fuzz/ for a while each and saves every failing input as a
# regression test (tests/fuzz_regressions/<target>/), which the stable `cargo test` replays.
#
#   scripts/fuzz.sh                 # every target, 600 s each (what issue 14 asks)
#   FUZZ_SECONDS=120 scripts/fuzz.sh geoparse ingest
#
# Needs a nightly toolchain and cargo-fuzz (libFuzzer instruments with nightly-only flags);
# both are installed here when missing. Not part of CI: CI replays the saved inputs only.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${FUZZ_SECONDS:-600}
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(ingest raw_text geoparse jsonl_writer gazetteer)

if ! rustup run nightly rustc --version >/dev/null 2>&1; then
  echo "[fuzz] installing the nightly toolchain"
  rustup toolchain install nightly --profile minimal
fi
if ! cargo fuzz --version >/dev/null 2>&1; then
  echo "[fuzz] installing cargo-fuzz"
  cargo install cargo-fuzz --locked
fi

# Seed each corpus with the saved regression inputs and the test fixtures.
for t in "${targets[@]}"; do
  mkdir -p "fuzz/corpus/$t"
  cp -n tests/fuzz_regressions/"$t"/* "fuzz/corpus/$t/" 2>/dev/null || true
done
for f in tests/fixtures/*; do
  for t in raw_text geoparse jsonl_writer; do cp -n "$f" "fuzz/corpus/$t/" 2>/dev/null || true; done
  # ingest: the first byte picks the format, so prefix each fixture with a few choices.
  for pick in 0 1 2 3 4; do
    { printf "\\x0$pick"; cat "$f"; } > "fuzz/corpus/ingest/$(basename "$f").$pick"
  done
done

summary=()
for t in "${targets[@]}"; do
  echo "[fuzz] $t for ${seconds}s"
  log="fuzz/$t.log"
  set +e
  cargo +nightly fuzz run --release "$t" "fuzz/corpus/$t" -- \
    -max_total_time="$seconds" -rss_limit_mb=2048 -max_len=65536 -timeout=20 \
    -print_final_stats=1 >"$log" 2>&1
  rc=$?
  set -e
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1)
  crashes=$(ls "fuzz/artifacts/$t" 2>/dev/null | wc -l)
  for a in fuzz/artifacts/"$t"/*; do
    [ -e "$a" ] || continue
    mkdir -p "tests/fuzz_regressions/$t"
    cp "$a" "tests/fuzz_regressions/$t/"
  done
  summary+=("$t: exit $rc, ${runs:-?} executions in ${seconds}s, $crashes failing input(s) saved")
done
printf '%s\n' "${summary[@]}"
