# shellcheck shell=bash
# shellcheck disable=SC2034  # globals here are read by the other src/main/sh files
# API keys: `key create|list|revoke` and the admin key that `up` keeps in .tweeling/admin.key.
# A key is "twk_" + 40 characters [A-Za-z0-9] from /dev/urandom. Only its SHA-256 (lowercase hex of
# the whole key string) is stored, in tweeling.api_key; the key itself is shown once, never logged.
# Every value reaches SQL as a psql variable (:'name'), never spliced into the statement text.

ADMIN_KEY_FILE="$TW_STATE/admin.key"
KEY_NAME_RE='^[A-Za-z0-9][A-Za-z0-9_.@-]{0,63}$'
KEY_ROLE_RE='^(ingest|planner|editor|admin)$'

key_new() {
  local chars=''
  while ((${#chars} < 40)); do
    chars+=$(head -c 512 /dev/urandom | LC_ALL=C tr -dc 'A-Za-z0-9')
  done
  printf 'twk_%s\n' "${chars:0:40}"
}

key_hash() { printf '%s' "$1" | sha256sum | cut -d ' ' -f 1; }

keys_table_exists() { [[ $(db_psql -c "SELECT to_regclass('tweeling.api_key') IS NOT NULL") == t ]]; }

# Connects the key subcommands to the database recorded by `up`.
keys_connect() {
  load_env
  DB_URL=$TWEELING_DB_URL DB_USER=$TWEELING_DB_USER DB_PASSWORD=$TWEELING_DB_PASSWORD
  jdbc_parse "$DB_URL"
  pg_ensure_client
  db_psql -c 'SELECT 1' >/dev/null 2>&1 \
    || die "cannot reach the database $DB_URL; start the platform with ./tweeling up"
  keys_table_exists \
    || die "the table tweeling.api_key does not exist yet (the app creates it at its first start): run ./tweeling up first"
}

key_check_name() {
  [[ $1 =~ $KEY_NAME_RE ]] \
    || die "invalid key name '$1': use 1 to 64 of A-Z a-z 0-9 _ . @ -, starting with a letter or digit"
}

# key_insert NAME ROLES KEY: ROLES is a Postgres array literal of checked role names, e.g. {ingest}.
# An existing row of that name is replaced.
key_insert() {
  db_psql -v name="$1" -v roles="$2" -v hash="$(key_hash "$3")" <<'SQL'
BEGIN;
DELETE FROM tweeling.api_key WHERE name = :'name';
INSERT INTO tweeling.api_key (name, key_hash, roles) VALUES (:'name', :'hash', :'roles'::text[]);
COMMIT;
SQL
}

# --- ./tweeling key ... ---------------------------------------------------------------------------

cmd_key() {
  local sub=${1:-}
  shift || true
  case $sub in
    create) key_create "$@" ;;
    list) key_list "$@" ;;
    revoke) key_revoke "$@" ;;
    *) die "usage: ./tweeling key create NAME --role ROLE[,ROLE] | key list | key revoke NAME" ;;
  esac
}

key_create() {
  local name='' roles=() more=() arg role key
  while (($#)); do
    arg=$1
    shift
    case $arg in
      --role | --roles) (($#)) || die "--role needs a value, e.g. --role ingest,planner"
        IFS=, read -ra more <<<"$1"; roles+=("${more[@]}"); shift ;;
      --role=* | --roles=*) IFS=, read -ra more <<<"${arg#*=}"; roles+=("${more[@]}") ;;
      -*) die "unknown option $arg; usage: ./tweeling key create NAME --role ROLE[,ROLE]" ;;
      *) [[ -z $name ]] || die "one key name only (got '$name' and '$arg')"; name=$arg ;;
    esac
  done
  [[ -n $name ]] || die "usage: ./tweeling key create NAME --role ROLE[,ROLE]  (roles: ingest, planner, editor, admin)"
  key_check_name "$name"
  ((${#roles[@]})) || die "give the key at least one role: --role ingest|planner|editor|admin[,...]"
  for role in "${roles[@]}"; do
    [[ $role =~ $KEY_ROLE_RE ]] || die "unknown role '$role'; roles are ingest, planner, editor and admin"
  done
  mapfile -t roles < <(printf '%s\n' "${roles[@]}" | sort -u)

  keys_connect
  if [[ -n $(db_psql -v name="$name" <<<"SELECT 1 FROM tweeling.api_key WHERE name = :'name'") ]]; then
    die "a key named '$name' already exists (see ./tweeling key list); choose another name"
  fi
  key=$(key_new)
  key_insert "$name" "{$(IFS=,; printf '%s' "${roles[*]}")}" "$key"
  # Only the key goes to stdout, so scripts can capture it: key=$(./tweeling key create ...)
  printf "Created key '%s' with role(s) %s. It is shown only this once; store it now.\n" \
    "$name" "$(IFS=,; printf '%s' "${roles[*]}")" >&2
  printf 'Send it in the X-API-Key header.\n\n' >&2
  printf '%s\n' "$key"
}

key_list() {
  (($# == 0)) || die "usage: ./tweeling key list"
  keys_connect
  db_psql -P format=aligned -P tuples_only=off -P footer=off <<'SQL'
SELECT name,
       array_to_string(roles, ',') AS roles,
       to_char(created_at, 'YYYY-MM-DD HH24:MI:SS') AS created,
       coalesce(to_char(revoked_at, 'YYYY-MM-DD HH24:MI:SS'), '') AS revoked
FROM tweeling.api_key
ORDER BY name;
SQL
}

key_revoke() {
  (($# == 1)) || die "usage: ./tweeling key revoke NAME"
  local name=$1 state
  key_check_name "$name"
  keys_connect
  state=$(db_psql -v name="$name" <<<"SELECT CASE WHEN revoked_at IS NULL THEN 'active' ELSE 'revoked' END FROM tweeling.api_key WHERE name = :'name'")
  case $state in
    '') die "there is no key named '$name' (see ./tweeling key list)" ;;
    revoked) info "key '$name' was already revoked" ;;
    *)
      db_psql -v name="$name" <<<"UPDATE tweeling.api_key SET revoked_at = now() WHERE name = :'name' AND revoked_at IS NULL"
      info "revoked key '$name'"
      ;;
  esac
}

# --- `up`: the admin key ---------------------------------------------------------------------------

# Keeps .tweeling/admin.key valid: a new key (replacing the row named admin) when the file is
# missing or its key is no longer an active admin key in the database.
keys_ensure_admin() {
  local key hash
  if ! keys_table_exists; then
    warn "the app did not create tweeling.api_key, so there is no admin key; check $(rel "$APP_LOG")"
    return 0
  fi
  if [[ -f $ADMIN_KEY_FILE ]]; then
    hash=$(key_hash "$(<"$ADMIN_KEY_FILE")")
    if [[ -n $(db_psql -v hash="$hash" <<<"SELECT 1 FROM tweeling.api_key WHERE key_hash = :'hash' AND revoked_at IS NULL AND 'admin' = ANY (roles)") ]]; then
      return 0
    fi
    info "the key in $(rel "$ADMIN_KEY_FILE") is no longer valid here; making a new one"
  fi
  key=$(key_new)
  (umask 077 && printf '%s\n' "$key" >"$ADMIN_KEY_FILE.new")
  key_insert admin '{admin}' "$key"
  mv -f "$ADMIN_KEY_FILE.new" "$ADMIN_KEY_FILE"
  chmod 600 "$ADMIN_KEY_FILE"
  info "created an admin API key in $(rel "$ADMIN_KEY_FILE") (mode 600; send it as the X-API-Key header)"
}
