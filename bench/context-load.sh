#!/usr/bin/env bash
# Feedback write throughput with and without a concurrent OTLP stream (issue #17, item 5), same server, alternating
# rounds: feedback alone, feedback + 500 spans/s, feedback alone, ... The figure that counts is the ratio of each
# "with" round to the "alone" rounds next to it; absolute req/s move with the machine's other load.
# Usage: bench/context-load.sh [seconds per round, default 15] [pairs of rounds, default 3] [stores, default "sqlite postgres"]
# Env: FH_SPANS_PER_SECOND (default 500), FH_BENCH_PORT. Needs wrk, python3 and, for postgres, the local PostgreSQL.
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_PER_ROUND=${1:-15}
PAIRS=${2:-3}
STORES=${3:-"sqlite postgres"}
SPANS=${FH_SPANS_PER_SECOND:-500}
PORT=${FH_BENCH_PORT:-18293}
CONNECTIONS=64
OUT=bench/out
mkdir -p "$OUT"
command -v wrk >/dev/null || { echo "installing wrk"; apt-get install -y wrk >/dev/null; }
[ -f target/feedback-hub.jar ] || bin/with-jdk mvn -q -o -DskipTests package
export FH_KEY=fh_secret_bench_0123456789abcdef

start_server() { # $1 = store
  local env=(FEEDBACK_HUB_PORT=${PORT} FEEDBACK_HUB_HOST=127.0.0.1 FEEDBACK_HUB_INIT_SECRET_KEY=$FH_KEY FEEDBACK_HUB_LOG_LEVEL=WARN FEEDBACK_HUB_RATE_LIMIT_PER_SECOND=0)
  if [ "$1" = postgres ]; then
    psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS fh_context_bench WITH (FORCE)" -c "CREATE DATABASE fh_context_bench" postgres
    env+=(FEEDBACK_HUB_DATABASE_URL="jdbc:postgresql://127.0.0.1:5432/fh_context_bench?user=postgres")
  else
    rm -rf "$OUT/context-sqlite-data"
    env+=(FEEDBACK_HUB_DATA_DIR="$OUT/context-sqlite-data")
  fi
  env "${env[@]}" bin/with-jdk java -Xmx2g -jar target/feedback-hub.jar > "$OUT/context-server-$1.log" 2>&1 &
  echo $! > "$OUT/context-server.pid"
  for _ in $(seq 1 60); do curl -sf http://127.0.0.1:${PORT}/readyz >/dev/null && return 0; sleep 0.5; done
  echo "server did not start"; cat "$OUT/context-server-$1.log"; exit 1
}

feedback_round() { # $1 = label; prints req/s p99 non-201
  wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_PER_ROUND}s" --latency -s bench/post-feedback.lua http://127.0.0.1:${PORT} \
    > "$OUT/context-$1.txt" 2> "$OUT/context-$1.err"
  echo "$(awk '/Requests\/sec/ {print $2}' "$OUT/context-$1.txt") $(awk '$1=="99%" {print $2}' "$OUT/context-$1.txt") $(grep -c "unexpected status" "$OUT/context-$1.err" || true)"
}

echo "# $(date -u +%FT%TZ) $(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg), ${CONNECTIONS} connections, ${SECONDS_PER_ROUND}s rounds, ${PAIRS} pairs, ${SPANS} spans/s" | tee "$OUT/context-summary.txt"
for store in $STORES; do
  start_server "$store"
  wrk -t1 -c8 -d3s -s bench/post-feedback.lua http://127.0.0.1:${PORT} >/dev/null 2>&1   # warm-up
  bench/otlp-stream.py "http://127.0.0.1:${PORT}/v1/otel/v1/traces" "$FH_KEY" "$SPANS" 3 >/dev/null
  ratios=()
  for pair in $(seq 1 "$PAIRS"); do
    read -r alone alone_p99 alone_bad <<< "$(feedback_round "$store-alone-$pair")"
    bench/otlp-stream.py "http://127.0.0.1:${PORT}/v1/otel/v1/traces" "$FH_KEY" "$SPANS" "$((SECONDS_PER_ROUND + 1))" > "$OUT/context-$store-stream-$pair.txt" &
    stream=$!
    sleep 0.5
    read -r with with_p99 with_bad <<< "$(feedback_round "$store-with-$pair")"
    wait "$stream"
    read -r spans_done otlp_requests otlp_failed < "$OUT/context-$store-stream-$pair.txt"
    ratio=$(awk -v a="$with" -v b="$alone" 'BEGIN {printf "%.2f", a/b}')
    ratios+=("$ratio")
    printf "%-8s pair %d | alone %9s req/s p99 %8s non-201 %s | with OTLP %9s req/s p99 %8s non-201 %s | stream %s spans/s, %s exports, %s failed | with/alone %s\n" \
      "$store" "$pair" "$alone" "$alone_p99" "$alone_bad" "$with" "$with_p99" "$with_bad" "$spans_done" "$otlp_requests" "$otlp_failed" "$ratio" \
      | tee -a "$OUT/context-summary.txt"
  done
  kill "$(cat "$OUT/context-server.pid")"; wait "$(cat "$OUT/context-server.pid")" 2>/dev/null || true
  median=$(printf "%s\n" "${ratios[@]}" | sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}')
  echo "$store median with/alone: $median" | tee -a "$OUT/context-summary.txt"
done
