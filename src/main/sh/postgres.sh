# shellcheck shell=bash
# shellcheck disable=SC2034  # globals here are read by the other src/main/sh files
# PostgreSQL + PostGIS for ./tweeling: choosing the database for `up`, and running clusters of our
# own (the project cluster of `up`, the throwaway one of `test`) without systemd.
#
# After pg_provision the chosen database is described by:
#   PG_MODE     external (TWEELING_DB_URL) | shared (a server already on 127.0.0.1:5432) | local (ours)
#   DB_URL DB_HOST DB_PORT DB_NAME DB_USER DB_PASSWORD   what the app connects as
#   LOADER_USER LOADER_PASSWORD   what the imports' ogr2ogr connects as (empty: as the app)
#   PG_ROOT     local only: directory holding data/, sock/ and postgres.log of our cluster
#
# The app never runs as a superuser where `up` or `test` set the database up (docs/security.md,
# "Database roles"): the superuser (PG_SU_USER, postgres) creates the roles, the database, the extension
# and the schemas once; the app connects as PG_APP_ROLE, which owns the database and the platform's
# schemas (Flyway runs as it); ogr2ogr connects as PG_LOADER_ROLE, which may only create tables in
# tweeling_stage.

PG_MAJOR=15
PG_BIN="/usr/lib/postgresql/$PG_MAJOR/bin"
PG_LOCAL_PORT=55432
PG_PROBE_PORT=${TWEELING_PG_PORT_PROBE:-5432}   # where `up` looks for a server to reuse
PG_ROOT_RECORD="$TW_STATE/pg-root"               # exists once `up` made a cluster of its own
PG_SU_USER=postgres PG_SU_PASSWORD=                 # sets up roles, database and extension (trust on 127.0.0.1)
PG_APP_ROLE=tweeling                                # the app: owns the database and the platform's schemas
PG_LOADER_ROLE=tweeling_loader                      # the imports' ogr2ogr: tables in tweeling_stage only
PG_SCHEMAS=(tweeling tweeling_stage tweeling_layer tweeling_result)
PG_STAGE_SCHEMA=tweeling_stage

# --- psql against the chosen database -------------------------------------------------------------

# db_psql ARGS...: unaligned, tuples-only psql on DB_NAME (PSQL_DB=other to pick another database).
db_psql() {
  PGHOST=$DB_HOST PGPORT=$DB_PORT PGUSER=$DB_USER PGPASSWORD=$DB_PASSWORD \
    PGDATABASE=${PSQL_DB:-$DB_NAME} PGCONNECT_TIMEOUT=10 PGAPPNAME=tweeling-launcher \
    psql -X -q -A -t -v ON_ERROR_STOP=1 "$@"
}

# su_psql ARGS...: as db_psql, as the superuser that sets the database up.
su_psql() { DB_USER=$PG_SU_USER DB_PASSWORD=$PG_SU_PASSWORD db_psql "$@"; }

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

# pg_ensure_database OWNER: creates DB_NAME owned by OWNER, as the superuser.
pg_ensure_database() {
  if [[ -z $(PSQL_DB=postgres su_psql -v db="$DB_NAME" <<<"SELECT 1 FROM pg_database WHERE datname = :'db'") ]]; then
    info "creating database $DB_NAME"
    PSQL_DB=postgres su_psql -v db="$DB_NAME" -v owner="$1" <<<'CREATE DATABASE :"db" OWNER :"owner"'
  fi
}

# PostGIS must be created by a superuser before the app (and its Flyway) starts: as the connected user
# (external mode), or as the superuser with `pg_ensure_postgis su`.
pg_ensure_postgis() {
  local psql=(db_psql)
  [[ ${1:-} != su ]] || psql=(su_psql)
  [[ -n $("${psql[@]}" -c "SELECT 1 FROM pg_extension WHERE extname = 'postgis'") ]] && return 0
  if [[ -z $("${psql[@]}" -c "SELECT 1 FROM pg_available_extensions WHERE name = 'postgis'") ]]; then
    [[ $DB_HOST == 127.0.0.1 || $DB_HOST == localhost ]] \
      || die "PostGIS is not installed on the PostgreSQL server $DB_HOST:$DB_PORT; install it there (Debian: postgresql-<major>-postgis-3)"
    local major
    major=$(($("${psql[@]}" -c 'SHOW server_version_num') / 10000))
    ensure_packages "postgresql-$major-postgis-3"
  fi
  info "creating extension postgis in database $DB_NAME"
  "${psql[@]}" -c 'CREATE EXTENSION IF NOT EXISTS postgis' \
    || die "could not create extension postgis in $DB_NAME (this needs a superuser): ask the database's owner to run CREATE EXTENSION postgis there"
}

# --- roles: the app and the loader (docs/security.md, "Database roles") --------------------------

# pg_password FILE: the password kept in FILE (mode 600), made once: 32 random [A-Za-z0-9].
pg_password() {
  local chars=''
  if [[ ! -s $1 ]]; then
    while ((${#chars} < 32)); do
      chars+=$(head -c 256 /dev/urandom | LC_ALL=C tr -dc 'A-Za-z0-9')
    done
    (umask 077 && printf '%s\n' "${chars:0:32}" >"$1")
  fi
  chmod 600 "$1"
  head -n 1 "$1"
}

# pg_setup_database DIR: as the superuser, makes DB_NAME ready for the app and switches DB_USER and
# DB_PASSWORD to the app's role (LOADER_USER and LOADER_PASSWORD to the loader's); the passwords are kept
# in DIR/db.password and DIR/db-loader.password. Idempotent; a database an earlier `up` built as the
# superuser is handed over to the app's role.
pg_setup_database() {
  local dir=$1 app_pw loader_pw
  app_pw=$(pg_password "$dir/db.password")
  loader_pw=$(pg_password "$dir/db-loader.password")
  # roles are the server's, so they are set again on every run (the password in DIR is the one that counts)
  PSQL_DB=postgres su_psql -v app="$PG_APP_ROLE" -v loader="$PG_LOADER_ROLE" -v app_pw="$app_pw" \
    -v loader_pw="$loader_pw" <<'SQL' >/dev/null || die "could not create the database roles $PG_APP_ROLE and $PG_LOADER_ROLE"
SET client_min_messages = warning;
SELECT format('CREATE ROLE %I', r) FROM unnest(ARRAY[:'app', :'loader']) AS r
 WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = r) \gexec
ALTER ROLE :"app" WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS INHERIT PASSWORD :'app_pw';
ALTER ROLE :"loader" WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS NOINHERIT PASSWORD :'loader_pw';
-- no role of theirs gives more (pg_read_server_files, a superuser, ...): the app is a member of the loader only
SELECT format('REVOKE %I FROM %I', g.rolname, m.rolname)
  FROM pg_auth_members a JOIN pg_roles g ON g.oid = a.roleid JOIN pg_roles m ON m.oid = a.member
 WHERE m.rolname IN (:'app', :'loader') AND NOT (m.rolname = :'app' AND g.rolname = :'loader') \gexec
GRANT :"loader" TO :"app";
SQL
  pg_ensure_database "$PG_APP_ROLE"
  PSQL_DB=postgres su_psql -v db="$DB_NAME" -v app="$PG_APP_ROLE" -v loader="$PG_LOADER_ROLE" <<'SQL' \
    || die "could not hand database $DB_NAME over to $PG_APP_ROLE"
ALTER DATABASE :"db" OWNER TO :"app";
REVOKE ALL ON DATABASE :"db" FROM PUBLIC;
GRANT CONNECT ON DATABASE :"db" TO :"loader";
SQL
  pg_ensure_postgis su
  pg_take_over
  su_psql -v app="$PG_APP_ROLE" -v loader="$PG_LOADER_ROLE" -v stage="$PG_STAGE_SCHEMA" <<'SQL' \
    || die "could not grant $PG_LOADER_ROLE its schema $PG_STAGE_SCHEMA"
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
GRANT USAGE, CREATE ON SCHEMA :"stage" TO :"loader";
SQL
  DB_USER=$PG_APP_ROLE DB_PASSWORD=$app_pw LOADER_USER=$PG_LOADER_ROLE LOADER_PASSWORD=$loader_pw
  db_psql -c 'SELECT 1' >/dev/null \
    || die "$PG_APP_ROLE cannot log in to $DB_NAME on $DB_HOST:$DB_PORT with its password; check pg_hba.conf (host lines need md5 or scram-sha-256)"
}

# pg_take_over: the platform's schemas exist and belong to the app's role, with everything in them (an
# earlier `up` ran the app, and Flyway, as the superuser): tables, views, sequences, functions and types
# owned by another role are handed to it. Extensions' objects stay with the extension's owner.
pg_take_over() {
  local moved
  moved=$(su_psql -v app="$PG_APP_ROLE" -v schemas="${PG_SCHEMAS[*]}" <<'SQL'
SELECT format('CREATE SCHEMA %I AUTHORIZATION %I', s, :'app') FROM unnest(string_to_array(:'schemas', ' ')) AS s
 WHERE NOT EXISTS (SELECT FROM pg_namespace WHERE nspname = s) \gexec
CREATE TEMP TABLE taken (what text);
INSERT INTO taken
SELECT format('ALTER SCHEMA %I OWNER TO %I', nspname, :'app') FROM pg_namespace
 WHERE nspname = ANY (string_to_array(:'schemas', ' ')) AND nspowner <> (:'app')::regrole
UNION ALL
-- relations (an index follows its table, a sequence owned by a column its table, a partition is one itself)
SELECT format('ALTER %s %s OWNER TO %I', CASE c.relkind WHEN 'S' THEN 'SEQUENCE' WHEN 'v' THEN 'VIEW'
         WHEN 'm' THEN 'MATERIALIZED VIEW' WHEN 'f' THEN 'FOREIGN TABLE' ELSE 'TABLE' END, c.oid::regclass, :'app')
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
 WHERE n.nspname = ANY (string_to_array(:'schemas', ' ')) AND c.relowner <> (:'app')::regrole
   AND c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S')
   AND NOT EXISTS (SELECT FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid
                    AND (d.deptype = 'e' OR (c.relkind = 'S' AND d.deptype IN ('a', 'i') AND d.refclassid = 'pg_class'::regclass)))
UNION ALL
SELECT format('ALTER ROUTINE %s OWNER TO %I', p.oid::regprocedure, :'app')
  FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
 WHERE n.nspname = ANY (string_to_array(:'schemas', ' ')) AND p.proowner <> (:'app')::regrole
   AND NOT EXISTS (SELECT FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e')
UNION ALL
-- types of their own (enums, domains, ranges, composite types): not a table's row type, not an array
SELECT format('ALTER %s %s OWNER TO %I', CASE t.typtype WHEN 'd' THEN 'DOMAIN' ELSE 'TYPE' END, t.oid::regtype, :'app')
  FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
 WHERE n.nspname = ANY (string_to_array(:'schemas', ' ')) AND t.typowner <> (:'app')::regrole
   AND t.typtype IN ('e', 'd', 'r', 'c') AND t.typcategory <> 'A'
   AND (t.typrelid = 0 OR (SELECT relkind FROM pg_class WHERE oid = t.typrelid) = 'c')
   AND NOT EXISTS (SELECT FROM pg_depend d WHERE d.classid = 'pg_type'::regclass AND d.objid = t.oid AND d.deptype = 'e');
SELECT what FROM taken \gexec
SELECT count(*) FROM taken;
SQL
  ) || die "could not hand the schemas ${PG_SCHEMAS[*]} of $DB_NAME over to $PG_APP_ROLE"
  moved=${moved##*$'\n'}
  if ((moved > 0)); then
    info "handed $moved objects in ${PG_SCHEMAS[*]} (made by an earlier up as $PG_SU_USER) over to $PG_APP_ROLE"
  fi
}

# pg_warn_privileged: a warning when the app's given user (external mode) could do more than it needs.
pg_warn_privileged() {
  local su roles
  su=$(db_psql -c 'SELECT rolsuper FROM pg_roles WHERE rolname = current_user') || return 0
  roles=$(db_psql -c "SELECT string_agg(rolname, ', ') FROM pg_roles
    WHERE rolname IN ('pg_read_server_files', 'pg_write_server_files', 'pg_execute_server_program')
      AND pg_has_role(current_user, oid, 'USAGE')") || return 0
  if [[ $su == t ]]; then
    warn "the app connects to $DB_URL as $DB_USER, a SUPERUSER: any hole in the app then gives the whole database"
    warn "server (files, programs). Give it a role of its own that owns the database's schemas (docs/security.md,"
    warn "\"Database roles\"), and set TWEELING_DB_USER and TWEELING_DB_PASSWORD to it."
  elif [[ -n $roles ]]; then
    warn "the app connects to $DB_URL as $DB_USER, which has $roles: it can read, write or run files on the"
    warn "database server. Revoke those roles from it (docs/security.md, \"Database roles\")."
  fi
  if [[ -z $LOADER_USER ]]; then
    note "imports' ogr2ogr connects as $DB_USER too; set TWEELING_LOADER_USER and TWEELING_LOADER_PASSWORD to a role"
    note "that may only create tables in tweeling_stage (docs/security.md, \"Database roles\")"
  fi
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
  LOADER_USER=${TWEELING_LOADER_USER:-} LOADER_PASSWORD=${TWEELING_LOADER_PASSWORD:-}
  jdbc_parse "$DB_URL"
  info "database: $DB_URL (TWEELING_DB_URL) as $DB_USER"
  db_psql -c 'SELECT 1' >/dev/null \
    || die "cannot connect to $DB_URL as $DB_USER; check TWEELING_DB_URL, TWEELING_DB_USER and TWEELING_DB_PASSWORD"
  pg_warn_privileged
  pg_ensure_postgis
}

pg_use_shared() {
  PG_MODE=shared DB_HOST=127.0.0.1 DB_PORT=$PG_PROBE_PORT DB_NAME=tweeling
  DB_URL="jdbc:postgresql://$DB_HOST:$DB_PORT/$DB_NAME"
  info "database: reusing the PostgreSQL server on 127.0.0.1:$DB_PORT (database $DB_NAME, role $PG_APP_ROLE)"
  PSQL_DB=postgres su_psql -c 'SELECT 1' >/dev/null \
    || die "the PostgreSQL on 127.0.0.1:$DB_PORT does not let $PG_SU_USER in without a password; set TWEELING_DB_URL, TWEELING_DB_USER and TWEELING_DB_PASSWORD to a database you may use"
  pg_setup_database "$TW_STATE"
}

pg_use_local() {
  ensure_packages "postgresql-$PG_MAJOR" "postgresql-$PG_MAJOR-postgis-3"
  PG_ROOT=$(pg_local_root)
  PG_MODE=local DB_HOST=127.0.0.1 DB_PORT=$PG_LOCAL_PORT DB_NAME=tweeling
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
  pg_setup_database "$TW_STATE"
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
