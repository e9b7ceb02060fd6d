#!/usr/bin/env bash
# The dev server under load: 50 keep-alive connections, then the same with `Connection: close`.
#
#   bash benches/keepalive.sh            (DURATION=10 CONNECTIONS=50 by default)
#
# Serves the bundled site with the release binary on a free loopback port and drives it with
# wrk (installed from Debian's packages when missing). Prints requests/s, p50 and p99 latency
# (wrk's --latency), and the cores the server used (its CPU time over the wall time, from
# /proc). The issue's target: with 50 keep-alive connections at least 5,000 requests/s and p99
# under 10 ms. This is a benchmark, not a test: nothing here asserts.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
DURATION=${DURATION:-10}
CONNECTIONS=${CONNECTIONS:-50}
URL_PATH=${URL_PATH:-/}

command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }
cargo build --release --quiet
GAZETTE="$ROOT/target/release/gazette"

PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
LOG=$(mktemp)
"$GAZETTE" serve --port "$PORT" >"$LOG" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true; rm -f "$LOG"' EXIT
for _ in $(seq 1 600); do
  grep -q '^Serving' "$LOG" && break
  kill -0 $SERVER 2>/dev/null || { cat "$LOG"; exit 1; }
  sleep 0.1
done
grep -q '^Serving' "$LOG" || { echo "the server did not start:"; cat "$LOG"; exit 1; }
TICKS=$(getconf CLK_TCK)

# CPU seconds (user + system) the server has used so far.
cpu_seconds() {
  awk -v t="$TICKS" '{ print ($14 + $15) / t }' "/proc/$SERVER/stat"
}

run() {
  local label=$1
  shift
  local before after start end out
  before=$(cpu_seconds)
  start=$(date +%s.%N)
  out=$(wrk --latency -t2 -c"$CONNECTIONS" -d"${DURATION}s" "$@" "http://127.0.0.1:$PORT$URL_PATH")
  end=$(date +%s.%N)
  after=$(cpu_seconds)
  local rps p50 p99 errors
  rps=$(awk '/^Requests\/sec/ { print $2 }' <<<"$out")
  p50=$(awk '$1 == "50%" { print $2 }' <<<"$out")
  p99=$(awk '$1 == "99%" { print $2 }' <<<"$out")
  errors=$(grep -E 'Socket errors|Non-2xx' <<<"$out" | tr -s ' ' | paste -sd';' || true)
  printf '%-22s %10s req/s   p50 %8s   p99 %8s   server %s cores   %s\n' "$label" "$rps" "$p50" "$p99" \
    "$(awk -v a="$before" -v b="$after" -v s="$start" -v e="$end" 'BEGIN { printf "%.2f", (b - a) / (e - s) }')" \
    "${errors:-no errors}"
}

echo "gazette serve, $CONNECTIONS connections, ${DURATION}s each, GET $URL_PATH"
run "keep-alive" 
run "Connection: close" -H "Connection: close"
