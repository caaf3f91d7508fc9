"""The simple rules a city would otherwise use, each its own plain SQL (no H3, no scoring): every open request of
the same sub-subject within a fixed radius, nearest first. Any row flags the call.

- `fms_250m`: FixMyStreet's rule — same category, open at that moment, within 250 m.
- `naive_50m`: same category within 50 m, open at that moment."""

from __future__ import annotations

from datetime import datetime

from django.db import connection

RULES = {"fms_250m": 250.0, "naive_50m": 50.0}

_SQL = """
    with p as (select st_setsrid(st_makepoint(%(lon)s, %(lat)s), 4326)::geography as g)
    select r.id, st_distance(r.location::geography, p.g) as distance_m
    from p, requests_app_servicerequest r
    where r.category_id = %(category)s
      and st_dwithin(r.location::geography, p.g, %(radius)s)
      and r.created_at < %(as_of)s and (r.closed_at is null or r.closed_at > %(as_of)s)
      and r.status <> 'draft'
      and r.id <> %(exclude)s
    order by distance_m, r.id
    limit %(limit)s
"""


def rule_candidates(*, radius_m: float, lon: float, lat: float, category_id: int, as_of: datetime,
                    exclude_id: int | None = None, limit: int = 10) -> list[tuple[int, float]]:
    """(id, distance in metres) of the open requests of the sub-subject within radius_m of the point, nearest
    first, as they were at `as_of`."""
    with connection.cursor() as cursor:
        cursor.execute(_SQL, {"lon": lon, "lat": lat, "category": category_id, "radius": radius_m, "as_of": as_of,
                              "exclude": exclude_id or 0, "limit": limit})
        return [(row[0], row[1]) for row in cursor.fetchall()]
