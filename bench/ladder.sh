#!/usr/bin/env bash
# The write ladder: where the time of a durable write goes, on one server per store, in one run.
# Rungs, each a wrk run against the same server, alternating in rounds (healthz, validate, raw, full, batch) x ROUNDS:
#   healthz   GET /healthz                      HTTP and nothing else
#   validate  POST /bench/validate              POST /v1/feedback up to the store: auth, parse, validation, config check
#   raw       POST /bench/raw-insert            auth + one unparsed row through group commit (fsync), no semantics
#   full      POST /v1/feedback                 the real durable create
#   batch     POST /v1/feedback/batch           BATCH items per request (figures in items/s)
# "unexpected" counts answers other than the rung's status (any refused batch item too) and wrk's socket errors and
# timeouts (10 s). "writes/tx" is the median over rounds of the feedback writer's work items per group-commit
# transaction during the rung (from /metrics; a batch request is one work item; the raw rung's writer reports none).
# Printed per store: the median over rounds of req/s (items/s for batch), p50 and p99, and req/s as a ratio to
# /healthz. The bench rungs need FEEDBACK_HUB_BENCH_ROUTES=true, which this script sets: never set it in production.
#
# Usage: bench/ladder.sh [seconds per run, default 10] [connections, default 64] [rounds, default 3]
#        bench/ladder.sh profile [seconds, default 20] [connections, default 64]   JFR of the full POST on SQLite
#        (of the batch rung with FH_BENCH_PROFILE_RUNG=batch), summarised by bench/jfr_top.py (hot methods per thread group)
# Environment: FH_BENCH_STORES ("sqlite postgres"), FH_BENCH_BATCH (100), FH_BENCH_JAR (target/feedback-hub.jar),
#              FH_BENCH_PORT (18292), FH_BENCH_PROFILE_RUNG (full). Needs wrk and the local PostgreSQL (127.0.0.1:5432, trust auth).
set -euo pipefail
cd "$(dirname "$0")/.."
MODE=ladder
if [ "${1:-}" = profile ]; then MODE=profile; shift; fi
SECONDS_PER_RUN=${1:-$([ $MODE = profile ] && echo 20 || echo 10)}
CONNECTIONS=${2:-64}
ROUNDS=${3:-3}
BATCH=${FH_BENCH_BATCH:-100}
STORES=${FH_BENCH_STORES:-sqlite postgres}
JAR=${FH_BENCH_JAR:-target/feedback-hub.jar}
PORT=${FH_BENCH_PORT:-18292}
THREADS=2
OUT=bench/out/ladder
mkdir -p "$OUT"
command -v wrk >/dev/null || { echo "installing wrk"; apt-get install -y wrk >/dev/null; }
[ -f "$JAR" ] || bin/with-jdk mvn -q -DskipTests package
export FH_KEY=fh_secret_bench_0123456789abcdef
URL=http://127.0.0.1:${PORT}

declare -A RUNG=(
  [healthz]="GET /healthz 200"
  [validate]="POST /bench/validate 204"
  [raw]="POST /bench/raw-insert 201"
  [full]="POST /v1/feedback 201"
  [batch]="POST /v1/feedback/batch 200 $BATCH"
)
ORDER=(healthz validate raw full batch)

start_server() { # $1 = store, $2... = extra JVM options
  local store=$1; shift
  local env=(FEEDBACK_HUB_PORT=${PORT} FEEDBACK_HUB_HOST=127.0.0.1 FEEDBACK_HUB_INIT_SECRET_KEY=$FH_KEY FEEDBACK_HUB_LOG_LEVEL=WARN
             FEEDBACK_HUB_RATE_LIMIT_PER_SECOND=0 FEEDBACK_HUB_BENCH_ROUTES=true)
  if [ "$store" = postgres ]; then
    psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS fh_ladder WITH (FORCE)" -c "CREATE DATABASE fh_ladder" postgres
    env+=(FEEDBACK_HUB_DATABASE_URL="jdbc:postgresql://127.0.0.1:5432/fh_ladder?user=postgres")
  else
    rm -rf "$OUT/sqlite-data"
    env+=(FEEDBACK_HUB_DATA_DIR="$OUT/sqlite-data")
  fi
  env "${env[@]}" bin/with-jdk java -Xmx2g "$@" -jar "$JAR" > "$OUT/server-$store.log" 2>&1 &
  echo $! > "$OUT/server.pid"
  for _ in $(seq 1 120); do curl -sf "$URL/readyz" >/dev/null && return 0; sleep 0.5; done
  echo "server did not start"; cat "$OUT/server-$store.log"; exit 1
}

stop_server() {
  local pid; pid=$(cat "$OUT/server.pid" 2>/dev/null) || return 0
  rm -f "$OUT/server.pid"
  kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true
}
trap stop_server EXIT   # no server left behind when a step fails

to_ms() { # wrk latency (850.00us, 1.20ms, 2.01s, 1.00m) to milliseconds
  awk -v v="$1" 'BEGIN { n = v + 0; u = v; sub(/^[0-9.]+/, "", u)
    f = (u == "us") ? 0.001 : (u == "ms") ? 1 : (u == "s") ? 1000 : (u == "m") ? 60000 : 0; printf "%.3f", n * f }'
}

batch_metric() { # sum and count of feedbackhub_write_batch_size (work items per group-commit transaction, feedback writer)
  curl -sf "$URL/metrics" | awk '/^feedbackhub_write_batch_size_(sum|count)/ { printf "%s ", $2 } END { print "" }'
}

run_rung() { # $1 = store, $2 = rung, $3 = round, $4 = seconds, $5 = connections; appends to $OUT/runs.tsv
  local store=$1 rung=$2 round=$3 file="$OUT/$1-$2-$3.txt"
  local before; before=$(batch_metric)
  wrk -t"$THREADS" -c"$5" -d"$4s" --timeout 10s --latency -s bench/ladder.lua "$URL" -- ${RUNG[$rung]} > "$file" 2> "${file%.txt}.err"
  local rps p50 p99 bad
  rps=$(awk '/Requests\/sec/ {print $2}' "$file")
  p50=$(to_ms "$(awk '$1=="50%" {print $2}' "$file")")
  p99=$(to_ms "$(awk '$1=="99%" {print $2}' "$file")")
  bad=$(awk '/unexpected_statuses/ {print $2}' "$file")
  bad=$((bad + $(awk '/Socket errors/ { gsub(/[^0-9 ]/, " "); for (i = 1; i <= NF; i++) n += $i } END { print n + 0 }' "$file")))
  local per_tx; per_tx=$(echo "$before $(batch_metric)" | awk '{ d = $4 - $2; print (d > 0) ? ($3 - $1) / d : "-" }')
  printf "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n" "$store" "$rung" "$round" "$rps" "$p50" "$p99" "$bad" "$per_tx" >> "$OUT/runs.tsv"
}

median() { sort -g | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }

column_of() { # $1 = store, $2 = rung, $3 = column (4 rps, 5 p50, 6 p99, 7 unexpected)
  awk -F'\t' -v s="$1" -v r="$2" -v c="$3" '$1 == s && $2 == r { print $c }' "$OUT/runs.tsv"
}

warm_up() {
  for rung in "${ORDER[@]}"; do
    wrk -t1 -c8 -d3s -s bench/ladder.lua "$URL" -- ${RUNG[$rung]} > /dev/null 2>&1
  done
}

ladder() {
  : > "$OUT/runs.tsv"
  echo "# $(date -u +%FT%TZ) $(nproc) cores, ${CONNECTIONS} connections, ${SECONDS_PER_RUN}s per run, ${ROUNDS} rounds, batch ${BATCH} items" | tee "$OUT/summary.txt"
  for store in $STORES; do
    start_server "$store"
    local load_before; load_before=$(cut -d' ' -f1-3 /proc/loadavg)
    warm_up
    for round in $(seq 1 "$ROUNDS"); do
      for rung in "${ORDER[@]}"; do
        run_rung "$store" "$rung" "$round" "$SECONDS_PER_RUN" "$CONNECTIONS"
      done
    done
    stop_server
    local health; health=$(column_of "$store" healthz 4 | median)
    echo "## $store (load average before $load_before, after $(cut -d' ' -f1-3 /proc/loadavg))" | tee -a "$OUT/summary.txt"
    printf "%-9s %12s %9s %10s %10s %11s %9s   %s\n" rung "req/s" "/healthz" "p50 ms" "p99 ms" unexpected "writes/tx" "req/s per round" | tee -a "$OUT/summary.txt"
    for rung in "${ORDER[@]}"; do
      local rps p50 p99 bad rounds per_tx
      rps=$(column_of "$store" "$rung" 4 | median)
      p50=$(column_of "$store" "$rung" 5 | median)
      p99=$(column_of "$store" "$rung" 6 | median)
      bad=$(column_of "$store" "$rung" 7 | awk '{ n += $1 } END { print n }')
      rounds=$(column_of "$store" "$rung" 4 | paste -sd' ')
      per_tx=$(column_of "$store" "$rung" 8 | { grep -v -- - || true; } | awk '{ printf "%.1f\n", $1 }')
      [ -n "$per_tx" ] && per_tx=$(echo "$per_tx" | median)
      printf "%-9s %12.0f %8.1f%% %10.2f %10.2f %11s %9s   %s\n" "$rung" "$rps" "$(awk -v a="$rps" -v b="$health" 'BEGIN { print 100 * a / b }')" \
        "$p50" "$p99" "$bad" "${per_tx:--}" "$rounds" | tee -a "$OUT/summary.txt"
      if [ "$rung" = batch ]; then
        printf "%-9s %12.0f %8.1f%%   (items/s = req/s x %d; ratio to /healthz req/s)\n" "items" "$(awk -v a="$rps" -v n="$BATCH" 'BEGIN { print a * n }')" \
          "$(awk -v a="$rps" -v n="$BATCH" -v b="$health" 'BEGIN { print 100 * a * n / b }')" "$BATCH" | tee -a "$OUT/summary.txt"
      fi
    done
  done
}

# A JFR recording (settings=profile) of the full POST (or FH_BENCH_PROFILE_RUNG) on SQLite, started by jcmd once the server is warm, so that it
# holds the measured run alone; -XX:StartFlightRecording with a delay would race a slow start on a loaded machine.
profile() {
  local rung=${FH_BENCH_PROFILE_RUNG:-full}
  local recording="$PWD/$OUT/$rung-post-sqlite.jfr"
  rm -f "$recording"
  : > "$OUT/runs.tsv"
  start_server sqlite -XX:FlightRecorderOptions:stackdepth=512   # request stacks are deeper than the default 64 frames
  local pid; pid=$(cat "$OUT/server.pid")
  wrk -t2 -c64 -d15s -s bench/ladder.lua "$URL" -- ${RUNG[$rung]} > /dev/null 2>&1   # warm: C2 done with the hot paths
  local load_before; load_before=$(cut -d' ' -f1-3 /proc/loadavg)
  bin/with-jdk jcmd "$pid" JFR.start name=ladder settings=profile > /dev/null
  run_rung sqlite "$rung" profile "$SECONDS_PER_RUN" "$CONNECTIONS"
  bin/with-jdk jcmd "$pid" JFR.stop name=ladder filename="$recording" > /dev/null
  stop_server
  echo "# $(date -u +%FT%TZ) JFR of the $rung rung (${RUNG[$rung]}), SQLite, ${CONNECTIONS} connections, ${SECONDS_PER_RUN}s, load average before $load_before"
  column_of sqlite "$rung" 4 | awk '{ print "req/s during the recording: " $1 }'
  bin/with-jdk jfr summary "$recording" | sed -n '1,6p'
  bin/with-jdk python3 bench/jfr_top.py "$recording"
}

if [ $MODE = profile ]; then profile; else ladder; fi
