# Shared by the benchmark scripts in src/bench, which source it once TW_ROOT is set. It sources the
# src/main/sh files its functions use (those of `./tweeling test`); a script sources any others itself.
# shellcheck shell=bash
# shellcheck disable=SC2034  # APP_*, DB_URL and KAFKA_BOOTSTRAP are read by the sourced src/main/sh functions

for lib in common postgres kafka app test; do
  # shellcheck source=/dev/null
  source "$TW_ROOT/src/main/sh/$lib.sh"
done

# The SQL baselines run with the session settings the app's own connections have (application.properties:
# no JIT), so a ratio compares the same database work, not a plan compiled on one side only.
export PGOPTIONS="${PGOPTIONS:+$PGOPTIONS }-c jit=off"

# bench_services [PACKAGE...]: what every benchmark starts from. Installs what is missing (build tools,
# PostgreSQL with PostGIS, PACKAGE...), fetches the Kafka jars and builds the app if its sources changed
# (./mvnw package, as `up` does); then, with bench_cleanup as EXIT trap, makes TEST_DIR and starts a
# throwaway PostgreSQL cluster and Kafka broker in it on free ports (the functions of `./tweeling test`).
# Sets DB_HOST DB_PORT DB_NAME DB_USER DB_PASSWORD, DB_URL, KAFKA_BOOTSTRAP, and for app_start (which the
# benchmark calls itself, after what it has to set up first) APP_PORT, APP_PID_FILE and APP_LOG.
bench_services() {
  ensure_build_tools
  ensure_packages "postgresql-$PG_MAJOR" "postgresql-$PG_MAJOR-postgis-3" "$@"
  kafka_fetch_jars
  app_build
  trap bench_cleanup EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
  TEST_DIR=$(test_make_dir)
  APP_PID_FILE="$TEST_DIR/app.pid" APP_LOG="$TEST_DIR/app.log"
  test_start_postgres   # sets DB_HOST DB_PORT DB_NAME DB_USER DB_PASSWORD
  test_start_kafka
  DB_URL="jdbc:postgresql://$DB_HOST:$DB_PORT/$DB_NAME" KAFKA_BOOTSTRAP="127.0.0.1:$TEST_KAFKA_PORT"
  APP_PORT=$(free_port "$TEST_PG_PORT" "$TEST_KAFKA_PORT" "$TEST_KAFKA_CONTROLLER_PORT")
}

since() { awk -v s="$1" -v e="$EPOCHREALTIME" 'BEGIN { printf "%.3f\n", e - s }'; }   # seconds since START (an EPOCHREALTIME value)
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) exit 1; print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
calc() { awk "BEGIN { printf \"$1\n\", ($2) }"; }   # calc FORMAT EXPRESSION
load() { printf 'load average %s' "$(cut -d ' ' -f 1-3 /proc/loadavg)"; }

# bench_cleanup: stops what a benchmark started in $TEST_DIR (the app, Kafka, PostgreSQL) and removes it.
bench_cleanup() {
  local pid
  trap - EXIT INT TERM
  set +e
  # only the app this script started (its pid file lives in TEST_DIR), never one of `up`
  if [[ -n $TEST_DIR ]] && pid=$(pid_from_file "$TEST_DIR/app.pid" quarkus-run.jar); then
    step "stopping the app (pid $pid)"
    stop_pid "the app" "$pid" 60
  fi
  if [[ -n $TEST_DIR && -d $TEST_DIR ]]; then
    step "stopping the throwaway PostgreSQL and Kafka, removing $TEST_DIR"
    for pid in $(pids_with_arg "$TEST_DIR/kafka/"); do
      stop_pid "bench Kafka" "$pid" 30
    done
    pg_cluster_stop "$TEST_DIR/pg" immediate
    rm -rf "$TEST_DIR"
  fi
}
