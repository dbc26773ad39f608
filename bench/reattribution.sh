#!/usr/bin/env bash
# What re-attribution costs: N feedback on one thread (inheriting its agent), then the thread re-registered under
# another agent. The PUT re-attributes all N and moves their rollups in its one transaction; the time it takes is
# what this measures, then a PUT that changes nothing (no re-attribution), then the check that the numbers moved.
# Usage: bench/reattribution.sh [feedback, default 100000] [stores, default "sqlite postgres"]
# Needs the local PostgreSQL (127.0.0.1:5432, trust auth), curl and python3. JAR= picks another jar.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-100000}
STORES=${2:-sqlite postgres}
PORT=${FH_BENCH_PORT:-18293}
JAR=${JAR:-target/feedback-hub.jar}
OUT=bench/out
mkdir -p "$OUT"
[ -f "$JAR" ] || bin/with-jdk mvn -q -DskipTests package
KEY=fh_secret_bench_0123456789abcdef
URL=http://127.0.0.1:${PORT}

start_server() { # $1 = store
  local env=(FEEDBACK_HUB_PORT=${PORT} FEEDBACK_HUB_HOST=127.0.0.1 FEEDBACK_HUB_INIT_SECRET_KEY=$KEY FEEDBACK_HUB_LOG_LEVEL=WARN FEEDBACK_HUB_RATE_LIMIT_PER_SECOND=0)
  if [ "$1" = postgres ]; then
    psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS fh_bench_reattribution WITH (FORCE)" -c "CREATE DATABASE fh_bench_reattribution" postgres
    env+=(FEEDBACK_HUB_DATABASE_URL="jdbc:postgresql://127.0.0.1:5432/fh_bench_reattribution?user=postgres")
  else
    rm -rf "$OUT/reattribution-sqlite"
    env+=(FEEDBACK_HUB_DATA_DIR="$OUT/reattribution-sqlite")
  fi
  env "${env[@]}" bin/with-jdk java -Xmx2g -jar "$JAR" > "$OUT/reattribution-$1.log" 2>&1 &
  echo $! > "$OUT/reattribution.pid"
  for _ in $(seq 1 60); do curl -sf "$URL/readyz" >/dev/null && return 0; sleep 0.5; done
  echo "server did not start"; cat "$OUT/reattribution-$1.log"; exit 1
}

call() { # $1 = method, $2 = path, $3 = body; prints the body
  curl -sf -X "$1" "$URL$2" -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json' ${3:+-d "$3"}
}

timed_put() { # $1 = path, $2 = body; prints seconds
  curl -sf -o /dev/null -w '%{time_total}' -X PUT "$URL$1" -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json' -d "$2"
}

echo "# $(date -u +%FT%TZ) $(nproc) cores, $N feedback on one thread" | tee "$OUT/reattribution-summary.txt"
for store in $STORES; do
  start_server "$store"
  call PUT /v1/threads/t-bench '{"agent_id": "agent-a"}' >/dev/null
  # N feedback in batches of 1000: one message each, no agent of their own (they inherit agent-a), a reason and a
  # metadata key so that several rollup dimensions move
  for ((from = 0; from < N; from += 1000)); do
    python3 - "$from" "$N" > "$OUT/reattribution-batch.json" <<'PY'
import json, sys
start, n = int(sys.argv[1]), int(sys.argv[2])
items = [{"thread_id": "t-bench", "message_id": "m-%d" % i, "author_id": "u-%d" % (i % 997),
          "label": "thumbs_up" if i % 3 else "thumbs_down", "reasons": ["r%d" % (i % 5)],
          "metadata": {"prompt_version": "v%d" % (i % 2)}} for i in range(start, min(start + 1000, n))]
print(json.dumps({"items": items}))
PY
    curl -sf -o /dev/null -X POST "$URL/v1/feedback/batch" -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json' \
      --data-binary "@$OUT/reattribution-batch.json"
  done
  before=$(call GET '/v1/stats?agent_id=agent-a' | python3 -c 'import json,sys; print(json.load(sys.stdin)["overall"]["total"])')
  moved=$(timed_put /v1/threads/t-bench '{"agent_id": "agent-b"}')
  unchanged=$(timed_put /v1/threads/t-bench '{"agent_id": "agent-b", "title": "same agent"}')
  back=$(timed_put /v1/threads/t-bench '{"agent_id": "agent-a"}')
  after=$(call GET '/v1/stats?agent_id=agent-a' | python3 -c 'import json,sys; print(json.load(sys.stdin)["overall"]["total"])')
  consistent=$(call GET /v1/stats/consistency | python3 -c 'import json,sys; print(json.load(sys.stdin)["consistent"])')
  kill "$(cat "$OUT/reattribution.pid")"; wait "$(cat "$OUT/reattribution.pid")" 2>/dev/null || true
  printf "%-8s %s feedback under agent-a before: %s | re-attribute to agent-b: %ss | PUT without agent change: %ss | back to agent-a: %ss | under agent-a after: %s | consistent: %s\n" \
    "$store" "$N" "$before" "$moved" "$unchanged" "$back" "$after" "$consistent" | tee -a "$OUT/reattribution-summary.txt"
done
