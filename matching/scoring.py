"""How alike an open request and a new one are: pure functions, no Django, no database.

The evidence of one candidate (distance, age, category relation, text similarity) becomes one score in 0..1;
`is_strong` says when that is enough to flag a possible duplicate. The H3 pre-filter chooses the cells that
cover the search disk, so the SQL can use the H3 b-tree index beside the geography GiST index."""

from __future__ import annotations

import math
import re

import h3
from rapidfuzz import fuzz

from text import persian

DEFAULT_RADIUS_M = 150
DEFAULT_WINDOW_DAYS = 14
WEIGHTS = {"distance": 0.3, "category": 0.4, "text": 0.2, "age": 0.1}
CATEGORY_SCORE = {"same_sub_subject": 1.0, "same_subject": 0.5, "other": 0.0}
STRONG_SCORE = 0.5  # a candidate this good (or of the same sub-subject) flags a possible duplicate

_PUNCTUATION = re.compile(r"[^\w\s]")


def normalize_text(text: str) -> str:
    """Persian text as compared (``text.persian``: Arabic letter forms unified, diacritics and tatweel dropped,
    ZWNJ as a space, ASCII digits), lower case, punctuation dropped."""
    return persian.collapse_spaces(_PUNCTUATION.sub(" ", persian.fold(text or "")).lower())


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


def candidate_score(*, distance_m: float, radius_m: float, age_days: float, window_days: float, relation: str,
                    similarity: float) -> float:
    """The weighted evidence of one candidate, 0..1 (nearer, younger, same category, alike text: higher)."""
    return (WEIGHTS["distance"] * max(0.0, 1 - distance_m / radius_m)
            + WEIGHTS["age"] * max(0.0, 1 - age_days / window_days)
            + WEIGHTS["category"] * CATEGORY_SCORE[relation]
            + WEIGHTS["text"] * similarity)


def is_strong(*, relation: str, score: float) -> bool:
    """Enough evidence to flag a possible duplicate (an operator must decide)."""
    return relation == "same_sub_subject" or score >= STRONG_SCORE
