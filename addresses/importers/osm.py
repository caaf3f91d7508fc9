"""OpenStreetMap extracts (.osm / .osm.pbf) through GDAL's OSM driver: named `highway=*` ways become streets
(kind from the highway class), named places and amenities (nodes, and areas by a point on their surface) become
landmarks. `name:fa` is the display name when present, else `name`; `name:en` fills the English name; every other
name (`name`, `name:fi`, `name:sv`, `alt_name`, `old_name`, `official_name`, `short_name`) becomes an alias.
House numbers (`addr:street` + `addr:housenumber`, `addr:interpolation` ways) become address points and ranges
tied to their street (`osm_addresses`)."""

from __future__ import annotations

import re

from django.contrib.gis.gdal import GDALException
from django.contrib.gis.geos import GEOSException
from django.db import transaction

from addresses.importers.common import ImportFailed, ImportReport, features, open_datasource, progress
from addresses.importers.osm_addresses import AddressCollector
from addresses.models import Alias, Landmark, Street
from addresses.services import address_data_version_bump, address_places_assign, address_points_link
from gis.geometry import InvalidGeometry, as_multilinestring

TAG = re.compile(r'"((?:[^"\\]|\\.)*)"=>"((?:[^"\\]|\\.)*)"')
HIGHWAY_KIND = {"motorway": "highway", "motorway_link": "highway", "trunk": "highway", "trunk_link": "highway"}
SKIP_HIGHWAYS = {"proposed", "construction", "platform", "bus_stop", "elevator", "corridor", "steps"}
ALIAS_TAGS = ("name", "name:fa", "name:en", "name:fi", "name:sv", "name:ar", "alt_name", "old_name", "official_name",
              "short_name", "loc_name", "alt_name:fa", "old_name:fa")
LANDMARK_KEYS = ("amenity", "place", "tourism", "leisure", "shop", "office", "historic", "railway")


def parse_tags(other_tags: str | None) -> dict[str, str]:
    """GDAL's `other_tags` HSTORE text → dict."""
    if not other_tags:
        return {}
    return {k.replace('\\"', '"'): v.replace('\\"', '"') for k, v in TAG.findall(other_tags)}


def _names(tags: dict[str, str]) -> tuple[str, str, list[str]]:
    display = tags.get("name:fa") or tags.get("name") or ""
    english = tags.get("name:en", "")
    aliases = []
    for key in ALIAS_TAGS:
        value = (tags.get(key) or "").strip()
        if value and value != display and value != english and value not in aliases:
            aliases.append(value)
    return display.strip(), english.strip(), aliases


def _tags(feature, fields) -> dict[str, str]:
    tags = parse_tags(feature.get("other_tags") if "other_tags" in fields else None)
    for field_name in fields:
        if field_name in ("other_tags", "osm_id", "osm_way_id", "z_order"):
            continue
        value = feature.get(field_name)
        if value not in (None, ""):
            tags[field_name] = str(value)
    return tags


def osm_import(path, *, strict: bool = False, show_progress: bool = False) -> ImportReport:
    source = open_datasource(path)
    names = [layer.name for layer in source]
    if "lines" not in names or "points" not in names:
        raise ImportFailed(f"{path} is not an OpenStreetMap file GDAL's OSM driver reads (layers: {names})")
    report = ImportReport()
    streets: list[tuple[Street, list[str]]] = []
    landmarks: list[tuple[Landmark, list[str]]] = []
    addresses = AddressCollector()
    for layer_name in ("points", "lines", "multipolygons"):
        layer = source[layer_name]
        fields = layer.fields
        for number, feature in enumerate(progress(features(layer), total=None, desc=f"OSM {layer_name}",
                                                  enabled=show_progress), start=1):
            try:
                tags = _tags(feature, fields)
                addresses.feature(layer_name, feature, tags, _osm_id(feature, fields))
                place = _place(layer_name, feature, fields, tags)
            except (GDALException, GEOSException, InvalidGeometry, ValueError, TypeError) as error:
                report.error(f"{layer_name} feature {number}", str(error))
                continue
            if place is not None:
                (streets if isinstance(place[0], Street) else landmarks).append(place)
    with transaction.atomic():
        street_ids = _save(Street, streets, "street", report,
                           ["name_fa", "name_en", "kind", "geom", "synthetic", "source"])
        landmark_ids = _save(Landmark, landmarks, "landmark", report,
                             ["name_fa", "name_en", "kind", "subkind", "category_fa", "geom", "synthetic", "source"])
        address_places_assign(street_ids=street_ids, landmark_ids=landmark_ids)
        point_ids, range_ids = addresses.save(report)
        unlinked = address_points_link(point_ids=point_ids, range_ids=range_ids)
        if unlinked:
            report.counts["address points without their street"] = unlinked
        if strict and report.errors:
            transaction.set_rollback(True)
            raise ImportFailed(f"{len(report.errors)} errors; nothing imported (strict)")
    if street_ids or landmark_ids or point_ids or range_ids:
        address_data_version_bump()
    return report


def _osm_id(feature, fields):
    return feature.get("osm_id") or (feature.get("osm_way_id") if "osm_way_id" in fields else None)


def _place(layer_name: str, feature, fields, tags: dict[str, str]) -> tuple[Street | Landmark, list[str]] | None:
    """The unsaved street or landmark one feature describes, with its other names (None: not a place)."""
    display, english, aliases = _names(tags)
    if not display:
        return None
    osm_id = _osm_id(feature, fields)
    if layer_name == "lines":
        place = _street(feature, tags, osm_id, display, english)
    else:
        place = _landmark(layer_name, feature, tags, osm_id, display, english)
    return None if place is None else (place, aliases)


def _street(feature, tags: dict[str, str], osm_id, display: str, english: str) -> Street | None:
    """A named `highway=*` way (not a proposed road, a platform, steps …)."""
    highway = tags.get("highway")
    if not highway or highway in SKIP_HIGHWAYS:
        return None
    geom = as_multilinestring(feature.geom.geos)
    return Street(
        external_id=f"osm:w{osm_id}", name_fa=display[:200], name_en=english[:200],
        kind=HIGHWAY_KIND.get(highway, "street"), geom=geom, synthetic=False, source="osm",
    )


def _landmark(layer_name: str, feature, tags: dict[str, str], osm_id, display: str, english: str) -> Landmark | None:
    """A named place or amenity: a node, or an area by a point on its surface (railways: stations only)."""
    key = next((k for k in LANDMARK_KEYS if tags.get(k)), None)
    if key is None or (key == "railway" and tags.get("railway") not in ("station", "halt")):
        return None
    if layer_name == "points":
        geom, ref = feature.geom.geos, f"osm:n{osm_id}"
    else:
        geom = feature.geom.geos
        geom = (geom if geom.valid else geom.make_valid()).point_on_surface
        ref = f"osm:a{feature.get('osm_id') or ''}{feature.get('osm_way_id') or ''}"
    geom.srid = 4326
    return Landmark(
        external_id=ref, name_fa=display[:200], name_en=english[:200], kind=_landmark_kind(tags),
        subkind=tags[key][:40], category_fa=key, geom=geom, synthetic=False, source="osm",
    )


def _landmark_kind(tags: dict[str, str]) -> str:
    if tags.get("station") == "subway" or tags.get("railway") == "station" and tags.get("subway") == "yes":
        return "metro"
    if tags.get("place") == "square":
        return "square"
    return "landmark"


def _save(model, rows, fk: str, report: ImportReport, update_fields: list[str]) -> list[int]:
    if not rows:
        return []
    unique = {obj.external_id: (obj, aliases) for obj, aliases in rows}  # a duplicate id: the last one wins
    existing = set(model.objects.filter(external_id__in=list(unique)).values_list("external_id", flat=True))
    model.objects.bulk_create([obj for obj, _ in unique.values()], batch_size=1000, update_conflicts=True,
                              unique_fields=["external_id"], update_fields=update_fields)
    ids = dict(model.objects.filter(external_id__in=list(unique)).values_list("external_id", "id"))
    # add the names not known yet (aliases an operator added stay; re-importing adds nothing twice)
    known = set(Alias.objects.filter(**{f"{fk}_id__in": list(ids.values())}).values_list(f"{fk}_id", "name"))
    Alias.objects.bulk_create([
        Alias(**{f"{fk}_id": ids[ext]}, name=name[:200], kind=Alias.Kind.OTHER)
        for ext, (_, aliases) in unique.items() for name in aliases if (ids[ext], name[:200]) not in known
    ], batch_size=2000)
    label = "streets" if fk == "street" else "landmarks"
    report.counts[f"{label} created"] += len(unique) - len(existing)
    report.counts[f"{label} updated"] += len(existing)
    return list(ids.values())
