"""House numbers from an OpenStreetMap extract, for `osm_import`: `addr:street` + `addr:housenumber` on nodes
and on areas (buildings: a point on their surface) become address points; `addr:interpolation` ways become
address ranges, one per stretch between two numbered nodes of the way (odd, even or all numbers). Each is tied
to the nearest street bearing its street name (`services.address_points_link`). Re-importing updates the same
rows (keyed by the OSM id)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.gis.gdal import GDALException
from django.contrib.gis.geos import GEOSException, LineString, Point

from addresses.importers.common import ImportReport
from addresses.models import AddressPoint, AddressRange
from gazetteer.matcher.housenumbers import parse_house_numbers
from gis.srid import WGS84

SCHEMES = {"odd": AddressRange.Scheme.ODD, "even": AddressRange.Scheme.EVEN, "all": AddressRange.Scheme.ALL,
           "alphabetic": AddressRange.Scheme.ALL, "1": AddressRange.Scheme.ALL}


def _key(x: float, y: float) -> tuple[int, int]:
    """A node's coordinates as the OSM driver gives them (1e-7 degrees), for finding a way's numbered nodes."""
    return round(x * 1e7), round(y * 1e7)


def _number_key(housenumber: str) -> str:
    numbers = parse_house_numbers(housenumber)
    return numbers[0].key if numbers else ""


@dataclass
class _Node:
    osm_id: str
    housenumber: str
    street: str
    x: float
    y: float


@dataclass
class AddressCollector:
    """Gathers the numbered features while `osm_import` reads the file, then saves them."""

    points: dict[str, AddressPoint] = field(default_factory=dict)
    nodes: dict[tuple[int, int], _Node] = field(default_factory=dict)  # numbered nodes, with a street or not
    ways: list[tuple[str, str, str, tuple]] = field(default_factory=list)  # (osm id, scheme, street, coords)

    def feature(self, layer_name: str, feature, tags: dict[str, str], osm_id) -> None:
        """Note what `feature` says about house numbers (nothing for most features)."""
        housenumber = (tags.get("addr:housenumber") or "").strip()
        street = (tags.get("addr:street") or "").strip()
        if layer_name == "lines":
            if tags.get("addr:interpolation"):
                self.ways.append((str(osm_id), tags["addr:interpolation"].strip().lower(), street,
                                  tuple(feature.geom.coords)))
            return
        if not housenumber:
            return
        if layer_name == "points":
            x, y = feature.geom.x, feature.geom.y
            self.nodes[_key(x, y)] = _Node(str(osm_id), housenumber, street, x, y)
            ref = f"osm:n{osm_id}"
        elif layer_name == "multipolygons":
            x, y = _surface_point(feature)
            ref = f"osm:a{feature.get('osm_id') or ''}{feature.get('osm_way_id') or ''}"
        else:
            return
        if street:
            self.points[ref] = _point(ref, street, housenumber, x, y)

    def ranges(self, report: ImportReport) -> dict[str, AddressRange]:
        """The interpolation ways cut at their numbered nodes (which become address points too, with the way's
        street when they name none)."""
        out: dict[str, AddressRange] = {}
        for osm_id, scheme, street, coords in self.ways:
            stops = [(i, self.nodes[_key(x, y)]) for i, (x, y) in enumerate(coords) if _key(x, y) in self.nodes]
            street = street or next((node.street for _, node in stops if node.street), "")
            if scheme not in SCHEMES and scheme != "2":
                report.counts["address ranges skipped (numbering not read)"] += 1
                continue
            if len(stops) < 2 or not street:
                report.counts["address ranges skipped (no numbered ends or street)"] += 1
                continue
            for (i, a), (j, b) in zip(stops, stops[1:]):
                ref = f"osm:w{osm_id}" if len(stops) == 2 else f"osm:w{osm_id}:{i}"
                kind = SCHEMES.get(scheme) or _parity(a.housenumber)
                out[ref] = AddressRange(
                    external_id=ref, street_name=street[:200], start_number=a.housenumber[:30],
                    end_number=b.housenumber[:30], scheme=kind, geom=LineString(coords[i : j + 1], srid=WGS84),
                    synthetic=False, source="osm",
                )
            for _, node in stops:
                ref = f"osm:n{node.osm_id}"
                if ref not in self.points:
                    self.points[ref] = _point(ref, node.street or street, node.housenumber, node.x, node.y)
        return out

    def save(self, report: ImportReport) -> tuple[list[int], list[int]]:
        """Write the address points and ranges (update by external id); their ids."""
        ranges = self.ranges(report)
        without = sum(1 for node in self.nodes.values() if not node.street)
        if without:
            report.counts["numbered nodes without addr:street"] = without
        point_ids = _upsert(AddressPoint, self.points, report, "address points",
                            ["street_name", "housenumber", "number", "geom", "synthetic", "source"])
        range_ids = _upsert(AddressRange, ranges, report, "address ranges",
                            ["street_name", "start_number", "end_number", "scheme", "geom", "synthetic", "source"])
        return point_ids, range_ids


def _parity(housenumber: str) -> str:
    numbers = parse_house_numbers(housenumber)
    odd = bool(numbers) and numbers[0].number % 2 == 1
    return AddressRange.Scheme.ODD if odd else AddressRange.Scheme.EVEN


def _point(ref: str, street: str, housenumber: str, x: float, y: float) -> AddressPoint:
    return AddressPoint(
        external_id=ref, street_name=street[:200], housenumber=housenumber[:60], number=_number_key(housenumber)[:30],
        geom=Point(x, y, srid=WGS84), synthetic=False, source="osm",
    )


def _surface_point(feature) -> tuple[float, float]:
    """A point on the area's surface; the middle of its bounding box when GEOS cannot read the area (an outline
    cut at the extract's edge)."""
    try:
        geom = feature.geom.geos
        geom = (geom if geom.valid else geom.make_valid()).point_on_surface
        return geom.x, geom.y
    except (GEOSException, GDALException, ValueError):
        x0, y0, x1, y1 = feature.geom.envelope.tuple
        return (x0 + x1) / 2, (y0 + y1) / 2


def _upsert(model, rows: dict, report: ImportReport, label: str, update_fields: list[str]) -> list[int]:
    if not rows:
        return []
    existing = set(model.objects.filter(external_id__in=list(rows)).values_list("external_id", flat=True))
    model.objects.bulk_create(list(rows.values()), batch_size=1000, update_conflicts=True,
                              unique_fields=["external_id"], update_fields=update_fields)
    report.counts[f"{label} created"] += len(rows) - len(existing)
    report.counts[f"{label} updated"] += len(existing)
    return list(model.objects.filter(external_id__in=list(rows)).values_list("id", flat=True))
