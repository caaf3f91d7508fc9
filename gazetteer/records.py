"""The plain records the gazetteer is fed with.

A ``GazetteerRecord`` is one named place: a street, boulevard, highway, alley, square, metro station,
landmark, or an area (region, district, neighbourhood).  The database bridge in ``addresses/`` turns
its models into these records; tests and benchmarks build them by hand or with ``gazetteer.synthetic``.

Geometry
    ``lon``/``lat`` is the representative point (WGS84).  Streets, boulevards, highways and alleys may
    carry ``line``: a tuple of *parts*, each part a tuple of at least two ``(lon, lat)`` vertices, so a
    street broken by a square or drawn as two carriageways is still one record.

Areas
    A ``district`` record may carry ``area``: its boundary, a tuple of polygons, each a tuple of rings
    (outer first, then holes), each ring a tuple of ``(lon, lat)``.  With them the matcher places derived
    points (a crossing, the point of a street nearest a square) in the district that really covers them.

Streets spanning several districts
    Such a street is given as **several records sharing a** ``group_id`` — one per district segment,
    each with its own ``district_code``, ``region_no``, representative point and ``line`` (the part of
    the street inside that district).  The matcher treats the segments of one group as one street: it
    picks the segment the other clues of the query point at (the named square, alley or landmark
    nearby, the crossing street) and offers the other segments' districts as ``alternatives`` when
    nothing decides between them.  An alley's ``parent_id`` may name either a segment id or the
    ``group_id``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from gazetteer import abbreviations as ab
from gazetteer.normalize import canonical_tokens

__all__ = ["AREA_KINDS", "KINDS", "Area", "LINEAR_KINDS", "GazetteerRecord", "Line", "Point", "record_label"]

KINDS: frozenset[str] = frozenset(
    {
        "street",
        "boulevard",
        "highway",
        "alley",
        "square",
        "metro",
        "landmark",
        "region",
        "district",
        "neighbourhood",
    }
)
LINEAR_KINDS: frozenset[str] = frozenset({"street", "boulevard", "highway", "alley"})
AREA_KINDS: frozenset[str] = frozenset({"region", "district", "neighbourhood"})

Point = tuple[float, float]
Line = tuple[tuple[Point, ...], ...]
Area = tuple[tuple[tuple[Point, ...], ...], ...]


def _as_area(value: Any) -> Area | None:
    if value is None:
        return None
    area = tuple(
        tuple(tuple((float(x), float(y)) for x, y in ring) for ring in polygon if len(ring) >= 3) for polygon in value
    )
    return tuple(p for p in area if p) or None


def _as_line(value: Any) -> Line | None:
    if value is None:
        return None
    parts = tuple(value)
    if parts and len(parts[0]) == 2 and isinstance(parts[0][0], (int, float)):
        parts = (parts,)  # a single part given as a plain vertex list
    line = tuple(tuple((float(x), float(y)) for x, y in part) for part in parts)
    for part in line:
        if len(part) < 2:
            raise ValueError("every line part needs at least two vertices")
    return line or None


@dataclass(frozen=True, slots=True, kw_only=True)
class GazetteerRecord:
    """One named place, as plain data."""

    id: str
    name: str
    kind: str
    lon: float
    lat: float
    subkind: str = ""
    aliases: tuple[str, ...] = ()
    name_en: str = ""
    region_no: int | None = None
    region_name: str = ""
    district_code: str = ""
    district_name: str = ""
    line: Line | None = None
    parent_id: str | None = None
    group_id: str | None = None
    synthetic: bool = False
    area: Area | None = None

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown kind {self.kind!r} for record {self.id!r}")
        if not (math.isfinite(self.lon) and math.isfinite(self.lat)):
            raise ValueError(f"record {self.id!r} has no finite point")
        if not isinstance(self.aliases, tuple):
            object.__setattr__(self, "aliases", tuple(self.aliases))
        if self.line is not None:
            object.__setattr__(self, "line", _as_line(self.line))
        if self.area is not None:
            object.__setattr__(self, "area", _as_area(self.area))

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> GazetteerRecord:
        """Build a record from a dict (JSON, a database row); lists become tuples."""
        fields = {k: data[k] for k in cls.__dataclass_fields__ if k in data}
        if "aliases" in fields:
            fields["aliases"] = tuple(fields["aliases"] or ())
        if fields.get("line") is not None:
            fields["line"] = _as_line(fields["line"])
        if fields.get("area") is not None:
            fields["area"] = _as_area(fields["area"])
        return cls(**fields)

    @property
    def is_linear(self) -> bool:
        return self.line is not None and self.kind in LINEAR_KINDS

    @property
    def street_key(self) -> str:
        """The id shared by every segment of a multi-district street."""
        return self.group_id or self.id


def record_label(record: GazetteerRecord) -> str:
    """Human-readable label: the name, prefixed with its type word when the name carries none."""
    name = " ".join(record.name.split())
    tokens = canonical_tokens(name)
    if tokens and tokens[0] in ab.TYPE_WORDS:
        return name
    word = ab.SUBKIND_DISPLAY_WORD.get(record.subkind, "") if record.kind == "landmark" else ""
    word = word or ab.KIND_DISPLAY_WORD.get(record.kind, "")
    return f"{word} {name}" if word else name
