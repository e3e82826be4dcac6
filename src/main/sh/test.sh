# shellcheck shell=bash
# shellcheck disable=SC2034  # globals here are read by the other src/main/sh files
# `./tweeling test`: the whole test suite against a throwaway PostGIS cluster and Kafka broker on
# free ports, so neither a running `up` nor a second test run is disturbed. All they write lives in
# one temp dir; an EXIT trap stops them and removes it, also after Ctrl-C or a failure.
#
# The tests get the services through TWEELING_DB_URL, TWEELING_DB_USER, TWEELING_DB_PASSWORD (the
# app's role, no superuser), TWEELING_LOADER_USER, TWEELING_LOADER_PASSWORD (the imports' loader role),
# TWEELING_KAFKA, and may control them through:
#   TWEELING_TEST_PG_SUPERUSER, TWEELING_TEST_PG_SUPERUSER_PASSWORD
#                           a superuser of the test cluster, for tests that need one to arrange things
#   TWEELING_TEST_PG_BIN    PostgreSQL binaries (pg_ctl; run them as the postgres OS user)
#   TWEELING_TEST_PG_DATA   the cluster's data dir      TWEELING_TEST_PG_PORT  its port
#   TWEELING_TEST_KAFKA_DIR the broker's dir: server.properties, kafka.pid, kafka.log, data/
#   TWEELING_TEST_KAFKA_LIB the broker jars (java -cp "$TWEELING_TEST_KAFKA_LIB/*" kafka.Kafka ...)
#   TWEELING_TEST_MQTT_PORT the throwaway Mosquitto broker's port (127.0.0.1, anonymous)

# chromium: the browser tests of the map viewer (nl.tweeling.viewer.ViewerBrowserTest, /usr/bin/chromium headless)
TEST_PACKAGES=("postgresql-$PG_MAJOR" "postgresql-$PG_MAJOR-postgis-3" gdal-bin mosquitto mosquitto-clients kcat chromium)
TEST_REAL_DATA=${TWEELING_REAL_DATA_DIR:-$TW_ROOT/../shared/data/real}   # as the tests look for it
TEST_DIR=""

cmd_test() {
  ensure_build_tools
  ensure_packages "${TEST_PACKAGES[@]}"
  # kubectl renders k8s/base in a test; Debian ships it as kubernetes-client
  command -v kubectl >/dev/null || ensure_packages kubernetes-client
  kafka_fetch_jars
  test_real_data_notice
  trap test_cleanup EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
  TEST_DIR=$(test_make_dir)
  test_start_postgres
  test_start_kafka
  test_start_mosquitto
  test_run "$@"
}

test_real_data_notice() {
  if [[ -d $TEST_REAL_DATA ]]; then
    info "real data: $(cd "$TEST_REAL_DATA" && pwd -P)"
    return 0
  fi
  printf '\n*** NOTICE: %s does not exist, so the real-data tests will be skipped. ***\n' "$TEST_REAL_DATA"
  if [[ ${TWEELING_REAL_DATA:-} == required ]]; then
    printf '*** TWEELING_REAL_DATA=required is set: those tests will fail instead.              ***\n'
  fi
  printf '\n'
}

# A temp dir the postgres user can traverse (mktemp makes it 700 and root's).
test_make_dir() {
  local dir
  dir=$(mktemp -d /tmp/tweeling-test.XXXXXX)
  chmod 755 "$dir"
  if ! as_postgres test -x "$dir"; then
    rm -rf "$dir"
    as_root install -d -m 755 /var/lib/tweeling
    dir=$(mktemp -d /var/lib/tweeling/test.XXXXXX)
    chmod 755 "$dir"
  fi
  printf '%s\n' "$dir"
}

# Another program may take a free port between the choice and the start: then try another.
test_start_postgres() {
  local root="$TEST_DIR/pg" attempt
  pg_cluster_init "$root" --no-sync
  for attempt in 1 2 3; do
    TEST_PG_PORT=$(free_port)
    info "test PostgreSQL on 127.0.0.1:$TEST_PG_PORT ($root/data)"
    # statements over 5 s are logged with their plans, and lock waits over 1 s: test_cleanup prints them, so
    # a test that timed out in CI shows what the database was doing
    pg_cluster_start "$root" "$TEST_PG_PORT" "-c fsync=off -c synchronous_commit=off -c full_page_writes=off \
-c log_min_duration_statement=5000 -c log_lock_waits=on -c deadlock_timeout=1s \
-c session_preload_libraries=auto_explain -c auto_explain.log_min_duration=5000" && break
    ((attempt < 3)) || die "the test PostgreSQL did not start; see its log lines above"
    warn "retrying on another port"
  done
  DB_HOST=127.0.0.1 DB_PORT=$TEST_PG_PORT DB_NAME=tweeling_test
  pg_setup_database "$TEST_DIR"   # as `up` does: the app's and the loader's roles, passwords in TEST_DIR
}

test_start_kafka() {
  local dir="$TEST_DIR/kafka" attempt
  for attempt in 1 2 3; do
    TEST_KAFKA_PORT=$(free_port "$TEST_PG_PORT")
    TEST_KAFKA_CONTROLLER_PORT=$(free_port "$TEST_PG_PORT" "$TEST_KAFKA_PORT")
    kafka_configure "$dir" "$TEST_KAFKA_PORT" "$TEST_KAFKA_CONTROLLER_PORT"
    info "test Kafka on 127.0.0.1:$TEST_KAFKA_PORT ($dir)"
    kafka_start "$dir" "$TEST_KAFKA_PORT" "$dir/kafka.pid" "$dir/kafka.log" && break
    ((attempt < 3)) || die "the test Kafka broker did not start; see its log lines above"
    warn "retrying on other ports"
    rm -rf "$dir/data"   # its quorum state names the old ports
  done
}

# Mosquitto without persistence; queues without limit, so a fast test publisher never loses a QoS-1
# message for a slower subscriber (the default of 1000 queued messages per client would drop them).
test_start_mosquitto() {
  local dir="$TEST_DIR/mosquitto" attempt pid
  mkdir -p "$dir"
  for attempt in 1 2 3; do
    TEST_MQTT_PORT=$(free_port "$TEST_PG_PORT" "$TEST_KAFKA_PORT" "$TEST_KAFKA_CONTROLLER_PORT")
    printf '%s\n' "listener $TEST_MQTT_PORT 127.0.0.1" 'allow_anonymous true' 'persistence false' \
      'max_queued_messages 0' 'log_dest stdout' >"$dir/mosquitto.conf"
    info "test Mosquitto on 127.0.0.1:$TEST_MQTT_PORT ($dir)"
    spawn "$dir/mosquitto.pid" "$dir/mosquitto.log" mosquitto -c "$dir/mosquitto.conf"
    pid=$(<"$dir/mosquitto.pid")
    wait_port 127.0.0.1 "$TEST_MQTT_PORT" 15 "$pid" && break
    tail -n 5 "$dir/mosquitto.log" >&2
    stop_pid "test Mosquitto" "$pid" 5
    ((attempt < 3)) || die "the test Mosquitto did not start; see its log lines above"
    warn "retrying on another port"
  done
}

# Runs Maven (output unfiltered) and exits with its status; the EXIT trap tears down.
test_run() {
  export TWEELING_DB_URL="jdbc:postgresql://127.0.0.1:$TEST_PG_PORT/tweeling_test" \
    TWEELING_DB_USER="$DB_USER" TWEELING_DB_PASSWORD="$DB_PASSWORD" \
    TWEELING_LOADER_USER="$LOADER_USER" TWEELING_LOADER_PASSWORD="$LOADER_PASSWORD" \
    TWEELING_TEST_PG_SUPERUSER="$PG_SU_USER" TWEELING_TEST_PG_SUPERUSER_PASSWORD="$PG_SU_PASSWORD" \
    TWEELING_KAFKA="127.0.0.1:$TEST_KAFKA_PORT" \
    TWEELING_TEST_PG_BIN="$PG_BIN" TWEELING_TEST_PG_DATA="$TEST_DIR/pg/data" \
    TWEELING_TEST_PG_PORT="$TEST_PG_PORT" \
    TWEELING_TEST_KAFKA_DIR="$TEST_DIR/kafka" TWEELING_TEST_KAFKA_LIB="$KAFKA_LIB" \
    TWEELING_TEST_MQTT_PORT="$TEST_MQTT_PORT"
  local status=0
  cd "$TW_ROOT" || exit
  if [[ -n ${TWEELING_TEST_COMMAND:-} ]]; then
    warn "TWEELING_TEST_COMMAND is set: running it instead of the test suite: $TWEELING_TEST_COMMAND"
    bash -c "$TWEELING_TEST_COMMAND" || status=$?
  else
    info "running ./mvnw -B verify $*"
    ./mvnw -B verify "$@" || status=$?
  fi
  exit "$status"
}

# What the test database logged as slow (over 5 s) or waiting for a lock, kept under target/ and summed up.
test_report_slow_statements() {
  local log=$1 out="$TW_ROOT/target/test-services"
  mkdir -p "$out" && as_postgres cat "$log" >"$out/postgres.log" 2>/dev/null || return 0
  if grep -qE 'duration: [0-9]{4,}|still waiting for' "$out/postgres.log"; then
    warn "the test database logged slow statements or lock waits (all of it in target/test-services/postgres.log):"
    grep -E -A12 'duration: [0-9]{4,}|still waiting for' "$out/postgres.log" | cut -c1-300 | head -n 120 >&2
  fi
}

test_cleanup() {
  local status=$? pid
  trap - EXIT INT TERM
  set +e
  if [[ -n $TEST_DIR && -d $TEST_DIR ]]; then
    info "stopping the test services and removing $TEST_DIR"
    # our broker, and any other that a test started from the same directory
    for pid in $(pids_with_arg "$TEST_DIR/kafka/"); do
      stop_pid "test Kafka" "$pid" 30
    done
    if pid=$(pid_from_file "$TEST_DIR/mosquitto/mosquitto.pid" "$TEST_DIR/mosquitto/"); then
      stop_pid "test Mosquitto" "$pid" 10
    fi
    pg_cluster_stop "$TEST_DIR/pg" immediate
    test_report_slow_statements "$TEST_DIR/pg/postgres.log"
    rm -rf "$TEST_DIR"
  fi
  exit "$status"
}
