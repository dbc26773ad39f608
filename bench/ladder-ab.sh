#!/usr/bin/env bash
# Two builds side by side: jar A and jar B serve at once (one store each, fresh), and the rungs healthz, full and
# batch alternate between them in rounds, so that load from other processes hits both alike. Run before/after a
# change on a shared machine, where only ratios taken in one run mean anything. Prints per store and jar the median
# req/s (items/s for batch), p50 and p99 over the rounds, and the CPU each costs: milliseconds of CPU (user + system,
# from /proc) per 1,000 requests (items for batch), of the whole server and of its group-commit writer threads. CPU
# per item holds up far better than a rate when other processes take the cores.
#
# Usage: bench/ladder-ab.sh JAR_A JAR_B [seconds per run, default 5] [connections, default 64] [rounds, default 3]
# Environment: FH_BENCH_STORES ("sqlite postgres"), FH_BENCH_BATCH (100), FH_BENCH_PORT (18292; B uses the next).
set -euo pipefail
cd "$(dirname "$0")/.."
JAR_A=$1 JAR_B=$2
SECONDS_PER_RUN=${3:-5}
CONNECTIONS=${4:-64}
ROUNDS=${5:-3}
BATCH=${FH_BENCH_BATCH:-100}
STORES=${FH_BENCH_STORES:-sqlite postgres}
PORT=${FH_BENCH_PORT:-18292}
OUT=bench/out/ladder-ab
mkdir -p "$OUT"
export FH_KEY=fh_secret_bench_0123456789abcdef
declare -A RUNG=([healthz]="GET /healthz 200" [full]="POST /v1/feedback 201" [batch]="POST /v1/feedback/batch 200 $BATCH")
ORDER=(healthz full batch)
PIDS=()
declare -A PID_OF

cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
writer_ticks() { local n=0 t; for t in /proc/"$1"/task/*; do
  [[ $(cat "$t/comm" 2>/dev/null) == group-commit* ]] && n=$((n + $(awk '{ print $14 + $15 }' "$t/stat"))); done; echo $n; }

start() { # $1 = store, $2 = A|B, $3 = jar, $4 = port
  local env=(FEEDBACK_HUB_PORT=$4 FEEDBACK_HUB_HOST=127.0.0.1 FEEDBACK_HUB_INIT_SECRET_KEY=$FH_KEY FEEDBACK_HUB_LOG_LEVEL=WARN
             FEEDBACK_HUB_RATE_LIMIT_PER_SECOND=0)
  if [ "$1" = postgres ]; then
    psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS fh_ab_${2,,} WITH (FORCE)" -c "CREATE DATABASE fh_ab_${2,,}" postgres
    env+=(FEEDBACK_HUB_DATABASE_URL="jdbc:postgresql://127.0.0.1:5432/fh_ab_${2,,}?user=postgres")
  else
    rm -rf "$OUT/sqlite-$2"
    env+=(FEEDBACK_HUB_DATA_DIR="$OUT/sqlite-$2")
  fi
  env "${env[@]}" bin/with-jdk java -Xmx2g -jar "$3" > "$OUT/server-$1-$2.log" 2>&1 &
  PIDS+=($!); PID_OF[$2]=$!
  for _ in $(seq 1 240); do curl -sf "http://127.0.0.1:$4/readyz" >/dev/null && return 0; sleep 0.5; done
  echo "server $2 did not start"; cat "$OUT/server-$1-$2.log"; exit 1
}
stop_all() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done; PIDS=(); }
trap stop_all EXIT

ms() { awk -v v="$1" 'BEGIN { n = v + 0; u = v; sub(/^[0-9.]+/, "", u)
  f = (u == "us") ? 0.001 : (u == "ms") ? 1 : (u == "s") ? 1000 : (u == "m") ? 60000 : 0; printf "%.2f", n * f }'; }
median() { sort -g | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }

echo "# $(date -u +%FT%TZ) A=$JAR_A B=$JAR_B, ${CONNECTIONS} connections, ${SECONDS_PER_RUN}s per run, ${ROUNDS} rounds, batch $BATCH"
for store in $STORES; do
  : > "$OUT/runs.tsv"
  start "$store" A "$JAR_A" "$PORT"; start "$store" B "$JAR_B" $((PORT + 1))
  for side in A B; do p=$PORT; [ $side = B ] && p=$((PORT + 1))
    for rung in "${ORDER[@]}"; do wrk -t1 -c8 -d3s -s bench/ladder.lua "http://127.0.0.1:$p" -- ${RUNG[$rung]} >/dev/null 2>&1; done
  done
  echo "## $store (load average before $(cut -d' ' -f1-3 /proc/loadavg))"
  for round in $(seq 1 "$ROUNDS"); do
    for rung in "${ORDER[@]}"; do
      for side in A B; do p=$PORT; [ $side = B ] && p=$((PORT + 1))
        f="$OUT/$store-$side-$rung-$round.txt"
        pid=${PID_OF[$side]}; c0=$(cpu_ticks "$pid"); w0=$(writer_ticks "$pid")
        wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_PER_RUN}s" --timeout 10s --latency -s bench/ladder.lua "http://127.0.0.1:$p" -- ${RUNG[$rung]} > "$f" 2>&1 || true
        c1=$(cpu_ticks "$pid"); w1=$(writer_ticks "$pid")
        rps=$(awk '/Requests\/sec/ {print $2}' "$f"); n=$(awk '/requests in/ {print $1}' "$f")
        [ "$rung" = batch ] && rps=$(awk -v r="$rps" -v n="$BATCH" 'BEGIN { print r * n }') && n=$((n * BATCH))
        tick_ms=$(awk -v t="$(getconf CLK_TCK)" 'BEGIN { print 1000 / t }')
        printf "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n" "$side" "$rung" "$round" "$rps" "$(ms "$(awk '$1=="50%" {print $2}' "$f")")" \
          "$(ms "$(awk '$1=="99%" {print $2}' "$f")")" \
          "$(awk -v d=$((c1 - c0)) -v m="$tick_ms" -v n="$n" 'BEGIN { printf "%.1f", (n > 0) ? d * m * 1000 / n : 0 }')" \
          "$(awk -v d=$((w1 - w0)) -v m="$tick_ms" -v n="$n" 'BEGIN { printf "%.1f", (n > 0) ? d * m * 1000 / n : 0 }')" >> "$OUT/runs.tsv"
      done
    done
  done
  stop_all
  printf "%-8s %-4s %12s %9s %9s %9s %12s %12s   %s\n" rung jar "req|items/s" "/healthz" "p50 ms" "p99 ms" "cpu ms/1k" "writer ms/1k" "per round"
  for rung in "${ORDER[@]}"; do
    for side in A B; do
      col() { awk -F'\t' -v s="$side" -v r="$1" -v c="$2" '$1 == s && $2 == r { print $c }' "$OUT/runs.tsv"; }
      rps=$(col "$rung" 4 | median); health=$(col healthz 4 | median)
      printf "%-8s %-4s %12.0f %8.1f%% %9s %9s %12s %12s   %s\n" "$rung" "$side" "$rps" "$(awk -v a="$rps" -v b="$health" 'BEGIN { print 100 * a / b }')" \
        "$(col "$rung" 5 | median)" "$(col "$rung" 6 | median)" "$(col "$rung" 7 | median)" "$(col "$rung" 8 | median)" "$(col "$rung" 4 | paste -sd' ')"
    done
  done
  echo "(load average after $(cut -d' ' -f1-3 /proc/loadavg))"
done
