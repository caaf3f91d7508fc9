"""Duplicate-call detection: open requests near a point, scored on the evidence (sub-subject, address, distance,
age, words of the description).

Candidates come from PostGIS (`matching.selectors.requests_open_near`: `ST_DWithin` on the indexed geography
cast, the sub-subject's own nearest first) behind an H3 pre-filter; the radius and time window are the
sub-subject's (`Category.duplicate_radius_m` / `duplicate_window_days`, else its kind of problem's defaults);
the scoring is `matching.scoring` and the address comparison `matching.addresses` (both pure)."""

from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta

from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from intake.models import UNCLASSIFIED_CODE, Category, ServiceRequest
from matching import addresses, scoring
from matching.selectors import active_model, requests_open_near
from organization.scopes import visible_requests
from text.digits import digits_for_language

ADDRESS_REASONS = {
    addresses.SAME: gettext_noop("same address"),
    addresses.NEIGHBOUR: gettext_noop("same street, another plaque"),
    addresses.STREET: gettext_noop("same street"),
    addresses.DIFFERENT: gettext_noop("another address"),
}


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
    text: str
    address_text: str
    created_at: datetime
    compared_text: bool = True
    address_match: str = addresses.UNKNOWN
    strong: bool | None = None  # the model's verdict (None: judged by the prior's thresholds)
    features: dict = field(default_factory=dict)  # the evidence as the model saw it (kept with a decision)

    @property
    def is_strong(self) -> bool:
        if self.strong is not None:
            return self.strong
        return scoring.is_strong(relation=self.category_relation, score=self.score)

    @property
    def reason(self) -> str:
        """Why it may be the same problem, in the active language."""
        return self.reason_in(translation.get_language() or "fa")

    def reason_in(self, language: str) -> str:
        """Why it may be the same problem, in `language`: built from the evidence, no second search."""
        with translation.override(language):
            digits = lambda value: digits_for_language(value, language)  # noqa: E731
            parts = [_(ADDRESS_REASONS[self.address_match])] if self.address_match in ADDRESS_REASONS else []
            parts += [
                _("%(metres)s m away") % {"metres": digits(round(self.distance_m))},
                _("registered today") if self.age_days < 1
                else _("%(days)s days ago") % {"days": digits(int(self.age_days))},
                {"same_sub_subject": _("same sub-subject"), "same_subject": _("same subject"),
                 "other": _("another subject")}[self.category_relation],
            ]
            if self.compared_text:
                parts.append(_("text %(percent)s%% alike") % {"percent": digits(round(self.text_similarity * 100))})
        return ("، " if language.startswith("fa") else ", ").join(parts)

    def as_dict(self) -> dict:
        data = asdict(self)
        for internal in ("compared_text", "strong", "features"):
            data.pop(internal)
        data["reason"] = self.reason
        data["created_at"] = self.created_at.isoformat()
        data["distance_m"] = round(self.distance_m, 1)
        data["age_days"] = round(self.age_days, 2)
        data["is_strong"] = self.is_strong
        return data


def duplicate_settings(category: Category | None) -> tuple[str, int, int]:
    """The kind of problem, radius (m) and window (days) the check uses for a sub-subject (None: not chosen)."""
    kind = category.duplicate_kind if category is not None else scoring.DEFAULT_KIND
    radius, window = scoring.kind_defaults(kind)
    if category is not None:
        radius = category.duplicate_radius_m or radius
        window = category.duplicate_window_days or window
    return kind, radius, window


def duplicate_candidates(*, lon: float, lat: float, category: Category | None, text: str = "",
                         address_text: str = "", now: datetime | None = None, exclude_id: int | None = None,
                         limit: int = 10, use_h3: bool = True, as_of: datetime | None = None,
                         user=None) -> list[Candidate]:
    """Open requests that may report the same problem, best first, each with a readable reason. `as_of`: check
    against what was open at that moment (a replay of history); ages and the window count from it. `user`: only
    the cases that user may see (`organization.scopes.visible_requests`)."""
    now = as_of or now or timezone.now()
    kind, radius, window = duplicate_settings(category)
    if kind == Category.DuplicateKind.NONE or not radius:
        return []
    resolution, cells = scoring.h3_prefilter(lon, lat, radius) if use_h3 else (None, None)
    rows = requests_open_near(lon=lon, lat=lat, radius_m=radius, since=now - timedelta(days=window),
                              h3_resolution=resolution, h3_cells=cells, exclude_id=exclude_id, limit=50,
                              as_of=as_of,  # a subject alone has no requests of its own to put first
                              category_id=category.id if category is not None and category.parent_id else None)
    model = active_model()
    key = addresses.address_key(address_text) if address_text else None
    candidates = [_candidate(row, category=category, text=text, key=key, kind=kind, radius=radius, window=window,
                             now=now, model=model) for row in rows]
    if user is not None:
        candidates = visible_candidates(candidates, user)
    candidates.sort(key=lambda c: (-c.score, c.distance_m))
    return candidates[:limit]


def visible_candidates(candidates: list, user) -> list:
    """The candidates (anything with an `id`, or dicts with "id") whose case `user` may see: one query."""
    ids = [c["id"] if isinstance(c, dict) else c.id for c in candidates]
    if not ids:
        return []
    visible = set(visible_requests(user, ServiceRequest.objects.filter(id__in=ids)).values_list("id", flat=True))
    return [c for c, i in zip(candidates, ids) if i in visible]


def _candidate(row, *, category, text, key, kind, radius, window, now, model) -> Candidate:
    age_days = max(0.0, (now - row.created_at).total_seconds() / 86400)
    relation = scoring.category_relation(
        category_id=category.id if category is not None else None,
        subject_id=category.parent_id if category is not None else None,
        other_category_id=row.category_id, other_subject_id=row.subject_id)
    compared = bool(text) and scoring.texts_comparable(text, row.text)
    similarity = scoring.text_similarity(text, row.text) if compared else 0.0
    address = addresses.address_match(key, row.address_text) if key is not None else addresses.UNKNOWN
    evidence = scoring.Evidence(distance_m=row.distance_m, radius_m=radius, age_days=age_days, window_days=window,
                                relation=relation, address=address, text_similarity=similarity,
                                text_compared=compared, kind=kind)
    score = model.score(evidence)
    return Candidate(
        id=row.id, tracking_code=row.tracking_code, status=row.status, category_id=row.category_id,
        distance_m=row.distance_m, age_days=age_days, category_relation=relation,
        text_similarity=round(similarity, 3), score=round(score, 3),
        text=row.text, address_text=row.address_text, created_at=row.created_at, compared_text=compared,
        address_match=address, strong=model.is_strong(relation=relation, score=score),
        features={k: round(v, 4) for k, v in evidence.features().items()},
    )


def draft_candidates(*, request, user) -> list[Candidate]:
    """The open cases a draft may report again, as the receiving expert may see them: the same check as at
    registration, run on the draft's current place, sub-subject and text (nothing without a place)."""
    if request.location is None:
        return []
    category = None if request.category.code == UNCLASSIFIED_CODE else request.category
    return duplicate_candidates(lon=request.location.x, lat=request.location.y, category=category,
                                text=request.text, address_text=request.address_text, exclude_id=request.pk,
                                user=user)
