#!/usr/bin/env bash
# GDAL download of all addresses, GeoJSON pages vs plain SQL, bbox latency with 2,000,000 addresses.
#
# Self-contained: builds the app if its sources changed (./mvnw package, as `up` does), starts a
# throwaway PostGIS cluster and Kafka broker on free ports (the functions of `./tweeling test`) and the
# packaged app against them on a free port, loading the Zwolle sample. Then, on the addresses layer:
#   (a) gdal_download_s   median wall time of `ogr2ogr -f GPKG … -oo PAGE_SIZE=1000 OAPIF:… addresses`
#                         (whole collection); beside it the plain-SQL baseline: psql producing the same
#                         GeoJSON pages (1,000-row keyset pages) into a file (baseline_sql_download_s),
#                         GDAL's own share: ogr2ogr of the same features from one local GeoJSON file
#                         (gdal_local_s), and ogr2ogr of the same rows straight from PostGIS (gdal_pg_s)
#   (b) page_ratio        items/s of the API's 1,000-feature GeoJSON pages (curl, every page, one
#                         keep-alive connection, sum of time_total) / items/s of psql producing the same
#                         pages (sum of \timing); medians of BENCH_REPS walks each, interleaved
#   (c) bbox_growth_ratio median latency of small city-centre bbox requests (limit=100) after growing the
#                         layer to BENCH_GROW_TO rows (synthetic points outside Zwolle, ANALYZE) / before;
#                         the same boxes on buildings (not grown), interleaved, give bbox_control_ratio:
#                         far from 1 means the load of the shared machine changed in between
# Everything lives in one temp dir; an EXIT trap stops what was started and removes it (also after
# Ctrl-C or a failure). Progress goes to stderr; the last line (stdout) is
#   features gdal_download_s=<x.xx> page_ratio=<x.xx> bbox_growth_ratio=<x.xx> [more key=value]
# shellcheck disable=SC2034  # APP_*, DB_URL and KAFKA_BOOTSTRAP are read by the sourced src/main/sh functions
set -euo pipefail
export LC_ALL=C   # EPOCHREALTIME and awk must use a decimal point

TW_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)
for lib in common postgres kafka app test; do
  # shellcheck source=/dev/null
  source "$TW_ROOT/src/main/sh/$lib.sh"
done
# shellcheck source=src/bench/lib.sh
source "$TW_ROOT/src/bench/lib.sh"
HERE="$TW_ROOT/src/bench/features"

REPS=${BENCH_REPS:-5}                     # timed walks per side for page_ratio
GDAL_REPS=${BENCH_GDAL_REPS:-3}           # timed ogr2ogr downloads (and SQL baselines)
GROW_TO=${BENCH_GROW_TO:-2000000}         # addresses rows for the second bbox measurement
BBOX_ROUNDS=${BENCH_BBOX_ROUNDS:-3}       # rounds of (boxes x BBOX_REPEAT) requests per measurement
BBOX_REPEAT=25
PAGE=1000
COLLECTION=addresses
CONTROL=buildings                         # bbox control layer: not grown, so its latency tracks the machine
# Small boxes in the city centre (CRS84 minLon,minLat,maxLon,maxLat), some with more than 100 addresses
# (the page is full) and some with fewer (the whole box is read).
BOXES=('6.086,52.505,6.090,52.508' '6.090,52.508,6.094,52.511' '6.094,52.511,6.098,52.514' '6.098,52.514,6.102,52.517'
  '6.102,52.505,6.106,52.508' '6.082,52.511,6.086,52.514' '6.090,52.514,6.094,52.517' '6.098,52.505,6.102,52.508')

exec 3>&1 1>&2   # progress (also of the sourced helpers) to stderr; fd 3 keeps stdout for the result

# --- helpers --------------------------------------------------------------------------------------

step() { info "bench features: $*"; }

# seconds since START (an EPOCHREALTIME value), 3 decimals
since() { awk -v s="$1" -v e="$EPOCHREALTIME" 'BEGIN { printf "%.3f\n", e - s }'; }

median() { sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) exit 1; print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

calc() { awk "BEGIN { printf \"$1\n\", $2 }"; }   # calc FORMAT EXPRESSION

load() { printf 'load average %s' "$(cut -d ' ' -f 1-3 /proc/loadavg)"; }

url() { printf 'http://127.0.0.1:%s%s\n' "$APP_PORT" "$1"; }

# curl_config FILE URL...: a curl config that fetches every URL into /dev/null (one process, keep-alive)
curl_config() {
  local file=$1 u
  shift
  : >"$file"
  for u in "$@"; do
    printf 'url = "%s"\noutput = "/dev/null"\n' "$u" >>"$file"
  done
}

# curl_times CONFIG: time_total of every transfer, one a line; fails when a request fails
curl_times() { curl -sS --fail --noproxy '*' -K "$1" -w '%{time_total}\n'; }

json_number() { grep -o "\"$1\":[0-9]*" | head -n 1 | cut -d : -f 2; }   # json_number KEY < JSON

# --- setup and teardown ---------------------------------------------------------------------------

WORK=""

start_services() {
  ensure_build_tools
  ensure_packages "postgresql-$PG_MAJOR" "postgresql-$PG_MAJOR-postgis-3" gdal-bin curl
  kafka_fetch_jars
  app_build
  trap bench_cleanup EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
  TEST_DIR=$(test_make_dir)
  APP_PID_FILE="$TEST_DIR/app.pid" APP_LOG="$TEST_DIR/app.log"
  WORK="$TEST_DIR/work"
  mkdir -p "$WORK"
  test_start_postgres   # sets DB_HOST DB_PORT DB_NAME DB_USER DB_PASSWORD
  test_start_kafka
  DB_URL="jdbc:postgresql://$DB_HOST:$DB_PORT/$DB_NAME" KAFKA_BOOTSTRAP="127.0.0.1:$TEST_KAFKA_PORT"
  APP_PORT=$(free_port "$TEST_PG_PORT" "$TEST_KAFKA_PORT" "$TEST_KAFKA_CONTROLLER_PORT")
  app_start             # TWEELING_SAMPLE_LOAD=true: the sample is loaded before the app is ready
  app_wait_ready
}

# --- (a) GDAL download and its plain-SQL baseline -------------------------------------------------

prepare_sql_walk() {
  local props
  props=$(db_psql -v schema=tweeling -v table="$COLLECTION" -f "$HERE/properties.sql")
  [[ -n $props ]] || die "found no columns of tweeling.$COLLECTION"
  printf '%s\n' "$props" >"$WORK/props"
  {
    printf '\\set after 0\n\\i %s\n' "$HERE/page.sql"
    db_psql -v table="tweeling.$COLLECTION" -v size="$PAGE" -f "$HERE/page_starts.sql" \
      | while read -r fid; do printf '\\set after %s\n\\i %s\n' "$fid" "$HERE/page.sql"; done
  } >"$WORK/walk.sql"
  SQL_PAGES=$(grep -c '^\\i' "$WORK/walk.sql")
}

# sql_walk OUT: psql producing every page (into OUT) in one session; prints the sum of the statements'
# \timing (server time plus transfer, as curl's time_total) in seconds
sql_walk() {
  local timings
  timings=$(db_psql -v table="tweeling.$COLLECTION" -v props="$(<"$WORK/props")" -v size="$PAGE" \
    -o "$1" -c '\timing on' -f "$WORK/walk.sql")
  awk '/^Time: / { t += $2; n++ } END { if (n == 0) exit 1; printf "%.4f\n", t / 1000 }' <<<"$timings" \
    || die "psql printed no timings"
}

# Follows the next links once (this also warms the app up) and keeps the page URLs for the timed walks.
collect_api_pages() {
  local next n=0
  next=$(url "/collections/$COLLECTION/items?limit=$PAGE")
  : >"$WORK/pages.txt"
  while [[ -n $next ]]; do
    printf '%s\n' "$next" >>"$WORK/pages.txt"
    curl -sS --fail --noproxy '*' -o "$WORK/page.json" "$next"
    next=$(grep -o '"href":"[^"]*","rel":"next"' "$WORK/page.json" | sed 's/^"href":"\([^"]*\)".*/\1/' || true)
    n=$((n + 1))
    ((n <= 10000)) || die "more than 10,000 pages: the next links do not end"
  done
  mapfile -t API_PAGES <"$WORK/pages.txt"
  curl_config "$WORK/pages.curl" "${API_PAGES[@]}"
}

measure_download() {
  local i start t columns gdal=() sql=() local_runs=() pg_runs=()
  step "(a) ogr2ogr -f GPKG -oo PAGE_SIZE=$PAGE OAPIF:$(url /) $COLLECTION, $GDAL_REPS times, $(load)"
  for ((i = 1; i <= GDAL_REPS; i++)); do
    rm -f "$WORK/$COLLECTION.gpkg"
    start=$EPOCHREALTIME
    ogr2ogr -f GPKG "$WORK/$COLLECTION.gpkg" -oo PAGE_SIZE=$PAGE "OAPIF:$(url /)" "$COLLECTION" \
      || die "ogr2ogr failed (messages above)"
    t=$(since "$start")
    gdal+=("$t")
    note "ogr2ogr run $i: ${t} s"
    start=$EPOCHREALTIME
    sql_walk "$WORK/sql_pages.json" >/dev/null
    t=$(since "$start")
    sql+=("$t")
    note "psql baseline run $i ($SQL_PAGES pages into a file): ${t} s"
  done
  # GDAL's own share: the same features as one local GeoJSON file (built by page.sql as a single page)
  db_psql -v table="tweeling.$COLLECTION" -v props="$(<"$WORK/props")" -v size=100000000 -v after=0 \
    -o "$WORK/all.geojson" -f "$HERE/page.sql"
  for ((i = 1; i <= GDAL_REPS; i++)); do
    rm -f "$WORK/local.gpkg"
    start=$EPOCHREALTIME
    ogr2ogr -f GPKG "$WORK/local.gpkg" "$WORK/all.geojson" || die "ogr2ogr of the local GeoJSON failed"
    local_runs+=("$(since "$start")")
  done
  GDAL_LOCAL_S=$(printf '%s\n' "${local_runs[@]}" | median)
  note "ogr2ogr of the same features from a local GeoJSON file ($(($(stat -c %s "$WORK/all.geojson") / 1000000)) MB): ${local_runs[*]} s"
  # and GDAL reading the same rows straight from PostGIS (its PostgreSQL driver): the best a client can do
  columns=$(db_psql -c "SELECT string_agg(format('t.%I', column_name), ', ' ORDER BY ordinal_position)
    FROM information_schema.columns WHERE table_schema = 'tweeling' AND table_name = '$COLLECTION'
    AND column_name NOT IN ('fid', 'feature_id', 'geom', 'geom_crs84', 'content_hash')")
  for ((i = 1; i <= GDAL_REPS; i++)); do
    rm -f "$WORK/pg.gpkg"
    start=$EPOCHREALTIME
    ogr2ogr -f GPKG "$WORK/pg.gpkg" "PG:host=$DB_HOST port=$DB_PORT dbname=$DB_NAME user=$DB_USER" -nln "$COLLECTION" \
      -sql "SELECT t.feature_id AS id, $columns, t.geom_crs84 FROM tweeling.$COLLECTION AS t WHERE t.valid_to IS NULL ORDER BY t.fid" \
      || die "ogr2ogr from PostGIS failed"
    pg_runs+=("$(since "$start")")
  done
  GDAL_PG_S=$(printf '%s\n' "${pg_runs[@]}" | median)
  note "ogr2ogr of the same rows straight from PostGIS (PG: driver): ${pg_runs[*]} s"
  GDAL_COUNT=$(ogrinfo -ro -so "$WORK/$COLLECTION.gpkg" "$COLLECTION" | sed -n 's/^Feature Count: //p')
  GDAL_DISTINCT=$(ogrinfo -ro -dialect sqlite -sql "SELECT COUNT(DISTINCT id) AS d FROM $COLLECTION" \
    "$WORK/$COLLECTION.gpkg" | sed -n 's/^ *d (Integer) = //p')
  GDAL_S=$(printf '%s\n' "${gdal[@]}" | median)
  BASELINE_S=$(printf '%s\n' "${sql[@]}" | median)
  note "GDAL wrote $GDAL_COUNT features ($GDAL_DISTINCT distinct ids; the server says $MATCHED)"
  [[ $GDAL_COUNT == "$MATCHED" && $GDAL_DISTINCT == "$MATCHED" ]] \
    || warn "the download does not hold every feature exactly once"
}

# --- (b) API pages vs plain SQL -------------------------------------------------------------------

measure_pages() {
  local i api=() sql=() t t2
  step "(b) ${#API_PAGES[@]} API pages vs $SQL_PAGES psql pages of $PAGE features, $REPS walks each, $(load)"
  # one more untimed walk (the app is warm from here on), counting the bytes
  note "$(curl -sS --fail --noproxy '*' -K "$WORK/pages.curl" -w '%{size_download}\n' \
    | awk '{ b += $1 } END { printf "the API pages hold %.1f MB\n", b / 1e6 }')"
  sql_walk /dev/null >/dev/null
  for ((i = 1; i <= REPS; i++)); do
    t=$(curl_times "$WORK/pages.curl" | awk '{ t += $1 } END { printf "%.4f\n", t }')
    api+=("$t")
    t2=$(sql_walk /dev/null)
    sql+=("$t2")
    note "walk $i: API ${t} s, SQL ${t2} s"
  done
  API_WALK_S=$(printf '%s\n' "${api[@]}" | median)
  SQL_WALK_S=$(printf '%s\n' "${sql[@]}" | median)
  API_IPS=$(calc '%.0f' "$MATCHED / $API_WALK_S")
  SQL_IPS=$(calc '%.0f' "$MATCHED / $SQL_WALK_S")
  PAGE_RATIO=$(calc '%.2f' "$API_IPS / $SQL_IPS")
  note "API $API_IPS items/s, SQL $SQL_IPS items/s: ratio $PAGE_RATIO"
}

# --- (c) bbox latency before and after growing the layer ------------------------------------------

# The bbox requests of one measurement: every box on the grown layer, and the same box on buildings (a
# layer that does not grow) as a control for the load of the shared machine, interleaved.
prepare_bbox() {
  local b r urls=()
  BBOX_COUNTS=""
  for b in "${BOXES[@]}"; do
    BBOX_COUNTS+="$(curl -sS --fail --noproxy '*' "$(url "/collections/$COLLECTION/items?limit=100&bbox=$b")" | json_number numberReturned) "
  done
  for ((r = 0; r < BBOX_REPEAT; r++)); do
    for b in "${BOXES[@]}"; do
      urls+=("$(url "/collections/$COLLECTION/items?limit=100&bbox=$b")" "$(url "/collections/$CONTROL/items?limit=100&bbox=$b")")
    done
  done
  curl_config "$WORK/bbox.curl" "${urls[@]}"
}

# bbox_latency NAME: BBOX_ROUNDS rounds after an untimed one; sets BBOX_MS (median of the grown layer's
# requests) and CONTROL_MS (median of the control's), in ms
bbox_latency() {
  local r
  curl_times "$WORK/bbox.curl" >/dev/null
  for ((r = 1; r <= BBOX_ROUNDS; r++)); do
    curl -sS --fail --noproxy '*' -K "$WORK/bbox.curl" -w '%{url_effective} %{time_total}\n'
  done >"$WORK/bbox-$1.txt"
  BBOX_MS=$(awk -v c="/collections/$COLLECTION/" 'index($1, c) { print $2 }' "$WORK/bbox-$1.txt" | median | awk '{ printf "%.2f\n", $1 * 1000 }')
  CONTROL_MS=$(awk -v c="/collections/$CONTROL/" 'index($1, c) { print $2 }' "$WORK/bbox-$1.txt" | median | awk '{ printf "%.2f\n", $1 * 1000 }')
}

grow_addresses() {
  local rows start=0 chunk seed=1 t0=$EPOCHREALTIME stats
  rows=$(db_psql -c "SELECT count(*) FROM tweeling.$COLLECTION")
  step "(c) growing $COLLECTION from $rows to $GROW_TO rows (synthetic points outside Zwolle)"
  while ((rows < GROW_TO)); do
    chunk=$((GROW_TO - rows))
    ((chunk <= 250000)) || chunk=250000
    db_psql -v start="$start" -v count="$chunk" -v seed="0.$((1000 + seed))" -f "$HERE/grow_addresses.sql" >/dev/null
    start=$((start + chunk)) rows=$((rows + chunk)) seed=$((seed + 1))
    note "$rows rows ($(since "$t0") s)"
  done
  db_psql -c "ANALYZE tweeling.$COLLECTION"
  # keep the registry's feature count and extent true, with the statement the app's writers use
  stats=$(sed -e "s/{table}/tweeling.$COLLECTION/" -e "s/= ?/= '$COLLECTION'/" \
    "$TW_ROOT/src/main/resources/sql/feature/update_layer_statistics.sql")
  db_psql -c "$stats" >/dev/null || warn "could not refresh the layer statistics of $COLLECTION"
  GROWN=$(db_psql -c "SELECT count(*) FROM tweeling.$COLLECTION WHERE valid_to IS NULL")
  note "grown to $GROWN current rows in $(since "$t0") s (with ANALYZE)"
}

measure_bbox() {
  local before_counts
  prepare_bbox
  step "(c) ${#BOXES[@]} city-centre boxes, limit=100 (addresses returned: $BBOX_COUNTS), $BBOX_ROUNDS x ${#BOXES[@]} x $BBOX_REPEAT requests, $(load)"
  bbox_latency sample
  BBOX_MS_SAMPLE=$BBOX_MS CONTROL_MS_SAMPLE=$CONTROL_MS
  note "median latency at $MATCHED rows: $BBOX_MS_SAMPLE ms ($CONTROL bbox: $CONTROL_MS_SAMPLE ms)"
  before_counts=$BBOX_COUNTS
  grow_addresses
  prepare_bbox
  [[ $BBOX_COUNTS == "$before_counts" ]] \
    || warn "the boxes return other counts after growing ($BBOX_COUNTS instead of $before_counts)"
  step "(c) the same requests at $GROWN rows, $(load)"
  bbox_latency grown
  BBOX_MS_GROWN=$BBOX_MS CONTROL_MS_GROWN=$CONTROL_MS
  note "median latency at $GROWN rows: $BBOX_MS_GROWN ms ($CONTROL bbox: $CONTROL_MS_GROWN ms)"
  BBOX_RATIO=$(calc '%.2f' "$BBOX_MS_GROWN / $BBOX_MS_SAMPLE")
  CONTROL_RATIO=$(calc '%.2f' "$CONTROL_MS_GROWN / $CONTROL_MS_SAMPLE")
}

# --- main -----------------------------------------------------------------------------------------

start_services
MATCHED=$(curl -sS --fail --noproxy '*' "$(url "/collections/$COLLECTION/items?limit=1")" | json_number numberMatched)
IN_DB=$(db_psql -c "SELECT count(*) FROM tweeling.$COLLECTION WHERE valid_to IS NULL")
step "the app is ready on $(url /); $COLLECTION: numberMatched $MATCHED, $IN_DB current rows in the database"
[[ $MATCHED == "$IN_DB" ]] || die "numberMatched ($MATCHED) differs from the database ($IN_DB)"

step "following the next links of $COLLECTION once (warm-up)"
collect_api_pages
prepare_sql_walk
measure_download
measure_pages
measure_bbox

bench_cleanup
printf 'features gdal_download_s=%.2f page_ratio=%s bbox_growth_ratio=%s gdal_count=%s baseline_sql_download_s=%.2f gdal_local_s=%.2f gdal_pg_s=%.2f api_walk_s=%.2f api_items_per_s=%s sql_items_per_s=%s bbox_ms_sample=%s bbox_ms_grown=%s bbox_control_ratio=%s grown_rows=%s\n' \
  "$GDAL_S" "$PAGE_RATIO" "$BBOX_RATIO" "$GDAL_COUNT" "$BASELINE_S" "$GDAL_LOCAL_S" "$GDAL_PG_S" "$API_WALK_S" "$API_IPS" "$SQL_IPS" \
  "$BBOX_MS_SAMPLE" "$BBOX_MS_GROWN" "$CONTROL_RATIO" "$GROWN" >&3
