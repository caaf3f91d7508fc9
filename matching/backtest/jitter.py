"""Hand-placed pins: every point moved by a uniformly random distance up to M metres in a random direction,
seeded, so one seed always gives the same points (pure Python)."""

from __future__ import annotations

import math
import random
from collections.abc import Sequence

from matching.backtest.importers import CallRecord

EARTH_RADIUS_M = 6_371_008.8


def moved(lon: float, lat: float, *, distance_m: float, bearing: float) -> tuple[float, float]:
    """The point `distance_m` metres from (lon, lat) towards `bearing` (radians, 0 = north, clockwise)."""
    north, east = distance_m * math.cos(bearing), distance_m * math.sin(bearing)
    return (lon + math.degrees(east / (EARTH_RADIUS_M * math.cos(math.radians(lat)))),
            lat + math.degrees(north / EARTH_RADIUS_M))


def jittered_points(calls: Sequence[CallRecord], max_m: float, seed: int
                    ) -> tuple[list[tuple[float, float]], list[tuple[float, float]]]:
    """(stored, probed) points of every call: each moved on its own by up to `max_m` metres (0: as recorded)."""
    if max_m <= 0:
        points = [(call.lon, call.lat) for call in calls]
        return points, list(points)
    rng = random.Random(seed)
    stored, probed = [], []
    for call in calls:
        for points in (stored, probed):
            points.append(moved(call.lon, call.lat, distance_m=rng.uniform(0, max_m),
                                bearing=rng.uniform(0, 2 * math.pi)))
    return stored, probed
