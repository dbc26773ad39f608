#!/usr/bin/env bash
# Insight at scale: generates N realistic feedback rows (5 tenants, 6 agents each, prompt versions, reasons, comments,
# corrections, 90 days) into SQLite and into PostgreSQL through the write path's own row binding and rollup code
# (io.feedbackhub.store.BulkLoader), checks the rollups of a sample tenant against a recount, then measures over HTTP
# against the real server: stats p50/p99 of typical dashboard queries, and export rows/s with the server's memory.
#
# Usage: bench/insight.sh [rows, default 10000000] [stores, default "sqlite postgres"]
# Env:   REUSE=1 keeps a store generated earlier with the same row count; SECONDS_PER_QUERY (default 15);
#        BUILD_DIR (default target); SKIP_BUILD=1 uses what is built there; HEAP (server -Xmx, default 512m);
#        OUT (default bench/out), PORT (default 18191). PG_DB (default fh_insight): the PostgreSQL database it (re)creates.
# Needs wrk (apt-get install wrk), curl, and the local PostgreSQL (127.0.0.1:5432, trust auth).
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS=${1:-10000000}
STORES=${2:-"sqlite postgres"}
SECONDS_PER_QUERY=${SECONDS_PER_QUERY:-15}
BUILD_DIR=${BUILD_DIR:-target}
HEAP=${HEAP:-512m}
PORT=${PORT:-18191}  # not 18181: bench/write-throughput.sh serves there, with a bench key of its own
OUT=${OUT:-bench/out}
PG_DB=${PG_DB:-fh_insight}
SUMMARY=$OUT/insight-summary.txt
mkdir -p "$OUT"
command -v wrk >/dev/null || { echo "installing wrk"; apt-get install -y wrk >/dev/null; }
if [ "${SKIP_BUILD:-0}" != 1 ]; then
  bin/with-jdk mvn -q -o -DbuildDir="$BUILD_DIR" -Dmaven.test.skip=true package   # the server
  bin/with-jdk mvn -q -o -DbuildDir="$BUILD_DIR" test-compile                      # the generator
fi
CP="$BUILD_DIR/test-classes:$BUILD_DIR/feedback-hub.jar"

prop() { grep "^$2=" "$1" | cut -d= -f2-; }

generate() { # $1 = store
  local dir=$OUT/insight-$1
  if [ "${REUSE:-0}" = 1 ] && [ -f "$dir/keys.properties" ] && [ "$(prop "$dir/keys.properties" rows)" = "$ROWS" ]; then
    echo "reusing $1 data generated earlier ($(prop "$dir/keys.properties" end))"; return
  fi
  rm -rf "$dir"; mkdir -p "$dir"
  local target
  if [ "$1" = postgres ]; then
    psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS $PG_DB WITH (FORCE)" -c "CREATE DATABASE $PG_DB" postgres
    target="jdbc:postgresql://127.0.0.1:5432/$PG_DB?user=postgres"
  else
    target="$dir/data"
  fi
  echo "generating $ROWS rows into $1"
  /usr/bin/time -v bin/with-jdk java -Xmx3g -cp "$CP" io.feedbackhub.bench.InsightDataGenerator "$target" "$ROWS" "$dir" \
    > "$dir/generate.log" 2> "$dir/generate.time"
  grep -E "^loaded|^indexes" "$dir/generate.log"
}

audit() { # $1 = store: the service's rollup audit, run in its own JVM (it holds a tenant's rollup keys in memory)
  local dir=$OUT/insight-$1 target
  target=$([ "$1" = postgres ] && echo "jdbc:postgresql://127.0.0.1:5432/$PG_DB?user=postgres" || echo "$dir/data")
  bin/with-jdk java -Xmx6g -cp "$CP" io.feedbackhub.bench.AuditTenant "$target" "$(prop "$dir/keys.properties" tenant.4.id)" \
    > "$dir/audit.log" 2>&1 || { echo "ROLLUPS DIFFER FROM A RECOUNT:"; grep -v WARN "$dir/audit.log" | head -20; exit 1; }
  grep '^audit' "$dir/audit.log"
}

start_server() { # $1 = store; sets SERVER_PID
  local env=(FEEDBACK_HUB_PORT=$PORT FEEDBACK_HUB_HOST=127.0.0.1 FEEDBACK_HUB_LOG_LEVEL=WARN FEEDBACK_HUB_RATE_LIMIT_PER_SECOND=0)
  if [ "$1" = postgres ]; then
    env+=(FEEDBACK_HUB_DATABASE_URL="jdbc:postgresql://127.0.0.1:5432/$PG_DB?user=postgres")
  else
    env+=(FEEDBACK_HUB_DATA_DIR="$OUT/insight-$1/data")
  fi
  env "${env[@]}" bin/with-jdk java -Xmx"$HEAP" -jar "$BUILD_DIR/feedback-hub.jar" > "$OUT/insight-$1/server.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 240); do curl -sf http://127.0.0.1:$PORT/readyz >/dev/null && return 0; sleep 0.5; done
  echo "server did not start"; cat "$OUT/insight-$1/server.log"; exit 1
}

java_pid() { # the JVM under bin/with-jdk (exec'd, so the same pid)
  echo "$SERVER_PID"
}

measure() { # $1 = store, $2 = label, $3 = path; prints "label p50 p99 req/s"
  local url="http://127.0.0.1:$PORT$3" file
  file="$OUT/insight-$1/wrk-$(echo "$2" | tr -c 'A-Za-z0-9\n' '-').txt"
  wrk -t1 -c1 -d3s -H "Authorization: Bearer $KEY" "$url" >/dev/null 2>&1   # warm-up
  wrk -t1 -c1 -d"${SECONDS_PER_QUERY}s" --latency -H "Authorization: Bearer $KEY" "$url" > "$file"
  local status
  status=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $KEY" "$url")
  [ "$status" = 200 ] || { echo "$2 answered $status"; curl -s -H "Authorization: Bearer $KEY" "$url"; exit 1; }
  printf "  %-44s p50 %9s  p99 %9s  %8s req/s\n" "$2" "$(awk '$1=="50%" {print $2}' "$file")" \
    "$(awk '$1=="99%" {print $2}' "$file")" "$(awk '/Requests\/sec/ {print $2}' "$file")"
}

export_run() { # $1 = store, $2 = format; prints rows/s and the server's memory while exporting
  local dir=$OUT/insight-$1 samples rss_before
  samples=$dir/rss-$2.txt
  rss_before=$(ps -o rss= -p "$(java_pid)")
  ( while kill -0 "$(java_pid)" 2>/dev/null; do ps -o rss= -p "$(java_pid)"; sleep 0.5; done ) > "$samples" &
  local sampler=$! start end lines
  start=$(date +%s.%N)
  lines=$(curl -sf -H "Authorization: Bearer $KEY" "http://127.0.0.1:$PORT/v1/export?format=$2" | wc -l)
  end=$(date +%s.%N)
  kill $sampler 2>/dev/null; wait $sampler 2>/dev/null || true
  [ "$2" = csv ] && lines=$((lines - 1))
  local heap
  heap=$(bin/with-jdk jcmd "$(java_pid)" GC.heap_info 2>/dev/null | awk '/garbage-first heap|total/ {print; exit}' | sed 's/^ *//')
  awk -v rows="$lines" -v s="$start" -v e="$end" -v before="$rss_before" -v f="$2" -v heap="$heap" '
    {if ($1 > max) max = $1; if (min == "" || $1 < min) min = $1; n++}
    END {printf "  export %-5s %10d rows in %6.1f s = %8.0f rows/s | server RSS before %d MB, during %d..%d MB (%d samples) | %s\n",
         f, rows, e - s, rows / (e - s), before / 1024, min / 1024, max / 1024, n, heap}' "$samples"
}

{
  echo "# $(date -u +%FT%TZ) insight benchmark, $ROWS rows; $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GB RAM; $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
  echo "# server -Xmx$HEAP; wrk one connection, ${SECONDS_PER_QUERY}s per query after a 3s warm-up"
} | tee "$SUMMARY"

for store in $STORES; do
  generate "$store"
  dir=$OUT/insight-$store
  KEY=$(prop "$dir/keys.properties" tenant.0.key)
  SAMPLE_KEY=$(prop "$dir/keys.properties" tenant.4.key)
  AUDIT_LINE=$(audit "$store")
  start_server "$store"
  {
    echo "## $store: $(prop "$dir/keys.properties" rows) rows generated $(grep -E '^loaded' "$dir/generate.log" | sed 's/^loaded //'); $(grep -E '^indexes' "$dir/generate.log")"
    if [ "$store" = postgres ]; then
      echo "  database size $(psql -h 127.0.0.1 -U postgres -Atc "SELECT pg_size_pretty(pg_database_size('$PG_DB'))" postgres)"
    else
      echo "  database size $(du -sh "$dir/data" | cut -f1)"
    fi
    echo "  rollups of tenant 4 ($(prop "$dir/keys.properties" tenant.4.share) of rows) against a recount of its rows: $AUDIT_LINE"
    f90=$(date -u -d '-90 days' +%FT%H:00:00Z)
    f60=$(date -u -d '-60 days' +%FT%H:00:00Z)
    f30=$(date -u -d '-30 days' +%FT%H:00:00Z)
    echo "  stats of tenant 0 ($(prop "$dir/keys.properties" tenant.0.share) of rows):"
    measure "$store" "30 days by day (Europe/Paris)" "/v1/stats?group_by=day&tz=Europe/Paris"
    measure "$store" "30 days by day, no top reasons" "/v1/stats?group_by=day&tz=Europe/Paris&top_reasons=0"
    measure "$store" "90 days by day (Europe/Paris)" "/v1/stats?group_by=day&tz=Europe/Paris&from=$f90"
    measure "$store" "30 days by agent" "/v1/stats?group_by=agent_id"
    measure "$store" "90 days by agent" "/v1/stats?group_by=agent_id&from=$f90"
    measure "$store" "30 days, one agent, by day" "/v1/stats?group_by=day&agent_id=support-bot"
    measure "$store" "30 days by label, prompt_version=v3" "/v1/stats?group_by=label&metadata.prompt_version=v3"
    measure "$store" "90 days by prompt_version" "/v1/stats?group_by=metadata.prompt_version&from=$f90"
    measure "$store" "30 days by reason, prompt_version=v3" "/v1/stats?group_by=reason&metadata.prompt_version=v3"
    measure "$store" "90 days by prompt_version and reason" "/v1/stats?group_by=metadata.prompt_version,reason&from=$f90"
    measure "$store" "compare prompt v2 vs v3 (30 days)" "/v1/stats/compare?a.metadata.prompt_version=v2&b.metadata.prompt_version=v3"
    measure "$store" "compare last 30 days vs the 30 before" "/v1/stats/compare?a.from=$f60&a.to=$f30&b.from=$f30"
    export_run "$store" jsonl
    export_run "$store" csv
    echo "  server peak RSS over the whole run: $(awk '/VmHWM/ {print int($2/1024) " MB"}' /proc/"$(java_pid)"/status)"
  } | tee -a "$SUMMARY"
  kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true
done
