#!/usr/bin/env bash
# How long `./tweeling up` takes in a fresh clone, how long a second `up` takes, and the app's idle RSS.
#
# Clones HEAD into a temp dir (so: no .tweeling state, no target/), times `./tweeling up` there, times
# a second `up`, reads VmRSS of the app after 10 s idle, then runs `./tweeling down` in the clone and
# removes it. Progress goes to stderr; the last line is
#   startup fresh_up_s=<x.y> second_up_s=<x.y> idle_rss_mb=<n>
set -euo pipefail
export LC_ALL=C   # EPOCHREALTIME must use a decimal point

TW_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)
# shellcheck source=/dev/null
source "$TW_ROOT/src/main/sh/common.sh"

PORT=${QUARKUS_HTTP_PORT:-8080}
IDLE_SECONDS=10

git -C "$TW_ROOT" rev-parse -q --verify HEAD >/dev/null \
  || die "the repository has no commit yet, and the benchmark clones HEAD; commit first"
if port_open 127.0.0.1 "$PORT"; then
  die "port $PORT is already in use (a running ./tweeling up?); stop it (./tweeling down) and run the benchmark again"
fi

WORK=$(mktemp -d /tmp/tweeling-bench.XXXXXX)
chmod 755 "$WORK"   # the clone may get a PostgreSQL cluster of its own, run by the postgres user
CLONE="$WORK/tweeling"

cleanup() {
  if [[ -x $CLONE/tweeling ]]; then
    info "bench: ./tweeling down in the clone" >&2
    (cd "$CLONE" && ./tweeling down) >&2 || warn "./tweeling down failed in $CLONE"
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# timed CMD...: runs CMD with its output on stderr; prints the seconds it took, one decimal.
timed() {
  local start=$EPOCHREALTIME
  "$@" >&2
  awk -v s="$start" -v e="$EPOCHREALTIME" 'BEGIN { printf "%.1f\n", e - s }'
}

info "bench: cloning $(git -C "$TW_ROOT" rev-parse --short HEAD) into $CLONE" >&2
git clone -q "$TW_ROOT" "$CLONE"
cd "$CLONE"

info "bench: fresh ./tweeling up" >&2
fresh=$(timed ./tweeling up)
info "bench: second ./tweeling up" >&2
second=$(timed ./tweeling up)

info "bench: idle for ${IDLE_SECONDS}s, then reading the app's RSS" >&2
sleep "$IDLE_SECONDS"
pid=$(<.tweeling/run/app.pid)
rss_kb=$(awk '$1 == "VmRSS:" { print $2 }' "/proc/$pid/status")

cleanup
trap - EXIT
printf 'startup fresh_up_s=%s second_up_s=%s idle_rss_mb=%d\n' "$fresh" "$second" $(((rss_kb + 512) / 1024))
