#!/usr/bin/env bash
# Install the Debian/Ubuntu packages the project needs, only those missing.
# Idempotent and quick when everything is present (one dpkg query).
set -euo pipefail

need=()
have() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }

pg_major() { ls /usr/lib/postgresql 2>/dev/null | sort -n | tail -1; }

if [ -z "$(pg_major)" ]; then need+=(postgresql); fi
# gcc, headers and libldap/libsasl build python-ldap (django-auth-ldap); slapd and ldap-utils run the LDAP tests.
# clamav-daemon (clamd) scans every upload; services.sh starts a project-local one (Debian's own stays stopped).
for pkg in redis-server gdal-bin gettext chromium gcc python3-dev libldap2-dev libsasl2-dev slapd ldap-utils curl \
           clamav clamav-daemon; do
  have "$pkg" || need+=("$pkg")
done
# GDAL's runtime library name changes between releases (libgdal32 on Debian 12): take whichever is present.
ls /usr/lib/*/libgdal.so.* >/dev/null 2>&1 || need+=(gdal-bin)
command -v npm >/dev/null 2>&1 || need+=(nodejs npm)
python3 -c 'import venv, ensurepip' >/dev/null 2>&1 || need+=(python3-venv)

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

if [ ${#need[@]} -gt 0 ]; then
  echo "==> Installing Debian packages: ${need[*]}"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

# PostGIS for the distribution's PostgreSQL (known only once PostgreSQL is installed).
major="$(pg_major)"
if ! have "postgresql-${major}-postgis-3"; then
  echo "==> Installing PostGIS for PostgreSQL ${major}"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "postgresql-${major}-postgis-3" >/dev/null
fi
