#!/usr/bin/env bash
# Export A/B (issue #18 item 5): two jars serve the same store at once (ports PORT and PORT+1); rounds alternate
# A and B, JSONL then CSV, each a whole-tenant `GET /v1/export` through curl. Per export: rows/s, the server's CPU
# seconds (user + system from /proc/<pid>/stat, which load from other processes moves less than wall time), its
# RSS before and at most during the export (sampled every 0.2 s), and the SHA-256 of the body: A's and B's must be
# the same bytes. A first export of each format per server warms it up and is not counted.
# Usage: bench/export-ab.sh JAR_A JAR_B [store: sqlite|postgres, default sqlite] [rounds, default 3]
# Data: what bench/insight.sh generated into $OUT/insight-<store> (keys.properties; tenant 0 is exported).
# Env: OUT (default bench/out), PORT (default 18291), HEAP (default 512m), PG_DB (default fh_insight), TENANT (default 0)
set -euo pipefail
cd "$(dirname "$0")/.."
JAR_A=$1; JAR_B=$2; STORE=${3:-sqlite}; ROUNDS=${4:-3}
OUT=${OUT:-bench/out}; PORT=${PORT:-18291}; HEAP=${HEAP:-512m}; PG_DB=${PG_DB:-fh_insight}; TENANT=${TENANT:-0}
dir=$OUT/insight-$STORE
KEY=$(grep "^tenant.$TENANT.key=" "$dir/keys.properties" | cut -d= -f2-)
res=$OUT/export-ab-$STORE; mkdir -p "$res"

start() { # $1 = jar, $2 = port; prints the pid
  local env=(FEEDBACK_HUB_PORT=$2 FEEDBACK_HUB_HOST=127.0.0.1 FEEDBACK_HUB_LOG_LEVEL=WARN FEEDBACK_HUB_RATE_LIMIT_PER_SECOND=0)
  if [ "$STORE" = postgres ]; then
    env+=(FEEDBACK_HUB_DATABASE_URL="jdbc:postgresql://127.0.0.1:5432/$PG_DB?user=postgres")
  else
    env+=(FEEDBACK_HUB_DATA_DIR="$dir/data")
  fi
  env "${env[@]}" bin/with-jdk java -Xmx"$HEAP" -jar "$1" > "$res/server-$2.log" 2>&1 &
  echo $!
}
cpu() { awk '{print $14 + $15}' /proc/"$1"/stat; }
rss() { awk '/VmRSS/ {printf "%d", $2 / 1024}' /proc/"$1"/status; }

export_once() { # $1 = label, $2 = pid, $3 = port, $4 = format
  local before c0 t0 t1 c1 max=0 sampler lines sum
  before=$(rss "$2"); c0=$(cpu "$2")
  ( while kill -0 "$2" 2>/dev/null; do rss "$2"; echo; sleep 0.2; done ) > "$res/rss.txt" &
  sampler=$!
  t0=$(date +%s.%N)
  curl -sf -H "Authorization: Bearer $KEY" "http://127.0.0.1:$3/v1/export?format=$4" > "$res/body.$4"
  t1=$(date +%s.%N)
  kill $sampler; wait $sampler 2>/dev/null || true
  c1=$(cpu "$2")
  max=$(sort -n "$res/rss.txt" | tail -1)
  lines=$(wc -l < "$res/body.$4"); [ "$4" = csv ] && lines=$((lines - 1))
  sum=$(sha256sum < "$res/body.$4" | cut -c1-16)
  awk -v l="$1" -v f="$4" -v n="$lines" -v a="$t0" -v b="$t1" -v c="$(( c1 - c0 ))" -v hz="$(getconf CLK_TCK)" \
      -v r0="$before" -v r1="$max" -v s="$sum" -v la="$(cut -d' ' -f1 /proc/loadavg)" \
    'BEGIN {printf "%-2s %-5s %9d rows %6.2f s %8.0f rows/s  server cpu %6.2f s (%.2f us/row)  RSS %d -> max %d MB  sha256 %s  load %s\n",
            l, f, n, b - a, n / (b - a), c / hz, c / hz / n * 1e6, r0, r1, s, la}'
}

PID_A=$(start "$JAR_A" "$PORT"); PID_B=$(start "$JAR_B" $((PORT + 1)))
trap 'kill $PID_A $PID_B 2>/dev/null || true' EXIT
for p in $PORT $((PORT + 1)); do
  for _ in $(seq 1 240); do curl -sf "http://127.0.0.1:$p/readyz" >/dev/null && break; sleep 0.5; done
done
echo "# $(date -u +%FT%TZ) export A/B on $STORE, tenant $TENANT; A = $JAR_A, B = $JAR_B; -Xmx$HEAP; $ROUNDS rounds; load $(cut -d' ' -f1-3 /proc/loadavg)"
for f in jsonl csv; do export_once A "$PID_A" "$PORT" $f > /dev/null; export_once B "$PID_B" $((PORT + 1)) $f > /dev/null; done
for r in $(seq 1 "$ROUNDS"); do
  for f in jsonl csv; do
    export_once A "$PID_A" "$PORT" $f
    export_once B "$PID_B" $((PORT + 1)) $f
  done
done | tee "$res/runs.txt"
for f in jsonl csv; do
  for l in A B; do
    printf "median %s %-5s %8s rows/s  %6s us of server cpu per row\n" $l $f \
      "$(awk -v l=$l -v f=$f '$1 == l && $2 == f {print $7}' "$res/runs.txt" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')" \
      "$(awk -v l=$l -v f=$f '$1 == l && $2 == f {gsub(/[(]/, "", $13); print $13}' "$res/runs.txt" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')"
  done
  n=$(awk -v f=$f '$2 == f {print $(NF-2)}' "$res/runs.txt" | sort -u | wc -l)
  echo "$f bodies: $n distinct SHA-256 over A and B ($([ "$n" = 1 ] && echo identical || echo DIFFERENT))"
done
