"""Health checks of the platform's moving parts: database, Redis, Celery worker and beat."""

import time

from django.core.cache import cache
from django.db import connection

BEAT_KEY = "health:beat:last"
BEAT_STALE_AFTER_S = 120


def check_database() -> dict:
    started = time.perf_counter()
    try:
        with connection.cursor() as cursor:
            cursor.execute("select postgis_lib_version()")
            version = cursor.fetchone()[0]
    except Exception as exc:  # any failure is reported, not raised
        return {"ok": False, "error": str(exc)}
    return {"ok": True, "postgis": version, "ms": round((time.perf_counter() - started) * 1000, 1)}


def check_redis() -> dict:
    started = time.perf_counter()
    try:
        client = cache._cache.get_client(write=True)
        client.ping()
    except Exception as exc:
        return {"ok": False, "error": str(exc)}
    return {"ok": True, "ms": round((time.perf_counter() - started) * 1000, 1)}


def check_celery(timeout: float = 1.0) -> dict:
    from config.celery import app

    try:
        replies = app.control.ping(timeout=timeout) or []
    except Exception as exc:
        return {"ok": False, "error": str(exc)}
    workers = sorted(name for reply in replies for name in reply)
    if not workers:
        return {"ok": False, "error": "no Celery worker answered", "workers": []}
    return {"ok": True, "workers": workers}


def beat_heartbeat_record() -> None:
    cache.set(BEAT_KEY, time.time(), timeout=None)


def check_beat() -> dict:
    try:
        last = cache.get(BEAT_KEY)
    except Exception as exc:
        return {"ok": False, "error": str(exc)}
    if last is None:
        return {"ok": False, "error": "Celery beat has not reported yet"}
    age = time.time() - float(last)
    return {"ok": age < BEAT_STALE_AFTER_S, "last_seen_s": round(age, 1)}


def health_report() -> dict:
    checks = {
        "database": check_database(),
        "redis": check_redis(),
        "celery": check_celery(),
        "beat": check_beat(),
    }
    return {"ok": all(check["ok"] for check in checks.values()), "checks": checks}
