#!/usr/bin/env bash
# Start/stop the project-local PostgreSQL (PostGIS) cluster, Redis and ClamAV's clamd under var/.
#   scripts/services.sh up      start what is not running (idempotent), write .env
#   scripts/services.sh down    stop what runs (idempotent)
#   scripts/services.sh status
# When DATABASE_URL (or REDIS_URL) is set in the environment, that service is not started
# and the given URL is written to .env instead; likewise CLAMD_SOCKET (a deployment's clamd).
# The local clamd reads CLAMAV_DB_DIR when set (a mirrored signature database), else a small local one
# generated into var/clamav/db (the EICAR test signature: enough for the scan path to be real, not for protection).
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
VAR="$ROOT/var"
PG_PORT="${LOCAL_PG_PORT:-5433}"
REDIS_PORT="${LOCAL_REDIS_PORT:-6380}"
PG_DATA="$VAR/pg/data"
RUN_DIR="$VAR/run"
LOG_DIR="$VAR/log"
DB_NAME="${LOCAL_DB_NAME:-civic137}"
DB_USER="${LOCAL_DB_USER:-civic}"
CLAM_DIR="$VAR/clamav"
CLAM_DB_DIR="${CLAMAV_DB_DIR:-$CLAM_DIR/db}"
CLAMD_SOCK="$RUN_DIR/clamd.sock"
CLAMD_PID="$RUN_DIR/clamd.pid"
# The EICAR anti-virus test file (68 bytes), as hex and as its MD5: https://www.eicar.org/download-anti-malware-testfile/
EICAR_HEX="58354f2150254041505b345c505a58353428505e2937434329377d2445494341522d5354414e444152442d414e544956495255532d544553542d46494c452124482b482a"
EICAR_MD5="44d88612fea8a8f36de82e1278abb02f"

pg_bin() { echo "/usr/lib/postgresql/$(ls /usr/lib/postgresql | sort -n | tail -1)/bin"; }

# Run a command as the cluster owner: postgres refuses to run as root.
as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

local_pg_url() { echo "postgresql://${DB_USER}@127.0.0.1:${PG_PORT}/${DB_NAME}"; }
local_redis_url() { echo "redis://127.0.0.1:${REDIS_PORT}/0"; }

pg_running() { [ -f "$PG_DATA/postmaster.pid" ] && as_owner "$(pg_bin)/pg_ctl" -D "$PG_DATA" status >/dev/null 2>&1; }
redis_running() { redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null | grep -q PONG; }
clamd_running() { [ -S "$CLAMD_SOCK" ] && [ -f "$CLAMD_PID" ] && kill -0 "$(cat "$CLAMD_PID")" 2>/dev/null; }

pg_up() {
  mkdir -p "$VAR/pg" "$RUN_DIR" "$LOG_DIR"
  if [ "$(id -u)" = 0 ]; then
    chown postgres: "$VAR/pg" "$RUN_DIR"
    touch "$LOG_DIR/postgres.log"; chown postgres: "$LOG_DIR/postgres.log"
    if ! runuser -u postgres -- test -w "$VAR/pg"; then
      echo "PostgreSQL runs as the 'postgres' user, which cannot reach $VAR." >&2
      echo "Clone the project where that user can traverse the path (e.g. /srv or /opt), or set DATABASE_URL." >&2
      exit 1
    fi
  fi
  if [ ! -f "$PG_DATA/PG_VERSION" ]; then
    echo "==> Creating a local PostgreSQL cluster in $PG_DATA"
    as_owner "$(pg_bin)/initdb" -D "$PG_DATA" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >/dev/null
    cat >> "$PG_DATA/postgresql.conf" <<CONF
# project-local settings
listen_addresses = '127.0.0.1'
port = $PG_PORT
unix_socket_directories = '$RUN_DIR'
shared_buffers = 256MB
work_mem = 32MB
maintenance_work_mem = 256MB
max_connections = 200
CONF
  fi
  if ! pg_running; then
    echo "==> Starting PostgreSQL on 127.0.0.1:$PG_PORT (socket in var/run)"
    as_owner "$(pg_bin)/pg_ctl" -D "$PG_DATA" -l "$LOG_DIR/postgres.log" -w -t 60 start >/dev/null
  fi
  local psql=(env PGOPTIONS='--client-min-messages=warning' "$(pg_bin)/psql" -h "$RUN_DIR" -p "$PG_PORT" -U postgres -v ON_ERROR_STOP=1 -qtA)
  # durable: an acknowledged write survives a crash (clusters made before this had fsync and synchronous_commit
  # off; ALTER SYSTEM turns them back on). The test settings relax synchronous_commit for their own sessions only.
  if [ "$("${psql[@]}" -d postgres -c "show fsync")" != on ] || [ "$("${psql[@]}" -d postgres -c "show synchronous_commit")" != on ]; then
    "${psql[@]}" -d postgres -c "alter system set fsync = on" -c "alter system set synchronous_commit = on" \
      -c "alter system set full_page_writes = on" -c "select pg_reload_conf()" >/dev/null
  fi
  if [ "$("${psql[@]}" -d postgres -c "select 1 from pg_roles where rolname='$DB_USER'")" != 1 ]; then
    "${psql[@]}" -d postgres -c "create role $DB_USER login superuser"
  fi
  if [ "$("${psql[@]}" -d postgres -c "select 1 from pg_database where datname='$DB_NAME'")" != 1 ]; then
    "${psql[@]}" -d postgres -c "create database $DB_NAME owner $DB_USER"
  fi
  "${psql[@]}" -d "$DB_NAME" -c "create extension if not exists postgis; create extension if not exists pg_trgm"
}

redis_up() {
  mkdir -p "$VAR/redis" "$LOG_DIR" "$RUN_DIR"
  if ! redis_running; then
    echo "==> Starting Redis on 127.0.0.1:$REDIS_PORT"
    redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --daemonize yes --dir "$VAR/redis" \
      --pidfile "$VAR/redis/redis.pid" --logfile "$LOG_DIR/redis.log" --save "" --appendonly no --databases 64 >/dev/null
    for _ in $(seq 50); do redis_running && break; sleep 0.1; done
    redis_running || { echo "Redis did not start; see $LOG_DIR/redis.log" >&2; exit 1; }
  fi
}

# The local signature database: the EICAR test signature anywhere in a file (.ndb) and the exact file (.hdb).
clamav_local_db() {
  mkdir -p "$CLAM_DIR/db"
  echo "Eicar-Test-Signature:0:*:$EICAR_HEX" > "$CLAM_DIR/db/local.ndb"
  echo "$EICAR_MD5:68:Win.Test.EICAR_HDB-1" > "$CLAM_DIR/db/local.hdb"
}

clamd_up() {
  if ! command -v clamd >/dev/null 2>&1; then
    echo "clamd is not installed (scripts/install_system_deps.sh): uploads wait for their virus scan" >&2
    return 0
  fi
  mkdir -p "$CLAM_DIR" "$RUN_DIR" "$LOG_DIR"
  [ -n "${CLAMAV_DB_DIR:-}" ] || clamav_local_db
  cat > "$CLAM_DIR/clamd.conf" <<CONF
# Written by scripts/services.sh: the project-local clamd (unix socket only, no network).
LocalSocket $CLAMD_SOCK
LocalSocketMode 660
FixStaleSocket yes
PidFile $CLAMD_PID
DatabaseDirectory $CLAM_DB_DIR
LogFile $LOG_DIR/clamd.log
LogTime yes
Foreground no
SelfCheck 600
Bytecode no
MaxThreads 4
StreamMaxLength 64M
MaxFileSize 64M
MaxScanSize 128M
CONF
  if ! clamd_running; then
    echo "==> Starting clamd (socket var/run/clamd.sock, signatures in ${CLAM_DB_DIR#"$ROOT/"})"
    rm -f "$CLAMD_PID"
    clamd -c "$CLAM_DIR/clamd.conf" >>"$LOG_DIR/clamd.log" 2>&1 || true
    for _ in $(seq 100); do clamd_running && break; sleep 0.1; done
    clamd_running || { echo "clamd did not start; see $LOG_DIR/clamd.log" >&2; exit 1; }
  fi
}

clamd_down() {
  if clamd_running; then
    echo "==> Stopping clamd"
    local pid; pid="$(cat "$CLAMD_PID")"
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  fi
}

write_env() {
  local db_url="$1" redis_url="$2" env_file="$ROOT/.env" secret
  secret=""
  [ -f "$env_file" ] && secret="$(grep -E '^DJANGO_SECRET_KEY=' "$env_file" | cut -d= -f2- || true)"
  [ -n "$secret" ] || secret="$(head -c 48 /dev/urandom | base64 | tr -d '/+=\n' | head -c 50)"
  {
    echo "# Written by scripts/services.sh; edit freely, it keeps DJANGO_SECRET_KEY."
    echo "DATABASE_URL=$db_url"
    echo "REDIS_URL=$redis_url"
    echo "DJANGO_SECRET_KEY=$secret"
  } > "$env_file.tmp"
  # Keep any other settings the user added.
  [ -f "$env_file" ] && grep -vE '^(#|DATABASE_URL=|REDIS_URL=|DJANGO_SECRET_KEY=)' "$env_file" >> "$env_file.tmp" || true
  mv "$env_file.tmp" "$env_file"
}

# A URL set in the environment wins; then one the user put in .env (other than our local one).
configured_url() {
  local name="$1" local_url="$2" value
  value="${!name:-}"
  if [ -z "$value" ] && [ -f "$ROOT/.env" ]; then
    value="$(grep -E "^$name=" "$ROOT/.env" | tail -1 | cut -d= -f2- || true)"
    [ "$value" = "$local_url" ] && value=""
  fi
  echo "$value"
}

up() {
  local db_url redis_url
  db_url="$(configured_url DATABASE_URL "$(local_pg_url)")"
  redis_url="$(configured_url REDIS_URL "$(local_redis_url)")"
  if [ -z "$db_url" ]; then pg_up; db_url="$(local_pg_url)"; fi
  if [ -z "$redis_url" ]; then redis_up; redis_url="$(local_redis_url)"; fi
  [ -n "$(configured_url CLAMD_SOCKET "$CLAMD_SOCK")" ] || clamd_up
  write_env "$db_url" "$redis_url"
}

down() {
  if pg_running; then
    echo "==> Stopping PostgreSQL"
    as_owner "$(pg_bin)/pg_ctl" -D "$PG_DATA" -m fast -w stop >/dev/null
  fi
  if redis_running; then
    echo "==> Stopping Redis"
    redis-cli -h 127.0.0.1 -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true
  fi
  clamd_down
}

status() {
  pg_running && echo "postgresql: running on 127.0.0.1:$PG_PORT" || echo "postgresql: stopped"
  redis_running && echo "redis: running on 127.0.0.1:$REDIS_PORT" || echo "redis: stopped"
  clamd_running && echo "clamd: running on var/run/clamd.sock" || echo "clamd: stopped"
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  status) status ;;
  *) echo "usage: $0 up|down|status" >&2; exit 2 ;;
esac
