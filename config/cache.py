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


class TolerantRedisCache(RedisCache):
    _last_warning = 0.0

    def _outage(self, operation: str, error: BaseException) -> None:
        now = time.monotonic()
        if now - TolerantRedisCache._last_warning >= WARN_EVERY_S:
            TolerantRedisCache._last_warning = now
            log.warning("cache unavailable (%s): %s; serving without it", operation, error)

    def get(self, key, default=None, version=None):
        try:
            return super().get(key, default, version)
        except OUTAGE_ERRORS as error:
            self._outage("get", error)
            return default

    def get_many(self, keys, version=None):
        try:
            return super().get_many(keys, version)
        except OUTAGE_ERRORS as error:
            self._outage("get_many", error)
            return {}

    def has_key(self, key, version=None):
        try:
            return super().has_key(key, version)
        except OUTAGE_ERRORS as error:
            self._outage("has_key", error)
            return False

    def add(self, key, value, timeout=None, version=None):
        try:
            return super().add(key, value, timeout, version)
        except OUTAGE_ERRORS as error:
            self._outage("add", error)
            return False

    def set(self, key, value, timeout=None, version=None):
        try:
            return super().set(key, value, timeout, version)
        except OUTAGE_ERRORS as error:
            self._outage("set", error)
            return None

    def set_many(self, data, timeout=None, version=None):
        try:
            return super().set_many(data, timeout, version)
        except OUTAGE_ERRORS as error:
            self._outage("set_many", error)
            return list(data)

    def touch(self, key, timeout=None, version=None):
        try:
            return super().touch(key, timeout, version)
        except OUTAGE_ERRORS as error:
            self._outage("touch", error)
            return False

    def delete(self, key, version=None):
        try:
            return super().delete(key, version)
        except OUTAGE_ERRORS as error:
            self._outage("delete", error)
            return False

    def delete_many(self, keys, version=None):
        try:
            return super().delete_many(keys, version)
        except OUTAGE_ERRORS as error:
            self._outage("delete_many", error)
            return None

    def incr(self, key, delta=1, version=None):
        try:
            return super().incr(key, delta, version)
        except OUTAGE_ERRORS as error:
            self._outage("incr", error)
            raise ValueError(f"cache unavailable: {key!r} cannot be incremented") from error
