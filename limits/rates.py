"""Rates as settings write them: "10/m" (10 a minute), "5/h", "200/d", "30/90" (30 in 90 seconds); "0" or "" off."""

from __future__ import annotations

from dataclasses import dataclass

UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


@dataclass(frozen=True)
class Rate:
    """At most `limit` events in `seconds`; a limit of 0 means no limit."""

    limit: int
    seconds: int

    @property
    def off(self) -> bool:
        return self.limit <= 0


def rate_parse(value: str | Rate) -> Rate:
    """A Rate from "N/unit" or "N/seconds"; ValueError for anything else (settings fail fast)."""
    if isinstance(value, Rate):
        return value
    text = str(value or "").strip().lower()
    if text in ("", "0", "off", "none"):
        return Rate(0, 1)
    count, sep, period = text.partition("/")
    if not sep or not count.strip().isdigit():
        raise ValueError(f"a rate is written N/s, N/m, N/h, N/d or N/<seconds>, not {value!r}")
    period = period.strip()
    if period in UNITS:
        seconds = UNITS[period]
    elif period.isdigit() and int(period) > 0:
        seconds = int(period)
    elif period[:-1].isdigit() and period[-1:] in UNITS and int(period[:-1]) > 0:
        seconds = int(period[:-1]) * UNITS[period[-1]]  # "15m"
    else:
        raise ValueError(f"a rate is written N/s, N/m, N/h, N/d or N/<seconds>, not {value!r}")
    return Rate(int(count), seconds)
