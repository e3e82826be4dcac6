# shellcheck shell=bash
# `./tweeling import FILE-OR-URL --layer NAME [--crs EPSG:N] [--id-field F] [--encoding E]`: sends the
# file (a shapefile with its .shx, .dbf, .prj and .cpg) or the URL to the running app (POST /imports, with
# the admin key of .tweeling/admin.key), follows the job (GET /jobs/{id}) with a progress bar on stderr,
# then prints the run's report (GET /imports/{id}). Exit status 0 only when the import succeeded.

IMPORT_USAGE="usage: ./tweeling import FILE-OR-URL --layer NAME [--crs EPSG:N] [--id-field FIELD] [--encoding ENCODING]"

cmd_import() {
  local source='' layer='' crs='' id_field='' encoding='' arg
  while (($#)); do
    arg=$1
    shift
    case $arg in
      --layer | --crs | --id-field | --encoding)
        (($#)) || die "$arg needs a value; $IMPORT_USAGE"
        case $arg in
          --layer) layer=$1 ;; --crs) crs=$1 ;; --id-field) id_field=$1 ;; --encoding) encoding=$1 ;;
        esac
        shift ;;
      --layer=*) layer=${arg#*=} ;;
      --crs=*) crs=${arg#*=} ;;
      --id-field=*) id_field=${arg#*=} ;;
      --encoding=*) encoding=${arg#*=} ;;
      -h | --help) printf '%s\n' "$IMPORT_USAGE"; return 0 ;;
      -*) die "unknown option $arg; $IMPORT_USAGE" ;;
      *) [[ -z $source ]] || die "one file or URL per import (got '$source' and '$arg')"; source=$arg ;;
    esac
  done
  [[ -n $source ]] || die "$IMPORT_USAGE"
  [[ -n $layer ]] || die "name the layer to import into: --layer NAME (lower case letters, digits, _ and -)"

  load_env
  APP_PORT=$QUARKUS_HTTP_PORT
  app_ready || die "Tweeling is not running (http://localhost:$APP_PORT): start it with ./tweeling up"
  [[ -f $ADMIN_KEY_FILE ]] || die "no admin key in $(rel "$ADMIN_KEY_FILE"): run ./tweeling up (it makes one)"
  command -v curl >/dev/null || ensure_packages curl ca-certificates
  command -v jq >/dev/null || ensure_packages jq

  local base="http://127.0.0.1:$APP_PORT" response code body job
  local curl_args=(-sS --max-time 3600 -H "X-API-Key: $(<"$ADMIN_KEY_FILE")" -w '\n%{http_code}')
  if [[ $source =~ ^https?:// ]]; then
    body=$(jq -n --arg url "$source" --arg layer "$layer" --arg crs "$crs" --arg id "$id_field" --arg enc "$encoding" \
      '{url: $url, layer: $layer} + (if $crs != "" then {crs: $crs} else {} end)
       + (if $id != "" then {idField: $id} else {} end) + (if $enc != "" then {encoding: $enc} else {} end)')
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
  import_follow "$base" "$job"
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

# Polls the job until it ends, drawing a progress bar on stderr; prints the report.
import_follow() {
  local base=$1 job=$2 status progress message state width=30 filled bar
  while :; do
    # jobs are shown to the key that started them (and admin keys) only
    state=$(curl -sS --max-time 30 -H "X-API-Key: $(<"$ADMIN_KEY_FILE")" "$base/jobs/$job") || die "lost the app while following job $job; see ./tweeling logs"
    status=$(jq -r .status <<<"$state")
    progress=$(jq -r '.progress // 0' <<<"$state")
    message=$(jq -r '.message // ""' <<<"$state")
    filled=$((progress * width / 100))
    printf -v bar '%*s' "$filled" ''
    bar=${bar// /#}
    printf -v bar '%-*s' "$width" "$bar"
    printf '\r[%s] %3d%%  %-70.70s' "${bar// /.}" "$progress" "$message" >&2
    case $status in
      successful | failed | dismissed) break ;;
    esac
    sleep 0.5
  done
  printf '\n' >&2
  local report
  report=$(curl -sS --max-time 30 -H "X-API-Key: $(<"$ADMIN_KEY_FILE")" "$base/imports/$job")
  if [[ $status != successful ]]; then
    die "the import failed: $message (job $base/jobs/$job)"
  fi
  jq -r '"import \(.run) into layer \(.layer): \(.inserted) inserted, \(.updated) updated, \(.unchanged) unchanged, \(.ended) ended, \(.rejected) rejected",
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
