#!/usr/bin/env bash
# What the requests of a QGIS session cost (its SensorThings provider; docs/sensors.md, "QGIS"), over a large
# observation table. The requests are QGIS's own, spelled as its QUrl sends them (StaQgisTest checks their answers).
#
# Self-contained, like the other benchmarks: builds the app if its sources changed, starts a throwaway PostGIS
# cluster and Kafka broker on free ports and the packaged app against them (the sample loaded). Adds 100 NO2
# datastreams at random points of the buurten with hourly observations over BENCH_QGIS_YEARS (5) years, one
# INSERT per year (so the rollup and count triggers run as for any write), then VACUUM ANALYZE. Then BENCH_REPS
# (41) rounds, after 3 untimed ones, each timing once:
#   obs_count_ms     Observations?$top=0&$count=true, the first request of an Observations layer (its count);
#                    obs_count_sql_ms: SELECT count(*) of the table by psql (\timing), what that count was before
#                    the service read the per-datastream counts (V015); obs_count_ratio = API / SQL
#   obs_page_ms      Observations?$top=200&$count=false, the layer's first page
#   view_ms          a Locations layer's map redraw over the centre of Zwolle: the type filter and the view,
#                    geo.intersects(location, geography'Polygon ((…))'), $top=200
#   world_ms         the same with the world as view (QGIS's extent of a layer not yet read whole)
#   latest_ms        the view expanded Things → Datastreams → Observations with QGIS's default expansion (the 100
#                    newest observations per datastream): one point per observation
#   series_count_ms  an Observations layer filtered to one datastream by name (its provider feature filter,
#                    Datastream/name eq '…'): the count; series_page_ms its first page
# Progress goes to stderr; the last line (stdout) is
#   qgis obs_count_ms=<x> obs_count_sql_ms=<x> obs_count_ratio=<x> obs_page_ms=<x> view_ms=<x> world_ms=<x> latest_ms=<x> series_count_ms=<x> series_page_ms=<x> rows=<n> load_s=<x> reps=<n>
# shellcheck disable=SC2034  # APP_*, DB_URL and KAFKA_BOOTSTRAP are read by the sourced src/main/sh functions
set -euo pipefail
export LC_ALL=C

TW_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)
# shellcheck source=src/bench/lib.sh
source "$TW_ROOT/src/bench/lib.sh"

REPS=${BENCH_REPS:-41}
YEARS=${BENCH_QGIS_YEARS:-5}

exec 3>&1 1>&2   # progress to stderr; fd 3 keeps stdout for the result

step() { info "bench qgis: $*"; }
url() { printf 'http://127.0.0.1:%s%s\n' "$APP_PORT" "$1"; }
# time_ms URL: the time of one GET in ms; an answer other than 2xx (a 503 of a statement timeout) ends the benchmark
time_ms() {
  local t
  t=$(curl -sS --fail --noproxy '*' -o /dev/null -w '%{time_total}' "$1") || die "GET $1 failed"
  calc '%.3f' "$t * 1000"
}

# the requests, as QGIS's QUrl sends them: spaces as %20, the rest as written
POINTS="location/type%20eq%20'Point'%20or%20location/geometry/type%20eq%20'Point'"
VIEW="geo.intersects(location,%20geography'Polygon%20((6.05%2052.48,%206.15%2052.48,%206.15%2052.54,%206.05%2052.54,%206.05%2052.48))')"
WORLD="geo.intersects(location,%20geography'Polygon%20((-180%20-90,%20180%20-90,%20180%2090,%20-180%2090,%20-180%20-90))')"
LATEST="\$expand=Things(\$top=100;\$expand=Datastreams(\$top=10;\$expand=Observations(\$orderby=phenomenonTime%20desc;\$top=100)))"
SERIES="Datastream/name%20eq%20'Bench%20QGIS%207'"

load_streams() {
  local year start
  db_psql -c "
    WITH b AS (SELECT row_number() OVER (ORDER BY feature_id) - 1 AS n, count(*) OVER () AS areas, geom
               FROM tweeling.buurten WHERE valid_to IS NULL)
    INSERT INTO tweeling.thing (key, name, geom, source)
    SELECT 'bench-qgis-' || i, 'Bench QGIS ' || i, ST_GeometryN(ST_GeneratePoints(b.geom, 1, i + 1), 1), 'bench'
    FROM generate_series(0, 99) AS i
    JOIN b ON b.n = i % b.areas;
    INSERT INTO tweeling.datastream (key, thing_id, observed_property, name, source)
    SELECT t.key, t.id, 'NO2', t.name, 'bench' FROM tweeling.thing AS t WHERE t.key LIKE 'bench-qgis-%';" >/dev/null
  start=$EPOCHREALTIME
  for ((year = 2026 - YEARS; year < 2026; year++)); do
    db_psql -c "
      INSERT INTO tweeling.observation (datastream_id, phenomenon_time, result, source)
      SELECT d.id, t, 20 + 10 * sin(extract(epoch FROM t) / 86400.0 + d.id), 'bench'
      FROM tweeling.datastream AS d,
           generate_series(TIMESTAMPTZ '$year-01-01T00:00:00Z', TIMESTAMPTZ '$((year + 1))-01-01T00:00:00Z' - interval '1 hour',
                           interval '1 hour') AS t
      WHERE d.key LIKE 'bench-qgis-%';" >/dev/null
  done
  db_psql -c "VACUUM (ANALYZE) tweeling.observation" >/dev/null
  LOAD_S=$(since "$start")
  ROWS=$(db_psql -c "SELECT count(*) FROM tweeling.observation")
  step "loaded $YEARS years of hourly observations of 100 datastreams in $LOAD_S s: $ROWS observations in all"
}

measure() {
  local count_u page_u view_u world_u latest_u series_count_u series_page_u r t n
  local count=() sql=() page=() view=() world=() latest=() series_count=() series_page=()
  count_u=$(url "/sta/v1.1/Observations?\$top=0&\$count=true")
  page_u=$(url "/sta/v1.1/Observations?\$top=200&\$count=false")
  view_u=$(url "/sta/v1.1/Locations?\$top=200&\$count=false&\$filter=($POINTS)%20and%20($VIEW)")
  world_u=$(url "/sta/v1.1/Locations?\$top=200&\$count=false&\$filter=($POINTS)%20and%20($WORLD)")
  latest_u=$(url "/sta/v1.1/Locations?\$top=200&\$count=false&$LATEST&\$filter=($POINTS)%20and%20($VIEW)")
  series_count_u=$(url "/sta/v1.1/Observations?\$top=0&\$count=true&\$filter=$SERIES")
  series_page_u=$(url "/sta/v1.1/Observations?\$top=200&\$count=false&\$filter=$SERIES")
  n=$(curl -sS --fail --noproxy '*' "$count_u" | grep -o '"@iot.count" *: *[0-9]*' | grep -o '[0-9]*$')
  [[ $n == "$ROWS" ]] || die "@iot.count $n, but the table holds $ROWS"
  n=$(curl -sS --fail --noproxy '*' "$view_u" | grep -o '"@iot.id"' | wc -l)
  t=$(curl -sS --fail --noproxy '*' "$latest_u" | grep -o '"result"' | wc -l)
  step "$REPS rounds: $ROWS observations counted, $n locations in view with $t latest observations, $(load)"
  n=$(curl -sS --fail --noproxy '*' "$series_count_u" | grep -o '"@iot.count" *: *[0-9]*' | grep -o '[0-9]*$')
  t=$(db_psql -c "SELECT count(*) FROM tweeling.observation AS o JOIN tweeling.datastream AS d ON d.id = o.datastream_id
                   WHERE d.name = 'Bench QGIS 7'")
  [[ $n == "$t" ]] || die "the series of one datastream: @iot.count $n, but it holds $t observations"
  for ((r = 0; r < 3; r++)); do
    for u in "$count_u" "$page_u" "$view_u" "$world_u" "$latest_u" "$series_count_u" "$series_page_u"; do
      time_ms "$u" >/dev/null
    done
  done
  for ((r = 0; r < REPS; r++)); do
    count+=("$(time_ms "$count_u")")
    sql+=("$(db_psql -c '\timing on' -c 'SELECT count(*) FROM tweeling.observation' | awk '/^Time: / { print $2 }')")
    page+=("$(time_ms "$page_u")")
    view+=("$(time_ms "$view_u")")
    world+=("$(time_ms "$world_u")")
    latest+=("$(time_ms "$latest_u")")
    series_count+=("$(time_ms "$series_count_u")")
    series_page+=("$(time_ms "$series_page_u")")
  done
  COUNT_MS=$(printf '%s\n' "${count[@]}" | median)
  SQL_MS=$(printf '%s\n' "${sql[@]}" | median)
  PAGE_MS=$(printf '%s\n' "${page[@]}" | median)
  VIEW_MS=$(printf '%s\n' "${view[@]}" | median)
  WORLD_MS=$(printf '%s\n' "${world[@]}" | median)
  LATEST_MS=$(printf '%s\n' "${latest[@]}" | median)
  SERIES_COUNT_MS=$(printf '%s\n' "${series_count[@]}" | median)
  SERIES_PAGE_MS=$(printf '%s\n' "${series_page[@]}" | median)
}

bench_services curl
app_start
app_wait_ready
step "the app is ready on $(url /)"
load_streams
measure
bench_cleanup
printf 'qgis obs_count_ms=%.2f obs_count_sql_ms=%.2f obs_count_ratio=%s obs_page_ms=%.2f view_ms=%.2f world_ms=%.2f latest_ms=%.2f series_count_ms=%.2f series_page_ms=%.2f rows=%s load_s=%s reps=%s\n' \
  "$COUNT_MS" "$SQL_MS" "$(calc '%.3f' "$COUNT_MS / $SQL_MS")" "$PAGE_MS" "$VIEW_MS" "$WORLD_MS" "$LATEST_MS" \
  "$SERIES_COUNT_MS" "$SERIES_PAGE_MS" "$ROWS" "$LOAD_S" "$REPS" >&3
