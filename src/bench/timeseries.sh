#!/usr/bin/env bash
# Time series and sensor API speed, each beside a baseline measured in the same run.
#
# Self-contained, like the other benchmarks: builds the app if its sources changed, starts a throwaway
# PostGIS cluster and Kafka broker on free ports and the packaged app against them (the sample loaded).
#   (a) agg10k_p50_ms   p50 of GET /datastreams/{key}/aggregate over 10,000 one-minute points of one
#                       datastream into PT5M buckets (avg, min, max, count; 2,000 buckets), BENCH_REPS
#                       requests (a curl each) after BENCH_WARMUP (200) untimed ones, so the JVM has compiled the
#                       path as on a server in use (the first hundred are up to three times slower); agg10k_sql_ms the p50 of the
#                       same statistics computed by plain SQL in psql (timeseries/agg10k_sql.sql, \timing),
#                       interleaved with the API requests; agg10k_sql_ratio = API / SQL.
#   (b) year_by_buurt_s 100 datastreams of a new observed property, one thing each at a random point of a buurt
#                       (the buurten in turn), hourly observations through 2025 (876,000 rows written by one INSERT, so
#                       the rollup triggers run as for any write); p50 of BENCH_AREA_REPS requests
#                       GET /aggregate?by=buurten&datetime=2025 (local)&interval=P1D&stat=avg (every buurt × 365
#                       days); year_by_buurt_sql_s the p50 of the same averages by plain SQL over the raw rows
#                       (timeseries/year_by_buurt_sql.sql), interleaved; year_by_buurt_sql_ratio = API / SQL.
#   (c) agg_growth_ratio the month-per-buurt query (June 2025 per day, avg) over 100 datastreams with 5 years of
#                       hourly data stored (2021-2025, a second property at the same kind of places) ÷ the same over
#                       the 100 datastreams with 1 year (2025): p50 of BENCH_GROWTH_REPS (41) pairs, interleaved (the
#                       order alternating), so load changes hit both alike. Both live in the same tables: 5.3 million
#                       rows, partitions of every year.
#   (d) sta_page_p50_ms  p50 of GET /sta/v1.1/Datastreams(id)/Observations?$top=100&$count=true on a datastream of
#                       200,000 one-minute observations (the table then holds about 5.5 million; VACUUM ANALYZE after
#                       the load, as autovacuum would run it); sta_sql_ms the
#                       p50 of the same count and page by plain SQL (timeseries/sta_page_sql.sql), interleaved.
# Progress goes to stderr; the last line (stdout) is
#   timeseries agg10k_p50_ms=<x> agg10k_sql_ratio=<x> [more key=value]
# shellcheck disable=SC2034  # APP_*, DB_URL and KAFKA_BOOTSTRAP are read by the sourced src/main/sh functions
set -euo pipefail
export LC_ALL=C

TW_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)
# shellcheck source=src/bench/lib.sh
source "$TW_ROOT/src/bench/lib.sh"
HERE="$TW_ROOT/src/bench/timeseries"
# shellcheck source=src/bench/timeseries/sse.sh
source "$HERE/sse.sh"   # measure_sse: sse_p99_ms (its header says how)

REPS=${BENCH_REPS:-41}   # timed requests per side
WARMUP=${BENCH_WARMUP:-200}   # untimed requests first (JIT)

exec 3>&1 1>&2   # progress to stderr; fd 3 keeps stdout for the result

step() { info "bench timeseries: $*"; }
url() { printf 'http://127.0.0.1:%s%s\n' "$APP_PORT" "$1"; }
p50() { median; }

# interleave URL SQL_FILE [PSQL_ARGS...]: WARMUP untimed GETs, then REPS rounds of one timed GET and one timed
# run of SQL_FILE by psql (the sum of its statements' \timing); sets API_MS and SQL_MS (p50s, ms) and RATIO
interleave() {
  local u=$1 file=$2 api=() sql=() i t
  shift 2
  for ((i = 0; i < WARMUP; i++)); do curl -sS --fail --noproxy '*' -o /dev/null "$u"; done
  for ((i = 0; i < REPS; i++)); do
    t=$(curl -sS --fail --noproxy '*' -o /dev/null -w '%{time_total}' "$u")
    api+=("$(calc '%.3f' "$t * 1000")")
    t=$(db_psql "$@" -c '\timing on' -f "$file" | awk '/^Time: / { s += $2 } END { print s }')
    sql+=("$t")
  done
  API_MS=$(printf '%s\n' "${api[@]}" | p50)
  SQL_MS=$(printf '%s\n' "${sql[@]}" | p50)
  RATIO=$(calc '%.2f' "$API_MS / $SQL_MS")
}

# --- (a) aggregate of 10,000 points ---------------------------------------------------------------

AGG_KEY=bench-agg10k
AGG_A=2026-01-05T00:00:00Z
AGG_B=2026-01-11T22:40:00Z   # 10,000 minutes later

make_agg_stream() {
  db_psql -c "
    INSERT INTO tweeling.thing (key, name, geom, source)
    VALUES ('$AGG_KEY', 'Bench thing', ST_SetSRID(ST_MakePoint(203000, 503000), 28992), 'bench');
    INSERT INTO tweeling.datastream (key, thing_id, observed_property, name, source)
    SELECT '$AGG_KEY', id, 'NO2', 'Bench NO2', 'bench' FROM tweeling.thing WHERE key = '$AGG_KEY';
    INSERT INTO tweeling.observation (datastream_id, phenomenon_time, result, source)
    SELECT d.id, TIMESTAMPTZ '$AGG_A' + make_interval(mins => i), 20 + 15 * sin(i / 90.0) + (i % 7), 'bench'
    FROM tweeling.datastream AS d, generate_series(0, 9999) AS i
    WHERE d.key = '$AGG_KEY';
    ANALYZE tweeling.observation;" >/dev/null
  AGG_DS=$(db_psql -c "SELECT id FROM tweeling.datastream WHERE key = '$AGG_KEY'")
}

measure_agg10k() {
  local u buckets rows
  u=$(url "/datastreams/$AGG_KEY/aggregate?datetime=$AGG_A/$AGG_B&interval=PT5M&stats=avg,min,max,count")
  buckets=$(curl -sS --fail --noproxy '*' "$u" | grep -o '"numberReturned" *: *[0-9]*' | grep -o '[0-9]*$')
  rows=$(db_psql -v ds="$AGG_DS" -v a="$AGG_A" -v b="$AGG_B" -f "$HERE/agg10k_sql.sql" | wc -l)
  step "(a) aggregate of 10,000 points into PT5M: the API answers $buckets buckets, SQL $rows; $REPS requests each, $(load)"
  [[ $buckets == 2000 && $rows == 2000 ]] || die "expected 2,000 buckets from both, got API $buckets, SQL $rows"
  interleave "$u" "$HERE/agg10k_sql.sql" -v ds="$AGG_DS" -v a="$AGG_A" -v b="$AGG_B"
  AGG_API_MS=$API_MS AGG_SQL_MS=$SQL_MS AGG_RATIO=$RATIO
  note "p50 API $AGG_API_MS ms, SQL $AGG_SQL_MS ms: ratio $AGG_RATIO"
}

# --- (b), (c) aggregates per buurt over years ----------------------------------------------------

AREA_REPS=${BENCH_AREA_REPS:-11}
GROWTH_REPS=${BENCH_GROWTH_REPS:-41}
AREA_PROP=bench_pm      # one year of hourly data per datastream
GROWN_PROP=bench_pm5    # five years of hourly data per datastream, at the same places

# make_area_streams PROPERTY: the property and its 100 datastreams, one thing each at a random point of a buurt
make_area_streams() {
  db_psql -c "
    INSERT INTO tweeling.observed_property (id, name, unit_name, unit_symbol, plausible_min, plausible_max)
    VALUES ('$1', 'Bench particulates', 'microgram per cubic metre', 'µg/m3', 0, 2000);
    -- 100 things at random points (seeded) of the buurten, taken in turn (the sample has 78: some get two)
    WITH b AS (SELECT row_number() OVER (ORDER BY feature_id) - 1 AS n, count(*) OVER () AS areas, geom
               FROM tweeling.buurten WHERE valid_to IS NULL)
    INSERT INTO tweeling.thing (key, name, geom, source)
    SELECT '$1-' || i, 'Bench $1 ' || i, ST_GeometryN(ST_GeneratePoints(b.geom, 1, i + 1), 1), 'bench'
    FROM generate_series(0, 99) AS i
    JOIN b ON b.n = i % b.areas;
    INSERT INTO tweeling.datastream (key, thing_id, observed_property, name, source)
    SELECT t.key, t.id, '$1', t.name, 'bench' FROM tweeling.thing AS t WHERE t.key LIKE '$1-%';" >/dev/null
}

# load_hours PROPERTY FROM TO: hourly observations [FROM, TO) of every datastream of PROPERTY, one INSERT (so the
# rollup and count triggers run as for any write)
load_hours() {
  db_psql -c "
    INSERT INTO tweeling.observation (datastream_id, phenomenon_time, result, source)
    SELECT d.id, t, 15 + 10 * sin(extract(epoch FROM t) / 86400.0 + d.id) + (d.id % 5), 'bench'
    FROM tweeling.datastream AS d,
         generate_series(TIMESTAMPTZ '$2', TIMESTAMPTZ '$3' - interval '1 hour', interval '1 hour') AS t
    WHERE d.observed_property = '$1';" >/dev/null
}

analyze_all() {
  db_psql -c "ANALYZE tweeling.observation; ANALYZE tweeling.observation_hourly; ANALYZE tweeling.observation_daily;" >/dev/null
}

# time_ms URL: the time of one GET in ms
time_ms() {
  calc '%.3f' "$(curl -sS --fail --noproxy '*' -o /dev/null -w '%{time_total}' "$1") * 1000"
}

area_url() { url "/aggregate?observedProperty=$1&by=buurten&datetime=$2&interval=P1D&stat=avg"; }

measure_year_by_buurt() {
  local u areas streams
  u=$(area_url "$AREA_PROP" "2025-01-01/2026-01-01")
  streams=$(db_psql -c "SELECT count(*) FROM tweeling.datastream WHERE observed_property = '$AREA_PROP'")
  areas=$(curl -sS --fail --noproxy '*' "$u" | grep -o '"numberReturned" *: *[0-9]*' | grep -o '[0-9]*$')
  step "(b) one year of hourly data of $streams datastreams per buurt per day: $areas buurten; $AREA_REPS requests each side, $(load)"
  [[ $streams == 100 ]] || die "expected 100 bench datastreams, made $streams"
  WARMUP=1 REPS=$AREA_REPS interleave "$u" "$HERE/year_by_buurt_sql.sql" -v prop="$AREA_PROP"
  YEAR_API_S=$(calc '%.6f' "$API_MS / 1000") YEAR_SQL_S=$(calc '%.6f' "$SQL_MS / 1000") YEAR_RATIO=$RATIO
  note "p50 API $YEAR_API_S s, SQL over the raw rows $YEAR_SQL_S s: ratio $YEAR_RATIO"
}

# June 2025 per buurt per day, for the property with one year and the one with five, interleaved (the order
# alternating), so that load changes hit both sides alike
measure_growth() {
  local one five r t1 t5 a=() b=() i
  one=$(area_url "$AREA_PROP" "2025-06-01/2025-07-01")
  five=$(area_url "$GROWN_PROP" "2025-06-01/2025-07-01")
  step "(c) the month per buurt with 1 and with 5 years stored: $GROWTH_REPS pairs, $(load)"
  for ((i = 0; i < 2; i++)); do time_ms "$one" >/dev/null; time_ms "$five" >/dev/null; done
  for ((r = 0; r < GROWTH_REPS; r++)); do
    if ((r % 2 == 0)); then t1=$(time_ms "$one"); t5=$(time_ms "$five"); else t5=$(time_ms "$five"); t1=$(time_ms "$one"); fi
    a+=("$t1")
    b+=("$t5")
  done
  MONTH_MS_1Y=$(printf '%s\n' "${a[@]}" | p50)
  MONTH_MS_5Y=$(printf '%s\n' "${b[@]}" | p50)
  GROWTH_RATIO=$(calc '%.2f' "$MONTH_MS_5Y / $MONTH_MS_1Y")
  note "p50 with 1 year $MONTH_MS_1Y ms, with 5 years $MONTH_MS_5Y ms: ratio $GROWTH_RATIO, $(load)"
}

# --- (d) a SensorThings page with its count ------------------------------------------------------

STA_KEY=bench-sta200k

measure_sta_page() {
  local u count
  db_psql -c "
    INSERT INTO tweeling.thing (key, name, geom, source)
    VALUES ('$STA_KEY', 'Bench STA thing', ST_SetSRID(ST_MakePoint(203100, 503100), 28992), 'bench');
    INSERT INTO tweeling.datastream (key, thing_id, observed_property, name, source)
    SELECT '$STA_KEY', id, 'NO2', 'Bench STA NO2', 'bench' FROM tweeling.thing WHERE key = '$STA_KEY';
    INSERT INTO tweeling.observation (datastream_id, phenomenon_time, result, source)
    SELECT d.id, TIMESTAMPTZ '2026-02-01T00:00:00Z' + make_interval(mins => i), 30 + (i % 11), 'bench'
    FROM tweeling.datastream AS d, generate_series(0, 199999) AS i
    WHERE d.key = '$STA_KEY';" >/dev/null
  # what autovacuum does after a bulk insert (PostgreSQL 13+ vacuums on inserts too): the visibility map lets
  # a count read the primary key's index alone, for the API and the baseline alike
  db_psql -c "VACUUM (ANALYZE) tweeling.observation" >/dev/null
  STA_DS=$(db_psql -c "SELECT id FROM tweeling.datastream WHERE key = '$STA_KEY'")
  STA_ROWS=$(db_psql -c "SELECT count(*) FROM tweeling.observation")
  u=$(url "/sta/v1.1/Datastreams($STA_DS)/Observations?%24top=100&%24count=true")
  count=$(curl -sS --fail --noproxy '*' "$u" | grep -o '"@iot.count" *: *[0-9]*' | grep -o '[0-9]*$')
  step "(d) SensorThings page of 100 with \$count over a datastream of $count observations ($STA_ROWS in the table), $(load)"
  [[ $count == 200000 ]] || die "expected @iot.count 200000, got '$count'"
  interleave "$u" "$HERE/sta_page_sql.sql" -v ds="$STA_DS"
  STA_API_MS=$API_MS STA_SQL_MS=$SQL_MS STA_RATIO=$RATIO
  note "p50 API $STA_API_MS ms, SQL (count + page) $STA_SQL_MS ms: ratio $STA_RATIO"
}

# --- main -----------------------------------------------------------------------------------------

bench_services curl
app_start
app_wait_ready
step "the app is ready on $(url /)"
make_agg_stream
measure_agg10k
measure_sse

make_area_streams "$AREA_PROP"
START=$EPOCHREALTIME
load_hours "$AREA_PROP" 2025-01-01T00:00:00Z 2026-01-01T00:00:00Z
analyze_all
LOAD_1Y_S=$(since "$START")
step "(b) loaded one year of hourly observations of 100 datastreams in $LOAD_1Y_S s"
measure_year_by_buurt
make_area_streams "$GROWN_PROP"
START=$EPOCHREALTIME
for year in 2021 2022 2023 2024 2025; do
  load_hours "$GROWN_PROP" "$year-01-01T00:00:00Z" "$((year + 1))-01-01T00:00:00Z"
done
analyze_all
LOAD_5Y_S=$(since "$START")
step "(c) loaded five years of hourly observations of 100 more datastreams in $LOAD_5Y_S s"
measure_growth

measure_sta_page

bench_cleanup
printf 'timeseries agg10k_p50_ms=%.2f agg10k_sql_ratio=%s year_by_buurt_s=%.3f agg_growth_ratio=%s sta_page_p50_ms=%.2f sse_p99_ms=%s agg10k_sql_ms=%.2f year_by_buurt_sql_s=%.3f year_by_buurt_sql_ratio=%s month_1y_ms=%.2f month_5y_ms=%.2f sta_sql_ms=%.2f sta_sql_ratio=%s sse_p50_ms=%s sse_load_obs_per_s=%s load_1y_s=%s load_5y_s=%s reps=%s\n' \
  "$AGG_API_MS" "$AGG_RATIO" "$YEAR_API_S" "$GROWTH_RATIO" "$STA_API_MS" "$SSE_P99_MS" "$AGG_SQL_MS" "$YEAR_SQL_S" \
  "$YEAR_RATIO" "$MONTH_MS_1Y" "$MONTH_MS_5Y" "$STA_SQL_MS" "$STA_RATIO" "$SSE_P50_MS" "$SSE_LOAD_OBS_PER_S" \
  "$LOAD_1Y_S" "$LOAD_5Y_S" "$REPS" >&3
