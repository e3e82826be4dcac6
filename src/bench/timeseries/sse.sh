# (sse) Live push under load, sourced by src/bench/timeseries.sh (needs its url, step, calc and the running
# app, database and Kafka of bench_services / app_start). Defines measure_sse.
#
#   sse_p99_ms   While a load generator ingests BENCH_SSE_RATE (10,000) observations a second for
#                BENCH_SSE_SECONDS (25 s) through Kafka (sse.py load | kcat into tweeling.observations, 100
#                bench datastreams of their own plus one probe datastream with one observation every 10 ms),
#                an SSE client (sse.py listen, Python) subscribed to GET /observations/stream?datastream=PROBE
#                notes when each probe observation arrives. Delay = receive time - send time, where send time
#                is the wall clock just before the generator wrote the observation to kcat's pipe: the whole
#                path (Kafka produce, consumer poll, database write and commit, change topic, feed, SSE), so an
#                upper bound of commit -> delivery. p50/p99/max of those (nearest rank) are SSE_P50_MS,
#                SSE_P99_MS and sse_max_ms. Before it, BENCH_SSE_WARMUP (20 s) of the same load and a stream
#                of their own, not measured (a fresh JVM compiles the paths of the change topic first; a cold
#                run is BENCH_SSE_WARMUP=0).
#   sse_write_p99_ms  the same events against the start of the transaction that stored each row (its
#                ingested_at, now() of that transaction): also an upper bound of commit -> delivery, without
#                the time the observation waited in Kafka before the consumer wrote it.
#   sse_load_obs_per_s  the load actually ingested: observations stored (checked: all that were sent) / (the
#                last one's ingested_at - the first send); sse_sent_obs_per_s what the generator wrote / its time.
#   sse_events   data events the client received; the run fails unless they equal the probe observations sent
#                (nothing missed) and no id came twice (sse_missed, sse_repeated).
# shellcheck shell=bash

SSE_RATE=${BENCH_SSE_RATE:-10000}
SSE_SECONDS=${BENCH_SSE_SECONDS:-25}
SSE_DAY=2026-11-02        # the bench's own datastreams only; no other measurement reads them
SSE_LOADS=100             # load datastreams bench-sse-000 … bench-sse-099
SSE_PROBE=bench-sse-probe
SSE_WARMUP=${BENCH_SSE_WARMUP:-20}   # seconds of the same load before, not measured (0: none)
SSE_WARMUP_DAY=2026-11-03

make_sse_streams() {
  db_psql -c "
    INSERT INTO tweeling.thing (key, name, geom, source)
    VALUES ('bench-sse', 'Bench live push thing', ST_SetSRID(ST_MakePoint(203000, 503000), 28992), 'bench');
    INSERT INTO tweeling.datastream (key, thing_id, observed_property, name, source)
    SELECT k, t.id, 'NO2', 'Bench live push ' || k, 'bench'
    FROM tweeling.thing AS t,
         (SELECT '$SSE_PROBE' AS k UNION ALL SELECT '$SSE_PROBE-warm'
          UNION ALL SELECT format('bench-sse-%s', lpad(i::text, 3, '0'))
          FROM generate_series(0, $((SSE_LOADS - 1))) AS i) AS keys
    WHERE t.key = 'bench-sse';" >/dev/null
  db_psql -c "SELECT key FROM tweeling.datastream WHERE key LIKE 'bench-sse-%' AND key NOT LIKE '$SSE_PROBE%' ORDER BY key" \
    >"$SSE_DIR/keys.txt"
  [[ $(wc -l <"$SSE_DIR/keys.txt") == "$SSE_LOADS" ]] || die "expected $SSE_LOADS load datastreams"
}

# sse_metric NAME: sum of the app's Prometheus samples of NAME
sse_metric() {
  curl -sS --noproxy '*' "$(url /q/metrics)" | awk -v n="$1" 'index($0, n "{") == 1 || index($0, n " ") == 1 { s += $NF } END { printf "%.6f\n", s + 0 }'
}

# sse_ticks PID: CPU ticks (user + system) of a process
sse_ticks() { awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$1/stat"; }

# sse_stored: observations of the bench's datastreams on its day
sse_stored() {
  db_psql -c "SELECT count(*) FROM tweeling.observation AS o JOIN tweeling.datastream AS d ON d.id = o.datastream_id
    WHERE d.key LIKE 'bench-sse-%' AND o.phenomenon_time >= DATE '$SSE_DAY' AND o.phenomenon_time < DATE '$SSE_DAY' + 1"
}

# sse_phase NAME DAY PROBE SECONDS: an SSE client on PROBE, then the paced load (with PROBE's observations)
# on DAY for SECONDS; returns once the client has every probe observation (or gave up). Files: $SSE_DIR/NAME.*
sse_phase() {
  local name=$1 day=$2 probe=$3 secs=$4 py="$TW_ROOT/src/bench/timeseries/sse.py" expect listener loader deadline
  expect=$(calc '%.0f' "$secs * 100")   # one probe observation per 10 ms tick
  python3 "$py" listen "$APP_PORT" "/observations/stream?datastream=$probe" "$SSE_DIR/$name.ready" \
    "$SSE_DIR/$name.received" "$expect" $((secs + 120)) &
  listener=$!
  deadline=$((SECONDS + 30))
  until [[ -e $SSE_DIR/$name.ready ]]; do
    kill -0 "$listener" 2>/dev/null || die "the SSE client stopped before the stream opened"
    ((SECONDS < deadline)) || die "the stream did not open within 30 s"
    sleep 0.1
  done
  python3 "$py" load "$SSE_DIR/keys.txt" "$probe" "$day" "$SSE_RATE" "$secs" "$SSE_DIR/$name.sent" \
    | kcat -P -b "$KAFKA_BOOTSTRAP" -t tweeling.observations -K : -z none -X topic.partitioner=murmur2_random \
      -X linger.ms=5 -X queue.buffering.max.messages=1000000 &
  loader=$!
  local gc0 gcn0 app_pid cpu0
  app_pid=$(<"$APP_PID_FILE")
  gc0=$(sse_metric jvm_gc_pause_seconds_sum) gcn0=$(sse_metric jvm_gc_pause_seconds_count) cpu0=$(sse_ticks "$app_pid")
  wait "$loader" || die "the load generator or kcat failed"
  SSE_GC_S=$(calc '%.2f' "$(sse_metric jvm_gc_pause_seconds_sum) - $gc0")
  SSE_GC_N=$(calc '%.0f' "$(sse_metric jvm_gc_pause_seconds_count) - $gcn0")
  SSE_APP_CPU_S=$(calc '%.1f' "($(sse_ticks "$app_pid") - $cpu0) / $(getconf CLK_TCK)")
  note "$name: the app used $SSE_APP_CPU_S s of CPU (of $(calc '%.0f' "$secs * $(nproc)") core-seconds), $SSE_GC_N GC pauses of $SSE_GC_S s in all; $(load)"
  # the client stops by itself once it has every probe observation (or at its timeout)
  wait "$listener" || die "the SSE client failed"
  note "$name: the client got $(grep -c '^[0-9]' "$SSE_DIR/$name.received" || true) events ($(tail -n 1 "$SSE_DIR/$name.received"))"
}

measure_sse() {
  local py="$TW_ROOT/src/bench/timeseries/sse.py" deadline
  SSE_DIR="$TEST_DIR/sse"
  mkdir -p "$SSE_DIR"
  command -v kcat >/dev/null || ensure_packages kcat
  command -v python3 >/dev/null || ensure_packages python3
  make_sse_streams
  if ((SSE_WARMUP > 0)); then
    step "(sse) warm-up, not measured: $SSE_RATE observations/s for $SSE_WARMUP s, a stream on $SSE_PROBE-warm, $(load)"
    sse_phase warmup "$SSE_WARMUP_DAY" "$SSE_PROBE-warm" "$SSE_WARMUP"
    note "warm-up: $(python3 "$py" report "$SSE_DIR/warmup.sent" "$SSE_DIR/warmup.received" /dev/null /dev/null \
      "$SSE_WARMUP_DAY" | grep '^send_p' | tr '\n' ' ')"
  fi
  step "(sse) live push: $SSE_RATE observations/s for $SSE_SECONDS s through Kafka, a stream on $SSE_PROBE, $(load)"
  sse_phase load "$SSE_DAY" "$SSE_PROBE" "$SSE_SECONDS"
  cp "$SSE_DIR/load.sent" "$SSE_DIR/sent.txt"
  cp "$SSE_DIR/load.received" "$SSE_DIR/received.txt"
  # every load observation stored (so the load rate below is what was ingested, not only sent)
  local sent_all stored=0
  sent_all=$(awk '/^# load/ { print $3 }' "$SSE_DIR/sent.txt")
  deadline=$((SECONDS + 120))
  while :; do
    stored=$(sse_stored)
    ((stored >= sent_all)) && break
    ((SECONDS < deadline)) || die "only $stored of $sent_all observations stored 120 s after the load"
    sleep 0.5
  done
  db_psql -c "SELECT to_char(o.phenomenon_time AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), extract(epoch FROM o.ingested_at)
    FROM tweeling.observation AS o JOIN tweeling.datastream AS d ON d.id = o.datastream_id
    WHERE d.key = '$SSE_PROBE'" | tr '|' ' ' >"$SSE_DIR/written.txt"
  local last_write
  last_write=$(db_psql -c "SELECT extract(epoch FROM max(o.ingested_at)) FROM tweeling.observation AS o
    JOIN tweeling.datastream AS d ON d.id = o.datastream_id WHERE d.key LIKE 'bench-sse-%'")
  # the probe's messages on the change topic, with their producer's send time (CreateTime)
  local probe_id
  probe_id=$(db_psql -c "SELECT id FROM tweeling.datastream WHERE key = '$SSE_PROBE'")
  kcat -C -b "$KAFKA_BOOTSTRAP" -t tweeling.observations.committed -o beginning -e -q -f '%k %T %s\n' \
    | awk -v k="$probe_id" '$1 == k { $1 = ""; print substr($0, 2) }' >"$SSE_DIR/published.txt"
  python3 "$py" report "$SSE_DIR/sent.txt" "$SSE_DIR/received.txt" "$SSE_DIR/written.txt" "$SSE_DIR/published.txt" \
    "$SSE_DAY" >"$SSE_DIR/report.txt"
  sse_value() { awk -F = -v k="$1" '$1 == k { print $2 }' "$SSE_DIR/report.txt"; }
  SSE_EVENTS=$(sse_value events)
  SSE_P50_MS=$(sse_value send_p50_ms) SSE_P99_MS=$(sse_value send_p99_ms) SSE_MAX_MS=$(sse_value send_max_ms)
  SSE_WRITE_P50_MS=$(sse_value write_p50_ms) SSE_WRITE_P99_MS=$(sse_value write_p99_ms)
  SSE_MISSED=$(sse_value missed) SSE_REPEATED=$(sse_value repeated)
  local first_ns last_ns
  first_ns=$(sse_value load_first_ns) last_ns=$(sse_value load_last_ns)
  SSE_SENT_OBS_PER_S=$(calc '%.0f' "$sent_all / (($last_ns - $first_ns) / 1e9 + 0.01)")
  SSE_LOAD_OBS_PER_S=$(calc '%.0f' "$stored / ($last_write - $first_ns / 1e9)")
  note "load: $sent_all observations sent at $SSE_SENT_OBS_PER_S/s, all stored; ingested $SSE_LOAD_OBS_PER_S/s (first send to last row's write)"
  note "delivered $SSE_EVENTS of $(sse_value sent) probe observations (missed $SSE_MISSED, repeated $SSE_REPEATED)"
  note "receive - send: p50 $SSE_P50_MS ms, p99 $SSE_P99_MS ms, max $SSE_MAX_MS ms; receive - write start: p50 $SSE_WRITE_P50_MS ms, p99 $SSE_WRITE_P99_MS ms"
  note "of which write start -> on the change topic: p50 $(sse_value publish_p50_ms) ms, p99 $(sse_value publish_p99_ms) ms; change topic -> received: p50 $(sse_value feed_p50_ms) ms, p99 $(sse_value feed_p99_ms) ms"
  note "sse_p99_ms=$SSE_P99_MS sse_p50_ms=$SSE_P50_MS sse_max_ms=$SSE_MAX_MS sse_write_p99_ms=$SSE_WRITE_P99_MS sse_load_obs_per_s=$SSE_LOAD_OBS_PER_S sse_sent_obs_per_s=$SSE_SENT_OBS_PER_S sse_events=$SSE_EVENTS sse_missed=$SSE_MISSED sse_repeated=$SSE_REPEATED"
  if [[ -n ${BENCH_SSE_SAVE:-} ]]; then
    mkdir -p "$BENCH_SSE_SAVE" && cp "$SSE_DIR"/*.txt "$BENCH_SSE_SAVE"/ && note "raw files copied to $BENCH_SSE_SAVE"
  fi
  [[ $SSE_MISSED == 0 && $SSE_REPEATED == 0 && $SSE_EVENTS == "$(sse_value sent)" ]] \
    || die "the stream did not deliver every probe observation exactly once: $(tr '\n' ' ' <"$SSE_DIR/report.txt")"
}
