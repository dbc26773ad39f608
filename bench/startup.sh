#!/usr/bin/env bash
# Start-up (issue #18 item 6): time from launching bin/feedback-hub to the first 200 of GET /healthz and to the first
# answered real request (a POST /v1/feedback, 201), the JVM's CPU time (user + system) up to that first 200, which
# load from other processes moves less than wall time, and the idle RSS 5 s later; N runs per variant, median.
# Variants: each jar given × each archive mode (FH_ARCHIVE of bin/feedback-hub: off, cds, auto = AOT cache on JDK 25+).
# Runs are interleaved (round r runs every variant once) so that load from other processes hits all alike.
# Each variant gets its own copy of the jar (its archive lives beside it) and its own SQLite data dir. A first,
# uncounted start per variant creates the store and the archive; the counted runs restart on that store.
# Usage: bench/startup.sh [runs, default 5] [jar...]   (default jar: target/feedback-hub.jar)
# Env: MODES (default "off cds auto"), PORT (default 18471), OUT (default bench/out/startup)
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-5}
shift || true
JARS=("$@")
[ ${#JARS[@]} -gt 0 ] || JARS=(target/feedback-hub.jar)
MODES=${MODES:-"off cds auto"}
PORT=${PORT:-18471}
OUT=${OUT:-bench/out/startup}
KEY=fh_secret_startup_bench_key_0123456789
rm -rf "$OUT"; mkdir -p "$OUT"

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

run_once() { # $1 = variant dir, $2 = mode; prints "healthz_ms first_post_ms idle_rss_mb cpu_ms_to_healthz"
  local v=$1 t0 t1 t2 pid status cpu
  t0=$(now_ms)
  FH_JAR="$v/feedback-hub.jar" FH_ARCHIVE=$2 FEEDBACK_HUB_PORT=$PORT FEEDBACK_HUB_HOST=127.0.0.1 \
    FEEDBACK_HUB_DATA_DIR="$v/data" FEEDBACK_HUB_INIT_SECRET_KEY=$KEY \
    bin/feedback-hub >> "$v/server.log" 2>&1 &
  pid=$!
  until curl -sf -o /dev/null "http://127.0.0.1:$PORT/healthz" 2>/dev/null; do
    kill -0 $pid 2>/dev/null || { echo "server died:"; tail -20 "$v/server.log"; exit 1; }
    sleep 0.005
  done
  t1=$(now_ms)
  cpu=$(awk -v hz="$(getconf CLK_TCK)" '{printf "%d", ($14 + $15) * 1000 / hz}' /proc/$pid/stat)
  status=$(curl -s -o /dev/null -w '%{http_code}' -X POST "http://127.0.0.1:$PORT/v1/feedback" \
    -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json' \
    -d "{\"agent_id\": \"bench\", \"thread_id\": \"t-$t0\", \"message_id\": \"m-$t0\", \"author_id\": \"u\", \"label\": \"thumbs_up\"}")
  t2=$(now_ms)
  [ "$status" = 201 ] || { echo "first POST answered $status"; tail -5 "$v/server.log"; exit 1; }
  sleep 5
  local rss
  rss=$(awk '/VmRSS/ {printf "%d", $2 / 1024}' /proc/$pid/status)
  kill $pid; wait $pid 2>/dev/null || true
  echo "$((t1 - t0)) $((t2 - t0)) $rss $cpu"
}

median() { sort -n | awk '{a[NR] = $1} END {print (NR % 2) ? a[(NR + 1) / 2] : int((a[NR / 2] + a[NR / 2 + 1]) / 2)}'; }

variants=()
for i in "${!JARS[@]}"; do
  j=${JARS[$i]}
  for m in $MODES; do
    v="$OUT/$i-$(basename "$j" .jar)-$m" # by position: two jars may share a folder or a name
    mkdir -p "$v"; cp "$j" "$v/feedback-hub.jar"; echo "$m" > "$v/mode"; echo "$j" > "$v/jar"
    variants+=("$v")
  done
done

echo "# $(date -u +%FT%TZ) start-up, $RUNS runs per variant; $(nproc) cores; $(bin/with-jdk java -version 2>&1 | head -1); load $(cut -d' ' -f1-3 /proc/loadavg)"
for v in "${variants[@]}"; do # uncounted: creates the store, and the archive at its exit
  read -r h p r c < <(run_once "$v" "$(cat "$v/mode")")
  echo "first start of $(cat "$v/jar") FH_ARCHIVE=$(cat "$v/mode") (empty store, no archive yet): healthz $h ms, first POST $p ms, CPU $c ms, idle RSS $r MB"
done
for r in $(seq 1 "$RUNS"); do
  for v in "${variants[@]}"; do
    run_once "$v" "$(cat "$v/mode")" >> "$v/runs.txt"
  done
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "medians; runs as healthz/first POST ms"
printf "%-36s %-5s %11s %14s %15s %12s\n" jar archive "healthz ms" "first POST ms" "CPU ms to 200" "idle RSS MB"
for v in "${variants[@]}"; do
  printf "%-36s %-5s %11s %14s %15s %12s   runs: %s\n" "$(cat "$v/jar")" "$(cat "$v/mode")" \
    "$(awk '{print $1}' "$v/runs.txt" | median)" "$(awk '{print $2}' "$v/runs.txt" | median)" \
    "$(awk '{print $4}' "$v/runs.txt" | median)" "$(awk '{print $3}' "$v/runs.txt" | median)" \
    "$(awk '{printf "%s/%s ", $1, $2}' "$v/runs.txt")"
done
