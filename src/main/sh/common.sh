# shellcheck shell=bash
# Shared helpers of ./tweeling: paths, messages, apt packages, processes, ports and HTTP probes.
# Sourced by ./tweeling (which sets TW_ROOT, the absolute path of the checkout) and by src/bench/*.sh.
# Only bash, coreutils and util-linux are assumed; no python, ps, ss or curl.

# --- paths ----------------------------------------------------------------------------------------
TW_STATE="$TW_ROOT/.tweeling"     # everything ./tweeling creates lives here (git-ignored)
TW_LOGS="$TW_STATE/logs"
TW_RUN="$TW_STATE/run"            # pid files of what `up` started
TW_ENV_FILE="$TW_STATE/env"       # coordinates chosen by `up`, sourced by the other subcommands

ensure_state_dirs() { mkdir -p "$TW_LOGS" "$TW_RUN"; }

# --- messages -------------------------------------------------------------------------------------
info() { printf '==> %s\n' "$*"; }
note() { printf '    %s\n' "$*"; }
warn() { printf 'warning: %s\n' "$*" >&2; }
die()  { printf 'error: %s\n' "$*" >&2; exit 1; }

# Path relative to the checkout when it is inside it (for shorter messages).
rel() { local p=$1; [[ $p == "$TW_ROOT/"* ]] && p=${p#"$TW_ROOT/"}; printf '%s\n' "$p"; }

# --- privileges -----------------------------------------------------------------------------------
as_root() {
  if [[ $EUID -eq 0 ]]; then "$@"
  elif command -v sudo >/dev/null; then sudo "$@"
  else die "'$*' needs root; run ./tweeling as root or install sudo"
  fi
}

# initdb and postgres refuse to run as root: PostgreSQL tools run as the postgres OS user, from /
# (it may not be allowed into the current directory, e.g. a checkout under /root).
as_postgres() {
  if [[ $EUID -eq 0 ]]; then (cd / && runuser -u postgres -- "$@")
  else (cd / && sudo -u postgres -- "$@")
  fi
}

# --- apt packages ---------------------------------------------------------------------------------
pkg_installed() { [[ $(dpkg-query -W -f='${Status}' "$1" 2>/dev/null) == 'install ok installed' ]]; }

apt_get() { as_root env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 "$@"; }

# ensure_packages PKG...: installs those not installed yet (refreshing the package lists first
# when apt does not know one of them, as on a fresh machine).
ensure_packages() {
  local missing=() p
  for p in "$@"; do pkg_installed "$p" || missing+=("$p"); done
  ((${#missing[@]})) || return 0
  command -v apt-get >/dev/null || die "please install these packages: ${missing[*]} (./tweeling only knows apt-get)"
  for p in "${missing[@]}"; do
    if ! apt-cache show "$p" >/dev/null 2>&1; then
      info "refreshing the apt package lists"
      apt_get update -qq || die "apt-get update failed; check the network and /etc/apt/sources.list"
      break
    fi
  done
  info "installing ${missing[*]}"
  apt_get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
    || die "could not install ${missing[*]}; see apt-get's message above"
}

# Java 17+ with javac (the app is built here), and what ./mvnw needs to fetch Maven the first time.
ensure_java() {
  if ! command -v javac >/dev/null || ! command -v java >/dev/null; then
    ensure_packages openjdk-17-jdk-headless
  fi
  local version major
  version=$(java -version 2>&1)   # e.g. openjdk version "17.0.15" 2025-04-15 (maybe after other lines)
  major=$(sed -nE 's/.*version "(1\.)?([0-9]+).*/\2/p' <<<"$version")
  if ! [[ $major =~ ^[0-9]+$ ]] || ((major < 17)); then
    die "Java 17 or newer is needed, found: ${version//$'\n'/ }; install openjdk-17-jdk-headless or put a JDK 17 first on PATH"
  fi
}

ensure_build_tools() {
  ensure_java
  command -v curl >/dev/null || command -v wget >/dev/null || ensure_packages curl ca-certificates
  ensure_node
}

# Node.js with npm: the build runs `npm ci` and src/main/webui/build.mjs (the map viewer and its glyphs; Node 18
# or newer), the browser tests playwright-core (Node 20 or newer). Debian's nodejs is installed when there is none.
ensure_node() {
  if ! command -v node >/dev/null; then
    ensure_packages nodejs
  fi
  command -v npm >/dev/null || ensure_packages npm
  local major
  major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
  if ! [[ $major =~ ^[0-9]+$ ]] || ((major < 18)); then
    die "Node.js 18 or newer is needed to build the map viewer (src/main/webui), found: $(node --version 2>&1); install nodejs 18+ or put it first on PATH"
  fi
  ((major >= 20)) || warn "Node.js $(node --version) builds the app, but the browser tests (ViewerBrowserTest) need Node.js 20 or newer"
}

# --- processes ------------------------------------------------------------------------------------
is_alive() { # PID: running and not a zombie
  local state
  [[ -r /proc/$1/stat ]] || return 1
  state=$(<"/proc/$1/stat") || return 1
  state=${state##*) }
  [[ ${state:0:1} != Z ]]
}

# The command line of a process, arguments joined by spaces (without forking).
proc_cmdline() {
  local args
  mapfile -d '' -t args 2>/dev/null <"/proc/$1/cmdline" || return 1
  printf '%s\n' "${args[*]}"
}

# pid_from_file FILE PATTERN: prints the pid recorded in FILE when that process is alive and its
# command line contains PATTERN (so a recycled pid is never mistaken for ours).
pid_from_file() {
  local pid
  [[ -f $1 ]] || return 1
  pid=$(<"$1")
  [[ $pid =~ ^[0-9]+$ ]] && is_alive "$pid" || return 1
  [[ $(proc_cmdline "$pid") == *"$2"* ]] || return 1
  printf '%s\n' "$pid"
}

# pids_with_arg TEXT: processes whose command line contains TEXT. Pass a unique path (a temp dir),
# never a program name.
pids_with_arg() {
  local dir pid
  for dir in /proc/[0-9]*; do
    pid=${dir#/proc/}
    [[ $pid != "$$" && $pid != "$BASHPID" ]] || continue
    [[ $(proc_cmdline "$pid") == *"$1"* ]] && printf '%s\n' "$pid"
  done
  return 0
}

# spawn PIDFILE LOGFILE CMD...: starts CMD in its own session, detached from the terminal (no
# Ctrl-C, no hang-up), output appended to LOGFILE; the pid goes to PIDFILE. The extra subshell
# makes init, not this script, the parent.
spawn() {
  local pidfile=$1 log=$2
  shift 2
  (
    setsid nohup "$@" >>"$log" 2>&1 </dev/null &
    printf '%s\n' "$!" >"$pidfile"
  )
}

# stop_pid NAME PID [SECONDS]: SIGTERM, wait, SIGKILL as a last resort.
stop_pid() {
  local name=$1 pid=$2 timeout=${3:-30} i
  kill -TERM "$pid" 2>/dev/null || return 0
  for ((i = 0; i < timeout * 5; i++)); do
    is_alive "$pid" || return 0
    sleep 0.2
  done
  warn "$name (pid $pid) did not stop within ${timeout}s; killing it"
  kill -KILL "$pid" 2>/dev/null || true
}

# Local start time of a process, from /proc (field 22 of stat: clock ticks after boot).
proc_started() {
  local stat fields btime
  stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
  read -ra fields <<<"${stat##*) }"   # fields[0] is field 3 (state), so field 22 is fields[19]
  btime=$(awk '$1 == "btime" {print $2}' /proc/stat)
  date -d "@$((btime + fields[19] / $(getconf CLK_TCK)))" '+%Y-%m-%d %H:%M:%S'
}

# rotate_log FILE: keeps the previous run's log as FILE.1.
rotate_log() { [[ -s $1 ]] && mv -f "$1" "$1.1"; : >"$1"; }

# --- ports and HTTP (bash's /dev/tcp, so no extra tools) ------------------------------------------
port_open() { # HOST PORT: something accepts TCP connections there
  # shellcheck disable=SC2016  # $1 and $2 expand in the inner bash
  timeout 2 bash -c 'exec 3<>"/dev/tcp/$1/$2"' _ "$1" "$2" 2>/dev/null
}

# free_port [EXCLUDED...]: a port nobody listens on. Drawn from 20000-32767, below Linux's
# ephemeral range, so outgoing connections do not grab it between the choice and its use.
free_port() {
  local port tries
  for ((tries = 0; tries < 200; tries++)); do
    port=$((20000 + RANDOM % 12768))
    [[ " $* " == *" $port "* ]] && continue
    port_open 127.0.0.1 "$port" && continue
    printf '%s\n' "$port"
    return 0
  done
  die "found no free TCP port in 20000-32767"
}

# wait_port HOST PORT SECONDS [PID]: until the port accepts; fails early when PID dies.
wait_port() {
  local host=$1 port=$2 deadline=$((SECONDS + $3)) pid=${4:-}
  until port_open "$host" "$port"; do
    [[ -z $pid ]] || is_alive "$pid" || return 1
    ((SECONDS < deadline)) || return 1
    sleep 0.3
  done
}

# http_status PORT PATH: the HTTP status code of GET http://127.0.0.1:PORT/PATH, 000 if none.
http_status() {
  local line
  # shellcheck disable=SC2016  # $1, $2 and $line belong to the inner bash
  line=$(timeout 5 bash -c '
    exec 3<>"/dev/tcp/127.0.0.1/$1" || exit 1
    printf "GET %s HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n" "$2" >&3
    IFS= read -r line <&3 && printf "%s" "$line"' _ "$1" "$2" 2>/dev/null) || true
  line=${line#HTTP/* }   # "HTTP/1.1 200 OK" -> "200 OK"
  [[ ${line:0:3} =~ ^[0-9]{3}$ ]] && printf '%s\n' "${line:0:3}" || printf '000\n'
}

# --- the recorded environment ---------------------------------------------------------------------
load_env() {
  [[ -f $TW_ENV_FILE ]] || die "Tweeling has not been set up here yet: run ./tweeling up first"
  # shellcheck source=/dev/null
  source "$TW_ENV_FILE"
}
