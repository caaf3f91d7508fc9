"""Address lookups the product offers: suggest (a loose Persian fragment → places) and reverse (a point → the
nearest street or landmark with its region and district). The API, the command line and the widget share these."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from addresses import selectors
from addresses.bridge import gazetteer_current
from gazetteer.matcher import Suggestion

MAX_LIMIT = 50
MAX_QUERY_CHARS = 300


@dataclass(frozen=True)
class SuggestAnswer:
    query: str
    ms: float
    suggestions: list[Suggestion]


def address_suggest(*, query: str, limit: int = 10, region: int | None = None) -> SuggestAnswer:
    """Ranked readings of an operator's address fragment from the in-memory gazetteer."""
    gazetteer = gazetteer_current().gazetteer
    started = time.perf_counter()
    suggestions = gazetteer.suggest(query, limit=limit, region=region) if query.strip() else []
    ms = (time.perf_counter() - started) * 1000
    return SuggestAnswer(query=query, ms=ms, suggestions=suggestions)


def suggestion_json(s: Suggestion, *, full: bool = False) -> dict[str, Any]:
    """The issue's result shape; `full` adds what matched, district alternatives and the record id."""
    out: dict[str, Any] = {
        "label": s.label,
        "kind": s.kind,
        "region": {"number": s.region_no, "name": s.region_name},
        "district": {"code": s.district_code, "name": s.district_name},
        "lon": round(s.lon, 6),
        "lat": round(s.lat, 6),
        "score": round(s.score, 1),
        "synthetic": s.synthetic,
    }
    if s.house_number is not None:  # a "street + number" query: how the number was placed
        out["house_number"] = s.house_number.to_dict()
    if full:
        out["record_id"] = s.record_id
        out["matched"] = [m.to_dict() for m in s.matched_parts]
        out["alternatives"] = [a.to_dict() for a in s.alternatives]
        out["elsewhere"] = [a.to_dict() for a in s.elsewhere]
        out["units"] = dict(s.units)
        out["region_source"] = s.region_source
        out["why"] = suggestion_why(s)
    return out


def suggestion_why(s: Suggestion) -> str:
    """What the suggestion rests on, for the operator: each part of the query and the record it matched (with its
    score), and where the region comes from."""
    pieces = []
    for m in s.matched_parts:
        if m.record_id is None:
            pieces.append(_("“%(text)s”: nothing matched") % {"text": m.text})
        else:
            pieces.append(_("“%(text)s” → %(label)s (%(score)s)") % {
                "text": m.text, "label": m.label, "score": f"{m.score:.0f}"})
    if s.region_source == "boundary":
        pieces.append(_("region and district: the district boundary around the point"))
    elif s.region_source == "reference":
        pieces.append(_("region and district: those of the place the address is beside"))
    else:
        pieces.append(_("region and district: those of the matched record"))
    if s.elsewhere:
        regions = "، ".join(str(a.region_no) for a in s.elsewhere if a.region_no is not None)
        pieces.append(_("the same name is also in region %(regions)s") % {"regions": regions})
    return "؛ ".join(pieces)


def answer_json(answer: SuggestAnswer, *, full: bool = False) -> dict[str, Any]:
    return {
        "query": answer.query,
        "ms": round(answer.ms, 3),
        "results": [suggestion_json(s, full=full) for s in answer.suggestions],
    }


def _near_json(feature: selectors.NearFeature | None) -> dict[str, Any] | None:
    if feature is None:
        return None
    return {
        "id": feature.id, "kind": feature.kind, "name": feature.name, "distance_m": round(feature.distance_m, 1),
        "lon": round(feature.lon, 6), "lat": round(feature.lat, 6), "synthetic": feature.synthetic,
    }


def address_reverse(*, lon: float, lat: float) -> dict[str, Any]:
    """A map click → region, district, neighbourhood, and the nearest street and landmark (PostGIS KNN)."""
    place = selectors.locate_point(lon, lat)
    street = selectors.nearest_street(lon, lat)
    landmark = selectors.nearest_landmark(lon, lat)
    parts = []
    if street is not None:
        parts.append(street.name)
    if landmark is not None and landmark.distance_m <= 250:
        parts.append(_("near %(name)s") % {"name": landmark.name})
    return {
        "lon": lon,
        "lat": lat,
        "label": "، ".join(parts),
        "region": {"number": place.region_number, "name": place.region_name},
        "district": {"code": place.district_code, "name": place.district_name},
        "neighbourhood": {"code": place.neighbourhood_code, "name": place.neighbourhood_name},
        "street": _near_json(street),
        "landmark": _near_json(landmark),
        "synthetic": bool((street and street.synthetic) or (landmark and landmark.synthetic and not street)),
    }
