"""Duplicate-call detection: open requests near a point, scored by distance, age, category and text.

Candidates come from PostGIS (`ST_DWithin` on the indexed geography cast) behind an H3 pre-filter; the radius
and time window are the sub-subject's own (`Category.duplicate_radius_m` / `duplicate_window_days`)."""

import math
import re
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta

import h3
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from rapidfuzz import fuzz

from frontend_map.templatetags.jalali import localized_digits
from requests_app.models import Category
from requests_app.selectors import requests_open_near

DEFAULT_RADIUS_M = 150
DEFAULT_WINDOW_DAYS = 14
WEIGHTS = {"distance": 0.3, "category": 0.4, "text": 0.2, "age": 0.1}
CATEGORY_SCORE = {"same_sub_subject": 1.0, "same_subject": 0.5, "other": 0.0}
STRONG_SCORE = 0.5  # a candidate this good (or of the same sub-subject) flags a possible duplicate

_ARABIC = str.maketrans({"ي": "ی", "ى": "ی", "ك": "ک", "ة": "ه", "ۀ": "ه", "أ": "ا", "إ": "ا", "آ": "ا"})
_NOISE = re.compile(r"[\u064b-\u065f\u0670\u200c\u200d\u200e\u200f]|[^\w\s]")


def normalize_text(text: str) -> str:
    """Persian text as compared: Arabic letter forms unified, diacritics, ZWNJ and punctuation dropped."""
    return " ".join(_NOISE.sub(" ", (text or "").translate(_ARABIC)).lower().split())


def text_similarity(a: str, b: str) -> float:
    """0..1: how alike two descriptions are (word order and extra words matter little)."""
    a, b = normalize_text(a), normalize_text(b)
    if not a or not b:
        return 0.0
    return fuzz.token_set_ratio(a, b) / 100.0


def h3_prefilter(lon: float, lat: float, radius_m: float) -> tuple[int, list[int]]:
    """A resolution and the cells around the point that cover every point within radius_m metres.

    A point anywhere in the centre cell is at least 1.5·k·e − 0.5·e from any cell beyond ring k (e: edge length),
    so k = ⌈(r + 0.5·e) / (1.5·e)⌉ rings (plus one for the grid's distortion) always cover the disk."""
    resolution = 9 if radius_m <= 600 else 8 if radius_m <= 2500 else 7
    centre = h3.latlng_to_cell(lat, lon, resolution)
    edge = min(h3.edge_length(e, "m") for e in h3.origin_to_directed_edges(centre))
    k = math.ceil((radius_m + 0.5 * edge) / (1.5 * edge)) + 1
    return resolution, [h3.str_to_int(cell) for cell in h3.grid_disk(centre, k)]


@dataclass
class Candidate:
    id: int
    tracking_code: str
    status: str
    category_id: int
    distance_m: float
    age_days: float
    category_relation: str
    text_similarity: float
    score: float
    reason: str
    text: str
    address_text: str
    created_at: datetime

    @property
    def is_strong(self) -> bool:
        return self.category_relation == "same_sub_subject" or self.score >= STRONG_SCORE

    def as_dict(self) -> dict:
        data = asdict(self)
        data["created_at"] = self.created_at.isoformat()
        data["distance_m"] = round(self.distance_m, 1)
        data["age_days"] = round(self.age_days, 2)
        data["is_strong"] = self.is_strong
        return data


def _relation(category: Category | None, category_id: int, subject_id: int | None) -> str:
    if category is None:
        return "other"
    if category_id == category.id:
        return "same_sub_subject"
    mine = category.parent_id or category.id
    if (subject_id or category_id) == mine:
        return "same_subject"
    return "other"


def _reason(distance_m: float, age_days: float, relation: str, similarity: float, with_text: bool) -> str:
    parts = [
        _("%(metres)s m away") % {"metres": localized_digits(round(distance_m))},
        _("registered today") if age_days < 1 else _("%(days)s days ago") % {"days": localized_digits(int(age_days))},
        {"same_sub_subject": _("same sub-subject"), "same_subject": _("same subject"),
         "other": _("another subject")}[relation],
    ]
    if with_text:
        parts.append(_("text %(percent)s%% alike") % {"percent": localized_digits(round(similarity * 100))})
    return ("، " if (translation.get_language() or "fa").startswith("fa") else ", ").join(parts)


def duplicate_candidates(*, lon: float, lat: float, category: Category | None, text: str = "",
                         now: datetime | None = None, exclude_id: int | None = None, limit: int = 10,
                         use_h3: bool = True) -> list[Candidate]:
    """Open requests that may report the same problem, best first, each with a readable reason."""
    now = now or timezone.now()
    radius = category.duplicate_radius_m if category is not None else DEFAULT_RADIUS_M
    window = category.duplicate_window_days if category is not None else DEFAULT_WINDOW_DAYS
    resolution, cells = h3_prefilter(lon, lat, radius) if use_h3 else (None, None)
    rows = requests_open_near(lon=lon, lat=lat, radius_m=radius, since=now - timedelta(days=window),
                              h3_resolution=resolution, h3_cells=cells, exclude_id=exclude_id, limit=50)
    candidates = []
    for row in rows:
        age_days = max(0.0, (now - row.created_at).total_seconds() / 86400)
        relation = _relation(category, row.category_id, row.subject_id)
        similarity = text_similarity(text, row.text) if text else 0.0
        score = (WEIGHTS["distance"] * max(0.0, 1 - row.distance_m / radius)
                 + WEIGHTS["age"] * max(0.0, 1 - age_days / window)
                 + WEIGHTS["category"] * CATEGORY_SCORE[relation]
                 + WEIGHTS["text"] * similarity)
        candidates.append(Candidate(
            id=row.id, tracking_code=row.tracking_code, status=row.status, category_id=row.category_id,
            distance_m=row.distance_m, age_days=age_days, category_relation=relation,
            text_similarity=round(similarity, 3), score=round(score, 3),
            reason=_reason(row.distance_m, age_days, relation, similarity, bool(text)),
            text=row.text, address_text=row.address_text, created_at=row.created_at,
        ))
    candidates.sort(key=lambda c: (-c.score, c.distance_m))
    return candidates[:limit]


def draft_candidates(*, request, user) -> list[Candidate]:
    """The open cases a draft may report again, as the receiving expert may see them: the same check as at
    registration, run on the draft's current place, sub-subject and text (nothing without a place)."""
    from organization.scopes import visible_requests
    from requests_app.models import ServiceRequest

    if request.location is None:
        return []
    category = None if request.category.code == "unclassified" else request.category
    candidates = duplicate_candidates(lon=request.location.x, lat=request.location.y, category=category,
                                      text=request.text, exclude_id=request.pk)
    visible = set(visible_requests(user, ServiceRequest.objects.filter(id__in=[c.id for c in candidates]))
                  .values_list("id", flat=True))
    return [c for c in candidates if c.id in visible]
