# shellcheck shell=bash
# What `./tweeling status` shows of the running app's contents (uses api.sh).

# Layers, the last jobs and the harvesters, from the running app's API with the admin key (a few short
# requests; skipped with a word when the app is down or there is no key).
status_contents() {
  if [[ $(http_status "$APP_PORT" /q/health/ready) != 200 ]]; then
    note "the app is down or not ready: no layers, jobs or harvesters to show (./tweeling up starts it)"
    return 0
  fi
  if [[ ! -f $ADMIN_KEY_FILE ]] || ! command -v curl >/dev/null || ! command -v jq >/dev/null; then
    note "layers, jobs and harvesters need curl, jq and the admin key in $(rel "$ADMIN_KEY_FILE")"
    return 0
  fi
  API_URL="http://127.0.0.1:$APP_PORT" API_KEY=$(<"$ADMIN_KEY_FILE") API_TIMEOUT=5
  local collections jobs harvesters runs='{"jobs": []}'
  api_call GET '/collections?f=json'
  [[ $API_CODE == 200 ]] && collections=$API_BODY || collections='{"collections": []}'
  api_call GET '/jobs?limit=5'
  [[ $API_CODE == 200 ]] && jobs=$API_BODY || jobs='{"jobs": []}'
  api_call GET /harvesters
  [[ $API_CODE == 200 ]] && harvesters=$API_BODY || harvesters='{"harvesters": []}'
  if [[ $(jq '.harvesters | length' <<<"$harvesters") != 0 ]]; then
    api_call GET '/jobs?type=harvest&limit=1000'
    [[ $API_CODE != 200 ]] || runs=$API_BODY
  fi
  printf '\nlayers (%s)\n' "$(jq '.collections | length' <<<"$collections")"
  jq -r '.collections[] | ["  " + .id, "\(.featureCount // "?") features", ((.access // "public") + (if ((.restrictedProperties // {}) | length) > 0 then " (" + ([.restrictedProperties | to_entries[] | "\(.key): \(.value)"] | join(", ")) + ")" else "" end))] | @tsv' \
    <<<"$collections" | column -t -s $'\t'
  printf '\nlast jobs\n'
  jq -r 'if (.jobs | length) == 0 then "  none" else
    (.jobs[] | ["  " + (.created | tostring | .[0:19]), .processID, .status, "\(.progress)%",
      ((.inputs.layer // .inputs.harvester // "") | tostring), (.message // "" | .[0:60])] | @tsv) end' \
    <<<"$jobs" | column -t -s $'\t'
  printf '\nharvesters (%s)\n' "$(jq '.harvesters | length' <<<"$harvesters")"
  jq -r --argjson runs "$runs" '
    ($runs.jobs | reduce .[] as $j ({}; if .[$j.inputs.harvester // ""] then . else .[$j.inputs.harvester // ""] = $j end)) as $last
    | .harvesters[] | ["  " + .id, .type, (.every // "on demand"),
      ($last[.id] | if . then "last run \(.status) \(.created | tostring | .[0:19])" else "never run" end)] | @tsv' \
    <<<"$harvesters" | column -t -s $'\t'
}
