"""A Redis cache that a Redis outage cannot take the site down with: every read misses, every write is dropped,
and a warning is logged (once a minute at most), so pages are still served from the database while Redis is away.
`/healthz` still reports Redis as down (it asks Redis itself)."""

from __future__ import annotations

import logging
import time

from django.core.cache.backends.redis import RedisCache

log = logging.getLogger(__name__)

try:  # redis-py's errors; OSError covers a refused socket
    from redis.exceptions import ConnectionError as RedisConnectionError
    from redis.exceptions import TimeoutError as RedisTimeoutError

    OUTAGE_ERRORS: tuple[type[BaseException], ...] = (RedisConnectionError, RedisTimeoutError, OSError)
except ImportError:  # pragma: no cover - redis is a requirement
    OUTAGE_ERRORS = (OSError,)

WARN_EVERY_S = 60.0


def _tolerant(name: str, on_outage):
    """`RedisCache.<name>`, answering `on_outage(*args)` (and logging) when Redis cannot be reached."""
    method = getattr(RedisCache, name)

    def call(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except OUTAGE_ERRORS as error:
            _outage(name, error)
            return on_outage(*args, **kwargs)

    call.__name__ = name
    return call


def _outage(operation: str, error: BaseException) -> None:
    now = time.monotonic()
    if now - TolerantRedisCache.last_warning >= WARN_EVERY_S:
        TolerantRedisCache.last_warning = now
        log.warning("cache unavailable (%s): %s; serving without it", operation, error)


def _no_increment(key, *args, **kwargs):
    raise ValueError(f"cache unavailable: {key!r} cannot be incremented")


class TolerantRedisCache(RedisCache):
    last_warning = 0.0

    get = _tolerant("get", lambda key, default=None, *a, **k: default)
    get_many = _tolerant("get_many", lambda *a, **k: {})
    has_key = _tolerant("has_key", lambda *a, **k: False)
    add = _tolerant("add", lambda *a, **k: False)
    set = _tolerant("set", lambda *a, **k: None)
    set_many = _tolerant("set_many", lambda data, *a, **k: list(data))
    touch = _tolerant("touch", lambda *a, **k: False)
    delete = _tolerant("delete", lambda *a, **k: False)
    delete_many = _tolerant("delete_many", lambda *a, **k: None)
    incr = _tolerant("incr", _no_increment)
