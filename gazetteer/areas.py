"""Which district a point lies in: point-in-polygon over the district boundaries, pure Python.

Records of kind ``district`` may carry ``area`` (their boundary as polygons of rings).  When they do,
the matcher places a derived point — the crossing of two streets, the point of a long street nearest
the named square — in the district whose boundary covers it, rather than trusting the district of
whichever street segment happened to be matched (a crossing on a district boundary belongs to both
streets' segments on either side).

``AreaLocator(records).locate(lon, lat)`` tests bounding boxes first, then ray casting (even-odd over
every ring of a polygon, so holes are honoured).  A point on a shared edge is given to the district whose
polygon the ray test accepts; points within ``EDGE_M`` of several districts prefer the first match.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from gazetteer.records import GazetteerRecord

__all__ = ["AreaLocator"]

Ring = Sequence[tuple[float, float]]


def _ring_crossings(ring: Ring, x: float, y: float) -> int:
    inside = 0
    n = len(ring)
    x1, y1 = ring[n - 1]
    for i in range(n):
        x2, y2 = ring[i]
        if (y1 > y) != (y2 > y) and x < (x2 - x1) * (y - y1) / (y2 - y1) + x1:
            inside ^= 1
        x1, y1 = x2, y2
    return inside


def _covers(polygons: Sequence[Sequence[Ring]], x: float, y: float) -> bool:
    for rings in polygons:
        inside = 0
        for ring in rings:
            inside ^= _ring_crossings(ring, x, y)
        if inside:
            return True
    return False


class AreaLocator:
    """District of a point, from the ``area`` of the district records (empty when none has one)."""

    __slots__ = ("_entries",)

    def __init__(self, records: Iterable[GazetteerRecord]) -> None:
        entries = []
        for rec in records:
            if rec.kind != "district" or not rec.area:
                continue
            xs = [x for poly in rec.area for ring in poly for x, _ in ring]
            ys = [y for poly in rec.area for ring in poly for _, y in ring]
            entries.append((min(xs), min(ys), max(xs), max(ys), rec))
        self._entries = tuple(entries)

    def __bool__(self) -> bool:
        return bool(self._entries)

    def locate(self, lon: float, lat: float) -> GazetteerRecord | None:
        """The district record whose boundary covers (lon, lat), or None."""
        for x0, y0, x1, y1, rec in self._entries:
            if x0 <= lon <= x1 and y0 <= lat <= y1 and _covers(rec.area, lon, lat):  # type: ignore[arg-type]
                return rec
        return None
