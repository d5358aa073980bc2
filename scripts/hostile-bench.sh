#!/usr/bin/env bash
# Hostile-input benchmark: peak memory (max RSS from /usr/bin/time -v) and wall time of the
# release `mentionmap parse` on generated inputs that once exhausted memory, plus an
# ordinary corpus for comparison. Prints a Markdown table (README "Hostile input").
#
#   scripts/hostile-bench.sh            # every case
#   scripts/hostile-bench.sh kyiv csv   # only the cases whose name contains a word given
#   scripts/hostile-bench.sh browser    # the web app instead (README "Hostile input")
#
# The browser mode opens each input (the same shapes, written by the ignored e2e test
# `hostile_files_in_the_browser`) in a fresh headless-Chromium page of the release build in
# dist/ (run `trunk build --release` first) and prints the time until the page settled, any
# page error, the JS heap, the tab's peak resident memory and the longest task.
# HOSTILE_ONLY=word keeps the inputs whose file name holds the word.
#
# Not part of CI: it writes about 250 MB of inputs to $HOSTILE_DIR (default
# /tmp/mentionmap-hostile) and runs for a few minutes. Every run is capped at 3 GB of
# address space (ulimit -v), so a regression fails the case instead of the machine.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${HOSTILE_DIR:-/tmp/mentionmap-hostile}
mkdir -p "$dir"
if [ "${1:-}" = browser ]; then
  [ -f dist/index.html ] || { echo "no dist/: run trunk build --release first" >&2; exit 1; }
  mkdir -p "$dir/web"
  HOSTILE_DIR="$dir/web" CHROMEDRIVER=${CHROMEDRIVER:-/usr/bin/chromedriver} \
    cargo test --quiet --test e2e -- --ignored --nocapture --test-threads=1 \
    hostile_files_in_the_browser | grep '^|'
  exit
fi
cargo build --release --quiet --bin mentionmap
bin=$PWD/target/release/mentionmap
corpus=${CORPUS:-../shared/corpora/ukraine-war-news.jsonl}

# Inputs, written once.
gen() { [ -s "$dir/$1" ] || python3 -c "$2" > "$dir/$1"; }
gen kyiv-50mb.txt 'import sys; sys.stdout.write("Kyiv " * 10_000_000)'
gen csv-12mb-field.csv 'import sys
text = "Shelling hit Kharkiv and Sumy overnight, and Odesa was quiet. " * 200_000
sys.stdout.write("id,text\nbig,\"" + text + "\"\nsmall,Calm in Lviv.\n")'
gen dense-22mb.txt 'import sys
names = "Kyiv Kharkiv Odesa Lviv Sumy Dnipro Poltava Kherson Mykolaiv Zaporizhzhia Donetsk Luhansk Chernihiv Kursk Belgorod Moscow Warsaw Berlin Paris London ".split()
sys.stdout.write(" ".join(names[i % len(names)] for i in range(2_950_000)))'
gen jsonl-32mb-record.jsonl 'import json, sys
print(json.dumps({"id": "small1", "text": "Sirens in Sumy."}))
print(json.dumps({"id": "big", "text": "Drones struck Kharkiv and the Sumy region again. " * 650_000}))
print(json.dumps({"id": "small2", "text": "Calm in Lviv."}))'
gen line-100mb.jsonl 'import json, sys
print(json.dumps({"id": "small1", "text": "Sirens in Sumy."}))
print(json.dumps({"id": "huge", "text": "Quiet roads near Poltava. " * 4_000_000}))
print(json.dumps({"id": "small2", "text": "Calm in Lviv."}))'
gen p-4mb.html 'import sys; sys.stdout.write("<html><body>Kyiv" + "<p>" * 1_390_000 + "</body></html>")'
gen div-deep.html 'import sys; sys.stdout.write("<html><body>" + "<div>" * 350_000 + "Kyiv" + "</div>" * 350_000 + "</body></html>")'
gen word-20mb.txt 'import sys; sys.stdout.write("Kyiv " + "a" * 20_000_000 + " Lviv.")'
gen binary-20mb.bin 'import os, sys; sys.stdout.buffer.write(os.urandom(20_000_000))'
gen nested-50mb.json 'import sys; sys.stdout.write("[" * 50_000_000)'
gen nul-lines.jsonl 'import sys
good, bad = "{\"text\": \"Sirens in Sumy.\"}\n", "{\"text\": \"Ky" + chr(0) + "iv\"}\n"
sys.stdout.write(good * 1000 + (good + bad) * 100_000)'

cases=(
  "ordinary corpus, 1.5 MB JSONL|jsonl|$corpus"
  "ordinary corpus as GeoJSON|geojson|$corpus"
  "\"Kyiv \" × 10,000,000, one 50 MB line of txt|jsonl|$dir/kyiv-50mb.txt"
  "the same as GeoJSON|geojson|$dir/kyiv-50mb.txt"
  "CSV with a 12 MB text field|jsonl|$dir/csv-12mb-field.csv"
  "22 MB of dense place names, txt|jsonl|$dir/dense-22mb.txt"
  "the same as CSV out|csv|$dir/dense-22mb.txt"
  "JSONL with a 32 MB record|jsonl|$dir/jsonl-32mb-record.jsonl"
  "JSONL with a 100 MB record (over --max-record-mb)|jsonl|$dir/line-100mb.jsonl"
  "4 MB of <p> (the most HTML read by default)|jsonl|$dir/p-4mb.html"
  "350,000 nested <div>s, 3.9 MB of HTML|jsonl|$dir/div-deep.html"
  "one 20 MB word|jsonl|$dir/word-20mb.txt"
  "20 MB of random bytes|jsonl|$dir/binary-20mb.bin"
  "50 MB of '[' (nested JSON)|jsonl|$dir/nested-50mb.json"
  "200,000 JSONL lines, half with NUL bytes|jsonl|$dir/nul-lines.jsonl"
)

echo "| input | out | exit | peak RSS | wall time | output |"
echo "|---|---|---|---|---|---|"
for case in "${cases[@]}"; do
  IFS='|' read -r name format file <<<"$case"
  if [ $# -gt 0 ]; then
    keep=0; for word in "$@"; do [[ "$name $file" == *"$word"* ]] && keep=1; done
    [ $keep = 1 ] || continue
  fi
  log=$(mktemp)
  set +e
  ( ulimit -v 3000000; /usr/bin/time -v "$bin" parse --quiet -f "$format" "$file" ) \
    2>"$log" | wc -c > "$log.out"
  set -e
  code=$(sed -n 's/.*Exit status: //p' "$log" | tail -1)
  rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$log")
  wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$log")
  out=$(cat "$log.out")
  printf '| %s | %s | %s | %d MB | %s | %s MB |\n' "$name" "$format" "${code:-signal}" \
    "$(( ${rss:-0} / 1024 ))" "$wall" "$(awk "BEGIN{printf \"%.1f\", $out/1e6}")"
  grep -v -e '^\s' -e 'Command being timed' "$log" | grep -i -e panic -e 'memory' | head -3 || true
  rm -f "$log" "$log.out"
done
