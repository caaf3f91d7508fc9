"""The bridge from the address database to the pure-Python gazetteer.

`gazetteer_records()` turns the database into `gazetteer.records.GazetteerRecord`s: streets and alleys cut into
one segment per district (sharing a `group_id` when a street crosses several), landmarks, squares and metro
stations, regions, districts and neighbourhoods, each with its aliases. `gazetteer_current()` keeps one
`Gazetteer` per process and rebuilds it when the address data version moves.

Record ids name the database row they came from, so a suggestion can be traced back (and turned into an alias):
``street:<id>`` (or ``street:<id>@<district code>`` for one segment of a multi-district street, group
``street:<id>``), ``landmark:<id>``, ``region:<id>``, ``district:<id>``, ``neighbourhood:<id>``.

`address_point_records()` gives the gazetteer the house numbers (``address:<id>``, on street ``street:<id>``) and
the interpolation ranges (``address-range:<id>``), for "street + number" queries. A street that the address
points name but the map lacks (a pedestrian street drawn as an area, a street just outside the extract) is known
by its numbers alone: one record per name and neighbourhood, ``address-street:<first point id>``, at the point
nearest the others, without a line.
"""

from __future__ import annotations

import gc
import json
import logging
import math
import threading
import time
from dataclasses import dataclass

from addresses import selectors
from gazetteer.matcher import Gazetteer
from gazetteer.matcher.housenumbers import AddressPoint, AddressRange
from gazetteer.records import GazetteerRecord

log = logging.getLogger(__name__)

STREET_KINDS = {"street", "boulevard", "highway", "alley"}
LANDMARK_KINDS = {"metro", "square", "landmark"}


def _line(geojson: str):
    geometry = json.loads(geojson)
    coords = geometry["coordinates"]
    parts = [coords] if geometry["type"] == "LineString" else coords
    parts = [tuple((x, y) for x, y in part) for part in parts if len(part) >= 2]
    return tuple(parts) or None


def street_records() -> list[GazetteerRecord]:
    aliases = _aliases()[0]
    records = []
    for (sid, name, name_en, kind, parent_id, synthetic, segments, code, district_name, region_no, region_name,
         lon, lat, geojson) in selectors.gazetteer_street_rows():
        if not name or lon is None:
            continue
        key = f"street:{sid}"
        records.append(GazetteerRecord(
            id=f"{key}@{code}" if segments > 1 else key,
            group_id=key if segments > 1 else None,
            name=name, name_en=name_en or "", kind=kind if kind in STREET_KINDS else "street",
            lon=lon, lat=lat, line=_line(geojson),
            parent_id=f"street:{parent_id}" if parent_id else None,
            aliases=tuple(aliases.get(sid, ())),
            region_no=region_no, region_name=region_name, district_code=code, district_name=district_name,
            synthetic=bool(synthetic),
        ))
    return records


def landmark_records() -> list[GazetteerRecord]:
    aliases = _aliases()[1]
    records = []
    for (lid, name, name_en, kind, subkind, synthetic, code, district_name, region_no, region_name, lon,
         lat) in selectors.gazetteer_landmark_rows():
        if not name:
            continue
        records.append(GazetteerRecord(
            id=f"landmark:{lid}", name=name, name_en=name_en or "",
            kind=kind if kind in LANDMARK_KINDS else "landmark", subkind=subkind or "",
            lon=lon, lat=lat, aliases=tuple(aliases.get(lid, ())),
            region_no=region_no, region_name=region_name, district_code=code, district_name=district_name,
            synthetic=bool(synthetic),
        ))
    return records


def _district_boundaries() -> dict[int, tuple]:
    """District id → its boundary as polygons of rings of (lon, lat), for placing derived points."""
    from addresses.models import District

    return {pk: geom.coords for pk, geom in District.objects.values_list("pk", "geom") if geom is not None}


def area_records() -> list[GazetteerRecord]:
    boundaries = _district_boundaries()
    return [
        GazetteerRecord(
            id=f"{kind}:{pk}", name=name, name_en=name_en or "", kind=kind, lon=lon, lat=lat,
            region_no=region_no, region_name=region_name, district_code=code, district_name=district_name,
            synthetic=bool(synthetic), area=boundaries.get(pk) if kind == "district" else None,
        )
        for (kind, pk, name, name_en, synthetic, code, district_name, region_no, region_name, lon, lat)
        in selectors.gazetteer_area_rows()
        if name and lon is not None
    ]


_alias_cache: dict = {}


def _aliases() -> tuple[dict[int, list[str]], dict[int, list[str]]]:
    """Aliases by street id and by landmark id (read once per build)."""
    if "rows" not in _alias_cache:
        streets: dict[int, list[str]] = {}
        landmarks: dict[int, list[str]] = {}
        for street_id, landmark_id, name in selectors.gazetteer_alias_rows():
            if street_id is not None:
                streets.setdefault(street_id, []).append(name)
            elif landmark_id is not None:
                landmarks.setdefault(landmark_id, []).append(name)
        _alias_cache["rows"] = (streets, landmarks)
    return _alias_cache["rows"]


def gazetteer_records() -> list[GazetteerRecord]:
    """Every named place in the database as gazetteer records."""
    _alias_cache.clear()
    try:
        return street_records() + landmark_records() + area_records() + address_street_records()
    finally:
        _alias_cache.clear()


ADDRESS_STREET_GAP_M = 400.0  # address points of one street name this close are one street known by its numbers


def _metres(a: tuple[float, float], b: tuple[float, float]) -> float:
    k = math.cos(math.radians((a[1] + b[1]) / 2))
    return math.hypot((a[0] - b[0]) * k, a[1] - b[1]) * 111_195.0


def _address_streets(rows: list[tuple]) -> dict[int, tuple[str, str, float, float]]:
    """Address point id → (record id, street name, lon, lat) of the street known by its numbers alone, for the
    points tied to no street: grouped by name, then by nearness (chains of points within ADDRESS_STREET_GAP_M)."""
    by_name: dict[str, list[tuple]] = {}
    for row in rows:
        if row[1] is None and row[2].strip():
            by_name.setdefault(" ".join(row[2].split()).lower(), []).append(row)
    out: dict[int, tuple[str, str, float, float]] = {}
    for group in by_name.values():
        clusters: list[list[tuple]] = []
        for row in group:
            near = [c for c in clusters if any(_metres(row[4:6], o[4:6]) <= ADDRESS_STREET_GAP_M for o in c)]
            merged = [row] + [r for c in near for r in c]
            clusters = [c for c in clusters if c not in near] + [merged]
        for cluster in clusters:
            first = min(cluster, key=lambda r: r[0])
            middle = min(cluster, key=lambda r: sum(_metres(r[4:6], o[4:6]) for o in cluster))
            street = (f"address-street:{first[0]}", " ".join(first[2].split()), middle[4], middle[5])
            out.update((r[0], street) for r in cluster)
    return out


def address_street_records() -> list[GazetteerRecord]:
    """The streets known only by their address points."""
    streets = set(_address_streets(selectors.gazetteer_address_rows()).values())
    return [GazetteerRecord(id=rid, name=name, kind="street", lon=lon, lat=lat)
            for rid, name, lon, lat in sorted(streets)]


def address_point_records() -> list[AddressPoint | AddressRange]:
    """The house numbers and the interpolation ranges, as the gazetteer takes them."""
    rows = selectors.gazetteer_address_rows()
    alone = _address_streets(rows)
    points: list[AddressPoint | AddressRange] = [
        AddressPoint(id=f"address:{pk}", street_id=f"street:{street_id}" if street_id else alone[pk][0],
                     housenumber=housenumber, lon=lon, lat=lat)
        for pk, street_id, _, housenumber, lon, lat in rows
        if street_id or pk in alone
    ]
    for pk, street_id, start, end, scheme, geojson in selectors.gazetteer_address_range_rows():
        line = tuple((x, y) for x, y in json.loads(geojson)["coordinates"])
        points.append(AddressRange(id=f"address-range:{pk}", street_id=f"street:{street_id}", start=start, end=end,
                                   scheme=scheme, line=line))
    return points


def record_source(record_id: str) -> tuple[str, int] | None:
    """("street", 12) for "street:12" or "street:12@6-2"; None for an id that names no database row."""
    kind, _, rest = (record_id or "").partition(":")
    pk = rest.split("@", 1)[0]
    if kind not in {"street", "landmark", "region", "district", "neighbourhood"} or not pk.isdigit():
        return None
    return kind, int(pk)


# --- the per-process index ------------------------------------------------------------------------------

@dataclass(frozen=True)
class CachedGazetteer:
    version: tuple[int, str]
    gazetteer: Gazetteer
    built_at: float
    build_ms: float
    record_count: int


_lock = threading.Lock()
_current: CachedGazetteer | None = None


def gazetteer_current() -> CachedGazetteer:
    """This process's gazetteer, rebuilt from the database when the address data version has moved."""
    global _current
    version = selectors.address_data_version_current()
    cached = _current
    if cached is not None and cached.version == version:
        return cached
    with _lock:
        cached = _current
        if cached is not None and cached.version == version:
            return cached
        started = time.perf_counter()
        records = gazetteer_records()
        gazetteer = Gazetteer(records, address_points=address_point_records())
        # the index is read-only from here on: move it out of the cyclic collector's sight, or a
        # collection triggered mid-request rescans its hundreds of thousands of objects (~80 ms)
        gc.collect()
        gc.freeze()
        build_ms = (time.perf_counter() - started) * 1000
        log.info("gazetteer built: %d records, version %s, %.0f ms", len(records), version, build_ms)
        _current = CachedGazetteer(version, gazetteer, time.time(), build_ms, len(records))
        return _current


def gazetteer_forget() -> None:
    """Drop this process's index (tests; the next call rebuilds)."""
    global _current
    with _lock:
        _current = None
