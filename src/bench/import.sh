#!/usr/bin/env bash
# Import of the 71,888 Zwolle address points (shapefile without .dbf) through the app vs plain ogr2ogr.
#
# Self-contained, like features.sh: builds the app if its sources changed, starts a throwaway PostGIS
# cluster and Kafka broker on free ports (the functions of `./tweeling test`) and the packaged app against
# them on a free port, with an admin key made for this run. The database is vacuumed and one untimed round
# warms the JVM; then BENCH_REPS (5) rounds of the two, their order alternating, each step's table vacuumed
# and analyzed after it (outside the timed window, so that autovacuum does not run during the other step):
#   ours     POST /imports (multipart upload of .shp .shx .prj .cpg) into a new layer, polling GET /jobs/{id}
#            every 0.1 s until it is successful: wall time from before the upload to the job's `finished`
#            instant (same machine, same clock; the moment a client polling it can see it successful, without
#            the poll interval's rounding and without the CPU a tighter polling loop would take from the run):
#            the upload and its check, the load into a new, registered layer with its indexes
#   ogr2ogr  the baseline: `ogr2ogr -f PostgreSQL` of the same file into a new table of the same database
#            (reprojected to EPSG:28992 with COPY and its default spatial index), wall time
# and once a re-import of the same file into an existing layer through the CLI, `./tweeling import`
# (progress bar and report; every feature unchanged: reimport_s).
# Medians; addresses_s is ours, ogr2ogr_ratio = ours / ogr2ogr. Target: under 10 s and at most 1.5.
# Everything lives in one temp dir; an EXIT trap stops what was started and removes it. Progress goes to
# stderr; the last line (stdout) is
#   import addresses_s=<x.xx> ogr2ogr_ratio=<x.xx> ogr2ogr_s=<x.xx> reimport_s=<x.xx> features=<n>
# shellcheck disable=SC2034  # APP_*, DB_URL and KAFKA_BOOTSTRAP are read by the sourced src/main/sh functions
set -euo pipefail
export LC_ALL=C

TW_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)
# shellcheck source=src/bench/lib.sh
source "$TW_ROOT/src/bench/lib.sh"   # and src/main/sh/{common,postgres,kafka,app,test}.sh
for lib in keys api import; do
  # shellcheck source=/dev/null
  source "$TW_ROOT/src/main/sh/$lib.sh"
done

REPS=${BENCH_REPS:-5}
DATA=${TWEELING_REAL_DATA_DIR:-$TW_ROOT/../shared/data/real}/buildings
STEM=zwolle_digitale_tweeling_adressen_2d
EXPECTED=71888

exec 3>&1 1>&2

step() { info "bench import: $*"; }
json_field() { grep -o "\"$1\":\"\?[^\",}]*" | head -n 1 | sed 's/^"[^"]*":"\?//'; }


start_services() {
  [[ -f $DATA/$STEM.shp ]] || die "the real data is missing: $DATA/$STEM.shp (see ../shared/data/real or TWEELING_REAL_DATA_DIR)"
  bench_services gdal-bin curl
  KEY=$(key_new)
  export TWEELING_ADMIN_KEY_HASH
  TWEELING_ADMIN_KEY_HASH=$(key_hash "$KEY")
  app_start
  app_wait_ready
}

# ours LAYER: seconds from the upload to the job's end (its `finished` instant, once seen successful)
ours() {
  local layer=$1 start response job status state finished
  start=$EPOCHREALTIME
  response=$(curl -sS --fail-with-body --noproxy '*' -H "X-API-Key: $KEY" \
    -F "file=@$DATA/$STEM.shp" -F "file=@$DATA/$STEM.shx" -F "file=@$DATA/$STEM.prj" -F "file=@$DATA/$STEM.cpg" \
    -F "layer=$layer" "http://127.0.0.1:$APP_PORT/imports") || die "POST /imports failed: $response"
  job=$(json_field jobID <<<"$response")
  while :; do
    state=$(curl -sS --fail --noproxy '*' -H "X-API-Key: $KEY" "http://127.0.0.1:$APP_PORT/jobs/$job")
    status=$(json_field status <<<"$state")
    [[ $status == successful ]] && break
    [[ $status == failed ]] && die "the import failed: $(json_field message <<<"$state")"
    sleep 0.1
  done
  finished=$(date -d "$(json_field finished <<<"$state")" +%s.%N) || die "no finished instant in $state"
  calc '%.3f' "$finished - $start"
}

ogr() {
  local table=$1 start
  start=$EPOCHREALTIME
  PGPASSWORD=$DB_PASSWORD ogr2ogr -f PostgreSQL "PG:host=$DB_HOST port=$DB_PORT dbname=$DB_NAME user=$DB_USER" \
    "$DATA/$STEM.shp" -nln "$table" -lco SCHEMA=public -t_srs EPSG:28992 --config PG_USE_COPY YES
  since "$start"
}

# settle TABLE: vacuums and analyzes what a step just wrote, outside the timed window, so that autovacuum does
# not take it up during the next step (it would, for 71,888 new rows, and take CPU from whichever side runs).
# As the superuser: the app's role may not vacuum the shared catalogs (settle "" is the whole database).
settle() { su_psql -c "VACUUM (ANALYZE) $1" >/dev/null; }

# round N: one ogr2ogr and one import, the order alternating from round to round
round() {
  local i=$1 side t order=(ogr ours)
  ((i % 2 == 1)) || order=(ours ogr)
  for side in "${order[@]}"; do
    if [[ $side == ogr ]]; then
      t=$(ogr "bench_ogr_$i")
      ogr_runs+=("$t")
      settle "public.bench_ogr_$i"
      step "run $i/$REPS: ogr2ogr $t s ($(load))"
    else
      t=$(ours "bench-addresses-$i")
      ours_runs+=("$t")
      settle "tweeling_layer.\"bench-addresses-$i\""
      step "run $i/$REPS: POST /imports $t s ($(load))"
    fi
  done
}

main() {
  start_services
  local i n ours_runs=() ogr_runs=()
  # a settled database and a warm JVM before the timed rounds: the sample the app loaded at start, vacuumed and
  # analyzed; one untimed round (round 0)
  settle ""
  round 0
  ours_runs=() ogr_runs=()
  for ((i = 1; i <= REPS; i++)); do
    round "$i"
  done
  n=$(db_psql -c "SELECT count(*) FROM tweeling_layer.\"bench-addresses-1\" WHERE valid_to IS NULL")
  [[ $n == "$EXPECTED" ]] || die "the imported layer has $n features, not $EXPECTED"
  n=$(db_psql -c "SELECT count(*) FROM public.bench_ogr_1")
  [[ $n == "$EXPECTED" ]] || die "ogr2ogr loaded $n features, not $EXPECTED"
  local reimport start
  # the CLI, pointed at this run's app and key
  TW_ENV_FILE="$TEST_DIR/env" ADMIN_KEY_FILE="$TEST_DIR/admin.key"
  printf 'QUARKUS_HTTP_PORT=%s\n' "$APP_PORT" >"$TW_ENV_FILE"
  (umask 077 && printf '%s\n' "$KEY" >"$ADMIN_KEY_FILE")
  start=$EPOCHREALTIME
  cmd_import "$DATA/$STEM.shp" --layer bench-addresses-1 --replace >"$TEST_DIR/report.txt"
  reimport=$(since "$start")
  cat "$TEST_DIR/report.txt"
  grep -q " 0 inserted, 0 updated, $EXPECTED unchanged, 0 ended, 0 rejected" "$TEST_DIR/report.txt" \
    || die "the re-import did not report everything unchanged"
  step "re-import into bench-addresses-1 with ./tweeling import (all unchanged): $reimport s"
  # where each run's time went, as the app logged it (ogrinfo check, ogr2ogr staging, transaction steps)
  grep -o 'import [0-9a-f-]* into .*' "$APP_LOG" | sed 's/^/    app: /' || true
  local ours_s ogr_s
  ours_s=$(printf '%s\n' "${ours_runs[@]}" | median)
  ogr_s=$(printf '%s\n' "${ogr_runs[@]}" | median)
  printf 'import addresses_s=%.2f ogr2ogr_ratio=%s ogr2ogr_s=%.2f reimport_s=%.2f features=%s\n' "$ours_s" \
    "$(calc '%.2f' "$ours_s / $ogr_s")" "$ogr_s" "$reimport" "$EXPECTED" >&3
}

main "$@"
