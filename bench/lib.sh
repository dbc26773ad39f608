# Shared by the bench scripts (source it after cd to the repository root): one Feedback Hub server at a time on
# 127.0.0.1:$PORT, its SQLite data in a fresh directory or its PostgreSQL database freshly created.
# The caller sets PORT and OUT; FH_KEY is the bench's secret key. FH_BENCH_JAR picks another jar (default target/).
export FH_KEY=fh_secret_bench_0123456789abcdef
FH_BENCH_JAR=${FH_BENCH_JAR:-target/feedback-hub.jar}

fh_require_wrk() {
  command -v wrk >/dev/null || { echo "installing wrk"; apt-get install -y wrk >/dev/null; }
}

fh_require_jar() {
  [ -f "$FH_BENCH_JAR" ] || bin/with-jdk mvn -q -o -DskipTests package
}

# fh_start_server STORE NAME: STORE is sqlite or postgres, NAME names the data dir or database
# and the log ($OUT/NAME-STORE.log); the pid is in $OUT/NAME.pid. Returns once /readyz answers.
fh_start_server() {
  local store=$1 name=$2
  if curl -s -o /dev/null "http://127.0.0.1:${PORT}/readyz"; then
    echo "port ${PORT} is taken by another server (another bench?): set FH_BENCH_PORT" >&2; exit 1
  fi
  local env=(FEEDBACK_HUB_PORT=${PORT} FEEDBACK_HUB_HOST=127.0.0.1 FEEDBACK_HUB_INIT_SECRET_KEY=$FH_KEY
             FEEDBACK_HUB_LOG_LEVEL=WARN FEEDBACK_HUB_RATE_LIMIT_PER_SECOND=0)
  if [ "$store" = postgres ]; then
    psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS fh_${name//-/_} WITH (FORCE)" -c "CREATE DATABASE fh_${name//-/_}" postgres
    env+=(FEEDBACK_HUB_DATABASE_URL="jdbc:postgresql://127.0.0.1:5432/fh_${name//-/_}?user=postgres")
  else
    rm -rf "$OUT/$name-sqlite-data"
    env+=(FEEDBACK_HUB_DATA_DIR="$OUT/$name-sqlite-data")
  fi
  env "${env[@]}" bin/with-jdk java -Xmx2g -jar "$FH_BENCH_JAR" > "$OUT/$name-$store.log" 2>&1 &
  echo $! > "$OUT/$name.pid"
  for _ in $(seq 1 60); do
    kill -0 "$(cat "$OUT/$name.pid")" 2>/dev/null || break
    curl -sf "http://127.0.0.1:${PORT}/readyz" >/dev/null && return 0; sleep 0.5
  done
  echo "server did not start"; cat "$OUT/$name-$store.log"; exit 1
}

# fh_stop_server NAME: stops the server fh_start_server started under NAME and waits for it.
fh_stop_server() {
  local pid
  pid=$(cat "$OUT/$1.pid")
  kill "$pid"; wait "$pid" 2>/dev/null || true
}

fh_load() {
  cut -d' ' -f1-3 /proc/loadavg
}

# fh_cpu_ms NAME: CPU time (user + system, ms) the server started under NAME has used so far. Per unit of work it is
# a steadier figure than throughput on a shared machine, where other processes take the cores.
fh_cpu_ms() {
  awk -v hz="$(getconf CLK_TCK)" '{print int(($14 + $15) * 1000 / hz)}' "/proc/$(cat "$OUT/$1.pid")/stat"
}
