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
command -v wrk >/dev/null || { echo "installing wrk"; apt-get install -y wrk >/dev/null; }
[ -f target/feedback-hub.jar ] || bin/with-jdk mvn -q -DskipTests package
export FH_KEY=fh_secret_bench_0123456789abcdef

start_server() { # $1 = store; prints the pid
  local env=(FEEDBACK_HUB_PORT=${PORT} FEEDBACK_HUB_HOST=127.0.0.1 FEEDBACK_HUB_INIT_SECRET_KEY=$FH_KEY FEEDBACK_HUB_LOG_LEVEL=WARN FEEDBACK_HUB_RATE_LIMIT_PER_SECOND=0)
  if [ "$1" = postgres ]; then
    psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS fh_bench WITH (FORCE)" -c "CREATE DATABASE fh_bench" postgres
    env+=(FEEDBACK_HUB_DATABASE_URL="jdbc:postgresql://127.0.0.1:5432/fh_bench?user=postgres")
  else
    rm -rf "$OUT/sqlite-data"
    env+=(FEEDBACK_HUB_DATA_DIR="$OUT/sqlite-data")
  fi
  env "${env[@]}" bin/with-jdk java -Xmx2g -jar target/feedback-hub.jar > "$OUT/server-$1.log" 2>&1 &
  echo $! > "$OUT/server.pid"
  for _ in $(seq 1 60); do curl -sf http://127.0.0.1:${PORT}/readyz >/dev/null && return 0; sleep 0.5; done
  echo "server did not start"; cat "$OUT/server-$1.log"; exit 1
}

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
  start_server $store
  wrk -t1 -c8 -d3s http://127.0.0.1:${PORT}/healthz >/dev/null   # warm-up
  wrk -t1 -c8 -d3s -s bench/post-feedback.lua http://127.0.0.1:${PORT} >/dev/null 2>&1
  health=$(run_wrk "$store-healthz" http://127.0.0.1:${PORT}/healthz)
  post=$(run_wrk "$store-post" -s bench/post-feedback.lua http://127.0.0.1:${PORT})
  errors=$(grep -c "unexpected status" "$OUT/$store-post.err" || true)
  kill "$(cat "$OUT/server.pid")"; wait "$(cat "$OUT/server.pid")" 2>/dev/null || true
  read -r _ hrps hp50 hp99 <<< "$health"
  read -r _ prps pp50 pp99 <<< "$post"
  ratio=$(awk -v a="$prps" -v b="$hrps" 'BEGIN {printf "%.0f%%", 100*a/b}')
  printf "%-8s healthz %9s req/s p50 %8s p99 %8s | POST /v1/feedback %9s req/s p50 %8s p99 %8s | POST/healthz %s | non-201: %s\n" \
    "$store" "$hrps" "$hp50" "$hp99" "$prps" "$pp50" "$pp99" "$ratio" "$errors" | tee -a "$OUT/summary.txt"
done
