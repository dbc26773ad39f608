#!/usr/bin/env bash
# What a body of 60,000 unknown keys costs (issue 13 item 4): CPU seconds of the server per such request, the size of
# its answer, and the latency of a normal write sent while four of them arrive at once. SQLite; the store plays no part.
# Usage: bench/validation-cost.sh [jar, default target/feedback-hub.jar] [hostile requests, default 8]
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=${1:-target/feedback-hub.jar}
N=${2:-8}
PORT=${FH_BENCH_PORT:-18292}
OUT=bench/out
mkdir -p "$OUT"
[ -f "$JAR" ] || bin/with-jdk mvn -q -DskipTests package
KEY=fh_secret_bench_0123456789abcdef
BASE=http://127.0.0.1:${PORT}

python3 - "$OUT/unknown-keys.json" <<'PY'
import sys
members = ",".join('"z%d":0' % i for i in range(60000))
open(sys.argv[1], "w").write('{' + members + ',"message_id":"m-hostile","label":"thumbs_up"}')
PY
rm -rf "$OUT/validation-data"
env FEEDBACK_HUB_PORT=$PORT FEEDBACK_HUB_HOST=127.0.0.1 FEEDBACK_HUB_INIT_SECRET_KEY=$KEY FEEDBACK_HUB_DATA_DIR="$OUT/validation-data" \
  FEEDBACK_HUB_RATE_LIMIT_PER_SECOND=0 FEEDBACK_HUB_LOG_LEVEL=WARN bin/with-jdk java -Xmx1g -jar "$JAR" > "$OUT/validation-server.log" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null || true' EXIT
for _ in $(seq 1 60); do curl -sf $BASE/readyz >/dev/null && break; sleep 0.5; done

cpu() { awk '{print $14 + $15}' /proc/$PID/stat; }   # user + system, in clock ticks
TICKS=$(getconf CLK_TCK)
hostile() { curl -s -o "$OUT/validation-answer.json" -w '%{http_code} %{size_download} %{time_total}\n' -H "Authorization: Bearer $KEY" \
  -H 'Content-Type: application/json' --data-binary @"$OUT/unknown-keys.json" $BASE/v1/feedback; }
normal() { curl -s -o /dev/null -w '%{http_code} %{time_total}\n' -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json' \
  -d "{\"message_id\": \"m-normal-$1\", \"label\": \"thumbs_up\"}" $BASE/v1/feedback; }

hostile > /dev/null; normal warm > /dev/null                    # warm-up
before=$(cpu)
for i in $(seq 1 "$N"); do hostile; done > "$OUT/validation-hostile.txt"
after=$(cpu)
quiet=$(normal quiet)
pids=()
for i in 1 2 3 4; do hostile > /dev/null & pids+=($!); done
sleep 0.2
busy=$(normal busy)
wait "${pids[@]}"

echo "# $(date -u +%FT%TZ) $(nproc) cores, jar $JAR, body $(stat -c %s "$OUT/unknown-keys.json") bytes, $N hostile requests" | tee "$OUT/validation-summary.txt"
awk -v ticks="$TICKS" -v cpu=$((after - before)) -v n="$N" '{s+=$2; t+=$3; st=$1} END {
  printf "hostile: status %s, answer %d bytes, %.3f s wall and %.3f s server CPU per request\n", st, s/NR, t/NR, cpu/ticks/n }' \
  "$OUT/validation-hostile.txt" | tee -a "$OUT/validation-summary.txt"
echo "normal write alone: status/seconds $quiet; while 4 hostile bodies arrive: $busy" | tee -a "$OUT/validation-summary.txt"
