# shellcheck shell=bash
# `./tweeling import FILE-OR-URL --layer NAME [--replace | --upsert] [--dry-run] [--crs EPSG:N] [--id-field F]
#  [--encoding E] [--access LEVEL] [--restrict PROPERTY:LEVEL,...] [--url URL] [--key KEY]`:
# sends the file (a shapefile with its .shx, .dbf, .prj and .cpg) or the URL to a running app (POST /imports),
# follows the job (GET /jobs/{id}) with a progress bar on stderr, then prints the run's report
# (GET /imports/{id}). Exit status 0 only when the import succeeded.
#
# Which app: --url, else TWEELING_URL, else the one `./tweeling up` started from this checkout (its port in
# .tweeling/env), else http://127.0.0.1:8080 (QUARKUS_HTTP_PORT). Which key (role ingest or admin): --key,
# else TWEELING_API_KEY, else the admin key `up` keeps in .tweeling/admin.key.

IMPORT_USAGE="usage: ./tweeling import FILE-OR-URL --layer NAME [--replace | --upsert] [--dry-run] [--crs EPSG:N] [--id-field FIELD] [--encoding ENCODING] [--access LEVEL] [--restrict PROPERTY:LEVEL,...] [--null-values V,...] [--join LAYER.PROPERTY --join-field FIELD] [--url URL] [--key KEY]"

cmd_import() {
  local source='' layer='' crs='' id_field='' encoding='' url=${TWEELING_URL:-} key=${TWEELING_API_KEY:-} arg
  local mode='' dry_run=false access='' restrict='' null_values='' null_values_set=false join='' join_field=''
  while (($#)); do
    arg=$1
    shift
    case $arg in
      --layer | --crs | --id-field | --encoding | --url | --key | --access | --restrict | --join | --join-field)
        (($#)) || die "$arg needs a value; $IMPORT_USAGE"
        case $arg in
          --layer) layer=$1 ;; --crs) crs=$1 ;; --id-field) id_field=$1 ;; --encoding) encoding=$1 ;;
          --url) url=$1 ;; --key) key=$1 ;; --access) access=$1 ;; --restrict) restrict=$1 ;;
          --join) join=$1 ;; --join-field) join_field=$1 ;;
        esac
        shift ;;
      --replace | --upsert)
        [[ -z $mode || $mode == "${arg#--}" ]] || die "give --replace or --upsert, not both"
        mode=${arg#--} ;;
      --dry-run) dry_run=true ;;
      --null-values)
        (($#)) || die "$arg needs a value (comma-separated; '' for none); $IMPORT_USAGE"
        null_values=$1 null_values_set=true
        shift ;;
      --null-values=*) null_values=${arg#*=} null_values_set=true ;;
      --access=*) access=${arg#*=} ;;
      --join=*) join=${arg#*=} ;;
      --join-field=*) join_field=${arg#*=} ;;
      --restrict=*) restrict=${arg#*=} ;;
      --layer=*) layer=${arg#*=} ;;
      --crs=*) crs=${arg#*=} ;;
      --id-field=*) id_field=${arg#*=} ;;
      --encoding=*) encoding=${arg#*=} ;;
      --url=*) url=${arg#*=} ;;
      --key=*) key=${arg#*=} ;;
      -h | --help) printf '%s\n' "$IMPORT_USAGE"; return 0 ;;
      -*) die "unknown option $arg; $IMPORT_USAGE" ;;
      *) [[ -z $source ]] || die "one file or URL per import (got '$source' and '$arg')"; source=$arg ;;
    esac
  done
  [[ -n $source ]] || die "$IMPORT_USAGE"
  [[ -n $layer ]] || die "name the layer to import into: --layer NAME (lower case letters, digits, _ and -)"

  command -v curl >/dev/null || ensure_packages curl ca-certificates
  command -v jq >/dev/null || ensure_packages jq
  local base started_here=false
  if [[ -n $url ]]; then
    base=${url%/}
    [[ $base =~ ^https?://[^/]+$ ]] || die "--url must be the platform's root, like http://localhost:8080 (got '$url')"
  else
    if [[ -f $TW_ENV_FILE ]]; then
      load_env
      started_here=true
    fi
    base="http://127.0.0.1:${QUARKUS_HTTP_PORT:-8080}"
  fi
  if [[ $(curl -s -o /dev/null --max-time 5 -w '%{http_code}' "$base/q/health/ready" 2>/dev/null) != 200 ]]; then
    if [[ -n $url ]]; then
      die "no Tweeling answers at $base (GET /q/health/ready); check --url or TWEELING_URL"
    fi
    die "no Tweeling answers at $base: start it with ./tweeling up, or point to a running platform with --url URL (or TWEELING_URL)"
  fi
  if [[ -z $key && -z $url && -f $ADMIN_KEY_FILE ]]; then
    key=$(<"$ADMIN_KEY_FILE")
  fi
  if [[ -z $key ]]; then
    local whose="this checkout did not start it, so it has no key for it"
    $started_here && whose="this checkout has no key for it in $(rel "$ADMIN_KEY_FILE")"
    [[ -n $url ]] && whose="imports need an API key with the role ingest or admin"
    die "Tweeling answers at $base, but $whose: pass one with --key KEY or the environment variable TWEELING_API_KEY (make one with ./tweeling key create NAME --role ingest in the checkout that runs it)"
  fi

  local response code body job
  local curl_args=(-sS --max-time 3600 -H "X-API-Key: $key" -w '\n%{http_code}')
  if [[ $source =~ ^https?:// ]]; then
    body=$(jq -n --arg url "$source" --arg layer "$layer" --arg crs "$crs" --arg id "$id_field" --arg enc "$encoding" \
      --arg mode "$mode" --argjson dry "$dry_run" --arg access "$access" --arg restrict "$restrict" \
      --arg nulls "$null_values" --argjson nulls_set "$null_values_set" --arg join "$join" --arg jf "$join_field" \
      '{url: $url, layer: $layer} + (if $crs != "" then {crs: $crs} else {} end)
       + (if $id != "" then {idField: $id} else {} end) + (if $enc != "" then {encoding: $enc} else {} end)
       + (if $mode != "" then {mode: $mode} else {} end) + (if $dry then {dryRun: true} else {} end)
       + (if $access != "" then {access: $access} else {} end)
       + (if $restrict != "" then {restrictedProperties: $restrict} else {} end)
       + (if $nulls_set then {nullValues: $nulls} else {} end)
       + (if $join != "" then {join: $join} else {} end) + (if $jf != "" then {joinField: $jf} else {} end)')
    response=$(curl "${curl_args[@]}" -H 'Content-Type: application/json' --data-binary "$body" "$base/imports") \
      || die "could not reach the app at $base; is it running? (./tweeling status)"
  else
    [[ -f $source ]] || die "no file $source"
    local form=() f
    while IFS= read -r f; do form+=(-F "file=@$f"); done < <(import_files "$source")
    form+=(-F "layer=$layer")
    [[ -z $crs ]] || form+=(-F "crs=$crs")
    [[ -z $id_field ]] || form+=(-F "idField=$id_field")
    [[ -z $encoding ]] || form+=(-F "encoding=$encoding")
    [[ -z $mode ]] || form+=(-F "mode=$mode")
    [[ $dry_run == false ]] || form+=(-F "dryRun=true")
    [[ -z $access ]] || form+=(-F "access=$access")
    [[ -z $restrict ]] || form+=(-F "restrictedProperties=$restrict")
    [[ $null_values_set == false ]] || form+=(-F "nullValues=$null_values")
    [[ -z $join ]] || form+=(-F "join=$join")
    [[ -z $join_field ]] || form+=(-F "joinField=$join_field")
    info "uploading $(import_files "$source" | xargs -n1 basename | paste -sd ' ')" >&2
    response=$(curl "${curl_args[@]}" "${form[@]}" "$base/imports") \
      || die "the upload to $base failed; is the app running? (./tweeling status)"
  fi
  code=${response##*$'\n'}
  body=${response%$'\n'*}
  if [[ $code != 201 ]]; then
    die "the import was refused (HTTP $code): $(jq -r '.detail // .title // .' <<<"$body" 2>/dev/null || printf '%s' "$body")"
  fi
  job=$(jq -r .jobID <<<"$body")
  import_follow "$base" "$job" "$key"
}

# The file, and for a shapefile its sidecar files of the same stem (any case of extension).
import_files() {
  local f=$1 stem ext side
  printf '%s\n' "$f"
  ext=${f##*.}
  [[ ${ext,,} == shp ]] || return 0
  stem=${f%.*}
  for side in shx dbf prj cpg qix sbn sbx; do
    for candidate in "$stem.$side" "$stem.${side^^}"; do
      if [[ -f $candidate ]]; then printf '%s\n' "$candidate"; break; fi
    done
  done
}

# Follows the job until it ends (api_follow_job: a progress bar on stderr); prints the report.
import_follow() {
  local base=$1 job=$2 key=$3 status message
  API_URL=$base API_KEY=$key
  api_follow_job "$job"
  status=$(jq -r .status <<<"$API_JOB")
  message=$(jq -r '.message // ""' <<<"$API_JOB")
  local report
  report=$(curl -sS --max-time 30 -H "X-API-Key: $key" "$base/imports/$job")
  if [[ $status != successful ]]; then
    die "the import failed: $message (job $base/jobs/$job)"
  fi
  jq -r '(if .dryRun then "dry run, nothing written: " else "" end)
    + "import \(.run) into layer \(.layer): \(.inserted) inserted, \(.updated) updated, \(.unchanged) unchanged, \(.ended) ended, \(.rejected) rejected",
    "  source      \(.source) (\(.format), layer \(.sourceLayer))",
    "  crs         \(.sourceCrs)",
    "  ids         \(.idRule)",
    (if .encoding then "  encoding    \(.encoding)" else empty end),
    (if (.fields | to_entries | map(select(.key != .value)) | length) > 0
     then "  columns     " + (.fields | to_entries | map(select(.key != .value) | "\(.key) -> \(.value)") | join(", "))
     else empty end),
    (.rejections[:20][] | "  rejected    fid \(.fid)\(if .featureId then " (" + .featureId + ")" else "" end): \(.reason)"),
    (if .rejected > 20 then "  ... \(.rejected - 20) more rejections: \($base)/imports/\(.run)" else empty end),
    "  collection  \($base)/collections/\(.layer)"' --arg base "$base" <<<"$report"
}
