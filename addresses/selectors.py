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


# --- rows that feed the gazetteer (addresses/bridge.py turns them into records) -------------------------

MIN_SEGMENT_M = 15.0  # a street merely grazing a district does not get a segment there


def gazetteer_street_rows() -> list[tuple]:
    """Every street and alley cut into one segment per district it crosses (ST_Intersection with the districts).

    Row: (street id, name_fa, name_en, kind, parent id, synthetic, segment count, district code, district name,
    region number, region name, representative lon, lat, the segment as GeoJSON). A street outside every
    district comes once with an empty district.
    """
    with connection.cursor() as cursor:
        cursor.execute(
            """
            with pairs as (
                select s.id as sid, d.id as did
                from addresses_street s join addresses_district d on st_intersects(d.geom, s.geom)
            ), cut as (
                select p.sid, p.did, p.n0,
                       case when p.n0 = 1 then s.geom
                            else st_collectionextract(st_intersection(s.geom, d.geom), 2) end as g
                from (select *, count(*) over (partition by sid) as n0 from pairs) p
                join addresses_street s on s.id = p.sid
                join addresses_district d on d.id = p.did
            ), kept as (
                select sid, did, g, count(*) over (partition by sid) as n from cut
                where n0 = 1 or (not st_isempty(g) and st_length(g::geography) >= %s)
            ), lone as (
                select s.id as sid, null::int as did, s.geom as g, 1::bigint as n from addresses_street s
                where not exists (select 1 from kept k where k.sid = s.id)
            ), segs as (
                select * from kept union all select * from lone
            )
            select s.id, s.name_fa, s.name_en, s.kind, s.parent_id, s.synthetic, segs.n,
                   coalesce(d.code, ''), coalesce(d.name_fa, ''), r.number, coalesce(r.name_fa, ''),
                   st_x(pt.p), st_y(pt.p), st_asgeojson(segs.g, 6)
            from segs
            join addresses_street s on s.id = segs.sid
            left join addresses_district d on d.id = segs.did
            left join addresses_region r on r.id = coalesce(d.region_id, s.region_id)
            cross join lateral (
                select case when st_numgeometries(segs.g) = 1
                            then st_lineinterpolatepoint(st_geometryn(segs.g, 1), 0.5)
                            else st_closestpoint(segs.g, st_centroid(segs.g)) end as p
            ) pt
            order by s.id, d.code
            """,
            [MIN_SEGMENT_M],
        )
        return cursor.fetchall()


def gazetteer_landmark_rows() -> list[tuple]:
    """Landmarks, squares and metro stations with the district they stand in (the stored one, else by geometry).

    Row: (id, name_fa, name_en, kind, subkind, synthetic, district code, district name, region number,
    region name, lon, lat).
    """
    with connection.cursor() as cursor:
        cursor.execute(
            """
            select l.id, l.name_fa, l.name_en, l.kind, l.subkind, l.synthetic,
                   coalesce(d.code, ''), coalesce(d.name_fa, ''), r.number, coalesce(r.name_fa, ''),
                   st_x(l.geom), st_y(l.geom)
            from addresses_landmark l
            left join lateral (
                select dd.* from addresses_district dd
                where dd.id = l.district_id or (l.district_id is null and st_contains(dd.geom, l.geom))
                limit 1
            ) d on true
            left join addresses_region r on r.id = coalesce(d.region_id, l.region_id)
            order by l.id
            """
        )
        return cursor.fetchall()


def gazetteer_area_rows() -> list[tuple]:
    """Regions, districts and neighbourhoods with a point surely inside each.

    Row: (kind, id, name_fa, name_en, synthetic, district code, district name, region number, region name, lon, lat).
    """
    with connection.cursor() as cursor:
        cursor.execute(
            """
            select 'region', r.id, r.name_fa, r.name_en, r.synthetic, '', '', r.number, r.name_fa,
                   st_x(st_pointonsurface(r.geom)), st_y(st_pointonsurface(r.geom))
            from addresses_region r
            union all
            select 'district', d.id, d.name_fa, d.name_en, d.synthetic, d.code, d.name_fa, r.number, r.name_fa,
                   st_x(st_pointonsurface(d.geom)), st_y(st_pointonsurface(d.geom))
            from addresses_district d join addresses_region r on r.id = d.region_id
            union all
            select 'neighbourhood', n.id, n.name_fa, n.name_en, n.synthetic, d.code, d.name_fa, r.number, r.name_fa,
                   st_x(st_pointonsurface(n.geom)), st_y(st_pointonsurface(n.geom))
            from addresses_neighbourhood n
            join addresses_district d on d.id = n.district_id join addresses_region r on r.id = d.region_id
            """
        )
        return cursor.fetchall()


def gazetteer_alias_rows() -> list[tuple[int | None, int | None, str]]:
    """(street id, landmark id, alias) for every alias."""
    with connection.cursor() as cursor:
        cursor.execute("select street_id, landmark_id, name from addresses_alias order by id")
        return cursor.fetchall()


def gazetteer_address_rows() -> list[tuple]:
    """Every address point: (id, street id or None, street name as written, house number as written, lon, lat)."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            select p.id, p.street_id, p.street_name, p.housenumber, st_x(p.geom), st_y(p.geom)
            from addresses_addresspoint p order by p.id
            """
        )
        return cursor.fetchall()


def gazetteer_address_range_rows() -> list[tuple]:
    """Address ranges tied to a street: (id, street id, first number, last number, scheme, line as GeoJSON)."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            select r.id, r.street_id, r.start_number, r.end_number, r.scheme, st_asgeojson(r.geom, 7)
            from addresses_addressrange r where r.street_id is not null order by r.id
            """
        )
        return cursor.fetchall()


def address_data_version_current(name: str = "addresses") -> tuple[int, str]:
    """The address data version and when it last moved; in-memory indexes rebuild when either changes."""
    with connection.cursor() as cursor:
        cursor.execute("select version, updated_at from addresses_addressdataversion where name = %s", [name])
        row = cursor.fetchone()
    return (row[0], row[1].isoformat()) if row else (0, "")


# --- reverse geocoding ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class NearFeature:
    """The nearest street or landmark to a point."""

    kind: str
    id: int
    name: str
    distance_m: float
    lon: float
    lat: float
    synthetic: bool


def nearest_street(lon: float, lat: float, *, within_m: float = 500.0) -> NearFeature | None:
    """The street or alley nearest to the point (GiST KNN, then exact metres), within `within_m`."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            with p as (select st_setsrid(st_makepoint(%s, %s), 4326) as g),
            near as (
                select s.id, s.name_fa, s.kind, s.synthetic, s.geom from addresses_street s, p
                order by s.geom <-> p.g limit 12
            )
            select near.id, near.name_fa, near.kind, st_distance(near.geom::geography, p.g::geography) as m,
                   st_x(st_closestpoint(near.geom, p.g)), st_y(st_closestpoint(near.geom, p.g)), near.synthetic
            from near, p order by m, near.kind = 'alley', near.id limit 1
            """,
            [lon, lat],
        )
        row = cursor.fetchone()
    if row is None or row[3] > within_m:
        return None
    return NearFeature(row[2], row[0], row[1], float(row[3]), row[4], row[5], row[6])


def nearest_landmark(lon: float, lat: float, *, within_m: float = 500.0) -> NearFeature | None:
    """The landmark, square or metro station nearest to the point, within `within_m`."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            with p as (select st_setsrid(st_makepoint(%s, %s), 4326) as g),
            near as (
                select l.id, l.name_fa, l.kind, l.synthetic, l.geom from addresses_landmark l, p
                order by l.geom <-> p.g limit 12
            )
            select near.id, near.name_fa, near.kind, st_distance(near.geom::geography, p.g::geography) as m,
                   st_x(near.geom), st_y(near.geom), near.synthetic
            from near, p order by m, near.id limit 1
            """,
            [lon, lat],
        )
        row = cursor.fetchone()
    if row is None or row[3] > within_m:
        return None
    return NearFeature(row[2], row[0], row[1], float(row[3]), row[4], row[5], row[6])


def region_outlines_geojson() -> str:
    """All regions as one GeoJSON FeatureCollection (simplified), built in PostGIS."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            select json_build_object('type', 'FeatureCollection', 'features', coalesce(json_agg(json_build_object(
                'type', 'Feature',
                'geometry', st_asgeojson(st_simplifypreservetopology(r.geom, 0.0005), 5)::json,
                'properties', json_build_object('number', r.number, 'name', r.name_fa)
            ) order by r.number), '[]'::json))::text
            from addresses_region r
            """
        )
        return cursor.fetchone()[0]
