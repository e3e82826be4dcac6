#!/usr/bin/env bash
# Time series and sensor API speed, each beside a baseline measured in the same run.
#
# Self-contained, like the other benchmarks: builds the app if its sources changed, starts a throwaway
# PostGIS cluster and Kafka broker on free ports and the packaged app against them (the sample loaded).
#   (a) agg10k_p50_ms   p50 of GET /datastreams/{key}/aggregate over 10,000 one-minute points of one
#                       datastream into PT5M buckets (avg, min, max, count; 2,000 buckets), BENCH_REPS
#                       requests on one keep-alive connection after 5 untimed ones; agg10k_sql_ms the p50 of the
#                       same statistics computed by plain SQL in psql (timeseries/agg10k_sql.sql, \timing),
#                       interleaved with the API requests; agg10k_sql_ratio = API / SQL.
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

exec 3>&1 1>&2   # progress to stderr; fd 3 keeps stdout for the result

step() { info "bench timeseries: $*"; }
url() { printf 'http://127.0.0.1:%s%s\n' "$APP_PORT" "$1"; }
p50() { median; }

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
  local u api=() sql=() i t buckets rows
  u=$(url "/datastreams/$AGG_KEY/aggregate?datetime=$AGG_A/$AGG_B&interval=PT5M&stats=avg,min,max,count")
  buckets=$(curl -sS --fail --noproxy '*' "$u" | grep -o '"numberReturned" *: *[0-9]*' | grep -o '[0-9]*$')
  rows=$(db_psql -v ds="$AGG_DS" -v a="$AGG_A" -v b="$AGG_B" -f "$HERE/agg10k_sql.sql" | wc -l)
  step "(a) aggregate of 10,000 points into PT5M: the API answers $buckets buckets, SQL $rows; $REPS requests each, $(load)"
  [[ $buckets == 2000 && $rows == 2000 ]] || die "expected 2,000 buckets from both, got API $buckets, SQL $rows"
  for ((i = 0; i < 5; i++)); do curl -sS --fail --noproxy '*' -o /dev/null "$u"; done
  for ((i = 0; i < REPS; i++)); do
    t=$(curl -sS --fail --noproxy '*' -o /dev/null -w '%{time_total}' "$u")
    api+=("$(calc '%.3f' "$t * 1000")")
    t=$(db_psql -v ds="$AGG_DS" -v a="$AGG_A" -v b="$AGG_B" -c '\timing on' -f "$HERE/agg10k_sql.sql" \
      | awk '/^Time: / { print $2 }')
    sql+=("$t")
  done
  AGG_API_MS=$(printf '%s\n' "${api[@]}" | p50)
  AGG_SQL_MS=$(printf '%s\n' "${sql[@]}" | p50)
  AGG_RATIO=$(calc '%.2f' "$AGG_API_MS / $AGG_SQL_MS")
  note "p50 API $AGG_API_MS ms, SQL $AGG_SQL_MS ms: ratio $AGG_RATIO"
}

# --- main -----------------------------------------------------------------------------------------

bench_services curl
app_start
app_wait_ready
step "the app is ready on $(url /)"
make_agg_stream
measure_agg10k
measure_sse

bench_cleanup
printf 'timeseries agg10k_p50_ms=%.2f agg10k_sql_ratio=%s sse_p99_ms=%s agg10k_sql_ms=%.2f reps=%s\n' \
  "$AGG_API_MS" "$AGG_RATIO" "$SSE_P99_MS" "$AGG_SQL_MS" "$REPS" >&3
