"""Reverse geocoding: a point → the nearest streets and landmarks, in metres.

``ReverseGeocoder(records)`` loads an in-memory ``rtree`` with one entry per point record and one per
*segment* of every street/alley polyline (its bounding box), in a local metric plane (equirectangular
around the records' mean latitude), so box distances are metres.  ``nearest(lon, lat, k)`` searches a
square window that doubles until it holds ``k`` places whose exact distance (point–point or
point–segment) is within the window — exact, not the box-distance approximation — and returns them
nearest first with the nearest point on each feature, its region and its district.

Areas (regions, districts, neighbourhoods) are not candidates by default: their point is only a
centroid.
"""

from __future__ import annotations

import math
from array import array
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from rtree import index as rtree_index

from gazetteer.records import AREA_KINDS, KINDS, GazetteerRecord, record_label
from gazetteer.scorer import M_PER_DEG

__all__ = ["DEFAULT_KINDS", "ReverseGeocoder", "ReverseHit"]

DEFAULT_KINDS: frozenset[str] = KINDS - AREA_KINDS
STREET_KINDS: frozenset[str] = frozenset({"street", "boulevard", "highway", "alley"})
LANDMARK_KINDS: frozenset[str] = frozenset({"landmark", "square", "metro"})
START_RADIUS_M = 150.0
MAX_RADIUS_M = 50_000.0


@dataclass(frozen=True, slots=True)
class ReverseHit:
    """A place near the asked point; ``lon``/``lat`` is the nearest point of the place."""

    record_id: str
    label: str
    kind: str
    subkind: str
    distance_m: float
    lon: float
    lat: float
    region_no: int | None
    region_name: str
    district_code: str
    district_name: str
    synthetic: bool

    @property
    def region(self) -> dict[str, Any]:
        return {"number": self.region_no, "name": self.region_name}

    @property
    def district(self) -> dict[str, Any]:
        return {"code": self.district_code, "name": self.district_name}

    def to_dict(self) -> dict[str, Any]:
        return {
            "record_id": self.record_id,
            "label": self.label,
            "kind": self.kind,
            "subkind": self.subkind,
            "distance_m": self.distance_m,
            "lon": self.lon,
            "lat": self.lat,
            "region": self.region,
            "district": self.district,
            "synthetic": self.synthetic,
        }


class ReverseGeocoder:
    """Nearest streets and landmarks to a point, over an in-memory R-tree."""

    def __init__(self, records: Iterable[GazetteerRecord], *, kinds: Iterable[str] = DEFAULT_KINDS) -> None:
        self.records: tuple[GazetteerRecord, ...] = tuple(records)
        self.kinds = frozenset(kinds)
        lats = [r.lat for r in self.records if r.kind in self.kinds]
        lat0 = sum(lats) / len(lats) if lats else 0.0
        self._k = math.cos(math.radians(lat0)) * M_PER_DEG  # metres per degree of longitude
        # entry id -> (record index, part, segment); segment -1 for a point entry
        self._rec = array("I")
        self._part = array("H")
        self._seg = array("i")
        entries = list(self._entries())
        props = rtree_index.Property()
        props.dimension = 2
        self._tree = rtree_index.Index(iter(entries), properties=props) if entries else None

    def __len__(self) -> int:
        return len(self._rec)

    def _xy(self, lon: float, lat: float) -> tuple[float, float]:
        return lon * self._k, lat * M_PER_DEG

    def _entries(self) -> Iterator[tuple[int, tuple[float, float, float, float], None]]:
        for ridx, rec in enumerate(self.records):
            if rec.kind not in self.kinds:
                continue
            if rec.line and rec.kind in STREET_KINDS:
                for p, part in enumerate(rec.line):
                    for s in range(len(part) - 1):
                        (x1, y1), (x2, y2) = self._xy(*part[s]), self._xy(*part[s + 1])
                        yield self._add(ridx, p, s), (min(x1, x2), min(y1, y2), max(x1, x2), max(y1, y2)), None
            else:
                x, y = self._xy(rec.lon, rec.lat)
                yield self._add(ridx, 0, -1), (x, y, x, y), None

    def _add(self, ridx: int, part: int, seg: int) -> int:
        self._rec.append(ridx)
        self._part.append(part)
        self._seg.append(seg)
        return len(self._rec) - 1

    def _exact(self, entry: int, px: float, py: float) -> tuple[float, float, float]:
        """(distance m, x, y) from (px, py) to an entry's point or segment, in the metric plane."""
        rec = self.records[self._rec[entry]]
        seg = self._seg[entry]
        if seg < 0:
            x, y = self._xy(rec.lon, rec.lat)
            return math.hypot(px - x, py - y), x, y
        assert rec.line is not None
        part = rec.line[self._part[entry]]
        ax, ay = self._xy(*part[seg])
        bx, by = self._xy(*part[seg + 1])
        dx, dy = bx - ax, by - ay
        den = dx * dx + dy * dy
        t = 0.0 if den == 0.0 else max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / den))
        qx, qy = ax + t * dx, ay + t * dy
        return math.hypot(px - qx, py - qy), qx, qy

    def nearest(
        self, lon: float, lat: float, k: int = 5, *, kinds: Iterable[str] | None = None,
        max_distance_m: float | None = None,
    ) -> list[ReverseHit]:
        """The ``k`` places nearest to (lon, lat), nearest first; ``kinds`` narrows the kinds considered."""
        if self._tree is None or k <= 0:
            return []
        wanted = frozenset(kinds) if kinds is not None else None
        px, py = self._xy(lon, lat)
        limit = max_distance_m if max_distance_m is not None else MAX_RADIUS_M
        radius = min(START_RADIUS_M, limit)
        while True:
            best: dict[int, tuple[float, float, float]] = {}
            for entry in self._tree.intersection((px - radius, py - radius, px + radius, py + radius)):
                ridx = self._rec[entry]
                if wanted is not None and self.records[ridx].kind not in wanted:
                    continue
                hit = self._exact(entry, px, py)
                if hit[0] <= radius and (ridx not in best or hit[0] < best[ridx][0]):
                    best[ridx] = hit
            if len(best) >= k or radius >= limit:
                break
            radius = min(radius * 2.0, limit)
        ranked = sorted(best.items(), key=lambda item: item[1][0])[:k]
        return [self._hit(ridx, d, x, y) for ridx, (d, x, y) in ranked]

    def nearest_street(self, lon: float, lat: float, **kw: Any) -> ReverseHit | None:
        hits = self.nearest(lon, lat, 1, kinds=STREET_KINDS, **kw)
        return hits[0] if hits else None

    def nearest_landmark(self, lon: float, lat: float, **kw: Any) -> ReverseHit | None:
        hits = self.nearest(lon, lat, 1, kinds=LANDMARK_KINDS, **kw)
        return hits[0] if hits else None

    def _hit(self, ridx: int, d: float, x: float, y: float) -> ReverseHit:
        rec = self.records[ridx]
        return ReverseHit(
            record_id=rec.id,
            label=record_label(rec),
            kind=rec.kind,
            subkind=rec.subkind,
            distance_m=round(d, 1),
            lon=round(x / self._k, 7),
            lat=round(y / M_PER_DEG, 7),
            region_no=rec.region_no,
            region_name=rec.region_name,
            district_code=rec.district_code,
            district_name=rec.district_name,
            synthetic=rec.synthetic,
        )
