# shellcheck shell=bash
# `./tweeling harvest list|show|run|add|remove`: harvesters (docs/harvest.md) through a running app's API
# (src/main/sh/api.sh: --url/--key or TWEELING_URL/TWEELING_API_KEY, else the local app and its admin key).

HARVEST_USAGE="usage: ./tweeling harvest COMMAND [--url URL] [--key KEY]
  list              every harvester: id, type, interval, origin and its last run
  show ID           one harvester with its definition and last runs
  run ID            run it now and follow its job with a progress bar; exit status 0 when it succeeded
  add FILE.json     register the harvester(s) of FILE: one definition {id, type, url, every, options}
                    or a configuration file {\"harvesters\": [...]}
  remove ID         remove a harvester (not while it runs); its past jobs stay"

cmd_harvest() {
  local sub=${1:-}
  shift || true
  case $sub in
    '' | -h | --help | help) printf '%s\n' "$HARVEST_USAGE"; [[ -n $sub ]] || exit 2; return 0 ;;
    list | show | run | add | remove) ;;
    *) die "unknown harvest command '$sub'; $HARVEST_USAGE" ;;
  esac
  api_connect "$@"
  set -- "${API_REST[@]+"${API_REST[@]}"}"
  "harvest_$sub" "$@"
}

harvest_one_arg() { # WHAT ARGS...: exactly one argument
  local what=$1
  shift
  (($# == 1)) || die "./tweeling harvest $what takes one argument; $HARVEST_USAGE"
}

harvest_list() {
  (($# == 0)) || die "./tweeling harvest list takes no arguments"
  api_call GET /harvesters
  api_reachable
  [[ $API_CODE == 200 ]] || die "listing the harvesters failed (HTTP $API_CODE): $(api_detail)"
  local harvesters=$API_BODY runs='{"jobs": []}'
  # the last run of each: one request for the newest harvest jobs this key may see
  api_call GET '/jobs?type=harvest&limit=1000'
  [[ $API_CODE != 200 ]] || runs=$API_BODY
  jq -r --argjson runs "$runs" '
    ($runs.jobs | reduce .[] as $j ({}; if .[$j.inputs.harvester // ""] then . else .[$j.inputs.harvester // ""] = $j end)) as $last
    | if (.harvesters | length) == 0 then "no harvesters (add one with ./tweeling harvest add FILE.json)" else
      (["ID", "TYPE", "EVERY", "ORIGIN", "LAST RUN"] | @tsv),
      (.harvesters[] | [.id, .type, (.every // "on demand"), .origin,
        ($last[.id] | if . then "\(.status) \(.created | tostring | .[0:19])" + (if .message and .status != "successful" then ": \(.message)" else "" end) else "never" end)] | @tsv)
      end' <<<"$harvesters" | column -t -s $'\t'
}

harvest_show() {
  harvest_one_arg show "$@"
  api_call GET "/harvesters/$(harvest_id "$1")"
  api_reachable
  [[ $API_CODE == 200 ]] || die "$(api_detail) (HTTP $API_CODE)"
  jq -r '"harvester \(.id) (\(.type), \(.origin))",
    "  url        \(.url)",
    "  every      \(.every // "on demand")",
    "  options    \(.options | tojson)",
    (if (.runs | length) == 0 then "  runs       none" else
      (.runs[] | "  run        \(.jobID) \(.status) \(.created // "" | .[0:19]) \(.message // "")") end)' <<<"$API_BODY"
}

harvest_run() {
  harvest_one_arg run "$@"
  local id
  id=$(harvest_id "$1")
  api_call POST "/harvesters/$id/run"
  api_reachable
  [[ $API_CODE == 202 ]] || die "harvester $id did not start (HTTP $API_CODE): $(api_detail)"
  local job
  job=$(jq -r .jobID <<<"$API_BODY")
  info "harvest $id: job $job" >&2
  api_follow_job "$job"
  local status
  status=$(jq -r .status <<<"$API_JOB")
  [[ $status == successful ]] || die "harvest $id $status: $(jq -r '.message // ""' <<<"$API_JOB") (job $API_URL/jobs/$job)"
  api_call GET "/jobs/$job/results"
  jq -r --arg id "$id" '"harvest \($id): \(.fetched // 0) fetched, \(.inserted // 0) inserted, \(.unchanged // 0) unchanged, \(.corrected // 0) corrected, \(.rejected // 0) rejected, \(.missing // 0) missing",
    (.rejections // [] | .[:10][] | "  rejected  offset \(.offset): \(.reason)")' <<<"$API_BODY"
}

harvest_add() {
  harvest_one_arg add "$@"
  local file=$1 defs n i def id failed=0
  [[ -f $file ]] || die "no file $file"
  defs=$(jq -c 'if type == "object" and has("harvesters") then .harvesters elif type == "array" then . else [.] end' "$file" 2>/dev/null) \
    || die "$file is not JSON (jq: $(jq . "$file" 2>&1 >/dev/null | head -1))"
  n=$(jq length <<<"$defs")
  ((n > 0)) || die "$file holds no harvester"
  for ((i = 0; i < n; i++)); do
    def=$(jq -c ".[$i]" <<<"$defs")
    id=$(jq -r '.id // "?"' <<<"$def")
    api_call POST /harvesters -H 'Content-Type: application/json' --data-binary "$def"
    api_reachable
    if [[ $API_CODE == 201 ]]; then
      info "added harvester $id ($(jq -r '.type' <<<"$API_BODY"), $(jq -r '.every // "on demand"' <<<"$API_BODY")); run it with ./tweeling harvest run $id"
    else
      printf 'error: harvester %s was not added (HTTP %s): %s\n' "$id" "$API_CODE" "$(api_detail)" >&2
      failed=1
    fi
  done
  ((failed == 0)) || exit 1
}

harvest_remove() {
  harvest_one_arg remove "$@"
  local id
  id=$(harvest_id "$1")
  api_call DELETE "/harvesters/$id"
  api_reachable
  [[ $API_CODE == 204 ]] || die "harvester $id was not removed (HTTP $API_CODE): $(api_detail)"
  info "removed harvester $id (its past jobs stay)"
}

# An id as the API takes it (it goes into a URL path).
harvest_id() {
  [[ $1 =~ ^[a-z][a-z0-9_-]{0,62}$ ]] || die "'$1' is not a harvester id (lower case letters, digits, - and _)"
  printf '%s\n' "$1"
}
