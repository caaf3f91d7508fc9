#!/usr/bin/env bash
# Serve the platform: web (gunicorn), a Celery worker and Celery beat. Ctrl-C stops all three.
set -euo pipefail
cd "$(dirname "$0")/.."
HOST="${RUN_HOST:-127.0.0.1}"
PORT="${RUN_PORT:-8000}"
mkdir -p var/log var/run
pids=()
stop() {
  trap - INT TERM EXIT
  echo; echo "==> Stopping web, worker and beat"
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  echo "Stopped. The local database and Redis keep running; 'make down' stops them."
}
trap stop INT TERM EXIT

.venv/bin/celery -A config worker --loglevel=INFO --concurrency=2 --logfile=var/log/celery-worker.log &
pids+=($!)
.venv/bin/celery -A config beat --loglevel=INFO --schedule=var/run/celerybeat-schedule --logfile=var/log/celery-beat.log &
pids+=($!)
.venv/bin/gunicorn config.wsgi:application --bind "$HOST:$PORT" --workers 2 --threads 4 --timeout 120 \
  --access-logfile var/log/access.log --error-logfile var/log/gunicorn.log \
  --logger-class config.gunicorn_log.RedactingLogger &
pids+=($!)

for _ in $(seq 150); do curl -fsS -o /dev/null "http://$HOST:$PORT/accounts/login/" 2>/dev/null && break; sleep 0.2; done
for _ in $(seq 50); do curl -fsS -o /dev/null "http://$HOST:$PORT/healthz" 2>/dev/null && break; sleep 0.2; done
cat <<MSG

  The 137 platform is running:  http://$HOST:$PORT/
  Admin:                        http://$HOST:$PORT/admin/
  Health:                       http://$HOST:$PORT/healthz  ($(curl -s "http://$HOST:$PORT/healthz" | grep -q '"ok": true' && echo "all green" || echo "not all green yet; see var/log/"))

  Demo logins (password for all: demo1234 — demo data only, never in production):
$(.venv/bin/python manage.py demo_users --list | sed 's/^/    /')

  Logs in var/log/.  Press Ctrl-C to stop.
MSG
wait -n "${pids[@]}" || true
echo "A process exited; see var/log/." >&2
