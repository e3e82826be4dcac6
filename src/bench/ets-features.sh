#!/usr/bin/env bash
# The OGC executable test suite for OGC API – Features 1.0 (Core + CRS by reference) against the app.
#
# Not a timing: the OGC's own suite (opengeospatial/ets-ogcapi-features10, TestNG), run from its
# all-in-one jar as TEAM Engine would run it, on every collection (noofcollections=-1).
#
# The suite's source is not part of Tweeling and is not fetched by this script: put a checkout of
# https://github.com/opengeospatial/ets-ogcapi-features10 somewhere and name it in
#   TWEELING_ETS_FEATURES_DIR   the checkout; its target/*-aio.jar is built when missing
#                               (mvn package -DskipTests -Denforcer.skip=true, with ./mvnw, 1-3 min;
#                               only Maven Central is needed)
#   TWEELING_ETS_IUT            optional: the landing page of an app that is already running (e.g.
#                               http://localhost:8080/). Without it the script is self-contained:
#                               it builds the app if its sources changed, starts a throwaway PostGIS
#                               cluster and Kafka broker on free ports (the functions of ./tweeling test)
#                               and the packaged app against them on a free port, loading the Zwolle
#                               sample, and stops and removes all of it at the end.
#   TWEELING_ETS_OUT            optional: where the suite writes testng-results.xml (default: a temp
#                               dir, removed at the end unless this is set)
# Progress and every failed test with its message go to stderr; the last line (stdout) is
#   ets-features passed=<n> failed=<n> skipped=<n>
# The exit status is 0 when nothing failed, 1 otherwise.
# shellcheck disable=SC2034  # APP_*, DB_URL and KAFKA_BOOTSTRAP are read by the sourced src/main/sh functions
set -euo pipefail
export LC_ALL=C

TW_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)
# shellcheck source=src/bench/lib.sh
source "$TW_ROOT/src/bench/lib.sh"   # and src/main/sh/{common,postgres,kafka,app,test}.sh

exec 3>&1 1>&2   # progress (also of the sourced helpers) to stderr; fd 3 keeps stdout for the result

step() { info "bench ets-features: $*"; }

ETS_DIR=${TWEELING_ETS_FEATURES_DIR:-}
if [[ -z $ETS_DIR || ! -f $ETS_DIR/pom.xml ]]; then
  die "TWEELING_ETS_FEATURES_DIR must name a checkout of the OGC suite's source, which this script does not fetch:
  git clone https://github.com/opengeospatial/ets-ogcapi-features10 /tmp/ets-features10
  TWEELING_ETS_FEATURES_DIR=/tmp/ets-features10 ./tweeling bench ets-features
(${ETS_DIR:-it is not set}${ETS_DIR:+ has no pom.xml})"
fi
ETS_DIR=$(cd "$ETS_DIR" && pwd -P)

# --- the suite's jar ------------------------------------------------------------------------------

ets_jar() { find "$ETS_DIR/target" -maxdepth 1 -name '*-aio.jar' 2>/dev/null | sort | tail -n 1; }

ensure_ets_jar() {
  [[ -n $(ets_jar) ]] && return 0
  ensure_build_tools
  step "building the suite in $ETS_DIR (its parent POM asks for Maven 3.9: ./mvnw, enforcer skipped)"
  (cd "$TW_ROOT" && ./mvnw -q -B -f "$ETS_DIR/pom.xml" -DskipTests -Denforcer.skip=true package) \
    || die "the suite did not build; see Maven's output above"
  [[ -n $(ets_jar) ]] || die "the build left no $ETS_DIR/target/*-aio.jar"
}

# --- the app --------------------------------------------------------------------------------------

IUT=${TWEELING_ETS_IUT:-}
TEST_DIR=""

start_app() {
  bench_services curl
  app_start             # TWEELING_SAMPLE_LOAD=true: the sample is loaded before the app is ready
  app_wait_ready
  IUT="http://localhost:$APP_PORT/"
}

# --- the results ----------------------------------------------------------------------------------

# results_totals FILE: "passed failed skipped" from the <testng-results> element (test methods only,
# not TestNG's configuration methods).
results_totals() {
  local head
  head=$(grep -m 1 -o '<testng-results[^>]*>' "$1") || die "$1 has no <testng-results> element"
  printf '%s %s %s\n' "$(attr passed <<<"$head")" "$(attr failed <<<"$head")" "$(attr skipped <<<"$head")"
}
attr() { grep -o " $1=\"[0-9]*\"" | head -n 1 | tr -dc 0-9; }

# results_failures FILE: one line per failed test method: class.method: the first line of its message.
results_failures() {
  awk '
    /<class name="/ { match($0, /name="[^"]*"/); cls = substr($0, RSTART + 6, RLENGTH - 7); n = split(cls, p, "."); cls = p[n] }
    /<test-method / && /status="FAIL"/ && !/is-config="true"/ {
      match($0, / name="[^"]*"/); name = substr($0, RSTART + 7, RLENGTH - 8); failing = 1; msg = ""; inmsg = 0; next }
    failing && /<message>/ { inmsg = 1 }
    failing && inmsg && msg == "" {
      line = $0; sub(/.*<!\[CDATA\[/, "", line); sub(/\]\]>.*/, "", line); sub(/^[ \t]+/, "", line)
      if (line != "" && line !~ /<message>/) msg = line }
    failing && /<\/test-method>/ { printf "  FAIL %s.%s: %s\n", cls, name, (msg == "" ? "(no message)" : msg); failing = 0 }
  ' "$1"
}

# --- main -----------------------------------------------------------------------------------------

ensure_ets_jar
if [[ -n $IUT ]]; then
  step "testing the running app at $IUT (TWEELING_ETS_IUT)"
  [[ $(curl -s -o /dev/null -w '%{http_code}' "$IUT") == 200 ]] || die "$IUT does not answer 200"
  trap 'exit 130' INT
  trap 'exit 143' TERM
else
  start_app   # bench_services sets the EXIT trap that stops and removes what it started
fi

OUT=${TWEELING_ETS_OUT:-}
if [[ -z $OUT ]]; then
  OUT=$(mktemp -d /tmp/tweeling-ets-features.XXXXXX)
  if [[ -n $TEST_DIR ]]; then
    # chain the removal onto bench_cleanup
    trap 'rm -rf "$OUT"; bench_cleanup' EXIT
  else
    trap 'rm -rf "$OUT"' EXIT
  fi
fi
mkdir -p "$OUT"
# No <!DOCTYPE … properties.dtd>: offline, Java's XML reader fails fetching it from java.sun.com.
printf '<?xml version="1.0" encoding="UTF-8"?>\n<properties version="1.0">\n  <entry key="iut">%s</entry>\n  <entry key="noofcollections">-1</entry>\n</properties>\n' \
  "$IUT" >"$OUT/props.xml"
step "running $(basename "$(ets_jar)") against $IUT (all collections; results in $OUT)"
start=$EPOCHREALTIME
java -jar "$(ets_jar)" -o "$OUT" "$OUT/props.xml" >"$OUT/ets.log" 2>&1 \
  || warn "the suite exited with status $? (see $OUT/ets.log)"
results=$(find "$OUT" -name testng-results.xml -printf '%T@ %p\n' | sort -n | tail -n 1 | cut -d ' ' -f 2-)
[[ -n $results ]] || { tail -n 20 "$OUT/ets.log"; die "the suite wrote no testng-results.xml under $OUT"; }
read -r passed failed skipped < <(results_totals "$results")
step "done in $(since "$start") s: $results"
if ((failed > 0)); then
  step "failed tests:"
  results_failures "$results"
fi
printf 'ets-features passed=%s failed=%s skipped=%s\n' "$passed" "$failed" "$skipped" >&3
((failed == 0))
