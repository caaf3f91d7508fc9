"""What ``Gazetteer.suggest`` returns: suggestions, their matched parts and district alternatives."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any


@dataclass(frozen=True, slots=True)
class MatchedPart:
    """Which record a query part was matched to (``record_id`` is None when nothing fitted)."""

    part: int
    text: str
    relation: str | None
    record_id: str | None
    label: str | None
    kind: str | None
    score: float

    def to_dict(self) -> dict[str, Any]:
        return {
            "part": self.part,
            "text": self.text,
            "relation": self.relation,
            "record_id": self.record_id,
            "label": self.label,
            "kind": self.kind,
            "score": self.score,
        }


@dataclass(frozen=True, slots=True)
class DistrictAlternative:
    """Another district the same street could be meant in."""

    record_id: str
    district_code: str
    district_name: str
    region_no: int | None
    region_name: str
    lon: float
    lat: float
    score: float

    def to_dict(self) -> dict[str, Any]:
        return {
            "record_id": self.record_id,
            "region": {"number": self.region_no, "name": self.region_name},
            "district": {"code": self.district_code, "name": self.district_name},
            "lon": self.lon,
            "lat": self.lat,
            "score": self.score,
        }


@dataclass(frozen=True, slots=True)
class HouseNumberMatch:
    """How the house number of a "street + number" query was placed (``housenumbers``).

    ``found`` is ``exact`` (that very number), ``letter`` (the number with another letter or none, or a range
    "10-14" holding it), ``interpolated`` (between the street's known numbers) or ``street`` (the number is not
    known on that street: the suggestion is the street itself, with a lower score)."""

    number: str  # the number asked for, as normalised ("12a", "15-17")
    found: str
    housenumber: str = ""  # the address point's number as written ("12 A"), when one was found
    address_id: str | None = None

    @property
    def number_found(self) -> bool:
        return self.found != "street"

    def to_dict(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "found": self.found,
            "number_found": self.number_found,
            "housenumber": self.housenumber,
            "address_id": self.address_id,
        }


@dataclass(frozen=True, slots=True)
class Suggestion:
    """One proposed reading of a query.  ``score`` is 0–100."""

    label: str
    kind: str
    region_no: int | None
    region_name: str
    district_code: str
    district_name: str
    lon: float
    lat: float
    score: float
    synthetic: bool
    matched_parts: tuple[MatchedPart, ...]
    record_id: str | None
    alternatives: tuple[DistrictAlternative, ...] = ()
    units: dict[str, str] = field(default_factory=dict)
    # places of the same name in other regions (three squares called آزادی): the operator must pick one
    elsewhere: tuple[DistrictAlternative, ...] = ()
    # where the region and district come from: "record" (the matched record's own), "reference" (the place the
    # address is beside), "boundary" (the district boundary covering a point worked out from two places)
    region_source: str = "record"
    # unclamped score, used only to order suggestions whose shown score is capped at 100
    rank: float = field(default=0.0, repr=False, compare=False)
    house_number: HouseNumberMatch | None = None  # only for "street + number" queries

    @property
    def region(self) -> dict[str, Any]:
        return {"number": self.region_no, "name": self.region_name}

    @property
    def district(self) -> dict[str, Any]:
        return {"code": self.district_code, "name": self.district_name}

    def to_dict(self, *, with_alternatives: bool = False) -> dict[str, Any]:
        """JSON-ready dict; ``alternatives`` only when asked for."""
        out: dict[str, Any] = {
            "label": self.label,
            "kind": self.kind,
            "region": self.region,
            "district": self.district,
            "lon": self.lon,
            "lat": self.lat,
            "score": self.score,
            "synthetic": self.synthetic,
            "matched": [m.to_dict() for m in self.matched_parts],
            "record_id": self.record_id,
        }
        if with_alternatives:
            out["alternatives"] = [a.to_dict() for a in self.alternatives]
            out["elsewhere"] = [a.to_dict() for a in self.elsewhere]
            out["region_source"] = self.region_source
        if self.house_number is not None:
            out["house_number"] = self.house_number.to_dict()
        return out



def as_alternative(s: Suggestion) -> DistrictAlternative:
    """Another reading ``s`` stands for, as an alternative of the one shown first."""
    return DistrictAlternative(record_id=s.record_id or "", district_code=s.district_code,
                               district_name=s.district_name, region_no=s.region_no, region_name=s.region_name,
                               lon=s.lon, lat=s.lat, score=s.score)


def with_alternatives(s: Suggestion, alts: tuple[DistrictAlternative, ...]) -> Suggestion:
    return replace(s, alternatives=alts)


def with_score(s: Suggestion, score: float, rank: float) -> Suggestion:
    return replace(s, score=round(max(0.0, min(100.0, score)), 1), rank=rank)

