#!/usr/bin/env bash
# Gazette vs Hugo on the same generated sites, side by side in one run: every figure of
# issue 14 (speed at scale), each with its target.
#
#   bash benches/bench.sh                       (10,000 pages, then 100,000)
#   PAGES=1000 BIG=0 RUNS=1 bash benches/bench.sh   (a quick look)
#
# Settings (environment): PAGES (10000), BIG (100000; 0 leaves the big run out), RUNS (3),
# HUGO_BIG (1 runs Hugo at BIG pages too; it needs about ten times its memory at 10k),
# SERVE_EDITS (7 per kind), BENCH_DIR (/tmp/gazette-bench: the generated sites, kept).
#
# The sites come from ../shared/bench/gen_corpus.py (the same content for both engines);
# benches/theme/templates is the Gazette twin of its Hugo theme. Builds write to tmpfs
# (/dev/shm) so disk writeback adds no noise, and alternate engines run by run. Figures are
# medians: wall time and peak RSS from /usr/bin/time. A benchmark, not a test: nothing here
# asserts; each line says whether its target is met.
#
# 1. Cold builds (Gazette with --no-cache) at PAGES: highlighting off, on, search on, and
#    paginate_by = 20 on sections and terms; Gazette's first build with its cache too.
# 2. Warm builds: `gazette build` again after a one-page body edit, checked byte-identical
#    to a cold build of the same files.
# 3. Search: index files' sizes and, in headless Chromium, the bytes a query loads.
# 4. The dev server (benches/serve_latency.py): save -> reload event per kind of edit.
# 5. BIG pages: time and memory against the PAGES figure.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
GEN="$ROOT/../shared/bench/gen_corpus.py"
PAGES=${PAGES:-10000}
BIG=${BIG:-100000}
RUNS=${RUNS:-3}
HUGO_BIG=${HUGO_BIG:-0}
SERVE_EDITS=${SERVE_EDITS:-7}
WORK=${BENCH_DIR:-/tmp/gazette-bench}
OUT=/dev/shm/gazette-bench-out

command -v hugo >/dev/null || { apt-get update -qq && apt-get install -y -qq hugo; }
[ -x /usr/bin/time ] || { apt-get update -qq && apt-get install -y -qq time; }
cargo build --release --quiet
GAZETTE="$ROOT/target/release/gazette"
mkdir -p "$WORK"
echo "gazette $(git rev-parse --short HEAD), $(hugo version | cut -d' ' -f1-2), $(nproc) cores, $(date -u +%FT%TZ)"

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

# The Gazette and Hugo sites of N pages (paginated by P when P > 0): "plain_dir hugo_dir".
sites() {
  local n=$1 p=$2 suffix=""
  [ "$p" -gt 0 ] && suffix="-p$p"
  local plain="$WORK/plain-$n$suffix" hugo_site="$WORK/hugo-$n$suffix"
  local extra=()
  [ "$p" -gt 0 ] && extra=(--paginate "$p")
  [ -d "$plain/content" ] || python3 "$GEN" --pages "$n" --engine plain --out "$plain" --force "${extra[@]}" >/dev/null
  # The Hugo twin only when Hugo runs at this size (see HUGO_BIG).
  if [ "$n" != "$BIG" ] || [ "$HUGO_BIG" = 1 ]; then
    [ -d "$hugo_site/content" ] || python3 "$GEN" --pages "$n" --engine hugo --out "$hugo_site" --force "${extra[@]}" >/dev/null
  fi
  rm -rf "$plain/templates" "$plain/.gazette-cache"
  cp -r benches/theme/templates "$plain/templates"
  if [ "$p" -gt 0 ]; then
    # As the generator's Hugo theme does with `.Paginate`: each pager lists its own pages.
    local nav='<nav class="pager">{% if paginator.previous %}<a href="{{ paginator.previous | safe }}">Newer</a>{% endif %} Page {{ paginator.current_index }} of {{ paginator.number_pagers }} {% if paginator.next %}<a href="{{ paginator.next | safe }}">Older</a>{% endif %}</nav>'
    sed -i -e 's/{% for p in \(section\|term\)\.pages %}/{% for p in paginator.pages %}/' \
      -e "s#{% endfor %}</ul>#{% endfor %}</ul>\n$nav#" "$plain/templates/section.html" "$plain/templates/taxonomy_single.html"
  fi
  grep -q '^highlight_code' "$plain/config.toml" || echo 'highlight_code = false' >>"$plain/config.toml"
  echo "$plain $hugo_site"
}

# Sets `key = value` in a TOML file (the key must be there).
set_key() { sed -i "s/^$2 = .*/$2 = $3/" "$1"; }

# Alternates Gazette (its arguments after --) and Hugo on a site, RUNS times; prints
# "g_seconds g_kb h_seconds h_kb" (medians). Hugo is left out when its site is "-".
side_by_side() {
  local hugo_site=$1; shift
  local g_t=() g_m=() h_t=() h_m=() t m
  for _ in $(seq "$RUNS"); do
    rm -rf "$OUT"; mkdir -p "$OUT"
    read -r t m < <(measure "$@" --output-dir "$OUT/gazette")
    g_t+=("$t"); g_m+=("$m")
    if [ "$hugo_site" != - ]; then
      read -r t m < <(measure hugo --quiet --source "$hugo_site" -d "$OUT/hugo")
      h_t+=("$t"); h_m+=("$m")
    fi
  done
  local ht=0 hm=0
  if [ "$hugo_site" != - ]; then
    ht=$(printf '%s\n' "${h_t[@]}" | median); hm=$(printf '%s\n' "${h_m[@]}" | median)
  fi
  echo "$(printf '%s\n' "${g_t[@]}" | median) $(printf '%s\n' "${g_m[@]}" | median) $ht $hm"
}

# One result line: name, the four figures, and Gazette's targets (seconds, MB; 0 = none).
report() {
  awk -v name="$1" -v gt="$2" -v gm="$3" -v ht="$4" -v hm="$5" -v tt="$6" -v tm="$7" 'BEGIN {
    line = sprintf("  %-30s gazette %6.2f s %5.0f MB", name, gt, gm / 1024)
    if (ht > 0) line = line sprintf(" | hugo %6.2f s %5.0f MB | %4.1fx faster, %.2f of its memory", ht, hm / 1024, ht / gt, gm / hm)
    if (tt > 0) line = line sprintf(" | target <= %.1f s: %s", tt, gt <= tt ? "met" : sprintf("missed by %.0f%%", (gt / tt - 1) * 100))
    if (tm > 0) line = line sprintf(", <= %d MB: %s", tm, gm / 1024 <= tm ? "met" : sprintf("missed by %.0f%%", (gm / 1024 / tm - 1) * 100))
    print line
  }'
}

echo
echo "== 1. Cold builds, $PAGES pages, $RUNS runs each (Gazette --no-cache) =="
read -r plain hugo_site < <(sites "$PAGES" 0)
hugo_config="$hugo_site/hugo.toml"
[ -f "$hugo_config" ] || hugo_config="$hugo_site/config.toml"
read -r gt gm ht hm < <(side_by_side "$hugo_site" "$GAZETTE" build --no-cache --root "$plain")
plain_time=$gt
report "highlighting off" "$gt" "$gm" "$ht" "$hm" 1.0 400
set_key "$plain/config.toml" highlight_code true
set_key "$hugo_config" codeFences true
read -r gt gm ht hm < <(side_by_side "$hugo_site" "$GAZETTE" build --no-cache --root "$plain")
report "highlighting on" "$gt" "$gm" "$ht" "$hm" 1.3 400
set_key "$plain/config.toml" highlight_code false
set_key "$hugo_config" codeFences false
set_key "$plain/config.toml" build_search_index true
read -r gt gm ht hm < <(side_by_side "$hugo_site" "$GAZETTE" build --no-cache --root "$plain")
report "search on (hugo: none built in)" "$gt" "$gm" "$ht" "$hm" 2.0 400
set_key "$plain/config.toml" build_search_index false
read -r plain_p hugo_p < <(sites "$PAGES" 20)
read -r gt gm ht hm < <(side_by_side "$hugo_p" "$GAZETTE" build --no-cache --root "$plain_p")
report "paginate_by = 20" "$gt" "$gm" "$ht" "$hm" 1.0 400
awk -v a="$gt" -v b="$plain_time" 'BEGIN { printf "    (paginated / unpaginated time: %.2f)\n", a / b }'
read -r gt gm _ _ < <(RUNS=1 side_by_side - "$GAZETTE" build --root "$plain")
report "first build, writing its cache" "$gt" "$gm" 0 0 0 0

echo
echo "== 2. Warm builds, $PAGES pages: one page's body edited, then gazette build =="
rm -rf "$OUT" "$plain/.gazette-cache"; mkdir -p "$OUT"
"$GAZETTE" build --root "$plain" --output-dir "$OUT/warm" >/dev/null
page=$(find "$plain/content" -name '*.md' ! -name '_index.md' | sort | sed -n 5p)
cp "$page" "$OUT/page.md"
w_t=(); w_m=(); same=yes
for run in $(seq "$RUNS"); do
  printf '\nA paragraph added in run %s.\n' "$run" >>"$page"
  read -r t m < <(measure "$GAZETTE" build --root "$plain" --output-dir "$OUT/warm")
  w_t+=("$t"); w_m+=("$m")
  rm -rf "$OUT/cold"
  "$GAZETTE" build --no-cache --root "$plain" --output-dir "$OUT/cold" >/dev/null
  diff -r -q "$OUT/warm" "$OUT/cold" >/dev/null || same=NO
done
cp "$OUT/page.md" "$page"
wt=$(printf '%s\n' "${w_t[@]}" | median); wm=$(printf '%s\n' "${w_m[@]}" | median)
awk -v t="$wt" -v m="$wm" -v c="$plain_time" -v same="$same" 'BEGIN {
  printf "  warm build after a body edit   gazette %6.2f s %5.0f MB | %.2f of a cold build | byte-identical to a cold build: %s | target <= 0.2 s: %s\n",
    t, m / 1024, t / c, same, t <= 0.2 ? "met" : sprintf("missed by %.0f%%", (t / 0.2 - 1) * 100) }'
echo "  (Hugo has no build cache: its figure is its cold build above)"

echo
echo "== 3. Search, $PAGES pages =="
set_key "$plain/config.toml" build_search_index true
rm -rf "$OUT"; "$GAZETTE" build --no-cache --root "$plain" --output-dir "$OUT" >/dev/null
set_key "$plain/config.toml" build_search_index false
files=$(find "$OUT/search" -type f | wc -l)
total=$(du -sk "$OUT/search" | cut -f1)
largest=$(find "$OUT" -type f \( -path '*/search/*' -o -name 'search_index*' \) -printf '%s %P\n' | sort -n | tail -1)
awk -v f="$files" -v t="$total" -v l="${largest% *}" -v n="${largest#* }" 'BEGIN {
  printf "  index: %d files, %d KB in all; largest %d KB (%s) | target <= 1024 KB: %s\n", f, t, l / 1024, n, l <= 1048576 ? "met" : "MISSED" }'
if [ -d tests/e2e/node_modules ] && command -v chromium >/dev/null; then
  cp themes/gazette/static/elasticlunr.min.js themes/gazette/static/search.js "$OUT/"
  cp benches/search-bench.html "$OUT/"
  node tests/e2e/search_transfer.mjs "file://$OUT/search-bench.html" platform acme "cloud infrastructure" data pay \
    "the data platform team uses cloud infrastructure services" | sed 's/^/  /'
  echo "  (target: under 300 KB for one query)"
else
  echo "  query transfer: skipped (needs tests/e2e/node_modules, from npm ci there, and chromium)"
fi

echo
echo "== 4. Dev server, $PAGES pages: save -> reload event, median of $SERVE_EDITS edits per kind =="
echo "  (targets: new page, deleted page, section, taxonomy under 100 ms; template at most 0.25 of a full build)"
BENCH_DIR="$WORK" python3 benches/serve_latency.py --pages "$PAGES" --kind all --edits "$SERVE_EDITS" | sed 's/^/  /'

if [ "$BIG" -gt 0 ]; then
  echo
  echo "== 5. $BIG pages, cold, highlighting off =="
  read -r big_plain big_hugo < <(sites "$BIG" 0)
  [ "$HUGO_BIG" = 1 ] || big_hugo=-
  read -r gt gm ht hm < <(RUNS=1 side_by_side "$big_hugo" "$GAZETTE" build --no-cache --root "$big_plain")
  report "$BIG pages" "$gt" "$gm" "$ht" "$hm" 0 4096
  awk -v t="$gt" -v s="$plain_time" -v n="$BIG" -v p="$PAGES" 'BEGIN {
    printf "    time is %.1fx the %d-page figure for %dx the pages | target <= 11x: %s\n", t / s, p, n / p, t / s <= 11 ? "met" : "missed" }'
  [ "$HUGO_BIG" = 1 ] || echo "    (Hugo left out at $BIG pages: HUGO_BIG=1 runs it)"
fi
rm -rf "$OUT"
