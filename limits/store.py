"""Counters for the limits: Redis (shared by every web process) with a per-process fallback.

When Redis fails, the store says so (`StoreDown`) and skips Redis for a few seconds (so a dead Redis costs one
short time-out, not one per request); each limit then decides what an outage means for it (limits.limiter)."""

from __future__ import annotations

import hashlib
import logging
import threading
import time

import redis
from django.conf import settings

log = logging.getLogger(__name__)

# A dead Redis is not asked again for this long.
RETRY_AFTER_FAILURE_SECONDS = 5.0


class StoreDown(Exception):
    """Redis could not be reached (or answered an error)."""


def _url() -> str:
    url = getattr(settings, "RATELIMIT_REDIS_URL", "")
    if url:
        return url
    location = settings.CACHES["default"].get("LOCATION", "")
    return location[0] if isinstance(location, (list, tuple)) else location


_clients: dict[str, redis.Redis] = {}
_down_until: dict[str, float] = {}
_lock = threading.Lock()


def _client() -> tuple[str, redis.Redis]:
    url = _url()
    client = _clients.get(url)
    if client is None:
        timeout = float(getattr(settings, "RATELIMIT_REDIS_TIMEOUT", 0.25))
        client = redis.Redis.from_url(url, socket_timeout=timeout, socket_connect_timeout=timeout)
        with _lock:
            _clients[url] = client
    return url, client


def _call(fn):
    """fn(redis client), or StoreDown; a failure keeps this URL off for RETRY_AFTER_FAILURE_SECONDS."""
    url, client = _client()
    if _down_until.get(url, 0.0) > time.monotonic():
        raise StoreDown(url)
    try:
        return fn(client)
    except (redis.RedisError, OSError) as error:
        if _down_until.get(url, 0.0) <= time.monotonic():
            log.warning("rate-limit store %s unreachable (%s): limits run degraded", url.rsplit("@", 1)[-1], error)
        _down_until[url] = time.monotonic() + RETRY_AFTER_FAILURE_SECONDS
        raise StoreDown(url) from error


def key_for(name: str, ident: str) -> str:
    """The Redis key of a counter: the identifier (an address, a phone number) is hashed, never stored."""
    digest = hashlib.blake2b(str(ident).encode(), key=settings.SECRET_KEY.encode()[:64], digest_size=12).hexdigest()
    return f"{getattr(settings, 'RATELIMIT_KEY_PREFIX', 'civic137:rl')}:{name}:{digest}"


def window_start(seconds: int, now: float | None = None) -> int:
    now = time.time() if now is None else now
    return int(now // seconds * seconds)


def redis_hit(key: str, seconds: int, cost: int = 1) -> int:
    """Add `cost` to the counter of the current window of `seconds`; its new value."""

    def hit(client):
        pipe = client.pipeline(transaction=False)
        pipe.incrby(key, cost)
        pipe.expire(key, seconds + 1, nx=True)
        return int(pipe.execute()[0])

    return _call(hit)


def redis_get(key: str) -> int:
    return int(_call(lambda client: client.get(key)) or 0)


def redis_once(key: str, seconds: int) -> bool:
    """True the first time `key` is seen within `seconds`, False after."""
    return bool(_call(lambda client: client.set(key, b"1", nx=True, ex=max(1, int(seconds)))))


def redis_delete_prefix(prefix: str) -> int:
    """Delete every key starting with `prefix` (an administrator's unlock, the tests' clean slate)."""

    def delete(client):
        keys = list(client.scan_iter(match=f"{prefix}*", count=500))
        return client.delete(*keys) if keys else 0

    return _call(delete)


class LocalStore:
    """The same counters in this process's memory: what a write limit falls back to while Redis is down (each
    web process then counts on its own)."""

    def __init__(self):
        self._values: dict[str, tuple[int, float]] = {}
        self._lock = threading.Lock()

    def _live(self, key: str, now: float) -> int:
        value, expires = self._values.get(key, (0, 0.0))
        return value if expires > now else 0

    def hit(self, key: str, seconds: int, cost: int = 1) -> int:
        now = time.monotonic()
        with self._lock:
            if len(self._values) > 50_000:
                self._values = {k: v for k, v in self._values.items() if v[1] > now}
            value = self._live(key, now) + cost
            expires = self._values[key][1] if key in self._values and self._values[key][1] > now else now + seconds
            self._values[key] = (value, expires)
            return value

    def get(self, key: str) -> int:
        with self._lock:
            return self._live(key, time.monotonic())

    def once(self, key: str, seconds: int) -> bool:
        now = time.monotonic()
        with self._lock:
            if self._live(key, now):
                return False
            self._values[key] = (1, now + seconds)
            return True

    def clear(self, prefix: str = "") -> None:
        with self._lock:
            self._values = {k: v for k, v in self._values.items() if not k.startswith(prefix)}


local = LocalStore()


def once(key: str, seconds: int) -> bool:
    """True the first time `key` is used within `seconds` (single-use tokens); the local store while Redis is down."""
    try:
        return redis_once(key, seconds)
    except StoreDown:
        return local.once(key, seconds)


def clear(prefix: str | None = None) -> None:
    """Forget every counter under `prefix` (all limits by default), in Redis and in this process."""
    prefix = prefix or getattr(settings, "RATELIMIT_KEY_PREFIX", "civic137:rl")
    local.clear(prefix)
    try:
        redis_delete_prefix(prefix)
    except StoreDown:
        pass


def forget_outage() -> None:
    """Ask Redis again at the next call (tests that stop and start it)."""
    _down_until.clear()
