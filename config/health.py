"""Health checks of the platform's moving parts: database, Redis, Celery worker and beat.

A failing check says which part failed in our own words (and the exception's class); the exception's text, which
can name hosts, users and databases, goes to the server log only. Who sees which part failed and the versions is
decided by the view (config.views.healthz)."""

import logging
import platform
import time

import celery
import django
from django.core.cache import cache
from django.db import connection

log = logging.getLogger(__name__)

BEAT_KEY = "health:beat:last"
BEAT_STALE_AFTER_S = 120
ANONYMOUS_REPORT_MAX_AGE_S = 5.0  # callers without details share one report for this long (no ping storms)
_last_report: tuple[float, dict] | None = None


def _failed(part: str, what: str, exc: Exception) -> dict:
    log.warning("health: %s check failed: %s: %s", part, type(exc).__name__, exc)
    return {"ok": False, "error": f"{what} ({type(exc).__name__})"}


def check_database() -> dict:
    started = time.perf_counter()
    try:
        with connection.cursor() as cursor:
            cursor.execute("select postgis_lib_version(), current_setting('server_version')")
            postgis, server = cursor.fetchone()
    except Exception as exc:  # any failure is reported, not raised
        return _failed("database", "the database did not answer", exc)
    return {"ok": True, "postgis": postgis, "postgresql": server,
            "ms": round((time.perf_counter() - started) * 1000, 1)}


def check_redis() -> dict:
    started = time.perf_counter()
    try:
        client = cache._cache.get_client(write=True)
        client.ping()
        version = client.info("server").get("redis_version", "")
    except Exception as exc:
        return _failed("redis", "Redis did not answer", exc)
    return {"ok": True, "version": version, "ms": round((time.perf_counter() - started) * 1000, 1)}


def check_celery(timeout: float = 1.0) -> dict:
    from config.celery import app

    try:
        replies = app.control.ping(timeout=timeout) or []
    except Exception as exc:
        return _failed("celery", "the Celery broker did not answer", exc)
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
        return _failed("beat", "Celery beat's heartbeat could not be read", exc)
    if last is None:
        return {"ok": False, "error": "Celery beat has not reported yet"}
    age = time.time() - float(last)
    return {"ok": age < BEAT_STALE_AFTER_S, "last_seen_s": round(age, 1)}


def versions(checks: dict) -> dict:
    return {
        "python": platform.python_version(), "django": django.get_version(), "celery": celery.__version__,
        "postgresql": checks["database"].get("postgresql", ""), "postgis": checks["database"].get("postgis", ""),
        "redis": checks["redis"].get("version", ""),
    }


def health_report() -> dict:
    checks = {
        "database": check_database(),
        "redis": check_redis(),
        "celery": check_celery(),
        "beat": check_beat(),
    }
    ok = all(check["ok"] for check in checks.values())
    return {"status": "ok" if ok else "degraded", "ok": ok, "checks": checks, "versions": versions(checks)}


def health_report_shared(max_age: float = ANONYMOUS_REPORT_MAX_AGE_S) -> dict:
    """The last report of this process if it is younger than `max_age` seconds, else a new one."""
    global _last_report
    now = time.monotonic()
    if _last_report is None or now - _last_report[0] > max_age:
        _last_report = (now, health_report())
    return _last_report[1]
