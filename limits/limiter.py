"""Named limits over fixed windows: `Limit("track-ip", setting="TRACK_RATE_PER_IP").hit(ip)` counts one event and
says whether it is allowed, how many were counted and when the window ends (Retry-After).

What a Redis outage means is each limit's own choice (`outage`):
  "open"  — reads: allowed, unlimited, until Redis is back (the page must keep working);
  "local" — writes: counted in this process's memory instead (each web process limits on its own), so a form
            keeps taking citizens' messages yet one process cannot be flooded."""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

from django.conf import settings

from limits import store
from limits.rates import Rate, rate_parse

OUTAGE_POLICIES = ("open", "local")


@dataclass(frozen=True)
class Decision:
    allowed: bool
    count: int
    limit: int
    retry_after: int  # seconds until the window ends (at least 1)
    degraded: bool = False  # Redis was down: counted per process ("local") or not at all ("open")

    @property
    def remaining(self) -> int:
        return max(0, self.limit - self.count)


class Limit:
    """At most the rate of setting `setting` (or the fixed `rate`) per identifier in each window."""

    def __init__(self, name: str, *, setting: str = "", rate: str | Rate | None = None, outage: str = "local"):
        if outage not in OUTAGE_POLICIES:
            raise ValueError(f"outage must be one of {OUTAGE_POLICIES}")
        if not setting and rate is None:
            raise ValueError("a limit needs a setting or a rate")
        self.name, self.setting, self._rate, self.outage = name, setting, rate, outage

    @property
    def rate(self) -> Rate:
        return rate_parse(getattr(settings, self.setting) if self.setting else self._rate)

    def _key(self, ident: str, rate: Rate, now: float) -> str:
        return f"{store.key_for(self.name, ident)}:{store.window_start(rate.seconds, now)}"

    @staticmethod
    def _retry_after(rate: Rate, now: float) -> int:
        return max(1, math.ceil(store.window_start(rate.seconds, now) + rate.seconds - now))

    def hit(self, ident: str, *, cost: int = 1) -> Decision:
        """Count `cost` events for `ident`; allowed while the count stays within the limit."""
        return self._count(ident, cost)

    def peek(self, ident: str) -> Decision:
        """What the next event would meet, without counting it: allowed while the count is below the limit."""
        return self._count(ident, 0)

    def _count(self, ident: str, cost: int) -> Decision:
        rate, now = self.rate, time.time()
        if rate.off:
            return Decision(True, 0, 0, 1)
        key, degraded = self._key(ident, rate, now), False
        try:
            count = store.redis_hit(key, rate.seconds, cost) if cost else store.redis_get(key)
        except store.StoreDown:
            degraded = True
            if self.outage == "open":
                return Decision(True, 0, rate.limit, 1, degraded=True)
            count = store.local.hit(key, rate.seconds, cost) if cost else store.local.get(key)
        allowed = count <= rate.limit if cost else count < rate.limit
        return Decision(allowed, count, rate.limit, self._retry_after(rate, now), degraded)

    def reset(self, ident: str) -> None:
        prefix = store.key_for(self.name, ident)
        store.local.clear(prefix)
        try:
            store.redis_delete_prefix(prefix)
        except store.StoreDown:
            pass
