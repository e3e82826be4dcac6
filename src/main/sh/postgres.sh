# shellcheck shell=bash
# shellcheck disable=SC2034  # globals here are read by the other src/main/sh files
# PostgreSQL + PostGIS for ./tweeling: choosing the database for `up`, and running clusters of our
# own (the project cluster of `up`, the throwaway one of `test`) without systemd.
#
# After pg_provision the chosen database is described by:
#   PG_MODE     external (TWEELING_DB_URL) | shared (a server already on 127.0.0.1:5432) | local (ours)
#   DB_URL DB_HOST DB_PORT DB_NAME DB_USER DB_PASSWORD
#   PG_ROOT     local only: directory holding data/, sock/ and postgres.log of our cluster

PG_MAJOR=15
PG_BIN="/usr/lib/postgresql/$PG_MAJOR/bin"
PG_LOCAL_PORT=55432
PG_PROBE_PORT=${TWEELING_PG_PORT_PROBE:-5432}   # where `up` looks for a server to reuse
PG_ROOT_RECORD="$TW_STATE/pg-root"               # exists once `up` made a cluster of its own

# --- psql against the chosen database -------------------------------------------------------------

# db_psql ARGS...: unaligned, tuples-only psql on DB_NAME (PSQL_DB=other to pick another database).
db_psql() {
  PGHOST=$DB_HOST PGPORT=$DB_PORT PGUSER=$DB_USER PGPASSWORD=$DB_PASSWORD \
    PGDATABASE=${PSQL_DB:-$DB_NAME} PGCONNECT_TIMEOUT=10 PGAPPNAME=tweeling-launcher \
    psql -X -q -A -t -v ON_ERROR_STOP=1 "$@"
}

# jdbc_parse URL: sets DB_HOST, DB_PORT and DB_NAME from jdbc:postgresql://HOST[:PORT]/DB[?...]
jdbc_parse() {
  local hostport
  [[ $1 =~ ^jdbc:postgresql://([^/?]+)/([^?]+) ]] \
    || die "TWEELING_DB_URL must look like jdbc:postgresql://HOST[:PORT]/DATABASE, not: $1"
  hostport=${BASH_REMATCH[1]} DB_NAME=${BASH_REMATCH[2]}
  if [[ $hostport =~ ^\[(.+)\](:([0-9]+))?$ || $hostport =~ ^([^:]+)(:([0-9]+))?$ ]]; then
    DB_HOST=${BASH_REMATCH[1]} DB_PORT=${BASH_REMATCH[3]:-5432}
  else
    die "cannot read host and port from TWEELING_DB_URL: $1"
  fi
}

pg_ensure_client() {
  if ! command -v psql >/dev/null || ! command -v pg_isready >/dev/null; then
    ensure_packages "postgresql-client-$PG_MAJOR"
  fi
}

pg_ensure_database() {
  if [[ -z $(PSQL_DB=postgres db_psql -v db="$DB_NAME" <<<"SELECT 1 FROM pg_database WHERE datname = :'db'") ]]; then
    info "creating database $DB_NAME"
    PSQL_DB=postgres db_psql -v db="$DB_NAME" <<<'CREATE DATABASE :"db"'
  fi
}

# PostGIS must be created by a superuser before the app (and its Flyway) starts.
pg_ensure_postgis() {
  [[ -n $(db_psql -c "SELECT 1 FROM pg_extension WHERE extname = 'postgis'") ]] && return 0
  if [[ -z $(db_psql -c "SELECT 1 FROM pg_available_extensions WHERE name = 'postgis'") ]]; then
    [[ $DB_HOST == 127.0.0.1 || $DB_HOST == localhost ]] \
      || die "PostGIS is not installed on the PostgreSQL server $DB_HOST:$DB_PORT; install it there (Debian: postgresql-<major>-postgis-3)"
    local major
    major=$(($(db_psql -c 'SHOW server_version_num') / 10000))
    ensure_packages "postgresql-$major-postgis-3"
  fi
  info "creating extension postgis in database $DB_NAME"
  db_psql -c 'CREATE EXTENSION IF NOT EXISTS postgis' \
    || die "could not create extension postgis in $DB_NAME (this needs a superuser): ask the database's owner to run CREATE EXTENSION postgis there"
}

# --- clusters of our own --------------------------------------------------------------------------
# A cluster ROOT holds data/ (PGDATA), sock/ (its Unix socket) and postgres.log, all owned by postgres.

pg_cluster_running() { as_postgres "$PG_BIN/pg_ctl" -D "$1/data" status >/dev/null 2>&1; }

pg_cluster_pid() {
  as_postgres "$PG_BIN/pg_ctl" -D "$1/data" status 2>/dev/null | sed -n 's/.*(PID: \([0-9]*\)).*/\1/p'
}

# pg_cluster_init ROOT [INITDB-OPTION...]: creates the cluster unless it exists.
pg_cluster_init() {
  local root=$1 out
  shift
  as_root install -d -o postgres -g postgres -m 700 "$root" "$root/sock"
  [[ -f $root/data/PG_VERSION ]] && return 0
  out=$(as_postgres "$PG_BIN/initdb" -D "$root/data" -U postgres --auth=trust -E UTF8 \
    --locale=C.UTF-8 "$@" 2>&1) || { printf '%s\n' "$out" >&2; die "initdb failed in $root/data"; }
}

# pg_cluster_start ROOT PORT [SERVER-OPTIONS]: starts it on 127.0.0.1:PORT; fails (after showing
# the end of postgres.log) when PostgreSQL does not come up.
pg_cluster_start() {
  local root=$1 port=$2 extra=${3:-} sock="$1/sock"
  # Unix socket paths are limited to 107 bytes; we only use TCP, so go without one if too long.
  ((${#sock} < 90)) || sock=""
  if ! as_postgres "$PG_BIN/pg_ctl" -D "$root/data" -l "$root/postgres.log" -w -t 60 \
    -o "-p $port -k '$sock' -c listen_addresses=127.0.0.1 $extra" start >/dev/null; then
    tail -n 15 "$root/postgres.log" >&2 2>/dev/null || true
    return 1
  fi
}

pg_cluster_stop() { # ROOT MODE (fast | immediate)
  pg_cluster_running "$1" || return 0
  as_postgres "$PG_BIN/pg_ctl" -D "$1/data" -m "$2" -w -t 60 stop >/dev/null
}

# Where `up` keeps its cluster: in the checkout if the postgres user can reach it (a checkout under
# /root cannot be reached), else under /var/lib/tweeling.
pg_local_root() {
  if [[ -f $PG_ROOT_RECORD ]]; then
    cat "$PG_ROOT_RECORD"
  elif as_postgres test -x "$TW_STATE"; then
    printf '%s\n' "$TW_STATE/pg"
  else
    as_root install -d -m 755 /var/lib/tweeling
    printf '%s\n' /var/lib/tweeling/pg
  fi
}

# --- `up`: choose, provision and describe the database --------------------------------------------

pg_provision() {
  pg_ensure_client
  if [[ -n ${TWEELING_DB_URL:-} ]]; then
    pg_use_external
  elif [[ -f $PG_ROOT_RECORD ]]; then
    pg_use_local   # once we made a cluster, keep using it (its data lives there)
  elif pg_isready -q -h 127.0.0.1 -p "$PG_PROBE_PORT" -t 3; then
    pg_use_shared
  else
    pg_use_local
  fi
}

pg_use_external() {
  PG_MODE=external DB_URL=$TWEELING_DB_URL
  DB_USER=${TWEELING_DB_USER:-postgres} DB_PASSWORD=${TWEELING_DB_PASSWORD:-}
  jdbc_parse "$DB_URL"
  info "database: $DB_URL (TWEELING_DB_URL) as $DB_USER"
  db_psql -c 'SELECT 1' >/dev/null \
    || die "cannot connect to $DB_URL as $DB_USER; check TWEELING_DB_URL, TWEELING_DB_USER and TWEELING_DB_PASSWORD"
  pg_ensure_postgis
}

pg_use_shared() {
  PG_MODE=shared DB_HOST=127.0.0.1 DB_PORT=$PG_PROBE_PORT DB_NAME=tweeling DB_USER=postgres DB_PASSWORD=
  DB_URL="jdbc:postgresql://$DB_HOST:$DB_PORT/$DB_NAME"
  info "database: reusing the PostgreSQL server on 127.0.0.1:$DB_PORT (database $DB_NAME)"
  PSQL_DB=postgres db_psql -c 'SELECT 1' >/dev/null \
    || die "the PostgreSQL on 127.0.0.1:$DB_PORT does not let postgres in without a password; set TWEELING_DB_URL, TWEELING_DB_USER and TWEELING_DB_PASSWORD to a database you may use"
  pg_ensure_database
  pg_ensure_postgis
}

pg_use_local() {
  ensure_packages "postgresql-$PG_MAJOR" "postgresql-$PG_MAJOR-postgis-3"
  PG_ROOT=$(pg_local_root)
  PG_MODE=local DB_HOST=127.0.0.1 DB_PORT=$PG_LOCAL_PORT DB_NAME=tweeling DB_USER=postgres DB_PASSWORD=
  DB_URL="jdbc:postgresql://$DB_HOST:$DB_PORT/$DB_NAME"
  if pg_cluster_running "$PG_ROOT"; then
    info "database: project PostgreSQL already running on 127.0.0.1:$DB_PORT ($(rel "$PG_ROOT/data"))"
  else
    if port_open 127.0.0.1 "$PG_LOCAL_PORT"; then
      die "port $PG_LOCAL_PORT is taken by another program; stop it, or set TWEELING_DB_URL to a PostGIS database"
    fi
    pg_cluster_init "$PG_ROOT"
    info "database: starting a project PostgreSQL on 127.0.0.1:$DB_PORT ($(rel "$PG_ROOT/data"))"
    pg_cluster_start "$PG_ROOT" "$PG_LOCAL_PORT" || die "PostgreSQL did not start; see $PG_ROOT/postgres.log"
  fi
  printf '%s\n' "$PG_ROOT" >"$PG_ROOT_RECORD"
  pg_ensure_database
  pg_ensure_postgis
}

# `down`: only the cluster `up` created; a shared or external server is never touched.
pg_down() {
  [[ -f $PG_ROOT_RECORD ]] || return 0
  local root
  root=$(<"$PG_ROOT_RECORD")
  if pg_cluster_running "$root"; then
    info "stopping the project PostgreSQL ($(rel "$root/data"))"
    pg_cluster_stop "$root" fast
  fi
}
