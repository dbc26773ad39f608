#!/usr/bin/env bash
# OTLP ingest capacity alone: how many GenAI spans per second one server records when exporters send as fast as it
# answers (bench/otlp-stream.py unpaced), jar A against jar B, alternating rounds on fresh servers, same machine; and
# the server's CPU time per 1,000 spans, steadier than spans/s when other processes share the cores.
# Usage: bench/otlp-capacity.sh JAR_A JAR_B [seconds per round, default 15] [rounds, default 2] [stores, default "sqlite postgres"]
# Env: FH_SPANS_PER_EXPORT (default 50), FH_EXPORTERS (connections, default 8), FH_BENCH_PORT.
set -euo pipefail
cd "$(dirname "$0")/.."
JAR_A=$1
JAR_B=$2
SECONDS_PER_ROUND=${3:-15}
ROUNDS=${4:-2}
STORES=${5:-"sqlite postgres"}
PER_EXPORT=${FH_SPANS_PER_EXPORT:-50}
EXPORTERS=${FH_EXPORTERS:-8}
PORT=${FH_BENCH_PORT:-18294}
OUT=bench/out
mkdir -p "$OUT"
source bench/lib.sh

round() { # $1 = jar; prints spans/s exports failed, server CPU ms per 1,000 spans
  FH_BENCH_JAR=$1 fh_start_server "$store" otlp-capacity
  bench/otlp-stream.py "http://127.0.0.1:${PORT}/v1/otel/v1/traces" "$FH_KEY" 1000000 5 "$PER_EXPORT" "$EXPORTERS" >/dev/null  # warm-up
  local cpu_before result
  cpu_before=$(fh_cpu_ms otlp-capacity)
  result=$(bench/otlp-stream.py "http://127.0.0.1:${PORT}/v1/otel/v1/traces" "$FH_KEY" 1000000 "$SECONDS_PER_ROUND" "$PER_EXPORT" "$EXPORTERS")
  read -r _ exports _ <<< "$result"
  echo "$result $(awk -v c="$(( $(fh_cpu_ms otlp-capacity) - cpu_before ))" -v n="$((exports * PER_EXPORT))" 'BEGIN {printf "%.0f", 1000*c/n}')"
  fh_stop_server otlp-capacity
}

echo "# $(date -u +%FT%TZ) $(nproc) cores, load $(fh_load), ${SECONDS_PER_ROUND}s rounds, ${ROUNDS} rounds, ${EXPORTERS} exporters x ${PER_EXPORT} spans per export; A=$JAR_A B=$JAR_B" | tee "$OUT/otlp-capacity.txt"
for store in $STORES; do
  for r in $(seq 1 "$ROUNDS"); do
    read -r a a_exports a_failed a_cpu <<< "$(round "$JAR_A")"
    load_a=$(fh_load)
    read -r b b_exports b_failed b_cpu <<< "$(round "$JAR_B")"
    printf "%-8s round %d | A %6s spans/s, %5s cpu ms/1k spans (%s exports, %s failed, load %s) | B %6s spans/s, %5s cpu ms/1k spans (%s exports, %s failed, load %s) | B/A spans/s %s, cpu/span %s\n" \
      "$store" "$r" "$a" "$a_cpu" "$a_exports" "$a_failed" "$load_a" "$b" "$b_cpu" "$b_exports" "$b_failed" "$(fh_load)" \
      "$(awk -v a="$a" -v b="$b" 'BEGIN {printf "%.2f", b/a}')" "$(awk -v a="$a_cpu" -v b="$b_cpu" 'BEGIN {printf "%.2f", b/a}')" | tee -a "$OUT/otlp-capacity.txt"
  done
done
