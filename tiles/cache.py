"""The tile cache (Redis, through Django's cache) and the per-layer data versions that invalidate it.

A cached tile's key is (layer, z, x, y, normalised filters, scope key, data versions). Writers never delete tiles:
they bump the data version of what they changed (tiles.services.tiles_data_version_bump, after commit) and every
key built afterwards is new; old entries expire on their own.
"""

import hashlib
import time

from django.core.cache import cache

TILE_TIMEOUT_S = 6 * 3600
_VERSION_PREFIX = "tiles:ver:"


def _initial_version() -> int:
    # Milliseconds since the epoch: if Redis loses the counters, fresh ones still start above every old value.
    return int(time.time() * 1000)


def data_versions(names: tuple[str, ...]) -> dict[str, int]:
    """Current data version of each name (created on first use)."""
    keys = [_VERSION_PREFIX + name for name in names]
    found = cache.get_many(keys)
    versions = {}
    for name, key in zip(names, keys):
        value = found.get(key)
        if value is None:
            cache.add(key, _initial_version(), timeout=None)
            value = cache.get(key)
        versions[name] = int(value) if value is not None else _initial_version()  # None: the cache is away
    return versions


def data_version_bump(name: str) -> int:
    key = _VERSION_PREFIX + name
    if cache.add(key, _initial_version(), timeout=None):
        return _as_version(cache.get(key))
    try:
        return int(cache.incr(key))
    except ValueError:  # expired between add and incr, or the cache is away
        cache.add(key, _initial_version(), timeout=None)
        return _as_version(cache.get(key))


def _as_version(value) -> int:
    """A stored version; with the cache away, one from the clock (tiles are then simply not cached)."""
    return int(value) if value is not None else _initial_version()


def version_token(versions: dict[str, int], *, clock_seconds: int = 0) -> str:
    """The versions as one short URL-safe token (what clients pass back as ?v=). A layer whose tiles depend on the
    current time (overdue counts) adds the clock period (`clock_seconds` long) it was built in, so no tile outlives
    the period it was right for."""
    token = "-".join(str(versions[name]) for name in sorted(versions))
    return f"{token}-t{int(wall_clock() // clock_seconds)}" if clock_seconds else token


def wall_clock() -> float:
    """Seconds since the epoch (one place, so tests can move the clock)."""
    return time.time()


def tile_key(layer: str, z: int, x: int, y: int, filters_key: str, scope_key: str, token: str) -> str:
    digest = hashlib.sha1(f"{filters_key}|{scope_key}".encode()).hexdigest()[:20]
    return f"tiles:t:{layer}:{z}:{x}:{y}:{token}:{digest}"


def etag_for(key: str) -> str:
    return '"' + hashlib.sha1(key.encode()).hexdigest()[:24] + '"'


def tile_get(key: str) -> bytes | None:
    return cache.get(key)


def tile_set(key: str, body: bytes) -> None:
    cache.set(key, body, timeout=TILE_TIMEOUT_S)
