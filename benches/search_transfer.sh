#!/usr/bin/env bash
# What one search costs a reader, and what the index costs the build, at N pages.
#
#   bash benches/search_transfer.sh [PAGES]        (default: 10000)
#
# Generates the bench corpus (../shared/bench/gen_corpus.py, plain), builds it with and
# without `build_search_index` side by side (release, output to tmpfs), then opens a search
# page in headless Chromium from file:// and prints, per query, the files and bytes of the
# index it loaded, and the largest index file. A benchmark: nothing here asserts.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
PAGES=${1:-10000}
WORK=${BENCH_DIR:-/tmp/gazette-search-bench}
OUT=/dev/shm/gazette-search-bench
[ -x /usr/bin/time ] || { apt-get update -qq && apt-get install -y -qq time; }
[ -d tests/e2e/node_modules ] || (cd tests/e2e && npm ci --silent)
cargo build --release --quiet
GAZETTE="$ROOT/target/release/gazette"
rm -rf "$WORK" "$OUT" "$OUT-plain"
python3 ../shared/bench/gen_corpus.py --pages "$PAGES" --engine plain --out "$WORK" >/dev/null
mkdir -p "$WORK/templates" && cp benches/theme/templates/* "$WORK/templates/"
time_build() { # config value, output dir: prints seconds and peak MB
  sed -i "s/^build_search_index = .*/build_search_index = $1/" "$WORK/config.toml"
  local log; log=$(mktemp)
  (cd "$WORK" && /usr/bin/time -v "$GAZETTE" build --output-dir "$2" >/dev/null 2>"$log")
  awk -F': ' '/Elapsed/ {split($2, t, ":"); s = t[1] * 60 + t[2]} /Maximum resident/ {m = $2 / 1024} END {printf "%.2f s, %.0f MB peak", s, m}' "$log"
  rm -f "$log"
}
echo "$PAGES pages: build without search $(time_build false "$OUT-plain"); with search $(time_build true "$OUT")"
rm -rf "$OUT-plain"
cp themes/gazette/static/elasticlunr.min.js themes/gazette/static/search.js "$OUT/"
cp benches/search-bench.html "$OUT/"
files=$(find "$OUT/search" -type f | wc -l)
total=$(du -sk "$OUT/search" | cut -f1)
largest=$(find "$OUT/search" -type f -printf '%s %f\n' | sort -n | tail -1)
echo "index: $files files, ${total} KB in all, largest: ${largest% *} bytes (${largest#* })"
node tests/e2e/search_transfer.mjs "file://$OUT/search-bench.html" platform acme "cloud infrastructure" data pay "zenith robotics" roadmap \
  "how acme reduced its database latency" "the data platform team uses cloud infrastructure services" "a b c d e f"
