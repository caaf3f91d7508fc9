"""CSV address books: one named place per line.

Columns (header required; UTF-8, comma or tab separated): `name, kind, parent, region, district, lon, lat, aliases`.
`kind` is street, boulevard, highway, alley, square, metro or landmark; `parent` names the street an alley opens
onto; `region` is a region number and `district` a district code; `lon`/`lat` are optional when a parent, district
or region places the row; `aliases` are separated by `|` or `؛`. A row's stable key is its kind, name, parent and
area, so importing the same book again updates instead of duplicating. A street known only by a point is stored
as a 10-metre stub at that point."""

from __future__ import annotations

import csv
import hashlib
import io
import re

from django.contrib.gis.geos import LineString, MultiLineString, Point
from django.db import transaction

from addresses.importers.common import ImportFailed, ImportReport, progress
from addresses.models import Alias, District, Landmark, Region, Street
from addresses.services import address_data_version_bump, address_places_assign
from gazetteer.normalize import normalize
from text.digits import to_ascii_digits

COLUMNS = ("name", "kind", "parent", "region", "district", "lon", "lat", "aliases")
STREET_KINDS = {"street", "boulevard", "highway", "alley"}
LANDMARK_KINDS = {"square", "metro", "landmark"}
STUB_DEG = 0.00009  # ≈ 10 m


class RowError(ValueError):
    pass


def _read(path) -> list[dict]:
    try:
        raw = open(path, encoding="utf-8-sig").read()
    except (OSError, UnicodeDecodeError) as error:
        raise ImportFailed(f"cannot read {path}: {error}") from error
    dialect = csv.excel_tab if raw.split("\n", 1)[0].count("\t") > raw.split("\n", 1)[0].count(",") else csv.excel
    reader = csv.DictReader(io.StringIO(raw), dialect=dialect)
    header = [h.strip().lower() for h in (reader.fieldnames or [])]
    if "name" not in header or "kind" not in header:
        raise ImportFailed(f"the header needs at least name and kind (columns: {', '.join(COLUMNS)})")
    reader.fieldnames = header
    return list(reader)


def _ascii(text: str | None) -> str:
    """A cell's number or code as ASCII (Persian and Arabic-Indic digits, the Arabic decimal separator as '.')."""
    return to_ascii_digits((text or "").strip()).replace("\u066b", ".")


def _number(text: str, what: str) -> float | None:
    text = _ascii(text)
    if not text:
        return None
    try:
        return float(text)
    except ValueError:
        raise RowError(f"{what} is not a number: {text!r}") from None


def address_book_import(path, *, strict: bool = False, show_progress: bool = False) -> ImportReport:
    rows = _read(path)
    report = ImportReport()
    regions = {r.number: r for r in Region.objects.all()}
    districts = {d.code: d for d in District.objects.select_related("region")}
    street_ids, landmark_ids = [], []
    with transaction.atomic():
        parents: dict[str, Street] = {}
        # streets before alleys, so an alley finds a parent defined in the same book
        order = sorted(enumerate(rows, start=2), key=lambda item: (item[1].get("kind") or "").strip() == "alley")
        for line, row in progress(order, total=len(order), desc="address book", enabled=show_progress):
            try:
                with transaction.atomic():
                    obj, kind = _row(row, regions, districts, parents)
                (street_ids if kind == "street" else landmark_ids).append(obj.pk)
            except RowError as error:
                report.error(f"line {line}", str(error))
        report.counts["streets"] = len(set(street_ids))
        report.counts["landmarks"] = len(set(landmark_ids))
        address_places_assign(street_ids=street_ids, landmark_ids=landmark_ids)
        if strict and report.errors:
            transaction.set_rollback(True)
            raise ImportFailed(f"{len(report.errors)} errors; nothing imported (strict)")
    if street_ids or landmark_ids:
        address_data_version_bump()
    return report


def _row(row, regions, districts, parents):
    name = " ".join((row.get("name") or "").split())
    kind = (row.get("kind") or "").strip().lower()
    if not name:
        raise RowError("empty name")
    if kind not in STREET_KINDS | LANDMARK_KINDS:
        raise RowError(f"unknown kind {kind!r} (use {', '.join(sorted(STREET_KINDS | LANDMARK_KINDS))})")
    region_text, region = _region(row, regions)
    district_text, district, region = _district(row, districts, region)
    lon, lat = _coordinates(row)
    parent_name = " ".join((row.get("parent") or "").split())
    parent = None
    if parent_name:
        parent = parents.get(normalize(parent_name)) or _find_parent(parent_name, district, region, lon, lat)
        if parent is None:
            raise RowError(f"no street called {parent_name!r} to hang this {kind} on")
    point = _point(lon, lat, parent, district, region)
    key = "|".join([kind, normalize(name), normalize(parent_name), district_text or region_text])
    external_id = "csv:" + hashlib.sha1(key.encode()).hexdigest()[:32]
    aliases = [a.strip() for a in re.split(r"[|؛]", row.get("aliases") or "") if a.strip()]
    fields = {"name_fa": name, "region": region, "district": district, "synthetic": False, "source": "csv"}
    if kind in STREET_KINDS:
        x, y = point.x, point.y
        geom = MultiLineString(LineString((x - STUB_DEG / 2, y), (x + STUB_DEG / 2, y), srid=4326), srid=4326)
        obj, _ = Street.objects.update_or_create(
            external_id=external_id, defaults={**fields, "kind": kind, "parent": parent, "geom": geom})
        parents.setdefault(normalize(name), obj)
        fk, result_kind = "street", "street"
    else:
        obj, _ = Landmark.objects.update_or_create(
            external_id=external_id, defaults={**fields, "kind": kind, "geom": point})
        fk, result_kind = "landmark", "landmark"
    for alias in aliases:
        Alias.objects.get_or_create(**{fk: obj}, name=alias[:200], defaults={"kind": Alias.Kind.OTHER})
    return obj, result_kind


def _region(row, regions) -> tuple[str, Region | None]:
    """The row's region number (ASCII digits) and region, if it gives one."""
    region_text = _ascii(row.get("region"))
    if not region_text:
        return region_text, None
    if not region_text.isdigit() or int(region_text) not in regions:
        raise RowError(f"no region {region_text!r}")
    return region_text, regions[int(region_text)]


def _district(row, districts, region) -> tuple[str, District | None, Region | None]:
    """The row's district code and district, if it gives one, and the region (the district's own)."""
    district_text = _ascii(row.get("district"))
    if not district_text:
        return district_text, None, region
    district = districts.get(district_text)
    if district is None:
        raise RowError(f"no district {district_text!r}")
    if region is not None and district.region_id != region.pk:
        raise RowError(f"district {district_text} is not in region {region.number}")
    return district_text, district, district.region


def _coordinates(row) -> tuple[float | None, float | None]:
    lon, lat = _number(row.get("lon"), "lon"), _number(row.get("lat"), "lat")
    if (lon is None) != (lat is None):
        raise RowError("give both lon and lat, or neither")
    if lon is not None and not (-180 <= lon <= 180 and -90 <= lat <= 90):
        raise RowError(f"coordinates out of range: {lon}, {lat}")
    return lon, lat


def _point(lon, lat, parent, district, region) -> Point:
    """Where the row is: its coordinates, else a point of its parent street, district or region."""
    if lon is not None:
        return Point(lon, lat, srid=4326)
    for place in (parent, district, region):
        if place is not None:
            return place.geom.point_on_surface
    raise RowError("no place: give lon/lat, a parent street, a district or a region")


def _find_parent(name, district, region, lon, lat) -> Street | None:
    candidates = Street.objects.exclude(kind="alley").filter(name_fa=name)
    if district is not None:
        candidates = candidates.filter(districts=district) | candidates.filter(district=district)
    elif region is not None:
        candidates = candidates.filter(region=region)
    if lon is not None:
        from django.contrib.gis.db.models.functions import Distance

        candidates = candidates.annotate(d=Distance("geom", Point(lon, lat, srid=4326))).order_by("d")
    return candidates.first()
