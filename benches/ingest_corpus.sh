#!/usr/bin/env bash
# Build time and peak memory of the bundled site with the real development corpus added
# (../shared/corpus/real, issue 10: "under 1 s on this machine"), and with a generated list of
# LIST_ENTRIES company entries on top (the scale point: 2,000 entries give 2,000 pages).
# The bundled site alone runs in the same loop, so the figures read as ratios on a noisy machine.
#
#   bash benches/ingest_corpus.sh
#   RUNS=9 LIST_ENTRIES=5000 CORPUS=/path/to/real bash benches/ingest_corpus.sh
#
# Output goes to tmpfs (/dev/shm, or OUTPUT=DIR): on ext4, creating thousands of folders right
# after deleting them costs more than the whole build (perf: ext4 inode allocation).
#
# This is a benchmark, not a test: nothing here asserts.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-5}
LIST_ENTRIES=${LIST_ENTRIES:-2000}
CORPUS=${CORPUS:-../shared/corpus/real}
cargo build --release --quiet
BIN=$PWD/target/release/gazette
WORK=$(mktemp -d)
OUTPUT=${OUTPUT:-$( [ -d /dev/shm ] && echo /dev/shm || echo "$WORK")}
OUT=$(mktemp -d -p "$OUTPUT")
trap 'rm -rf "$WORK" "$OUT"' EXIT

site() { # site DIR: a copy of the bundled site
  mkdir -p "$1"
  cp -r config.toml content data themes "$1/"
}
site "$WORK/bundled"
site "$WORK/corpus"
if [ -d "$CORPUS" ]; then
  (cd "$CORPUS" && find . -name '*.md' ! -name README.md) | while read -r f; do
    cp "$CORPUS/$f" "$WORK/corpus/content/sources/$(echo "${f#./}" | tr / -)"
  done
else
  echo "no corpus at $CORPUS: the corpus runs are the bundled site" >&2
fi
cp -r "$WORK/corpus" "$WORK/list"
python3 - "$WORK/list/content/sources/generated-users.md" "$LIST_ENTRIES" <<'PY'
import random, sys
random.seed(7)
syl = ["zor", "vex", "qua", "lin", "tro", "mek", "sar", "bel", "dun", "fia", "ko", "ra", "pel", "nix"]
what = ["payments", "cloud infrastructure", "games", "logistics", "advertising", "security"]
names, lines = set(), ["# Companies using Go", "", "Organisations that use Go in production.", ""]
while len(names) < int(sys.argv[2]):
    n = "".join(random.choice(syl) for _ in range(random.randint(2, 4))).capitalize()
    if n in names:
        continue
    if len(names) % 250 == 0:
        lines += ["", f"### Region {len(names) // 250 + 1}", ""]
    names.add(n)
    lines.append(f"- [{n}](https://www.{n.lower()}.com) - {random.choice(what).capitalize()} platform built with Go")
open(sys.argv[1], "w").write("\n".join(lines) + "\n")
PY

measure() { # measure NAME DIR: median wall time and peak RSS of RUNS cold builds
  local times=() rss=0
  for _ in $(seq "$RUNS"); do
    rm -rf "$OUT/public"
    local out
    out=$( { /usr/bin/time -f "%e %M" "$BIN" build --root "$2" --output-dir "$OUT/public" >/dev/null; } 2>&1 | tail -1)
    times+=("${out% *}")
    local m=${out#* }
    [ "$m" -gt "$rss" ] && rss=$m
  done
  local median
  median=$(printf '%s\n' "${times[@]}" | sort -n | sed -n "$(( (RUNS + 1) / 2 ))p")
  local companies pages biggest
  companies=$(find "$OUT/public/companies" -mindepth 2 -maxdepth 2 -name index.html | grep -vc '/page/' || true)
  biggest=$(find "$OUT/public/companies" -maxdepth 3 -path '*companies/index.html' -o -maxdepth 3 -path '*companies/page/*/index.html' | xargs ls -l | awk '{print $5}' | sort -n | tail -1)
  pages=$(find "$OUT/public" -name '*.html' | wc -l)
  printf '%-26s %6.2f s  %5d MB peak  %6d html files  %5d company pages  largest companies list %4d KB\n' \
    "$1" "$median" $((rss / 1024)) "$pages" "$companies" $((biggest / 1024))
}
echo "median of $RUNS cold builds each, release build, output in $OUTPUT:"
measure "bundled site" "$WORK/bundled"
measure "+ real corpus" "$WORK/corpus"
measure "+ $LIST_ENTRIES list entries" "$WORK/list"
