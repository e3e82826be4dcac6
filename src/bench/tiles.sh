#!/usr/bin/env bash
# Vector tiles (OGC API – Tiles) against the same ST_AsMVT SQL run directly, cached throughput, and how soon an
# import's change is in its tiles.
#
# Self-contained, like the other benchmarks: builds the app if its sources changed, starts a throwaway PostGIS
# cluster and Kafka broker on free ports and the packaged app against them (the sample loaded), with an admin
# key made for this run.
#   The tile set  BENCH_TILES (500) dataset tiles (/tiles/{set}/{z}/{row}/{col}: every base layer, as the map
#                 and QGIS read them) of WebMercatorQuad levels 12–17 that intersect the city (the union of the
#                 buurten): per level a seeded order of all such tiles (tiles/tile_list.sql, md5 of seed and
#                 z/x/y), the first of each level taken by equal quotas from level 12 up (a level with fewer
#                 tiles than its quota gives the rest to the deeper ones). The same method at
#                 NetherlandsRDNewQuad levels 7–12 (the levels of the same ground resolution).
#   The baseline  the very statements the app runs for those tiles: with log_statement=all for one pass
#                 through the API, each ST_AsMVT statement of the server log with its bound parameters put in
#                 as literals (tiles/tiles.py capture), so the baseline follows select_tile_layer.sql and the
#                 layers' tile rules as they are, one statement per layer of each tile.
#   (a) cold_ratio     an app started with tweeling.tiles.cache.max-bytes=0 (no tile cache, if it has one):
#                      BENCH_REPS (5) rounds, each one pass of the 500 tiles through the API (one curl, one
#                      keep-alive connection, sum of time_total) and one pass of their statements by psql in one
#                      session (sum of \timing), the order alternating; cold_ratio = median SQL time / median API
#                      time (1.0: as fast as the SQL alone; 0.8: the API takes 25% longer). After the rounds
#                      one more API pass is logged and must run every statement again (else the pass was not
#                      cold and the run stops). rd_cold_ratio: the same in NetherlandsRDNewQuad.
#   (b) cached_per_s   the app restarted with its default configuration (the tile cache, if any, on): one pass
#                      of the 500 tiles (first_pass_s: cold after a start), a second (warm_pass_s, one client),
#                      then wrk (2 threads, BENCH_WRK_CONNECTIONS (8) keep-alive connections, each thread
#                      cycling through the 500 paths) for BENCH_WRK_SECONDS (10) after 2 s of warm-up: requests
#                      per second and its p50/p99 latency. wrk runs on the same two cores as the app and
#                      PostgreSQL. cached_db_statements: ST_AsMVT statements a logged pass over the warm tiles
#                      still ran (0 when a cache serves them all; otherwise what each tile needs).
#   (c) invalidate_ms  a small layer bench-tiles (25 squares in the centre) is imported; then BENCH_INVALIDATE_REPS
#                      (7) times: the tile over one square (level 16) is fetched twice, a poller starts asking for
#                      it with its ETag in If-None-Match every 10 ms (tiles/tiles.py poll, one keep-alive
#                      connection), an upsert import changes that square's label, and the time from the job's
#                      `finished` instant (the moment the job records its success, after the import committed;
#                      same clock) to the arrival of the first answer with new content is taken; median in ms.
#                      Negative values are possible: the import's commit comes a few ms before `finished`.
# Everything lives in one temp dir; an EXIT trap stops what was started and removes it. Progress goes to
# stderr; the last line (stdout) is
#   tiles cold_ratio=<x.xx> cached_per_s=<n> invalidate_ms=<n> rd_cold_ratio=<x.xx> [more key=value]
# shellcheck disable=SC2034  # APP_*, DB_URL and KAFKA_BOOTSTRAP are read by the sourced src/main/sh functions
set -euo pipefail
export LC_ALL=C

TW_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)
# shellcheck source=src/bench/lib.sh
source "$TW_ROOT/src/bench/lib.sh"   # and src/main/sh/{common,postgres,kafka,app,test}.sh
# shellcheck source=/dev/null
source "$TW_ROOT/src/main/sh/keys.sh"
HERE="$TW_ROOT/src/bench/tiles"

TILES=${BENCH_TILES:-500}                       # tiles per tile matrix set
SEED=${BENCH_TILES_SEED:-zwolle-tiles-1}        # the seed of the tiles' order
REPS=${BENCH_REPS:-5}                           # timed rounds (API pass + SQL pass) per set
WRK_SECONDS=${BENCH_WRK_SECONDS:-10}
WRK_CONNECTIONS=${BENCH_WRK_CONNECTIONS:-8}
INVALIDATE_REPS=${BENCH_INVALIDATE_REPS:-7}
INVALIDATE_LAYER=bench-tiles

exec 3>&1 1>&2   # progress to stderr; fd 3 keeps stdout for the result

step() { info "bench tiles: $*"; }
url() { printf 'http://127.0.0.1:%s%s\n' "$APP_PORT" "$1"; }
json_field() { grep -o "\"$1\":\"\?[^\",}]*" | head -n 1 | sed 's/^"[^"]*":"\?//'; }
curl_times() { curl -sS --fail --noproxy '*' -K "$1" -w '%{time_total}\n'; }   # one time_total a transfer
sum() { awk '{ t += $1 } END { printf "%.4f\n", t }'; }

# --- services and the app ------------------------------------------------------------------------------

# start_app [ENV=VALUE...]: the packaged app on APP_PORT with these variables set, waited for
start_app() {
  APP_LOG_SEEN=0
  (
    for a in "$@"; do export "${a?}"; done
    app_start
  )
  app_wait_ready
}

stop_app() {
  local pid
  pid=$(app_pid) || return 0
  step "stopping the app (pid $pid)"
  stop_pid "the app" "$pid" 60
  rm -f "$APP_PID_FILE"
}

# --- the tile sets -------------------------------------------------------------------------------------

# make_list SET SRID MINX MINY MAXX MAXY ZFROM ZTO: $WORK/SET.tiles ("z col row" a line) and $WORK/SET.curl
make_list() {
  local set=$1
  db_psql -F ' ' -v srid="$2" -v minx="$3" -v miny="$4" -v maxx="$5" -v maxy="$6" -v zfrom="$7" -v zto="$8" \
    -v seed="$SEED" -f "$HERE/tile_list.sql" >"$WORK/$set.candidates"
  # quotas from the first level up: what is left divided by the levels left, at most a level's candidates
  awk -v total="$TILES" -v zfrom="$7" -v zto="$8" '
    { n[$1] = $5; row[NR] = $0 }
    END {
      left = total
      for (z = zfrom; z <= zto; z++) {
        q[z] = int(left / (zto - z + 1)); if (q[z] > n[z]) q[z] = n[z]; left -= q[z]
      }
      for (i = 1; i <= NR; i++) { split(row[i], f, " "); if (f[4] <= q[f[1]]) print f[1], f[2], f[3] }
    }' "$WORK/$set.candidates" >"$WORK/$set.tiles"
  local count
  count=$(wc -l <"$WORK/$set.tiles")
  ((count == TILES)) || die "$set: $count tiles intersect the city at levels $7–$8, not $TILES"
  : >"$WORK/$set.curl"
  while read -r z x y; do
    printf 'url = "%s"\noutput = "/dev/null"\n' "$(url "/tiles/$set/$z/$y/$x")" >>"$WORK/$set.curl"
    printf '/tiles/%s/%s/%s/%s\n' "$set" "$z" "$y" "$x" >>"$WORK/$set.paths"
  done <"$WORK/$set.tiles"
  note "$set: $TILES tiles, per level $(awk '{ n[$1]++ } END { for (z in n) printf "%s:%s ", z, n[z] }' "$WORK/$set.tiles" \
    | tr ' ' '\n' | sort -n | tr '\n' ' ')(candidates $(awk '!s[$1]++ { printf "%s:%s ", $1, $5 }' "$WORK/$set.candidates"))"
}

# --- statements of the app, from the server log ---------------------------------------------------------

PG_LOG=""

log_statements() {   # log_statements on|off
  local v=none
  [[ $1 == on ]] && v=all
  su_psql -c "ALTER SYSTEM SET log_statement = '$v'" >/dev/null
  su_psql -c "SELECT pg_reload_conf()" >/dev/null
  sleep 0.5   # idle backends read the file at their next command; the signal reaches them at once
}

# logged_pass SET OUT: one API pass over SET's tiles with every statement logged; its ST_AsMVT statements
# (parameters in) into OUT; prints "<statements> <tiles>"
logged_pass() {
  local set=$1 out=$2 offset
  offset=$(stat -c %s "$PG_LOG")
  log_statements on
  curl_times "$WORK/$set.curl" >/dev/null || die "a tile of $set failed (curl's message above)"
  log_statements off
  python3 "$HERE/tiles.py" capture "$PG_LOG" "$offset" "$WORK/$set.tiles" "$out"
}

# sql_pass SET: the statements of SET by psql in one session; the sum of their \timing in seconds
sql_pass() {
  db_psql -o /dev/null -c '\timing on' -f "$WORK/$1.sql" \
    | awk '/^Time: / { t += $2; n++ } END { if (n == 0) exit 1; printf "%.4f\n", t / 1000 }' \
    || die "psql printed no timings"
}

# --- (a) cold: the API without a cache against the SQL ---------------------------------------------------

# measure_cold SET: sets COLD_RATIO, COLD_API_S, COLD_SQL_S, COLD_STATEMENTS
measure_cold() {
  local set=$1 captured i a s api=() sql=() again
  captured=$(logged_pass "$set" "$WORK/$set.sql")
  COLD_STATEMENTS=${captured% *}
  step "(a) $set: $TILES tiles, $COLD_STATEMENTS ST_AsMVT statements; $REPS rounds of an API pass and a SQL pass, $(load)"
  sql_pass "$set" >/dev/null   # untimed: the API's pass above was the first
  for ((i = 1; i <= REPS; i++)); do
    if ((i % 2 == 1)); then
      a=$(curl_times "$WORK/$set.curl" | sum) s=$(sql_pass "$set")
    else
      s=$(sql_pass "$set") a=$(curl_times "$WORK/$set.curl" | sum)
    fi
    api+=("$a") sql+=("$s")
    note "round $i: API $a s, SQL $s s ($(load))"
  done
  COLD_API_S=$(printf '%s\n' "${api[@]}" | median)
  COLD_SQL_S=$(printf '%s\n' "${sql[@]}" | median)
  COLD_RATIO=$(calc '%.2f' "$COLD_SQL_S / $COLD_API_S")
  again=$(logged_pass "$set" "$WORK/$set.check.sql")
  [[ ${again% *} == "$COLD_STATEMENTS" ]] \
    || die "$set: a logged API pass after the rounds ran ${again% *} ST_AsMVT statements, not $COLD_STATEMENTS: the passes were not cold"
  note "$set: median API $COLD_API_S s ($(calc '%.0f' "$TILES / $COLD_API_S") tiles/s), SQL $COLD_SQL_S s: ratio $COLD_RATIO;" \
    "a logged pass after the rounds ran all $COLD_STATEMENTS statements again"
}

# --- (b) cached throughput -------------------------------------------------------------------------------

measure_cached() {
  local set=WebMercatorQuad out
  FIRST_PASS_S=$(curl_times "$WORK/$set.curl" | sum)
  WARM_PASS_S=$(curl_times "$WORK/$set.curl" | sum)
  step "(b) after a restart with the default configuration: first pass $FIRST_PASS_S s, second $WARM_PASS_S s"
  # capture prints "<statements> <tiles>", then fails when a tile ran no statement (served from a cache)
  out=$(logged_pass "$set" "$WORK/cached.sql" 2>/dev/null) || true
  CACHED_DB_STATEMENTS=${out%% *}
  note "a logged third pass ran ${CACHED_DB_STATEMENTS:-?} ST_AsMVT statements for ${out#* } of the $TILES tiles"
  step "(b) wrk -t2 -c$WRK_CONNECTIONS over the $TILES paths: 2 s warm-up, then ${WRK_SECONDS} s, $(load)"
  TILES_PATHS="$WORK/$set.paths" wrk -t2 -c"$WRK_CONNECTIONS" -d2s -s "$HERE/paths.lua" "$(url /)" >/dev/null
  TILES_PATHS="$WORK/$set.paths" wrk -t2 -c"$WRK_CONNECTIONS" -d"${WRK_SECONDS}s" --latency -s "$HERE/paths.lua" \
    "$(url /)" >"$WORK/wrk.txt"
  sed 's/^/    | /' "$WORK/wrk.txt"
  ! grep -q 'Non-2xx or 3xx' "$WORK/wrk.txt" || die "wrk saw answers other than 2xx/3xx"
  CACHED_PER_S=$(awk '/^Requests\/sec:/ { printf "%.0f\n", $2 }' "$WORK/wrk.txt")
  CACHED_P50=$(awk '$1 == "50%" { print $2 }' "$WORK/wrk.txt")
  CACHED_P99=$(awk '$1 == "99%" { print $2 }' "$WORK/wrk.txt")
  [[ -n $CACHED_PER_S ]] || die "wrk printed no Requests/sec"
}

# --- (c) from an import's commit to fresh tiles ---------------------------------------------------------

# squares.geojson LABEL13: 25 squares of about 55 m in the centre (CRS84), ids 1–25; square 13 labelled LABEL13
squares() {
  awk -v label="$1" 'BEGIN {
    printf "{\"type\":\"FeatureCollection\",\"features\":["
    for (i = 0; i < 25; i++) {
      x = 6.0900 + (i % 5) * 0.0016; y = 52.5100 + int(i / 5) * 0.0010
      printf "%s{\"type\":\"Feature\",\"id\":%d,\"properties\":{\"label\":\"%s\",\"n\":%d},", (i ? "," : ""), i + 1, (i == 12 ? label : "a"), i
      printf "\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[%.6f,%.6f],[%.6f,%.6f],[%.6f,%.6f],[%.6f,%.6f],[%.6f,%.6f]]]}}", x, y, x + 0.0008, y, x + 0.0008, y + 0.0005, x, y + 0.0005, x, y
    }
    printf "]}\n" }'
}

# import_file FILE MODE: POST /imports into the bench layer; prints the job id
import_file() {
  local response mode=()
  [[ -z $2 ]] || mode=(-F "mode=$2")
  response=$(curl -sS --fail-with-body --noproxy '*' -H "X-API-Key: $KEY" -F "file=@$1;type=application/geo+json" \
    -F "layer=$INVALIDATE_LAYER" "${mode[@]}" "$(url /imports)") || die "POST /imports failed: $response"
  json_field jobID <<<"$response"
}

# wait_job ID: waits until the job is successful; prints its finished instant (epoch seconds)
wait_job() {
  local state status i
  for ((i = 0; i < 600; i++)); do
    state=$(curl -sS --fail --noproxy '*' -H "X-API-Key: $KEY" "$(url "/jobs/$1")")
    status=$(json_field status <<<"$state")
    [[ $status == successful ]] && { date -d "$(json_field finished <<<"$state")" +%s.%N; return; }
    [[ $status == failed ]] && die "the import failed: $(json_field message <<<"$state")"
    sleep 0.1
  done
  die "the import $1 did not finish in 60 s"
}

measure_invalidate() {
  local z=16 col row tile etag poll fresh finished ms runs=() i job
  squares a >"$WORK/squares.geojson"
  wait_job "$(import_file "$WORK/squares.geojson" "")" >/dev/null
  # the tile of level 16 over the centre of square 13 (lon 6.0932 + 0.0004, lat 52.5120 + 0.00025)
  read -r col row < <(awk -v z=$z 'BEGIN { pi = atan2(0, -1); lon = 6.0936; lat = 52.51225 * pi / 180; n = 2 ^ z
    printf "%d %d\n", (lon + 180) / 360 * n, (1 - log(sin(lat) / cos(lat) + 1 / cos(lat)) / pi) / 2 * n }')
  tile=$(url "/collections/$INVALIDATE_LAYER/tiles/WebMercatorQuad/$z/$row/$col")
  step "(c) $INVALIDATE_REPS upserts of square 13's label; polling $tile every 10 ms, $(load)"
  for ((i = 1; i <= INVALIDATE_REPS; i++)); do
    etag=$(curl -sS --fail --noproxy '*' -o /dev/null -D - "$tile" | tr -d '\r' | sed -n 's/^[Ee][Tt][Aa][Gg]: //p')
    [[ -n $etag ]] || die "the tile over square 13 has no ETag (is it empty?)"
    curl -sS --fail --noproxy '*' -o /dev/null "$tile"   # a second time: from the cache, if any
    squares "v$i" | awk '{ print }' >"$WORK/change.geojson"
    python3 "$HERE/tiles.py" poll "$tile" "$etag" 30 0.01 >"$WORK/poll.txt" &
    poll=$!
    sleep 0.2
    job=$(import_file "$WORK/change.geojson" upsert)
    finished=$(wait_job "$job")
    wait "$poll" || die "the tile over square 13 did not change within 30 s of the import"
    read -r fresh polls _ <"$WORK/poll.txt"
    ms=$(calc '%.1f' "($fresh - $finished) * 1000")
    runs+=("$ms")
    note "upsert $i: new tile $ms ms after the job's finished instant ($polls polls)"
  done
  INVALIDATE_MS=$(printf '%s\n' "${runs[@]}" | median)
  INVALIDATE_MAX_MS=$(printf '%s\n' "${runs[@]}" | sort -g | tail -n 1)
}

# --- main --------------------------------------------------------------------------------------------

command -v python3 >/dev/null || ensure_packages python3
bench_services wrk curl
WORK="$TEST_DIR/work"
mkdir -p "$WORK"
PG_LOG="$TEST_DIR/pg/postgres.log"
KEY=$(key_new)
export TWEELING_ADMIN_KEY_HASH
TWEELING_ADMIN_KEY_HASH=$(key_hash "$KEY")

step "(a) the app without a tile cache (TWEELING_TILES_CACHE_MAX_BYTES=0), loading the sample"
start_app TWEELING_TILES_CACHE_MAX_BYTES=0
su_psql -c "VACUUM (ANALYZE)" >/dev/null   # a settled database: autovacuum would otherwise run during the rounds
make_list WebMercatorQuad 3857 -20037508.3427892 -20037508.3427892 20037508.3427892 20037508.3427892 12 17
make_list NetherlandsRDNewQuad 28992 -285401.92 22598.08 595401.92 903401.92 7 12
measure_cold WebMercatorQuad
WM_RATIO=$COLD_RATIO WM_API_S=$COLD_API_S WM_SQL_S=$COLD_SQL_S WM_STATEMENTS=$COLD_STATEMENTS
measure_cold NetherlandsRDNewQuad
RD_RATIO=$COLD_RATIO RD_API_S=$COLD_API_S RD_SQL_S=$COLD_SQL_S
stop_app

step "(b) the app with its default configuration"
start_app APP_SAMPLE_LOAD=false
measure_cached
measure_invalidate

bench_cleanup
printf 'tiles cold_ratio=%s cached_per_s=%s invalidate_ms=%s rd_cold_ratio=%s cold_api_s=%s cold_sql_s=%s statements=%s rd_cold_api_s=%s rd_cold_sql_s=%s first_pass_s=%s warm_pass_s=%s cached_db_statements=%s cached_p50=%s cached_p99=%s invalidate_max_ms=%s tiles=%s reps=%s\n' \
  "$WM_RATIO" "$CACHED_PER_S" "$INVALIDATE_MS" "$RD_RATIO" "$WM_API_S" "$WM_SQL_S" "$WM_STATEMENTS" "$RD_API_S" "$RD_SQL_S" \
  "$FIRST_PASS_S" "$WARM_PASS_S" "$CACHED_DB_STATEMENTS" "$CACHED_P50" "$CACHED_P99" "$INVALIDATE_MAX_MS" "$TILES" "$REPS" >&3
