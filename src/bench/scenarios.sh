#!/usr/bin/env bash
# Scenarios: pages of a scenario with thousands of edits against the baseline's, the speed of an edit, the flood model.
#
# Self-contained, like the other benchmarks: builds the app if its sources changed, starts a throwaway PostGIS
# cluster and Kafka broker on free ports and the packaged app against them (the sample loaded), with an admin
# key made for this run.
#   edit_p50_ms        a scenario is made (POST /scenarios) and BENCH_EDITS (5,000) of its buildings are edited
#                      through OGC API – Features Part 4: PATCH /scenarios/{id}/collections/buildings/items/{fid}
#                      (a JSON merge patch of height_m, If-Match: *), every third building in feature_id order,
#                      one request after the other on one keep-alive connection (scenarios/edits.py); p50 and p99
#                      of their latency. Each edit is a revision of the scenario.
#   overlay_page_ratio the same page of the buildings collection in the scenario and in the baseline:
#                      BENCH_PAGES (5) pages of limit=1000 (the first and the next ones by their `next` links, the
#                      scenario's own links inside the scenario), one walk a side per round, BENCH_REPS (11) rounds,
#                      the order alternating; ratio = median scenario walk / median baseline walk (1.0: as fast as
#                      the baseline; the target is at most 1.25). Every page of the scenario holds edited buildings
#                      (a third of its features), checked in the first round.
#   flood_s            the high-water model on the whole sample city at 6.5 m above NAP (the level at which the
#                      low dike sections overflow: over 5,000 buildings flood), run BENCH_FLOOD_REPS (3) times as a
#                      job (POST /processes/high-water/execution); the job's own finished − started (the model's run
#                      and the writing of its result layers, not the HTTP around it); median.
# Progress goes to stderr; the last line (stdout) is
#   scenarios overlay_page_ratio=<x.xx> edit_p50_ms=<x> flood_s=<x> [more key=value]
# shellcheck disable=SC2034  # APP_*, DB_URL and KAFKA_BOOTSTRAP are read by the sourced src/main/sh functions
set -euo pipefail
export LC_ALL=C

TW_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)
# shellcheck source=src/bench/lib.sh
source "$TW_ROOT/src/bench/lib.sh"
# shellcheck source=/dev/null
source "$TW_ROOT/src/main/sh/keys.sh"
HERE="$TW_ROOT/src/bench/scenarios"

EDITS=${BENCH_EDITS:-5000}
PAGES=${BENCH_PAGES:-5}
REPS=${BENCH_REPS:-11}
FLOOD_REPS=${BENCH_FLOOD_REPS:-3}
LEVEL=${BENCH_FLOOD_LEVEL:-6.5}

exec 3>&1 1>&2   # progress to stderr; fd 3 keeps stdout for the result

step() { info "bench scenarios: $*"; }
url() { printf 'http://127.0.0.1:%s%s\n' "$APP_PORT" "$1"; }

command -v python3 >/dev/null || ensure_packages python3
bench_services curl
KEY=$(key_new)
export TWEELING_ADMIN_KEY_HASH
TWEELING_ADMIN_KEY_HASH=$(key_hash "$KEY")
step "starting the app, loading the sample"
app_start
app_wait_ready
su_psql -c "VACUUM (ANALYZE)" >/dev/null

# --- edits ------------------------------------------------------------------------------------------------
SCENARIO=$(curl -sS --fail --noproxy '*' -H "X-API-Key: $KEY" -H 'Content-Type: application/json' \
  -d '{"name": "bench: 5,000 edited buildings"}' "$(url /scenarios)" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
db_psql -c "SELECT feature_id FROM tweeling.buildings WHERE valid_to IS NULL ORDER BY feature_id" \
  | awk -v n="$EDITS" 'NR % 3 == 1 && ++c <= n' >"$TEST_DIR/edited.txt"
[[ $(wc -l <"$TEST_DIR/edited.txt") == "$EDITS" ]] || die "the sample has too few buildings for $EDITS edits"
step "editing $EDITS buildings in scenario $SCENARIO through PATCH (one connection), $(load)"
read -r EDIT_P50 EDIT_P99 EDIT_S < <(python3 "$HERE/edits.py" "$(url "/scenarios/$SCENARIO/collections/buildings/items/")" \
  "$KEY" "$TEST_DIR/edited.txt")
note "edits: p50 $EDIT_P50 ms, p99 $EDIT_P99 ms, $EDIT_S s in all"
REVISION=$(curl -sS --fail --noproxy '*' -H "X-API-Key: $KEY" "$(url "/scenarios/$SCENARIO")" \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["revision"])')
((REVISION >= EDITS)) || die "the scenario is at revision $REVISION after $EDITS edits"
su_psql -c "VACUUM (ANALYZE)" >/dev/null   # as autovacuum would leave the tables after the edits

# --- pages --------------------------------------------------------------------------------------------------
step "pages: $PAGES pages of 1,000 buildings, scenario and baseline, $REPS rounds, $(load)"
read -r PAGE_RATIO SCENARIO_WALK_S BASELINE_WALK_S < <(python3 "$HERE/pages.py" \
  "$(url "/scenarios/$SCENARIO/collections/buildings/items?limit=1000")" \
  "$(url "/collections/buildings/items?limit=1000")" "$KEY" "$PAGES" "$REPS" "$TEST_DIR/edited.txt")
note "walks: scenario $SCENARIO_WALK_S s, baseline $BASELINE_WALK_S s: ratio $PAGE_RATIO"

# --- the flood model ----------------------------------------------------------------------------------------
step "high-water at $LEVEL m on the whole city, $FLOOD_REPS runs, $(load)"
: >"$TEST_DIR/flood.txt"
for ((i = 0; i < FLOOD_REPS; i++)); do
  python3 "$HERE/flood.py" "$(url /)" "$KEY" "$LEVEL" >>"$TEST_DIR/flood.txt"
  note "run $((i + 1)): $(tail -n 1 "$TEST_DIR/flood.txt")"
done
FLOOD_S=$(awk '{ print $1 }' "$TEST_DIR/flood.txt" | median)
FLOODED=$(awk 'NR == 1 { print $2 }' "$TEST_DIR/flood.txt")

bench_cleanup
printf 'scenarios overlay_page_ratio=%s edit_p50_ms=%s flood_s=%s edit_p99_ms=%s edits=%s edits_s=%s scenario_walk_s=%s baseline_walk_s=%s flood_buildings=%s level=%s reps=%s\n' \
  "$PAGE_RATIO" "$EDIT_P50" "$FLOOD_S" "$EDIT_P99" "$EDITS" "$EDIT_S" "$SCENARIO_WALK_S" "$BASELINE_WALK_S" "$FLOODED" "$LEVEL" "$REPS" >&3
