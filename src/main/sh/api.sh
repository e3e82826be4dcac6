# shellcheck shell=bash
# Talking to a running Tweeling's HTTP API from ./tweeling commands (harvest, status; meant to be shared by
# every command that calls the API): where it is and which key to send, calls with curl and jq, problem
# details, and following a job with a progress bar.
#
#   api_connect "$@"      takes --url URL and --key KEY (also --url=URL, --key=KEY) out of the arguments
#                         (the rest is left in API_REST); without them TWEELING_URL and TWEELING_API_KEY; without
#                         those the app ./tweeling up started here, with the key in .tweeling/admin.key.
#                         Sets API_URL (no trailing slash) and API_KEY (may be empty).
#   api_call METHOD PATH [CURL-ARGS...]
#                         sets API_CODE (HTTP status, 000 when there was no answer) and API_BODY
#   api_detail            the problem's detail (or title, or the body) of the last call
#   api_follow_job ID     polls /jobs/ID with a progress bar on stderr until it ends; sets API_JOB (its JSON)

api_connect() {
  API_URL=${TWEELING_URL:-}
  API_KEY=${TWEELING_API_KEY:-}
  API_REST=()
  local arg
  while (($#)); do
    arg=$1
    shift
    case $arg in
      --url | --key)
        (($#)) || die "$arg needs a value"
        if [[ $arg == --url ]]; then API_URL=$1; else API_KEY=$1; fi
        shift ;;
      --url=*) API_URL=${arg#*=} ;;
      --key=*) API_KEY=${arg#*=} ;;
      *) API_REST+=("$arg") ;;
    esac
  done
  if [[ -z $API_URL ]]; then
    [[ -f $TW_ENV_FILE ]] || die "no Tweeling to talk to: start one with ./tweeling up, or give --url URL (or TWEELING_URL)"
    # shellcheck source=/dev/null
    API_URL="http://127.0.0.1:$(source "$TW_ENV_FILE" && printf '%s' "${QUARKUS_HTTP_PORT:-8080}")"
  fi
  API_URL=${API_URL%/}
  [[ $API_URL =~ ^https?://[^/]+ ]] || die "--url must be an http(s) URL, not '$API_URL'"
  if [[ -z $API_KEY && -f $ADMIN_KEY_FILE ]]; then
    API_KEY=$(<"$ADMIN_KEY_FILE")
  fi
  command -v curl >/dev/null || ensure_packages curl ca-certificates
  command -v jq >/dev/null || ensure_packages jq
}

api_call() {
  local method=$1 path=$2 response
  shift 2
  local args=(-sS --max-time "${API_TIMEOUT:-60}" -X "$method" -H 'Accept: application/json' -w '\n%{http_code}')
  [[ -z $API_KEY ]] || args+=(-H "X-API-Key: $API_KEY")
  if response=$(curl "${args[@]}" "$@" "$API_URL$path" 2>/dev/null); then
    API_CODE=${response##*$'\n'}
    API_BODY=${response%$'\n'*}
  else
    API_CODE=000
    API_BODY=''
  fi
}

# Dies with a message naming the app when the last call got no answer.
api_reachable() {
  [[ $API_CODE != 000 ]] || die "Tweeling does not answer at $API_URL; is it running? (./tweeling status)"
}

api_detail() {
  jq -r '.detail // .title // .' <<<"$API_BODY" 2>/dev/null || printf '%s\n' "$API_BODY"
}

api_follow_job() {
  local job=$1 status progress message width=30 filled bar
  while :; do
    # a job is shown to the key that started it and to admin keys only
    api_call GET "/jobs/$job"
    [[ $API_CODE == 200 ]] || die "lost job $job (HTTP $API_CODE): $(api_detail)"
    API_JOB=$API_BODY
    status=$(jq -r .status <<<"$API_JOB")
    progress=$(jq -r '.progress // 0' <<<"$API_JOB")
    message=$(jq -r '.message // ""' <<<"$API_JOB")
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
}
