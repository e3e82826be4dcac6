# shellcheck shell=bash
# shellcheck disable=SC2034  # globals here are read by the other src/main/sh files
# Apache Kafka for ./tweeling: a single-node KRaft broker (broker and controller in one JVM) run
# from the Maven Central jars that src/main/kafka/broker-pom.xml names.
#
# After kafka_provision:  KAFKA_MODE (external | local) and KAFKA_BOOTSTRAP (host:port).

KAFKA_VERSION=4.1.1
KAFKA_LIB="$TW_STATE/kafka/lib"             # shared by `up` and `test`
KAFKA_LOG4J="$TW_ROOT/src/main/kafka/log4j2.xml"
KAFKA_UP_DIR="$TW_STATE/kafka"              # server.properties, cluster.id and data/ of the `up` broker
KAFKA_UP_PORT=59092
KAFKA_UP_CONTROLLER_PORT=59093
KAFKA_PID_FILE="$TW_RUN/kafka.pid"
KAFKA_LOG="$TW_LOGS/kafka.log"

# Fetches the broker jars once. A lock keeps concurrent runs from fetching twice, and the jars land
# in lib/ only when complete.
kafka_fetch_jars() {
  [[ -f $KAFKA_LIB/kafka_2.13-$KAFKA_VERSION.jar ]] && return 0
  ensure_build_tools
  mkdir -p "$TW_STATE/kafka"
  (
    flock -w 900 9 || die "another ./tweeling is fetching the Kafka jars and did not finish in 15 min"
    [[ -f $KAFKA_LIB/kafka_2.13-$KAFKA_VERSION.jar ]] && exit 0
    info "fetching the Kafka $KAFKA_VERSION broker jars from Maven Central (once, about 45 MB)"
    rm -rf "$KAFKA_LIB.part"
    (cd "$TW_ROOT" && ./mvnw -B -q -f src/main/kafka/broker-pom.xml dependency:copy-dependencies \
      -DincludeScope=runtime -DoutputDirectory="$KAFKA_LIB.part") \
      || die "fetching the Kafka jars failed (see Maven's output above); check access to Maven Central and retry"
    rm -rf "$KAFKA_LIB"
    mv "$KAFKA_LIB.part" "$KAFKA_LIB"
  ) 9>"$TW_STATE/kafka/.fetch.lock"
}

kafka_java() { java -Dlog4j2.configurationFile="$KAFKA_LOG4J" -cp "$KAFKA_LIB/*" "$@"; }

# A KRaft cluster id: 16 random bytes, URL-safe base64 without padding (22 characters).
# One starting with '-' would be read as an option by the storage tool: draw again then.
kafka_new_cluster_id() {
  local id
  while :; do
    id=$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | cut -c 1-22)
    [[ $id != -* ]] && break
  done
  printf '%s\n' "$id"
}

# kafka_configure DIR PORT CONTROLLER_PORT: writes DIR/server.properties (data in DIR/data) and
# formats the storage the first time.
kafka_configure() {
  local dir=$1 port=$2 cport=$3 out
  mkdir -p "$dir/data"
  cat >"$dir/server.properties" <<EOF
# Written by ./tweeling: one node that is both broker and controller.
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$cport
controller.listener.names=CONTROLLER
listeners=PLAINTEXT://127.0.0.1:$port,CONTROLLER://127.0.0.1:$cport
advertised.listeners=PLAINTEXT://127.0.0.1:$port
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=$dir/data
num.partitions=1
# a single node: every internal topic has one replica
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
EOF
  [[ -f $dir/data/meta.properties ]] && return 0
  [[ -f $dir/cluster.id ]] || kafka_new_cluster_id >"$dir/cluster.id"
  out=$(kafka_java kafka.tools.StorageTool format -t "$(<"$dir/cluster.id")" \
    -c "$dir/server.properties" --ignore-formatted 2>&1) \
    || { printf '%s\n' "$out" >&2; die "formatting the Kafka storage in $dir/data failed"; }
}

# kafka_start DIR PORT PIDFILE LOG: starts the broker of DIR in the background and waits until its
# port accepts; fails (after showing the end of LOG) when it does not.
kafka_start() {
  local dir=$1 port=$2 pidfile=$3 log=$4 pid
  rotate_log "$log"
  spawn "$pidfile" "$log" java -Xms128m -Xmx384m -Dlog4j2.configurationFile="$KAFKA_LOG4J" \
    -cp "$KAFKA_LIB/*" kafka.Kafka "$dir/server.properties"
  pid=$(<"$pidfile")
  if ! wait_port 127.0.0.1 "$port" 120 "$pid"; then
    tail -n 20 "$log" >&2
    if is_alive "$pid"; then stop_pid "Kafka" "$pid" 10; fi
    return 1
  fi
}

kafka_up_pid() { pid_from_file "$KAFKA_PID_FILE" "$KAFKA_UP_DIR/server.properties"; }

# --- `up` and `down` ------------------------------------------------------------------------------

kafka_provision() {
  local pid port
  if [[ -n ${TWEELING_KAFKA:-} ]]; then
    KAFKA_MODE=external KAFKA_BOOTSTRAP=$TWEELING_KAFKA
    info "Kafka: $KAFKA_BOOTSTRAP (TWEELING_KAFKA)"
    return 0
  fi
  KAFKA_MODE=local KAFKA_BOOTSTRAP="127.0.0.1:$KAFKA_UP_PORT"
  if pid=$(kafka_up_pid); then
    info "Kafka: project broker already running on $KAFKA_BOOTSTRAP (pid $pid)"
    return 0
  fi
  for port in "$KAFKA_UP_PORT" "$KAFKA_UP_CONTROLLER_PORT"; do
    if port_open 127.0.0.1 "$port"; then
      die "port $port is taken by another program; stop it, or set TWEELING_KAFKA to a broker's host:port"
    fi
  done
  kafka_fetch_jars
  kafka_configure "$KAFKA_UP_DIR" "$KAFKA_UP_PORT" "$KAFKA_UP_CONTROLLER_PORT"
  info "Kafka: starting a project broker on $KAFKA_BOOTSTRAP ($(rel "$KAFKA_UP_DIR/data"))"
  kafka_start "$KAFKA_UP_DIR" "$KAFKA_UP_PORT" "$KAFKA_PID_FILE" "$KAFKA_LOG" \
    || die "the Kafka broker did not start; see $(rel "$KAFKA_LOG")"
}

kafka_down() {
  local pid
  if pid=$(kafka_up_pid); then
    info "stopping the project Kafka broker (pid $pid)"
    stop_pid "Kafka" "$pid" 60
  fi
  rm -f "$KAFKA_PID_FILE"
}
