#!/usr/bin/env bash
# Kafka drain rate vs plain COPY, app RSS while draining, HTTP ingest rate, produce-to-visible latency.
#
# Self-contained: builds the app if its sources changed (./mvnw package, as `up` does), starts a
# throwaway PostGIS cluster and Kafka broker on free ports (the functions of `./tweeling test`) and the
# packaged app against them on a free port (loading the Zwolle sample, creating the topic). Then:
#   obs_per_s        the app is stopped; BENCH_N (1,000,000) observation messages (Tweeling JSON, keyed by
#                    datastream, all 74 sample datastreams, distinct times on 2026-01-01) are produced to
#                    tweeling.observations with kcat; the app is started again and the drain is timed
#                    from the log line "observation consumer started" until SELECT count(*) of those rows
#                    (polled every 0.5 s) reaches BENCH_N
#   rss_mb           the app's VmHWM (peak RSS) at the end of the drain (rss_sampled_mb: max VmRSS seen)
#   copy_ratio       obs_per_s / copy_rows_per_s, where copy_rows_per_s is psql `\copy` of BENCH_N rows
#                    (same columns the merge fills, 2026-02-01) into the same partitioned table
#   http_obs_per_s   POST /ingest/observations, BENCH_HTTP_REQUESTS (50) JSON arrays of 1,000
#                    observations, 2 concurrent keep-alive curl processes: accepted (202) observations / wall
#   http_single_req_per_s  BENCH_SINGLE_REQUESTS (2,000) one-observation POSTs, 4 concurrent curl processes
#   visible_p50_ms, visible_p99_ms  BENCH_VISIBLE (200) times: POST one observation with a new time, poll
#                    GET /datastreams/KEY/observations?datetime=T every 10 ms until numberReturned is 1
#                    (accepted_p50_ms: the POST's own share, until its 202)
#   also: drain_s, first_row_s, app_cpu_s and pg_cpu_s (CPU used during the drain), batches and
#   batch_write_ms / write_s (from the app's tweeling_ingest_batch_write metric), drain_load (load average
#   at start and end: the machines are shared, so read every figure together with it)
# Everything lives in one temp dir; an EXIT trap stops what was started and removes it (also after
# Ctrl-C or a failure). Progress goes to stderr; the last line (stdout) is
#   ingest obs_per_s=<n> copy_ratio=<x.xx> rss_mb=<n> http_obs_per_s=<n> visible_p99_ms=<n> [more key=value]
# shellcheck disable=SC2034  # APP_*, DB_URL and KAFKA_BOOTSTRAP are read by the sourced src/main/sh functions
set -euo pipefail
export LC_ALL=C   # EPOCHREALTIME and awk must use a decimal point

TW_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)
# shellcheck source=src/bench/lib.sh
source "$TW_ROOT/src/bench/lib.sh"   # and src/main/sh/{common,postgres,kafka,app,test}.sh
HERE="$TW_ROOT/src/bench/ingest"

N=${BENCH_N:-1000000}                         # messages drained from Kafka, rows copied
HTTP_REQUESTS=${BENCH_HTTP_REQUESTS:-50}       # 1,000-observation POSTs
HTTP_BATCH=1000
HTTP_CONCURRENCY=2
SINGLE_REQUESTS=${BENCH_SINGLE_REQUESTS:-2000} # one-observation POSTs
SINGLE_CONCURRENCY=4
VISIBLE=${BENCH_VISIBLE:-200}                  # produce-to-visible samples
DRAIN_TIMEOUT=${BENCH_DRAIN_TIMEOUT:-1800}     # seconds
TOPIC=tweeling.observations
PARTITIONS=4
# Days of the bench data (no sample observation falls on them; each lands in a monthly partition)
DAY_KAFKA=2026-01-01 DAY_COPY=2026-02-01 DAY_HTTP=2026-03-01 DAY_WARM=2026-03-02 DAY_SINGLE=2026-04-01
DAY_VISIBLE=2026-05-01
API_KEY="twk_bench$(head -c 64 /dev/urandom | LC_ALL=C tr -dc 'A-Za-z0-9' | cut -c 1-31)"

exec 3>&1 1>&2   # progress (also of the sourced helpers) to stderr; fd 3 keeps stdout for the result

# --- helpers --------------------------------------------------------------------------------------

step() { info "bench ingest: $*"; }
# since, calc and load: src/bench/lib.sh
url() { printf 'http://127.0.0.1:%s%s\n' "$APP_PORT" "$1"; }

# count_day DAY: observations on that UTC day
count_day() {
  db_psql -v d="$1" <<<"SELECT count(*) FROM tweeling.observation WHERE phenomenon_time >= (:'d')::date AT TIME ZONE 'UTC' AND phenomenon_time < ((:'d')::date + 1) AT TIME ZONE 'UTC'"
}

# wait_count DAY N SECONDS: until N observations of DAY are stored; prints the seconds it took
wait_count() {
  local start=$EPOCHREALTIME deadline=$((SECONDS + $3)) c
  while :; do
    c=$(count_day "$1")
    ((c >= $2)) && break
    ((SECONDS < deadline)) || die "only $c of $2 observations of $1 arrived within $3 s"
    sleep 0.5
  done
  since "$start"
}

proc_kb() { awk -v k="$2:" '$1 == k { print $2 }' "/proc/$1/status" 2>/dev/null || echo 0; }   # PID FIELD
# CPU ticks (user + system) of a process; read with builtins only, so sampling costs no fork per process
proc_ticks() { local s f; { read -r s <"/proc/$1/stat"; } 2>/dev/null || { echo 0; return; }; s=${s##*) }; read -ra f <<<"$s"; echo $((f[11] + f[12])); }
# CPU ticks of the PostgreSQL postmaster and all its children (backends, WAL writer, checkpointer…)
pg_ticks() {
  local pm dir pid s f total=0
  pm=$(head -n 1 "$TEST_DIR/pg/data/postmaster.pid" 2>/dev/null) || { echo 0; return; }
  for dir in /proc/[0-9]*; do
    pid=${dir#/proc/}
    { read -r s <"$dir/stat"; } 2>/dev/null || continue
    s=${s##*) }
    read -ra f <<<"$s"
    if [[ $pid == "$pm" || ${f[1]} == "$pm" ]]; then total=$((total + f[11] + f[12])); fi
  done
  echo "$total"
}
TICKS=$(getconf CLK_TCK)

# metric NAME [LABEL-FILTER]: sum of the Prometheus samples of NAME (whose labels contain the filter)
metric() {
  curl -sS --noproxy '*' "$(url /q/metrics)" \
    | awk -v n="$1" -v f="${2:-}" '(index($0, n "{") == 1 || index($0, n " ") == 1) && index($0, f) { s += $NF } END { printf "%.6f\n", s + 0 }'
}

# percentile P FILE: nearest-rank percentile of the numbers in FILE
percentile() { sort -g "$2" | awk -v p="$1" '{ v[NR] = $1 } END { r = int(p / 100 * NR + 0.999999); if (r < 1) r = 1; print v[r] }'; }

# --- setup and teardown ---------------------------------------------------------------------------

WORK="" TEST_DIR=""

start_services() {
  bench_services curl kcat
  WORK="$TEST_DIR/work"
  mkdir -p "$WORK"
  step "first start: migrations, sample load, topic creation"
  app_start             # TWEELING_SAMPLE_LOAD=true: the sample is loaded before the app is ready
  app_wait_ready
}

stop_app() {
  local pid
  if pid=$(pid_from_file "$APP_PID_FILE" quarkus-run.jar); then
    step "stopping the app (pid $pid)"
    stop_pid "the app" "$pid" 60
  fi
}

# The consumer creates the topic (4 partitions) when it starts; wait until the broker lists them.
wait_topic() {
  local deadline=$((SECONDS + 60)) p
  while :; do
    p=$(kcat -L -b "$KAFKA_BOOTSTRAP" -t "$TOPIC" -m 5 2>/dev/null | grep -c '^ *partition ' || true)
    ((p == PARTITIONS)) && return 0
    ((SECONDS < deadline)) || die "topic $TOPIC has $p partitions after 60 s, expected $PARTITIONS"
    sleep 0.5
  done
}

# Sum of the end offsets of the topic's partitions (the messages it holds, as nothing is compacted).
topic_messages() {
  local p total=0 o
  for ((p = 0; p < PARTITIONS; p++)); do
    o=$(kcat -Q -b "$KAFKA_BOOTSTRAP" -t "$TOPIC:$p:-1" 2>/dev/null | awk '{ print $NF }')
    total=$((total + ${o:-0}))
  done
  echo "$total"
}

catalog() {
  db_psql -F , <<'SQL' >"$WORK/datastreams.csv"
SELECT d.id, d.key, p.plausible_min, p.plausible_max
FROM tweeling.datastream AS d JOIN tweeling.observed_property AS p ON p.id = d.observed_property
ORDER BY d.id
SQL
  DATASTREAMS=$(wc -l <"$WORK/datastreams.csv")
  ((DATASTREAMS > 0)) || die "the sample has no datastreams"
  note "$DATASTREAMS datastreams in the sample"
}

gen() { awk -f "$HERE/generate.awk" "$@" "$WORK/datastreams.csv"; }   # gen -v mode=… -v n=… -v day=…

# --- obs_per_s and rss_mb: drain BENCH_N messages ---------------------------------------------------

fill_topic() {
  local start t
  step "generating $N observation messages"
  gen -v mode=kafka -v n="$N" -v day="$DAY_KAFKA" >"$WORK/kafka.txt"
  note "$(($(stat -c %s "$WORK/kafka.txt") / 1000000)) MB"
  step "producing them to $TOPIC with kcat (the app is stopped), $(load)"
  start=$EPOCHREALTIME
  kcat -P -b "$KAFKA_BOOTSTRAP" -t "$TOPIC" -K : -z none -X topic.partitioner=murmur2_random \
    -X linger.ms=50 -X batch.num.messages=10000 -X queue.buffering.max.messages=1000000 \
    -X queue.buffering.max.kbytes=1048576 -l "$WORK/kafka.txt" || die "kcat could not produce the messages"
  t=$(since "$start")
  local have
  have=$(topic_messages)
  ((have == N)) || die "the topic holds $have messages, expected $N"
  PRODUCE_PER_S=$(calc %.0f "$N / $t")
  note "produced $N messages in $t s ($PRODUCE_PER_S msg/s)"
  rm -f "$WORK/kafka.txt"
}

measure_drain() {
  local pid t0="" start c=0 rss=0 r end app_t0 pg_t0 waited=0
  step "second start with the consumer: timing the drain of $N messages, $(load)"
  APP_LOG_SEEN=0
  app_start
  pid=$(<"$APP_PID_FILE")
  start=$EPOCHREALTIME
  # the drain starts when the consumer logs that it started
  until grep -q 'observation consumer started' "$APP_LOG"; do
    is_alive "$pid" || { tail -n 30 "$APP_LOG" >&2; die "the app stopped while starting"; }
    (($(since "$start" | cut -d . -f 1) < 300)) || die "the consumer did not start within 300 s; see $APP_LOG"
    sleep 0.05
  done
  t0=$EPOCHREALTIME FIRST_ROW_S="" DRAIN_LOAD=$(cut -d ' ' -f 1 /proc/loadavg)
  app_t0=$(proc_ticks "$pid") pg_t0=$(pg_ticks)
  note "consumer started $(since "$start") s after the JVM"
  local last_report=0 el
  while :; do
    r=$(proc_kb "$pid" VmRSS)
    ((r > rss)) && rss=$r
    c=$(count_day "$DAY_KAFKA")
    el=$(since "$t0")
    printf '%s %s %s\n' "$el" "$c" "$r" >>"$WORK/drain.tsv"
    if [[ -z $FIRST_ROW_S ]] && ((c > 0)); then FIRST_ROW_S=$el; fi
    ((c >= N)) && break
    if ((${el%.*} >= last_report + 10)); then
      last_report=${el%.*}
      note "$(printf '%6.1f s: %7d rows, rss %d MB' "$el" "$c" $((rss / 1024)))"
    fi
    ((${el%.*} < DRAIN_TIMEOUT)) || die "only $c of $N rows after $DRAIN_TIMEOUT s"
    is_alive "$pid" || die "the app died while draining; see $APP_LOG"
    sleep 0.5
  done
  DRAIN_S=$(since "$t0")
  APP_CPU_S=$(calc %.1f "($(proc_ticks "$pid") - $app_t0) / $TICKS")
  PG_CPU_S=$(calc %.1f "($(pg_ticks) - $pg_t0) / $TICKS")
  RSS_HWM_MB=$(($(proc_kb "$pid" VmHWM) / 1024))
  RSS_SAMPLED_MB=$((rss / 1024))
  OBS_PER_S=$(calc %.0f "$N / $DRAIN_S")
  # where the consumer thread's time went, from the app's own metrics
  local wsum wcnt
  wsum=$(metric tweeling_ingest_batch_write_seconds_sum 'source="kafka"')
  wcnt=$(metric tweeling_ingest_batch_write_seconds_count 'source="kafka"')
  WRITE_S=$(calc %.1f "$wsum")
  BATCHES=$(calc %.0f "$wcnt")
  BATCH_MS=$(calc %.0f "$wcnt > 0 ? $wsum / $wcnt * 1000 : 0")
  BATCH_ROWS=$(calc %.0f "$wcnt > 0 ? $N / $wcnt : 0")
  GC_S=$(calc %.1f "$(metric jvm_gc_pause_seconds_sum)")
  DRAIN_LOAD="$DRAIN_LOAD-$(cut -d ' ' -f 1 /proc/loadavg)"
  note "first rows visible after $FIRST_ROW_S s; load average (1 min) at start and end $DRAIN_LOAD"
  note "drained $N in $DRAIN_S s: $OBS_PER_S obs/s; app RSS peak $RSS_HWM_MB MB (sampled max $RSS_SAMPLED_MB MB)"
  note "CPU during the drain: app ${APP_CPU_S} s, PostgreSQL ${PG_CPU_S} s (of $(calc %.0f "$DRAIN_S * $(nproc)") core-seconds)"
  note "$BATCHES batches of about $BATCH_ROWS rows; repository.write took $WRITE_S s in all (${BATCH_MS} ms a batch); GC pauses since start $GC_S s"
}

# --- copy_ratio: the same number of rows with plain COPY -------------------------------------------

measure_copy() {
  local start c
  step "generating $N rows as CSV for \\copy"
  gen -v mode=csv -v n="$N" -v day="$DAY_COPY" >"$WORK/copy.csv"
  step "psql \\copy of $N rows into tweeling.observation, $(load)"
  start=$EPOCHREALTIME
  db_psql -c "\\copy tweeling.observation (datastream_id, phenomenon_time, result, source, source_offset) FROM '$WORK/copy.csv' WITH (FORMAT csv)"
  COPY_S=$(since "$start")
  c=$(count_day "$DAY_COPY")
  ((c == N)) || die "\\copy stored $c rows, expected $N"
  COPY_PER_S=$(calc %.0f "$N / $COPY_S")
  COPY_RATIO=$(calc %.2f "$OBS_PER_S / $COPY_PER_S")
  note "\\copy: $N rows in $COPY_S s ($COPY_PER_S rows/s); ratio $COPY_RATIO"
  rm -f "$WORK/copy.csv"
}

# --- HTTP ------------------------------------------------------------------------------------------

make_key() {
  db_psql -v key="$API_KEY" <<<"INSERT INTO tweeling.api_key (name, key_hash, roles) VALUES ('bench', encode(sha256(convert_to(:'key', 'UTF8')), 'hex'), ARRAY['ingest'])"
}

# post_config FILE BODY-FILE...: a curl config POSTing each body file (one process, keep-alive)
post_config() {
  local file=$1 b u
  shift
  u=$(url /ingest/observations)
  for b in "$@"; do
    printf 'url = "%s"\nrequest = "POST"\nheader = "X-API-Key: %s"\nheader = "Content-Type: application/json"\ndata-binary = "@%s"\noutput = "/dev/null"\nwrite-out = "%%{http_code}\\n"\nnext\n' \
      "$u" "$API_KEY" "$b"
  done >"$file"
}

# run_posts CONCURRENCY PREFIX FILE...: splits the bodies over CONCURRENCY curl processes, runs them at
# once; sets POST_S (wall) and POST_OK (202 answers)
run_posts() {
  local conc=$1 prefix=$2 i start
  shift 2
  local files=("$@") pids=()
  for ((i = 0; i < conc; i++)); do
    local mine=() k
    for ((k = i; k < ${#files[@]}; k += conc)); do mine+=("${files[k]}"); done
    post_config "$prefix.$i.curl" "${mine[@]}"
  done
  start=$EPOCHREALTIME
  for ((i = 0; i < conc; i++)); do
    curl -sS --noproxy '*' -K "$prefix.$i.curl" >"$prefix.$i.codes" 2>"$prefix.$i.err" &
    pids+=($!)
  done
  for i in "${pids[@]}"; do wait "$i" || true; done
  POST_S=$(since "$start")
  POST_OK=$(cat "$prefix".*.codes | grep -c '^202$' || true)
  local other
  other=$(cat "$prefix".*.codes | grep -v '^202$' | sort | uniq -c | tr '\n' ' ' || true)
  [[ -z $other ]] || warn "answers other than 202: $other $(head -c 300 "$prefix".0.err)"
}

measure_http_bulk() {
  local files warm
  step "HTTP: $HTTP_REQUESTS POSTs of $HTTP_BATCH observations, $HTTP_CONCURRENCY concurrent, $(load)"
  mkdir -p "$WORK/http" "$WORK/warm"
  gen -v mode=json -v n=$((HTTP_REQUESTS * HTTP_BATCH)) -v per="$HTTP_BATCH" -v day="$DAY_HTTP" -v out_prefix="$WORK/http/b"
  gen -v mode=json -v n=$((10 * HTTP_BATCH)) -v per="$HTTP_BATCH" -v day="$DAY_WARM" -v out_prefix="$WORK/warm/b"
  mapfile -t warm < <(ls "$WORK"/warm/b*.json)
  run_posts "$HTTP_CONCURRENCY" "$WORK/warm/p" "${warm[@]}"
  note "warm-up: $POST_OK of ${#warm[@]} accepted in $POST_S s"
  ((POST_OK > 0)) || die "the warm-up POSTs were not accepted"
  wait_count "$DAY_WARM" $((10 * HTTP_BATCH)) 300 >/dev/null
  mapfile -t files < <(ls "$WORK"/http/b*.json)
  run_posts "$HTTP_CONCURRENCY" "$WORK/http/p" "${files[@]}"
  HTTP_S=$POST_S HTTP_OK=$POST_OK
  HTTP_OBS_PER_S=$(calc %.0f "$HTTP_OK * $HTTP_BATCH / $HTTP_S")
  note "$HTTP_OK of ${#files[@]} requests accepted in $HTTP_S s: $HTTP_OBS_PER_S obs/s"
  # and until they are all in the database
  local more
  more=$(wait_count "$DAY_HTTP" $((HTTP_OK * HTTP_BATCH)) 600)
  HTTP_E2E_OBS_PER_S=$(calc %.0f "$HTTP_OK * $HTTP_BATCH / ($HTTP_S + $more)")
  note "all stored $more s after the last answer: $HTTP_E2E_OBS_PER_S obs/s from first POST to stored"
}

measure_http_single() {
  local files
  step "HTTP: $SINGLE_REQUESTS single-observation POSTs, $SINGLE_CONCURRENCY concurrent, $(load)"
  mkdir -p "$WORK/single"
  gen -v mode=json -v per=0 -v n="$SINGLE_REQUESTS" -v day="$DAY_SINGLE" -v out_prefix="$WORK/single/s"
  mapfile -t files < <(ls "$WORK"/single/*.json)
  run_posts "$SINGLE_CONCURRENCY" "$WORK/single/p" "${files[@]}"
  SINGLE_S=$POST_S SINGLE_OK=$POST_OK
  SINGLE_PER_S=$(calc %.0f "$SINGLE_OK / $SINGLE_S")
  note "$SINGLE_OK of ${#files[@]} accepted in $SINGLE_S s: $SINGLE_PER_S requests/s"
  wait_count "$DAY_SINGLE" "$SINGLE_OK" 300 >/dev/null
}

measure_visible() {
  local i key t body start ms
  step "visibility: $VISIBLE times POST one observation, poll GET …/observations?datetime=T every 10 ms, $(load)"
  mapfile -t keys < <(cut -d , -f 2 "$WORK/datastreams.csv")
  : >"$WORK/visible.ms"
  : >"$WORK/accepted.ms"
  for ((i = 0; i < VISIBLE; i++)); do
    key=${keys[i % ${#keys[@]}]}
    t=$(printf '%sT%02d:%02d:%02dZ' "$DAY_VISIBLE" $((i / 3600)) $((i / 60 % 60)) $((i % 60)))
    body=$(printf '{"datastream":"%s","phenomenonTime":"%s","result":%s}' "$key" "$t" \
      "$(awk -F , -v k="$key" '$2 == k { lo = ($3 == "") ? 0 : $3; hi = ($4 == "") ? lo + 100 : $4; printf "%.2f", (lo + hi) / 2 }' "$WORK/datastreams.csv")")
    start=$EPOCHREALTIME
    code=$(curl -sS --noproxy '*' -o /dev/null -w '%{http_code}' -X POST -H "X-API-Key: $API_KEY" \
      -H 'Content-Type: application/json' --data-binary "$body" "$(url /ingest/observations)")
    [[ $code == 202 ]] || die "POST answered $code for $body"
    since "$start" | awk '{ printf "%.0f\n", $1 * 1000 }' >>"$WORK/accepted.ms"
    until curl -sS --noproxy '*' "$(url "/datastreams/$key/observations?datetime=$t")" | grep -q '"numberReturned":1'; do
      (($(since "$start" | cut -d . -f 1) < 60)) || die "observation $key $t not visible after 60 s"
      sleep 0.01
    done
    ms=$(since "$start" | awk '{ printf "%.0f", $1 * 1000 }')
    printf '%s\n' "$ms" >>"$WORK/visible.ms"
    if (((i + 1) % 50 == 0)); then note "$((i + 1)) done, last ${ms} ms"; fi
  done
  VIS_P50=$(percentile 50 "$WORK/visible.ms")
  VIS_P99=$(percentile 99 "$WORK/visible.ms")
  VIS_MAX=$(sort -g "$WORK/visible.ms" | tail -n 1)
  ACC_P50=$(percentile 50 "$WORK/accepted.ms")
  note "visible after p50 ${VIS_P50} ms, p99 ${VIS_P99} ms, max ${VIS_MAX} ms (the 202 came after p50 ${ACC_P50} ms)"
}

# --- main -----------------------------------------------------------------------------------------

command -v kcat >/dev/null || ensure_packages kcat
start_services
catalog
wait_topic
note "topic $TOPIC has $PARTITIONS partitions; $(db_psql -c "SELECT count(*) FROM tweeling.observation") sample observations stored"
stop_app
fill_topic
measure_drain
measure_copy
make_key
measure_http_bulk
if ((SINGLE_REQUESTS > 0)); then measure_http_single; fi
measure_visible
stop_app

line="ingest obs_per_s=$OBS_PER_S copy_ratio=$COPY_RATIO rss_mb=$RSS_HWM_MB http_obs_per_s=$HTTP_OBS_PER_S visible_p99_ms=$VIS_P99"
line+=" copy_rows_per_s=$COPY_PER_S drain_s=$DRAIN_S rss_sampled_mb=$RSS_SAMPLED_MB app_cpu_s=$APP_CPU_S pg_cpu_s=$PG_CPU_S"
line+=" batches=$BATCHES batch_write_ms=$BATCH_MS write_s=$WRITE_S http_e2e_obs_per_s=$HTTP_E2E_OBS_PER_S"
if ((SINGLE_REQUESTS > 0)); then line+=" http_single_req_per_s=$SINGLE_PER_S"; fi
line+=" visible_p50_ms=$VIS_P50 accepted_p50_ms=$ACC_P50 produce_msg_per_s=$PRODUCE_PER_S first_row_s=$FIRST_ROW_S drain_load=$DRAIN_LOAD"
bench_cleanup
printf '%s\n' "$line" >&3
