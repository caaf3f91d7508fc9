"""Reads of address data."""

from dataclasses import dataclass

from django.db import connection


@dataclass(frozen=True)
class PointPlace:
    """Where a point lies in the hierarchy (ids are None outside the city)."""

    region_id: int | None
    region_number: int | None
    region_name: str
    district_id: int | None
    district_code: str
    district_name: str
    neighbourhood_id: int | None
    neighbourhood_code: str
    neighbourhood_name: str


def locate_point(lon: float, lat: float) -> PointPlace:
    """Region, district and neighbourhood containing the point, in one indexed query."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            with p as (select st_setsrid(st_makepoint(%s, %s), 4326) as g)
            select r.id, r.number, r.name_fa, d.id, d.code, d.name_fa, n.id, n.code, n.name_fa
            from p
            left join addresses_region r on st_contains(r.geom, p.g)
            left join addresses_district d on d.region_id = r.id and st_contains(d.geom, p.g)
            left join addresses_neighbourhood n on n.district_id = d.id and st_contains(n.geom, p.g)
            limit 1
            """,
            [lon, lat],
        )
        row = cursor.fetchone()
    region_id, region_number, region_name, district_id, district_code, district_name, nb_id, nb_code, nb_name = row
    return PointPlace(region_id, region_number, region_name or "", district_id, district_code or "",
                      district_name or "", nb_id, nb_code or "", nb_name or "")
