#!/usr/bin/env bash
# Durable write throughput next to /healthz on the same server in the same run, for SQLite and PostgreSQL.
# Usage: bench/write-throughput.sh [seconds per run, default 20] [connections, default 64]
# Needs wrk (apt-get install wrk) and the local PostgreSQL (127.0.0.1:5432, trust auth).
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_PER_RUN=${1:-20}
PORT=${FH_BENCH_PORT:-18291}
CONNECTIONS=${2:-64}
THREADS=2
OUT=bench/out
mkdir -p "$OUT"
source bench/lib.sh
fh_require_wrk
fh_require_jar

run_wrk() { # $1 = label, $2... = wrk args
  local label=$1; shift
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"${SECONDS_PER_RUN}s" --latency "$@" > "$OUT/$label.txt" 2> "$OUT/$label.err"
  local rps p50 p99
  rps=$(awk '/Requests\/sec/ {print $2}' "$OUT/$label.txt")
  p50=$(awk '$1=="50%" {print $2}' "$OUT/$label.txt")
  p99=$(awk '$1=="99%" {print $2}' "$OUT/$label.txt")
  echo "$label $rps $p50 $p99"
}

echo "# $(date -u +%FT%TZ) $(nproc) cores, ${CONNECTIONS} connections, ${SECONDS_PER_RUN}s per run" | tee "$OUT/summary.txt"
for store in sqlite postgres; do
  fh_start_server $store bench
  wrk -t1 -c8 -d3s http://127.0.0.1:${PORT}/healthz >/dev/null   # warm-up
  wrk -t1 -c8 -d3s -s bench/post-feedback.lua http://127.0.0.1:${PORT} >/dev/null 2>&1
  health=$(run_wrk "$store-healthz" http://127.0.0.1:${PORT}/healthz)
  post=$(run_wrk "$store-post" -s bench/post-feedback.lua http://127.0.0.1:${PORT})
  errors=$(grep -c "unexpected status" "$OUT/$store-post.err" || true)
  fh_stop_server bench
  read -r _ hrps hp50 hp99 <<< "$health"
  read -r _ prps pp50 pp99 <<< "$post"
  ratio=$(awk -v a="$prps" -v b="$hrps" 'BEGIN {printf "%.0f%%", 100*a/b}')
  printf "%-8s healthz %9s req/s p50 %8s p99 %8s | POST /v1/feedback %9s req/s p50 %8s p99 %8s | POST/healthz %s | non-201: %s\n" \
    "$store" "$hrps" "$hp50" "$hp99" "$prps" "$pp50" "$pp99" "$ratio" "$errors" | tee -a "$OUT/summary.txt"
done
