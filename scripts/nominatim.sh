#!/usr/bin/env bash
# Nominatim 5.x as a peer for the gazetteer bench (`make bench ONLY=osm`): installs what is missing, imports an
# OpenStreetMap extract into its own throw-away PostgreSQL cluster, and keeps it running.
#   scripts/nominatim.sh up [FILE.osm.pbf]   install, start, import FILE once (default: the Helsinki extract)
#   scripts/nominatim.sh down                stop the cluster
#   scripts/nominatim.sh status              "ready <project dir>" when an import of FILE is in place
#
# Everything lives under var/nominatim/: venv/ (nominatim-db + nominatim-api from PyPI), pg/ (the cluster,
# 127.0.0.1:$NOMINATIM_PG_PORT, default 5440), run/ (its socket), project/ (Nominatim's project directory),
# log/. Debian's osm2pgsql comes from apt-get. No Wikipedia, postcode or country data is downloaded (--offline).
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
HERE="$ROOT/var/nominatim"
PORT="${NOMINATIM_PG_PORT:-5440}"
VERSION="${NOMINATIM_VERSION:-5.3.3}"
DEFAULT_FILE="$ROOT/tests/fixtures/osm/helsinki.osm.pbf"
VENV="$HERE/venv"
PG_DATA="$HERE/pg/data"
RUN_DIR="$HERE/run"
LOG_DIR="$HERE/log"
PROJECT="$HERE/project"
DB=nominatim

pg_bin() { echo "/usr/lib/postgresql/$(ls /usr/lib/postgresql | sort -n | tail -1)/bin"; }
as_owner() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
sudo_if_needed() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
psql_() { env PGOPTIONS='--client-min-messages=warning' "$(pg_bin)/psql" -h "$RUN_DIR" -p "$PORT" -U postgres \
  -v ON_ERROR_STOP=1 -qtA "$@"; }

install() {
  if ! command -v osm2pgsql >/dev/null; then
    echo "==> Installing osm2pgsql (Debian)"
    sudo_if_needed apt-get update -qq
    sudo_if_needed env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq osm2pgsql >/dev/null
  fi
  if ! [ -x "$VENV/bin/nominatim" ] || ! "$VENV/bin/python" -c 'import icu, nominatim_api, nominatim_db' 2>/dev/null; then
    echo "==> Installing nominatim-db and nominatim-api $VERSION into $VENV"
    mkdir -p "$HERE" "$LOG_DIR"
    python3 -m venv "$VENV"
    # PyICU is built from source when no wheel fits: it needs g++, libicu-dev, pkg-config, python3-dev
    if ! "$VENV/bin/pip" install -q "nominatim-db==$VERSION" "nominatim-api==$VERSION" >"$LOG_DIR/pip.log" 2>&1; then
      sudo_if_needed env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq g++ libicu-dev pkg-config \
        python3-dev >/dev/null
      "$VENV/bin/pip" install -q "nominatim-db==$VERSION" "nominatim-api==$VERSION" >>"$LOG_DIR/pip.log" 2>&1 \
        || { tail -20 "$LOG_DIR/pip.log" >&2; echo "nominatim could not be installed ($LOG_DIR/pip.log)" >&2; exit 1; }
    fi
  fi
}

cluster_up() {
  mkdir -p "$HERE/pg" "$RUN_DIR" "$LOG_DIR"
  if [ "$(id -u)" = 0 ]; then
    chown postgres: "$HERE/pg" "$RUN_DIR"
    touch "$LOG_DIR/postgres.log"; chown postgres: "$LOG_DIR/postgres.log"
  fi
  if [ ! -f "$PG_DATA/PG_VERSION" ]; then
    echo "==> Creating Nominatim's throw-away PostgreSQL cluster in $PG_DATA (port $PORT)"
    as_owner "$(pg_bin)/initdb" -D "$PG_DATA" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >/dev/null
    cat >> "$PG_DATA/postgresql.conf" <<CONF
# throw-away cluster for the Nominatim peer (rebuilt from the extract at will)
listen_addresses = '127.0.0.1'
port = $PORT
unix_socket_directories = '$RUN_DIR'
fsync = off
synchronous_commit = off
full_page_writes = off
shared_buffers = 256MB
maintenance_work_mem = 512MB
work_mem = 32MB
CONF
  fi
  if ! as_owner "$(pg_bin)/pg_ctl" -D "$PG_DATA" status >/dev/null 2>&1; then
    as_owner "$(pg_bin)/pg_ctl" -D "$PG_DATA" -l "$LOG_DIR/postgres.log" -w -t 60 start >/dev/null
  fi
  local me; me="$(id -un)"
  if [ "$(psql_ -d postgres -c "select 1 from pg_roles where rolname='$me'")" != 1 ]; then
    psql_ -d postgres -c "create role \"$me\" login superuser"
  fi
  if [ "$(psql_ -d postgres -c "select 1 from pg_roles where rolname='www-data'")" != 1 ]; then
    psql_ -d postgres -c 'create role "www-data" login'
  fi
}

import() {
  local file; file="$(readlink -f "${1:-$DEFAULT_FILE}")"
  [ -f "$file" ] || { echo "no such file: $file" >&2; exit 1; }
  local stamp; stamp="$(sha256sum "$file" | cut -c1-16) $VERSION"
  if [ -f "$PROJECT/.imported" ] && [ "$(cat "$PROJECT/.imported")" = "$stamp" ] \
     && [ "$(psql_ -d postgres -c "select 1 from pg_database where datname='$DB'")" = 1 ]; then
    return 0
  fi
  echo "==> Importing $(basename "$file") into Nominatim (about 20 s)"
  rm -rf "$PROJECT"; mkdir -p "$PROJECT"
  psql_ -d postgres -c "drop database if exists $DB"
  cat > "$PROJECT/.env" <<ENV
NOMINATIM_DATABASE_DSN="pgsql:dbname=$DB;host=127.0.0.1;port=$PORT"
NOMINATIM_IMPORT_STYLE=full
ENV
  if ! (cd "$PROJECT" && PATH="$VENV/bin:$PATH" "$VENV/bin/nominatim" import --offline --no-updates \
        --osm-file "$file" --threads "$(nproc)" >"$LOG_DIR/import.log" 2>&1); then
    tail -20 "$LOG_DIR/import.log" >&2; echo "nominatim import failed ($LOG_DIR/import.log)" >&2; exit 1
  fi
  echo "$stamp" > "$PROJECT/.imported"
}

case "${1:-up}" in
  up) install; cluster_up; import "${2:-}"; echo "ready $PROJECT" ;;
  down) if [ -f "$PG_DATA/PG_VERSION" ]; then as_owner "$(pg_bin)/pg_ctl" -D "$PG_DATA" -m fast stop >/dev/null 2>&1 || true; fi ;;
  status)
    if [ -f "$PROJECT/.imported" ] && as_owner "$(pg_bin)/pg_ctl" -D "$PG_DATA" status >/dev/null 2>&1; then
      echo "ready $PROJECT"
    else
      echo "not ready"; exit 1
    fi ;;
  *) echo "usage: $0 up [FILE] | down | status" >&2; exit 2 ;;
esac
