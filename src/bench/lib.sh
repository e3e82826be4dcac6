# Shared by the benchmark scripts in src/bench (sourced after src/main/sh/*.sh).

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
