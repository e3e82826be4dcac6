#!/usr/bin/env bash
# GDAL download of all addresses, GeoJSON pages vs plain SQL, bbox latency at 70,000 vs 2,000,000 addresses.
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
#   (c) bbox_growth_ratio bbox latency at BENCH_GROW_TO rows / at the sample's rows, both measured in the
#                         same time window. The addresses collection stays as it is; a second collection,
#                         addresses_grown, is made as an import makes a layer (create_layer_table.sql, rows,
#                         create_layer_indexes.sql, register_layer.sql, ANALYZE, the statistics refresh):
#                         the same addresses plus synthetic points outside Zwolle up to BENCH_GROW_TO rows,
#                         served by the same code. Then BENCH_BBOX_ROUNDS rounds, each of the same small
#                         city-centre bbox requests (limit=100) as triples small, grown, small again
#                         (positions rotated from round to round), BENCH_BBOX_REPEAT times per box; per
#                         round the ratio median(grown) / median(small); the figure is the median over the
#                         rounds. Load that changes during a round hits both sides alike.
#                         bbox_control_ratio is the same per-round ratio between the two small requests
#                         of each triple (A/A): how far from 1.00 the method itself strays.
# Everything lives in one temp dir; an EXIT trap stops what was started and removes it (also after
# Ctrl-C or a failure). Progress goes to stderr; the last line (stdout) is
#   features gdal_download_s=<x.xx> page_ratio=<x.xx> bbox_growth_ratio=<x.xx> [more key=value]
# shellcheck disable=SC2034  # APP_*, DB_URL and KAFKA_BOOTSTRAP are read by the sourced src/main/sh functions
set -euo pipefail
export LC_ALL=C   # EPOCHREALTIME and awk must use a decimal point

TW_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)
# shellcheck source=src/bench/lib.sh
source "$TW_ROOT/src/bench/lib.sh"   # and src/main/sh/{common,postgres,kafka,app,test}.sh
HERE="$TW_ROOT/src/bench/features"

REPS=${BENCH_REPS:-5}                     # timed walks per side for page_ratio
GDAL_REPS=${BENCH_GDAL_REPS:-3}           # timed ogr2ogr downloads (and SQL baselines)
GROW_TO=${BENCH_GROW_TO:-2000000}         # rows of the grown copy of addresses
BBOX_ROUNDS=${BENCH_BBOX_ROUNDS:-21}      # timed rounds of bbox requests (after 2 untimed ones)
BBOX_REPEAT=${BENCH_BBOX_REPEAT:-4}       # triples (small, grown, small) per box and round
PAGE=1000
COLLECTION=addresses
GROWN_ID=${COLLECTION}_grown              # the grown copy: collection id and table name
# Small boxes in the city centre (CRS84 minLon,minLat,maxLon,maxLat), some with more than 100 addresses
# (the page is full) and some with fewer (the whole box is read).
BOXES=('6.086,52.505,6.090,52.508' '6.090,52.508,6.094,52.511' '6.094,52.511,6.098,52.514' '6.098,52.514,6.102,52.517'
  '6.102,52.505,6.106,52.508' '6.082,52.511,6.086,52.514' '6.090,52.514,6.094,52.517' '6.098,52.505,6.102,52.508')

exec 3>&1 1>&2   # progress (also of the sourced helpers) to stderr; fd 3 keeps stdout for the result

# --- helpers --------------------------------------------------------------------------------------

step() { info "bench features: $*"; }

# since, median, calc and load: src/bench/lib.sh

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
  bench_services gdal-bin curl
  WORK="$TEST_DIR/work"
  mkdir -p "$WORK"
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
    PGPASSWORD=$DB_PASSWORD ogr2ogr -f GPKG "$WORK/pg.gpkg" "PG:host=$DB_HOST port=$DB_PORT dbname=$DB_NAME user=$DB_USER" -nln "$COLLECTION" \
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

# --- (c) bbox latency at the sample's size and at BENCH_GROW_TO rows, interleaved ----------------

# sql_with FILE VALUE...: the statement in FILE without its comment lines, each ? replaced by the next
# VALUE as a quoted literal (the values are this script's own constants)
sql_with() {
  local sql v
  sql=$(grep -v '^--' "$1")
  shift
  for v in "$@"; do
    v="'${v//\'/\'\'}'"
    sql=${sql/\?/"$v"}
  done
  printf '%s\n' "$sql"
}

# The grown collection, made the way an import makes a layer (src/main/resources/sql/imports): a table of
# the same shape, its rows (the addresses, then synthetic points), the indexes after the load, the
# registration, ANALYZE and the statistics the registry keeps.
make_grown_layer() {
  local t0=$EPOCHREALTIME table="tweeling.$GROWN_ID" sql columns copy geometry_type rows start=0 chunk seed=1 i
  step "(c) collection $GROWN_ID: the $COLLECTION rows plus synthetic points outside Zwolle up to $GROW_TO rows"
  geometry_type=$(db_psql -c "SELECT geometry_type FROM tweeling.layer WHERE id = '$COLLECTION'")
  columns=$(db_psql -v schema=tweeling -v table="$COLLECTION" -v part=create -f "$HERE/layer_columns.sql")
  copy=$(db_psql -v schema=tweeling -v table="$COLLECTION" -v part=copy -f "$HERE/layer_columns.sql")
  sql=$(grep -v '^--' "$TW_ROOT/src/main/resources/sql/imports/create_layer_table.sql")
  sql=${sql//\{table\}/"$table"} sql=${sql//\{geometry_type\}/"$geometry_type"} sql=${sql//\{columns\}/"$columns"}
  db_psql -c "$sql"
  db_psql -v source="tweeling.$COLLECTION" -v target="$table" -v columns="$copy" -f "$HERE/copy_layer.sql"
  rows=$(db_psql -c "SELECT count(*) FROM $table")
  while ((rows < GROW_TO)); do
    chunk=$((GROW_TO - rows))
    ((chunk <= 250000)) || chunk=250000
    db_psql -v table="$table" -v start="$start" -v count="$chunk" -v seed="0.$((1000 + seed))" \
      -f "$HERE/grow_addresses.sql" >/dev/null
    start=$((start + chunk)) rows=$((rows + chunk)) seed=$((seed + 1))
    note "$rows rows ($(since "$t0") s)"
  done
  sql=$(grep -v '^--' "$TW_ROOT/src/main/resources/sql/imports/create_layer_indexes.sql")
  db_psql -c "${sql//\{table\}/"$table"}"
  db_psql -c "$(sql_with "$TW_ROOT/src/main/resources/sql/imports/register_layer.sql" "$GROWN_ID" \
    "Addresses, grown" "The addresses plus synthetic points (bench features)." tweeling "$GROWN_ID" "$geometry_type" bench)" >/dev/null
  db_psql -c "ANALYZE $table"
  sql=$(sql_with "$TW_ROOT/src/main/resources/sql/feature/update_layer_statistics.sql" "$GROWN_ID")
  sql=${sql//\{statistics\}/"$(grep -v '^--' "$TW_ROOT/src/main/resources/sql/feature/layer_statistics.sql")"}
  db_psql -c "${sql//\{table\}/"$table"}" >/dev/null
  GROWN=$(db_psql -c "SELECT count(*) FROM $table WHERE valid_to IS NULL")
  for ((i = 0; i < 50; i++)); do   # the app's registry cache lives a second
    curl -sS --fail --noproxy '*' -o /dev/null "$(url "/collections/$GROWN_ID")" 2>/dev/null && break
    sleep 0.2
  done
  note "$GROWN_ID: $GROWN current rows, indexed and analysed, in $(since "$t0") s"
}

# The bbox requests of a round in rotation ROT (0–2): per repeat and box a triple of the small collection
# (S), the grown one (G) and the small one again (C), rotated so that over three rounds each takes each
# place in the triple. Writes $WORK/bbox-ROT.curl and, one a line in the same order, $WORK/bbox-ROT.kinds.
prepare_bbox_round() {
  local rot=$1 r b i k kinds=(S G C) urls=() order=()
  for ((r = 0; r < BBOX_REPEAT; r++)); do
    for b in "${BOXES[@]}"; do
      for i in 0 1 2; do
        k=${kinds[(i + rot) % 3]}
        order+=("$k")
        if [[ $k == G ]]; then
          urls+=("$(url "/collections/$GROWN_ID/items?limit=100&bbox=$b")")
        else
          urls+=("$(url "/collections/$COLLECTION/items?limit=100&bbox=$b")")
        fi
      done
    done
  done
  curl_config "$WORK/bbox-$rot.curl" "${urls[@]}"
  printf '%s\n' "${order[@]}" >"$WORK/bbox-$rot.kinds"
}

# bbox_counts COLLECTION: numberReturned/numberMatched of every box
bbox_counts() {
  local b body out=""
  for b in "${BOXES[@]}"; do
    body=$(curl -sS --fail --noproxy '*' "$(url "/collections/$1/items?limit=100&bbox=$b")")
    out+="$(json_number numberReturned <<<"$body")/$(json_number numberMatched <<<"$body") "
  done
  printf '%s\n' "$out"
}

# ms KIND < ROUND-FILE: the median latency of one kind of request in a round, in ms
ms() { awk -v k="$1" '$1 == k { print $2 * 1000 }' | median; }

measure_bbox() {
  local rot r small grown s c ratio control small_counts
  make_grown_layer
  small_counts=$(bbox_counts "$COLLECTION")
  [[ $small_counts == "$(bbox_counts "$GROWN_ID")" ]] \
    || warn "the boxes return other counts on $GROWN_ID than on $COLLECTION ($small_counts)"
  for rot in 0 1 2; do
    prepare_bbox_round "$rot"
  done
  step "(c) ${#BOXES[@]} city-centre boxes, limit=100 (returned/matched: $small_counts); $BBOX_ROUNDS rounds of" \
    "$BBOX_REPEAT x ${#BOXES[@]} triples (small, grown, small) after 2 untimed rounds, $(load)"
  curl_times "$WORK/bbox-0.curl" >/dev/null
  curl_times "$WORK/bbox-1.curl" >/dev/null
  : >"$WORK/bbox-rounds.txt"
  for ((r = 0; r < BBOX_ROUNDS; r++)); do
    rot=$((r % 3))
    curl_times "$WORK/bbox-$rot.curl" | paste -d ' ' "$WORK/bbox-$rot.kinds" - >"$WORK/round.txt"
    small=$(awk '$1 != "G"' "$WORK/round.txt" | sed 's/^C/S/' | ms S)
    grown=$(ms G <"$WORK/round.txt")
    s=$(ms S <"$WORK/round.txt")
    c=$(ms C <"$WORK/round.txt")
    ratio=$(calc '%.3f' "$grown / $small")
    control=$(calc '%.3f' "$c / $s")
    printf '%s %s %s %s\n' "$small" "$grown" "$ratio" "$control" >>"$WORK/bbox-rounds.txt"
    note "round $((r + 1)): small $(calc '%.2f' "$small") ms, grown $(calc '%.2f' "$grown") ms, ratio $ratio (A/A $control)"
  done
  BBOX_MS_SAMPLE=$(awk '{ print $1 }' "$WORK/bbox-rounds.txt" | median | awk '{ printf "%.2f\n", $1 }')
  BBOX_MS_GROWN=$(awk '{ print $2 }' "$WORK/bbox-rounds.txt" | median | awk '{ printf "%.2f\n", $1 }')
  BBOX_RATIO=$(awk '{ print $3 }' "$WORK/bbox-rounds.txt" | median | awk '{ printf "%.2f\n", $1 }')
  CONTROL_RATIO=$(awk '{ print $4 }' "$WORK/bbox-rounds.txt" | median | awk '{ printf "%.2f\n", $1 }')
  note "per-round ratios, sorted: $(awk '{ print $3 }' "$WORK/bbox-rounds.txt" | sort -g | tr '\n' ' ')"
  note "median over rounds: small $BBOX_MS_SAMPLE ms at $MATCHED rows, grown $BBOX_MS_GROWN ms at $GROWN rows," \
    "ratio $BBOX_RATIO (A/A control $CONTROL_RATIO), $(load)"
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
printf 'features gdal_download_s=%.2f page_ratio=%s bbox_growth_ratio=%s gdal_count=%s baseline_sql_download_s=%.2f gdal_local_s=%.2f gdal_pg_s=%.2f api_walk_s=%.2f api_items_per_s=%s sql_items_per_s=%s bbox_ms_sample=%s bbox_ms_grown=%s bbox_control_ratio=%s grown_rows=%s bbox_rounds=%s\n' \
  "$GDAL_S" "$PAGE_RATIO" "$BBOX_RATIO" "$GDAL_COUNT" "$BASELINE_S" "$GDAL_LOCAL_S" "$GDAL_PG_S" "$API_WALK_S" "$API_IPS" "$SQL_IPS" \
  "$BBOX_MS_SAMPLE" "$BBOX_MS_GROWN" "$CONTROL_RATIO" "$GROWN" "$BBOX_ROUNDS" >&3
