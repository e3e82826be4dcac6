# shellcheck shell=bash
# The Tweeling app (Quarkus, fast-jar): build when the sources changed, run it in the background,
# wait until it is ready, stop it.

APP_JAR=target/quarkus-app/quarkus-run.jar   # relative to TW_ROOT, where the app runs
APP_PID_FILE="$TW_RUN/app.pid"
APP_LOG="$TW_LOGS/app.log"
APP_PORT=${QUARKUS_HTTP_PORT:-8080}
APP_READY_TIMEOUT=300                        # seconds
# A small JVM: the app shares 2 cores and a few GB with PostgreSQL and Kafka. A fixed 80 MB young
# generation with large survivor spaces lets the batches in flight (4 consumers) die young: with the
# default sizing of a 64 MB start heap they were promoted and draining Kafka ran a full GC every
# ~0.4 s (docs/ingest.md, "Memory").
APP_JAVA_OPTS=(-Xms160m -Xmx256m -Xmn80m -XX:SurvivorRatio=4 -XX:+UseSerialGC -XX:MaxMetaspaceSize=192m
  -XX:ReservedCodeCacheSize=64m -Xss512k -Dvertx.disableURIValidation=true)
# Log lines echoed while waiting, so a slow first start (sample load, migrations) shows progress.
APP_PROGRESS='[Ss]ample|[Ff]lyway|[Mm]igrat|started|ERROR'

app_pid() { pid_from_file "$APP_PID_FILE" quarkus-run.jar; }
app_ready() { [[ $(http_status "$APP_PORT" /q/health/ready) == 200 ]]; }

# The jar is stale when anything under src/main, or pom.xml, is newer.
app_needs_build() {
  [[ ! -f $TW_ROOT/$APP_JAR ]] \
    || [[ -n $(find "$TW_ROOT/src/main" "$TW_ROOT/pom.xml" -newer "$TW_ROOT/$APP_JAR" -print -quit) ]]
}

app_build() {
  app_needs_build || return 0
  ensure_build_tools
  info "building the app (./mvnw package -DskipTests; the first build downloads its dependencies)"
  (cd "$TW_ROOT" && ./mvnw -B -q package -DskipTests) || die "the build failed; see Maven's output above"
  [[ -f $TW_ROOT/$APP_JAR ]] || die "the build did not produce $APP_JAR"
  touch "$TW_ROOT/$APP_JAR"   # so an unchanged checkout is never rebuilt
}

app_check_port() {
  if port_open 127.0.0.1 "$APP_PORT"; then
    die "port $APP_PORT is taken by another program; stop it, or use another port: QUARKUS_HTTP_PORT=8081 ./tweeling up"
  fi
}

# Starts the app with the coordinates chosen by pg_provision and kafka_provision.
app_start() {
  rotate_log "$APP_LOG"
  info "starting the app on http://localhost:$APP_PORT (log: $(rel "$APP_LOG"))"
  (
    cd "$TW_ROOT" || exit
    export TWEELING_DB_URL="$DB_URL" TWEELING_DB_USER="$DB_USER" TWEELING_DB_PASSWORD="$DB_PASSWORD" \
      TWEELING_LOADER_USER="${LOADER_USER:-}" TWEELING_LOADER_PASSWORD="${LOADER_PASSWORD:-}" \
      TWEELING_KAFKA="$KAFKA_BOOTSTRAP" TWEELING_SAMPLE_LOAD="${APP_SAMPLE_LOAD:-true}" QUARKUS_HTTP_PORT="$APP_PORT"
    spawn "$APP_PID_FILE" "$APP_LOG" java "${APP_JAVA_OPTS[@]}" -jar "$APP_JAR"
  )
}

# app_echo_progress: prints the progress lines logged since the last call (APP_LOG_SEEN lines).
APP_LOG_SEEN=0
app_echo_progress() {
  local total
  total=$(wc -l <"$APP_LOG")
  ((total > APP_LOG_SEEN)) || return 0
  sed -n "$((APP_LOG_SEEN + 1)),${total}p" "$APP_LOG" | grep -E "$APP_PROGRESS" | sed 's/^/    | /' || true
  APP_LOG_SEEN=$total
}

# Waits for /q/health/ready, echoing the progress lines the app logs meanwhile.
app_wait_ready() {
  local deadline=$((SECONDS + APP_READY_TIMEOUT))
  info "waiting for the app to become ready (up to $((APP_READY_TIMEOUT / 60)) min)"
  until app_ready; do
    app_echo_progress
    if ! app_pid >/dev/null; then
      printf '    last lines of %s:\n' "$(rel "$APP_LOG")" >&2
      tail -n 30 "$APP_LOG" | sed 's/^/    | /' >&2
      die "the app stopped while starting (lines above); fix the cause and run ./tweeling up again"
    fi
    ((SECONDS < deadline)) \
      || die "the app is not ready after $((APP_READY_TIMEOUT / 60)) min; it keeps running: see ./tweeling logs, or stop it with ./tweeling down"
    sleep 1
  done
  app_echo_progress
}

app_down() {
  local pid
  if pid=$(app_pid); then
    info "stopping the app (pid $pid)"
    stop_pid "the app" "$pid" 60
  fi
  rm -f "$APP_PID_FILE"
}
