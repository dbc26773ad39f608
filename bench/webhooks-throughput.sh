#!/usr/bin/env bash
# Write throughput with 3 active webhook endpoints (two fast receivers and one answering after 1 s) next to none,
# in the same run, for SQLite and PostgreSQL; then how the webhook backlog drains once the writes stop.
# Usage: bench/webhooks-throughput.sh [seconds per run, default 20] [connections, default 64] [stores, default "sqlite postgres"]
# Each variant runs ROUNDS times (default 3), alternating, on a fresh store each time; the medians are compared, so that
# load from other processes on a shared machine hits both variants alike.
# Needs wrk and the local PostgreSQL (127.0.0.1:5432, trust auth). JAR may name the jar (default target/feedback-hub.jar).
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_PER_RUN=${1:-20}
CONNECTIONS=${2:-64}
STORES=${3:-"sqlite postgres"}
ROUNDS=${ROUNDS:-3}
THREADS=2
JAR=${JAR:-target/feedback-hub.jar}
OUT=bench/out/webhooks
mkdir -p "$OUT"
command -v wrk >/dev/null || { echo "installing wrk"; apt-get install -y wrk >/dev/null; }
[ -f "$JAR" ] || bin/with-jdk mvn -q -DskipTests package
export FH_KEY=fh_secret_bench_0123456789abcdef
PORT=${PORT:-18381}   # not 18181: bench/write-throughput.sh may run beside this one
BASE=http://127.0.0.1:$PORT

read -r D1 D2 D3 <<< "${RECEIVER_DELAYS:-0 0 1000}"   # answer delays in ms of the three receivers
bin/with-jdk java -Xmx512m bench/WebhookReceivers.java $((PORT+20)):$D1 $((PORT+21)):$D2 $((PORT+22)):$D3 > "$OUT/receivers.log" 2>&1 &
RECEIVERS=$!
trap 'kill $RECEIVERS 2>/dev/null || true; [ -f "$OUT/server.pid" ] && kill "$(cat "$OUT/server.pid")" 2>/dev/null || true' EXIT
for _ in $(seq 1 60); do curl -sf http://127.0.0.1:$((PORT+22))/count >/dev/null && break; sleep 0.5; done

start_server() { # $1 = store, $2 = label
  local env=(FEEDBACK_HUB_PORT=$PORT FEEDBACK_HUB_HOST=127.0.0.1 FEEDBACK_HUB_INIT_SECRET_KEY=$FH_KEY FEEDBACK_HUB_LOG_LEVEL=WARN
             FEEDBACK_HUB_RATE_LIMIT_PER_SECOND=0 FEEDBACK_HUB_WEBHOOK_ALLOW_PRIVATE=true)
  if [ "$1" = postgres ]; then
    psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS fh_bench_hooks WITH (FORCE)" -c "CREATE DATABASE fh_bench_hooks" postgres
    env+=(FEEDBACK_HUB_DATABASE_URL="jdbc:postgresql://127.0.0.1:5432/fh_bench_hooks?user=postgres")
  else
    rm -rf "$OUT/sqlite-data"
    env+=(FEEDBACK_HUB_DATA_DIR="$OUT/sqlite-data")
  fi
  env "${env[@]}" bin/with-jdk java -Xmx2g -jar "$JAR" > "$OUT/server-$1-$2.log" 2>&1 &
  echo $! > "$OUT/server.pid"
  for _ in $(seq 1 60); do curl -sf $BASE/readyz >/dev/null && return 0; sleep 0.5; done
  echo "server did not start"; cat "$OUT/server-$1-$2.log"; exit 1
}

stop_server() {
  kill "$(cat "$OUT/server.pid")"; wait "$(cat "$OUT/server.pid")" 2>/dev/null || true; rm -f "$OUT/server.pid"
}

subscribe() { # $1 = receiver port; prints the endpoint id
  curl -sf -X POST $BASE/v1/webhooks -H "Authorization: Bearer $FH_KEY" -H 'Content-Type: application/json' \
    -d "{\"url\": \"http://127.0.0.1:$1/hook\", \"description\": \"bench $1\"}" | sed -E 's/.*"id":"([^"]+)".*/\1/'
}

pending() { # $1 = endpoint id
  curl -sf $BASE/v1/webhooks/$1 -H "Authorization: Bearer $FH_KEY" | sed -E 's/.*"pending_deliveries":([0-9]+).*/\1/'
}

cpu_ticks() { awk '{print $14 + $15}' "/proc/$(cat "$OUT/server.pid")/stat"; }   # the server's user + system time

write_load() { # $1 = label; prints req/s, server CPU ms per write, non-2xx (the run's output in $OUT/<label>.txt)
  wrk -t1 -c8 -d3s -s bench/post-feedback.lua $BASE >/dev/null 2>&1   # warm-up
  local t0; t0=$(cpu_ticks)
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"${SECONDS_PER_RUN}s" --latency -s bench/post-feedback.lua $BASE > "$OUT/$1.txt" 2> "$OUT/$1.err"
  local ticks=$(( $(cpu_ticks) - t0 )) writes; writes=$(awk '/requests in/ {print $1}' "$OUT/$1.txt")
  # (a 200 is a slot written twice by the script's warm-up and run in one second: not an error)
  echo "$(awk '/Requests\/sec/ {print $2}' "$OUT/$1.txt") $(awk -v t="$ticks" -v n="$writes" -v hz="$(getconf CLK_TCK)" 'BEGIN {printf "%.3f", t*1000/hz/n}') $(grep "unexpected status" "$OUT/$1.err" | grep -vc "unexpected status 200" || true)"
}

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

echo "# $(date -u +%FT%TZ) $(nproc) cores, ${CONNECTIONS} connections, ${ROUNDS} rounds of ${SECONDS_PER_RUN}s per variant, alternating (medians); receivers: ${D1} ms, ${D2} ms, ${D3} ms" | tee "$OUT/summary.txt"
for store in $STORES; do
  none_runs=(); hook_runs=(); none_cpu=(); hook_cpu=(); errors=0
  for round in $(seq 1 "$ROUNDS"); do
    start_server "$store" none
    read -r rps cpu err <<< "$(write_load "$store-none-$round")"
    none_runs+=("$rps"); none_cpu+=("$cpu"); errors=$((errors + err))
    stop_server

    start_server "$store" hooks
    fast1=$(subscribe $((PORT+20))); fast2=$(subscribe $((PORT+21))); slow=$(subscribe $((PORT+22)))
    read -r rps cpu err <<< "$(write_load "$store-hooks-$round")"
    hook_runs+=("$rps"); hook_cpu+=("$cpu"); errors=$((errors + err))
    if [ "$round" != "$ROUNDS" ]; then stop_server; fi
  done
  stopped=$(date +%s.%N)
  # backlog when the last writes stopped, then until the fast endpoints are empty, then the slow one's drain rate over 30 s
  b1=$(pending "$fast1"); b2=$(pending "$fast2"); bs=$(pending "$slow")
  for _ in $(seq 1 1200); do [ "$(pending "$fast1")" = 0 ] && [ "$(pending "$fast2")" = 0 ] && break; sleep 0.5; done
  fast_drained=$(awk -v a="$(date +%s.%N)" -v b="$stopped" 'BEGIN {printf "%.1f", a-b}')
  s0=$(pending "$slow"); t0=$(date +%s.%N); sleep 30; s1=$(pending "$slow"); t1=$(date +%s.%N)
  slow_rate=$(awk -v a="$s0" -v b="$s1" -v t="$t1" -v u="$t0" 'BEGIN {printf "%.0f", (a-b)/(t-u)}')
  slow_eta=$(awk -v r="$slow_rate" -v s="$s1" 'BEGIN {if (r > 0) printf "%.0f s", s/r; else print "never"}')
  stop_server

  none_median=$(printf '%s\n' "${none_runs[@]}" | median); hook_median=$(printf '%s\n' "${hook_runs[@]}" | median)
  none_cpu_median=$(printf '%s\n' "${none_cpu[@]}" | median); hook_cpu_median=$(printf '%s\n' "${hook_cpu[@]}" | median)
  ratio=$(awk -v a="$hook_median" -v b="$none_median" 'BEGIN {printf "%.0f%%", 100*a/b}')
  printf "%-8s POST /v1/feedback req/s, median of %s: no webhooks %6.0f (%s) | 3 endpoints %6.0f (%s) | ratio %s | non-2xx: %s\n" \
    "$store" "$ROUNDS" "$none_median" "${none_runs[*]}" "$hook_median" "${hook_runs[*]}" "$ratio" "$errors" | tee -a "$OUT/summary.txt"
  printf "%-8s server CPU per write, median: no webhooks %s ms (%s) | 3 endpoints %s ms (%s)\n" \
    "$store" "$none_cpu_median" "${none_cpu[*]}" "$hook_cpu_median" "${hook_cpu[*]}" | tee -a "$OUT/summary.txt"
  printf "%-8s backlog when writes stopped: fast %s + %s, slow %s | fast endpoints empty after %s s | slow drains at %s/s (%s left, empty in ~%s)\n" \
    "$store" "$b1" "$b2" "$bs" "$fast_drained" "$slow_rate" "$s1" "$slow_eta" | tee -a "$OUT/summary.txt"
done
