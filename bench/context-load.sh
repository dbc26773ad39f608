#!/usr/bin/env bash
# Feedback write throughput with and without a concurrent OTLP stream (issue #17, item 5), same server, alternating
# rounds: feedback alone, feedback + the stream, feedback alone, ..., ending alone. The figure that counts is each
# "with" round divided by the mean of the two "alone" rounds on either side of it (that cancels a steady drift, as the
# tables grow); absolute req/s move with the machine's other load.
# Usage: bench/context-load.sh [seconds per round, default 15] [with-rounds, default 3] [stores, default "sqlite postgres"]
# Env: FH_SPANS_PER_SECOND (default 500), FH_SPANS_PER_EXPORT (default 200: exporters batch, the OTel SDK's batch span
# processor up to 512 per export), FH_EXPORTERS (parallel exporting connections, default 4), FH_BENCH_PORT, FH_BENCH_JAR.
# Needs wrk, python3 and, for postgres, the local PostgreSQL.
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_PER_ROUND=${1:-15}
PAIRS=${2:-3}
STORES=${3:-"sqlite postgres"}
SPANS=${FH_SPANS_PER_SECOND:-500}
PER_EXPORT=${FH_SPANS_PER_EXPORT:-200}
EXPORTERS=${FH_EXPORTERS:-4}
PORT=${FH_BENCH_PORT:-18293}
CONNECTIONS=64
OUT=bench/out
mkdir -p "$OUT"
source bench/lib.sh
fh_require_wrk
fh_require_jar
URL="http://127.0.0.1:${PORT}/v1/otel/v1/traces"

feedback_round() { # $1 = label; prints req/s p99 non-201
  wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_PER_ROUND}s" --latency -s bench/post-feedback.lua "http://127.0.0.1:${PORT}" \
    > "$OUT/context-$1.txt" 2> "$OUT/context-$1.err"
  echo "$(awk '/Requests\/sec/ {print $2}' "$OUT/context-$1.txt") $(awk '$1=="99%" {print $2}' "$OUT/context-$1.txt") $(grep -c "unexpected status" "$OUT/context-$1.err" || true)"
}

echo "# $(date -u +%FT%TZ) $(nproc) cores, load $(fh_load), ${CONNECTIONS} feedback connections, ${SECONDS_PER_ROUND}s rounds, ${PAIRS} with-rounds, stream ${SPANS} spans/s as ${EXPORTERS} exporters x ${PER_EXPORT} spans per export, jar ${FH_BENCH_JAR}" | tee "$OUT/context-summary.txt"
for store in $STORES; do
  fh_start_server "$store" context-load
  # warm-up, both paths together at full load: a first measured round on a cold JIT came out at a third of the next
  bench/otlp-stream.py "$URL" "$FH_KEY" "$SPANS" 10 "$PER_EXPORT" "$EXPORTERS" >/dev/null &
  warm=$!
  wrk -t2 -c"$CONNECTIONS" -d10s -s bench/post-feedback.lua "http://127.0.0.1:${PORT}" >/dev/null 2>&1
  wait "$warm"
  ratios=()
  read -r alone alone_p99 alone_bad <<< "$(feedback_round "$store-alone-0")"
  printf "%-8s alone %9s req/s p99 %8s non-201 %s load %s\n" "$store" "$alone" "$alone_p99" "$alone_bad" "$(fh_load)" | tee -a "$OUT/context-summary.txt"
  for pair in $(seq 1 "$PAIRS"); do
    bench/otlp-stream.py "$URL" "$FH_KEY" "$SPANS" "$((SECONDS_PER_ROUND + 1))" "$PER_EXPORT" "$EXPORTERS" > "$OUT/context-$store-stream-$pair.txt" &
    stream=$!
    sleep 0.5
    read -r with with_p99 with_bad <<< "$(feedback_round "$store-with-$pair")"
    wait "$stream"
    read -r spans_done otlp_requests otlp_failed < "$OUT/context-$store-stream-$pair.txt"
    printf "%-8s with  %9s req/s p99 %8s non-201 %s load %s | stream %s spans/s, %s exports, %s failed\n" "$store" "$with" \
      "$with_p99" "$with_bad" "$(fh_load)" "$spans_done" "$otlp_requests" "$otlp_failed" | tee -a "$OUT/context-summary.txt"
    previous=$alone
    read -r alone alone_p99 alone_bad <<< "$(feedback_round "$store-alone-$pair")"
    ratio=$(awk -v w="$with" -v a="$previous" -v b="$alone" 'BEGIN {printf "%.2f", 2*w/(a+b)}')
    ratios+=("$ratio")
    printf "%-8s alone %9s req/s p99 %8s non-201 %s load %s | with / mean(alone either side) %s\n" "$store" "$alone" \
      "$alone_p99" "$alone_bad" "$(fh_load)" "$ratio" | tee -a "$OUT/context-summary.txt"
  done
  fh_stop_server context-load
  median=$(printf "%s\n" "${ratios[@]}" | sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}')
  echo "$store median with/alone: $median" | tee -a "$OUT/context-summary.txt"
done
