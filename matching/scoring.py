"""How alike an open request and a new one are: pure functions, no Django, no database.

The evidence of one candidate — sub-subject relation, address match (``matching.addresses``), distance against
the sub-subject's radius, age against its window, word-level text similarity — is a set of named features; a
model (a logistic one: weights on the features, an intercept) turns them into a probability-like score in 0..1.
``PRIOR`` is the hand-set model, read as evidence: the same address counts most; when both calls give an address
and the addresses differ, the typed addresses outweigh two pins (the building next door, another plaque on the same
street, counts against a problem inside a building or at one spot — a driveway, a hydrant, a sign — and another
street counts against any problem); another sub-subject is strong only with overwhelming evidence. A model
learned from operators' decisions has the same shape.

Kinds of problem give the sub-subject's default radius and window: ``building`` (inside one building: heating,
plumbing, an unsafe building), ``point`` (one spot: a pothole, a lamp, a fallen tree), ``street`` (along a street:
cleaning, vendors, parking), ``area`` (spread over an area: noise, smoke, stray dogs) and ``none`` (no place: an
information request; never checked). The H3 pre-filter chooses the cells that cover the search disk, so the SQL
can use the H3 b-tree index beside the geography GiST index."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from functools import lru_cache

import h3
from rapidfuzz import fuzz

from matching import addresses
from text import persian

# kind: (radius m, window days)
KIND_DEFAULTS = {"building": (60, 30), "point": (75, 14), "street": (150, 14), "area": (300, 7), "none": (0, 0)}
DEFAULT_KIND = "street"
DEFAULT_RADIUS_M, DEFAULT_WINDOW_DAYS = KIND_DEFAULTS[DEFAULT_KIND]
MIN_WORD_CHARS = 2  # shorter words carry no meaning of their own
STOP_WORDS = frozenset({"است", "هست", "در", "و", "به", "از", "این", "آن", "که", "را", "با", "یک", "برای", "هم", "ما",
                        "the", "of", "and", "a", "an", "in", "on", "at", "to", "is", "not"})
FUZZY_WORD = 85  # two words this alike (rapidfuzz ratio, words of 4+ letters) are one word with a typo

_PUNCTUATION = re.compile(r"[^\w\s]")


def kind_defaults(kind: str) -> tuple[int, int]:
    """The default radius (m) and window (days) of a kind of problem."""
    return KIND_DEFAULTS.get(kind, KIND_DEFAULTS[DEFAULT_KIND])


def normalize_text(text: str) -> str:
    """Persian text as compared (``text.persian``: Arabic letter forms unified, diacritics and tatweel dropped,
    ZWNJ as a space, ASCII digits), lower case, punctuation dropped."""
    return persian.collapse_spaces(_PUNCTUATION.sub(" ", persian.fold(text or "")).lower())


STOP_WORDS = frozenset(normalize_text(w) for w in STOP_WORDS)  # compared as folded ("آن" is read "ان")


@lru_cache(maxsize=8192)  # the same open cases are compared again and again
def words(text: str) -> frozenset[str]:
    """The meaningful words of a description: normalised, stop words and one-letter words left out."""
    return frozenset(w for w in normalize_text(text).split() if len(w) >= MIN_WORD_CHARS and w not in STOP_WORDS)


def text_similarity(a: str, b: str) -> float:
    """0..1: the share of the shorter description's words the other one has (a typo still counts as the word);
    word order and extra words matter little, letters shared by unrelated words not at all."""
    first, second = words(a), words(b)
    if not first or not second:
        return 0.0
    shorter, longer = sorted((first, second), key=len)
    hits = sum(1 for w in shorter if w in longer or (len(w) >= 4 and any(
        len(o) >= 4 and fuzz.ratio(w, o) >= FUZZY_WORD for o in longer)))
    return hits / len(shorter)


def texts_comparable(a: str, b: str) -> bool:
    """Both descriptions say something (at least one meaningful word each)."""
    return bool(words(a)) and bool(words(b))


def h3_prefilter(lon: float, lat: float, radius_m: float) -> tuple[int, list[int]]:
    """A resolution and the cells around the point that cover every point within radius_m metres.

    A point anywhere in the centre cell is at least 1.5·k·e − 0.5·e from any cell beyond ring k (e: edge length),
    so k = ⌈(r + 0.5·e) / (1.5·e)⌉ rings (plus one for the grid's distortion) always cover the disk."""
    resolution = 9 if radius_m <= 600 else 8 if radius_m <= 2500 else 7
    centre = h3.latlng_to_cell(lat, lon, resolution)
    edge = min(h3.edge_length(e, "m") for e in h3.origin_to_directed_edges(centre))
    k = math.ceil((radius_m + 0.5 * edge) / (1.5 * edge)) + 1
    return resolution, [h3.str_to_int(cell) for cell in h3.grid_disk(centre, k)]


def category_relation(*, category_id: int | None, subject_id: int | None, other_category_id: int,
                      other_subject_id: int | None) -> str:
    """same_sub_subject, same_subject or other: how the candidate's category relates to the new request's
    (`category_id` None: the new request has no sub-subject yet)."""
    if category_id is None:
        return "other"
    if other_category_id == category_id:
        return "same_sub_subject"
    if (other_subject_id or other_category_id) == (subject_id or category_id):
        return "same_subject"
    return "other"


@dataclass(frozen=True)
class Evidence:
    """What is known about one candidate against the new request."""

    distance_m: float
    radius_m: float
    age_days: float
    window_days: float
    relation: str  # same_sub_subject | same_subject | other
    address: str = addresses.UNKNOWN  # matching.addresses.MATCHES
    text_similarity: float = 0.0
    text_compared: bool = False
    kind: str = DEFAULT_KIND

    def features(self) -> dict[str, float]:
        """The named features a model weighs (all 0..1)."""
        neighbour, different = self.address == addresses.NEIGHBOUR, self.address == addresses.DIFFERENT
        return {
            "same_sub_subject": float(self.relation == "same_sub_subject"),
            "same_subject": float(self.relation == "same_subject"),
            "address_same": float(self.address == addresses.SAME),
            "address_street": float(self.address == addresses.STREET),
            "address_different": float(different),
            "neighbour_building": float(neighbour and self.kind == "building"),
            "neighbour_point": float(neighbour and self.kind == "point"),
            "neighbour_elsewhere": float(neighbour and self.kind not in ("building", "point")),
            "different_building": float(different and self.kind == "building"),
            "different_point": float(different and self.kind == "point"),
            "proximity": max(0.0, 1 - self.distance_m / self.radius_m) if self.radius_m else 0.0,
            "text": self.text_similarity if self.text_compared else 0.0,
            "recency": max(0.0, 1 - self.age_days / self.window_days) if self.window_days else 0.0,
        }


FEATURES = tuple(Evidence(0, 1, 0, 1, "other").features())


@dataclass(frozen=True)
class Model:
    """A logistic model over `FEATURES`: score = σ(intercept + Σ weight·feature). A candidate is strong at
    `strong` or above when it has the same sub-subject, at `overwhelming` or above otherwise."""

    weights: dict[str, float] = field(default_factory=dict)
    intercept: float = 0.0
    strong: float = 0.5
    overwhelming: float = 0.995
    name: str = "prior"

    def score(self, evidence: Evidence) -> float:
        z = self.intercept + sum(self.weights.get(k, 0.0) * v for k, v in evidence.features().items())
        return 1 / (1 + math.exp(-max(-30.0, min(30.0, z))))

    def is_strong(self, *, relation: str, score: float) -> bool:
        return score >= (self.strong if relation == "same_sub_subject" else self.overwhelming)


PRIOR = Model(
    name="prior",
    intercept=-3.0,
    weights={
        "same_sub_subject": 2.5, "same_subject": 0.8,
        "address_same": 3.0, "address_street": 0.4, "address_different": -2.0,
        "neighbour_building": -5.0, "neighbour_point": -4.5, "neighbour_elsewhere": -1.5,
        "different_building": -3.0, "different_point": -2.0,
        "proximity": 2.0, "text": 1.5, "recency": 0.5,
    },
)


def candidate_score(evidence: Evidence, model: Model = PRIOR) -> float:
    """The candidate's score in 0..1 under `model` (the prior unless a learned one is in use)."""
    return model.score(evidence)


def is_strong(*, relation: str, score: float, model: Model = PRIOR) -> bool:
    """Enough evidence to flag a possible duplicate (an operator must decide)."""
    return model.is_strong(relation=relation, score=score)
