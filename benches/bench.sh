#!/usr/bin/env bash
# Gazette vs Hugo on the same generated site, side by side in one run.
#
#   bash benches/bench.sh [PAGES...]        (default: 1000 10000)
#   RUNS=5 bash benches/bench.sh 10000
#
# For each size: generates the corpus for both engines with ../shared/bench/gen_corpus.py,
# copies benches/theme/templates (the Gazette twin of the generator's minimal Hugo theme) into
# the Gazette site, turns code highlighting off (the Hugo theme has none), then alternates
# `gazette build` and `hugo` RUNS times each, writing to tmpfs (/dev/shm) so disk writeback
# does not add noise. Reports median wall time, median peak RSS (/usr/bin/time -v) and the
# Hugo/Gazette ratios. This is a benchmark, not a test: nothing here asserts.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
GEN="$ROOT/../shared/bench/gen_corpus.py"
RUNS=${RUNS:-3}
SIZES=("$@")
[ ${#SIZES[@]} -gt 0 ] || SIZES=(1000 10000)
WORK=${BENCH_DIR:-/tmp/gazette-bench}
OUT=/dev/shm/gazette-bench-out

command -v hugo >/dev/null || { apt-get update -qq && apt-get install -y -qq hugo; }
[ -x /usr/bin/time ] || { apt-get update -qq && apt-get install -y -qq time; }
cargo build --release --quiet
GAZETTE="$ROOT/target/release/gazette"
mkdir -p "$WORK"

# Runs a command under /usr/bin/time -v; prints "seconds max_rss_kb".
measure() {
  local log
  log=$(mktemp)
  /usr/bin/time -v "$@" >/dev/null 2>"$log" || { cat "$log" >&2; exit 1; }
  local wall rss
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$log" | awk -F: '{ if (NF==3) print $1*3600+$2*60+$3; else print $1*60+$2 }')
  rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$log")
  rm -f "$log"
  echo "$wall $rss"
}

median() { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

for n in "${SIZES[@]}"; do
  plain="$WORK/plain-$n"
  hugo_site="$WORK/hugo-$n"
  [ -d "$plain/content" ] || python3 "$GEN" --pages "$n" --engine plain --out "$plain" --force
  [ -d "$hugo_site/content" ] || python3 "$GEN" --pages "$n" --engine hugo --out "$hugo_site" --force
  rm -rf "$plain/templates"
  cp -r benches/theme/templates "$plain/templates"
  grep -q '^highlight_code' "$plain/config.toml" || echo 'highlight_code = false' >>"$plain/config.toml"

  g_t=(); g_m=(); h_t=(); h_m=()
  for run in $(seq "$RUNS"); do
    rm -rf "$OUT"; mkdir -p "$OUT"
    read -r t m < <(measure "$GAZETTE" build --root "$plain" --output-dir "$OUT/gazette")
    g_t+=("$t"); g_m+=("$m")
    read -r t m < <(measure hugo --quiet --source "$hugo_site" -d "$OUT/hugo")
    h_t+=("$t"); h_m+=("$m")
    echo "  run $run: gazette ${g_t[-1]} s ${g_m[-1]} KB | hugo ${h_t[-1]} s ${h_m[-1]} KB"
  done
  gt=$(printf '%s\n' "${g_t[@]}" | median); gm=$(printf '%s\n' "${g_m[@]}" | median)
  ht=$(printf '%s\n' "${h_t[@]}" | median); hm=$(printf '%s\n' "${h_m[@]}" | median)
  gfiles=$(find "$OUT/gazette" -type f | wc -l); hfiles=$(find "$OUT/hugo" -type f | wc -l)
  gsize=$(du -sm "$OUT/gazette" | cut -f1); hsize=$(du -sm "$OUT/hugo" | cut -f1)
  echo "pages=$n runs=$RUNS"
  echo "  gazette: ${gt} s, peak ${gm} KB, ${gfiles} files, ${gsize} MB"
  echo "  hugo:    ${ht} s, peak ${hm} KB, ${hfiles} files, ${hsize} MB"
  awk -v gt="$gt" -v ht="$ht" -v gm="$gm" -v hm="$hm" \
    'BEGIN { printf "  speed: gazette is %.2fx faster than hugo; memory: gazette peak is %.2f of hugo'"'"'s\n", ht/gt, gm/hm }'
  rm -rf "$OUT"
done
