#!/usr/bin/env bash
# The OGC executable test suite for SensorThings API 1.0 (levels 1 read, 2 create/update/delete, 3 filtering)
# against /sta/v1.0 of a throwaway app.
#
# Not a timing: the OGC's own suite (opengeospatial/ets-sta10, TestNG), run from its all-in-one jar with ics=3,
# which runs the three conformance levels in order. Levels 2 and 3 delete every entity through the API, so the
# app always runs on a throwaway database here (never TWEELING_ETS_IUT), without the Zwolle sample (deleting it
# one entity at a time would take hours); before the run the script posts one entity of every type, which level
# 1 needs. The suite sends no API key: a small local proxy (python3) in front of the app adds one with role
# ingest to each request, so the app's own checks stay as they are.
#
# The suite's source is not part of Tweeling and is not fetched by this script: put a checkout of
# https://github.com/opengeospatial/ets-sta10 somewhere and name it in
#   TWEELING_ETS_STA_DIR   the checkout; its target/*-aio.jar is built when missing
#                          (mvn package -DskipTests -Denforcer.skip=true, with ./mvnw, 1-3 min;
#                          only Maven Central is needed)
#   TWEELING_ETS_OUT       optional: where the suite writes testng/…/testng-results.xml, kept with the app's
#                          log (default: a temp dir, removed at the end)
# Progress and every failed test with its message go to stderr; the last line (stdout) is
#   ets-sta level1_passed=<n> level1_failed=<n> level2_passed=<n> level2_failed=<n> level3_passed=<n> level3_failed=<n>
# The exit status is 0 when nothing failed, 1 otherwise.
# shellcheck disable=SC2034  # APP_*, DB_URL and KAFKA_BOOTSTRAP are read by the sourced src/main/sh functions
set -euo pipefail
export LC_ALL=C

TW_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)
# shellcheck source=src/bench/lib.sh
source "$TW_ROOT/src/bench/lib.sh"   # and src/main/sh/{common,postgres,kafka,app,test}.sh

exec 3>&1 1>&2   # progress (also of the sourced helpers) to stderr; fd 3 keeps stdout for the result

step() { info "bench ets-sta: $*"; }

ETS_DIR=${TWEELING_ETS_STA_DIR:-}
if [[ -z $ETS_DIR || ! -f $ETS_DIR/pom.xml ]]; then
  die "TWEELING_ETS_STA_DIR must name a checkout of the OGC suite's source, which this script does not fetch:
  git clone https://github.com/opengeospatial/ets-sta10 /tmp/ets-sta10
  TWEELING_ETS_STA_DIR=/tmp/ets-sta10 ./tweeling bench ets-sta
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

# --- the app and the proxy that gives the suite's requests a key ------------------------------------

TEST_DIR=""
PROXY_PID=""

start_app() {
  bench_services curl python3
  APP_SAMPLE_LOAD=false app_start
  app_wait_ready
}

# start_proxy PORT KEY: forwards every request to the app with X-API-Key: KEY added, Host kept (so the app's
# links name the proxy, the address the suite was given).
start_proxy() {
  local port=$1 key=$2
  ETS_PROXY_PORT=$port ETS_APP_PORT=$APP_PORT ETS_KEY=$key python3 - >"$TEST_DIR/proxy.log" 2>&1 <<'PY' &
import http.client, http.server, os

APP = int(os.environ["ETS_APP_PORT"])
KEY = os.environ["ETS_KEY"]
HOP = {"connection", "keep-alive", "transfer-encoding", "te", "trailer", "upgrade", "proxy-connection"}

class Forward(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def forward(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else None
        headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP}
        headers["X-API-Key"] = KEY
        c = http.client.HTTPConnection("127.0.0.1", APP, timeout=120)
        c.request(self.command, self.path, body=body, headers=headers)
        r = c.getresponse()
        data = r.read()
        self.send_response(r.status, r.reason)
        for k, v in r.getheaders():
            if k.lower() not in HOP and k.lower() != "content-length":
                self.send_header(k, v)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)
        c.close()

    do_GET = do_POST = do_PATCH = do_PUT = do_DELETE = do_HEAD = forward

    def log_message(self, *args):
        pass

http.server.ThreadingHTTPServer(("127.0.0.1", int(os.environ["ETS_PROXY_PORT"])), Forward).serve_forever()
PY
  PROXY_PID=$!
  local i
  for ((i = 0; i < 50; i++)); do
    port_open 127.0.0.1 "$port" && return 0
    sleep 0.2
  done
  die "the key-adding proxy did not start (see $TEST_DIR/proxy.log)"
}

stop_proxy() {
  if [[ -n $PROXY_PID ]] && kill -0 "$PROXY_PID" 2>/dev/null; then
    kill "$PROXY_PID" 2>/dev/null || true
    wait "$PROXY_PID" 2>/dev/null || true
  fi
}

# seed URL: one entity of every type (level 1 reads each): a Thing with its Location (so a HistoricalLocation)
# and a Datastream with Sensor, ObservedProperty and Observations (so a FeatureOfInterest from the Location);
# the observed properties the schema comes with are deleted first.
seed() {
  local root=$1 body id
  # the observed properties the schema comes with (NO2, PM10, …) have no datastreams on an empty database;
  # level 1 reads the first entity of each set and expects its navigation collections to hold something
  for id in $(curl -sS --fail-with-body --noproxy '*' "$root/ObservedProperties?\$select=id&\$top=1000" \
    | grep -o '"@iot.id":[0-9]*' | cut -d : -f 2); do
    curl -sS --fail-with-body --noproxy '*' -o /dev/null -X DELETE "$root/ObservedProperties($id)" \
      || die "deleting ObservedProperties($id) before seeding failed"
  done
  body='{"name": "ETS thing", "description": "seeded for the OGC test suite", "properties": {"purpose": "ets"},
    "Locations": [{"name": "Stadhuis", "description": "Zwolle", "encodingType": "application/geo+json",
      "location": {"type": "Point", "coordinates": [6.0941, 52.5125]}}],
    "Datastreams": [{"name": "ETS datastream", "description": "seeded", "observationType":
      "http://www.opengis.net/def/observationType/OGC-OM/2.0/OM_Measurement",
      "unitOfMeasurement": {"name": "degree Celsius", "symbol": "degC", "definition": "http://qudt.org/vocab/unit#DegreeCelsius"},
      "Sensor": {"name": "ETS sensor", "description": "seeded", "encodingType": "application/pdf", "metadata": "none"},
      "ObservedProperty": {"name": "ETS temperature", "definition": "http://dbpedia.org/page/Temperature", "description": "seeded"},
      "Observations": [{"phenomenonTime": "2026-01-01T00:00:00Z", "result": 1},
                       {"phenomenonTime": "2026-01-01T01:00:00Z", "result": 2}]}]}'
  curl -sS --fail-with-body --noproxy '*' -o /dev/null -H 'Content-Type: application/json' -d "$body" "$root/Things" \
    || die "seeding the entities level 1 reads failed"
}

# --- the results ----------------------------------------------------------------------------------

# results_by_level FILE: "passed failed" of each <test name="Conformance Level N"> (test methods only, not
# TestNG's configuration methods), one line per level: "N passed failed".
results_by_level() {
  awk '
    /<test [^>]*name="Conformance Level [0-9]+"/ { match($0, /Level [0-9]+/); level = substr($0, RSTART + 6, RLENGTH - 6) }
    /<test-method / && !/is-config="true"/ && level != "" {
      if ($0 ~ /status="PASS"/) passed[level]++
      else if ($0 ~ /status="FAIL"/) failed[level]++
      else if ($0 ~ /status="SKIP"/) skipped[level]++ }
    END { for (l = 1; l <= 3; l++) printf "%d %d %d %d\n", l, passed[l] + 0, failed[l] + 0, skipped[l] + 0 }
  ' "$1"
}

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
start_app   # bench_services sets the EXIT trap that stops and removes what it started

OUT=${TWEELING_ETS_OUT:-}
KEEP_OUT=true
if [[ -z $OUT ]]; then
  OUT=$(mktemp -d /tmp/tweeling-ets-sta.XXXXXX)
  KEEP_OUT=false
fi
# with TWEELING_ETS_OUT the app's log is kept there too
trap 'stop_proxy; if [[ $KEEP_OUT == true ]]; then cp "$APP_LOG" "$OUT/app.log" 2>/dev/null || true; else rm -rf "$OUT"; fi; bench_cleanup' EXIT
mkdir -p "$OUT"

API_KEY="twk_ets_$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')"
db_psql -v key="$API_KEY" <<<"INSERT INTO tweeling.api_key (name, key_hash, roles) VALUES ('ets-sta', encode(sha256(convert_to(:'key', 'UTF8')), 'hex'), ARRAY['ingest'])"
PROXY_PORT=$(free_port "$TEST_PG_PORT" "$TEST_KAFKA_PORT" "$TEST_KAFKA_CONTROLLER_PORT" "$APP_PORT")
start_proxy "$PROXY_PORT" "$API_KEY"
IUT="http://localhost:$PROXY_PORT/sta/v1.0"
seed "$IUT"

# No <!DOCTYPE … properties.dtd>: offline, Java's XML reader fails fetching it from java.sun.com.
printf '<?xml version="1.0" encoding="UTF-8"?>\n<properties version="1.0">\n  <entry key="iut">%s</entry>\n  <entry key="ics">3</entry>\n</properties>\n' \
  "$IUT" >"$OUT/props.xml"
step "running $(basename "$(ets_jar)") against $IUT (levels 1-3; results under $OUT)"
start=$EPOCHREALTIME
# the suite writes to ${user.home}/testng/<run id>/
java -Duser.home="$OUT" -jar "$(ets_jar)" "$OUT/props.xml" >"$OUT/ets.log" 2>&1 \
  || warn "the suite exited with status $? (see $OUT/ets.log)"
results=$(find "$OUT" -name testng-results.xml -printf '%T@ %p\n' | sort -n | tail -n 1 | cut -d ' ' -f 2-)
[[ -n $results ]] || { tail -n 20 "$OUT/ets.log"; die "the suite wrote no testng-results.xml under $OUT"; }
step "done in $(since "$start") s: $results"
line="ets-sta"
failed=0
while read -r level p f s; do
  line+=" level${level}_passed=$p level${level}_failed=$f"
  failed=$((failed + f))
  ((s == 0)) || note "level $level: $s test(s) skipped"
done < <(results_by_level "$results")
if ((failed > 0)); then
  step "failed tests:"
  results_failures "$results"
fi
printf '%s\n' "$line" >&3
((failed == 0))
