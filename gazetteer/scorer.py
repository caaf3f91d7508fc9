"""Scores: how well a name matches, how well a kind agrees, how well places fit together.

All scores are on a 0–100 scale.

Name similarity (``name_similarity``) compares space-free compact keys, so spacing never costs:
    100  identical compact keys
    94/88  one/two edits (insertion, deletion, substitution or two neighbouring letters swapped — the
         optimal-string-alignment distance), within the typo allowance: one edit per word of 4–6 letters, two per word
         of 7 or more, none for words of 1–3 letters (``ونک`` must be typed right)
    75–95 the query is the start of the name (as-you-type), more when more of it is typed
    ≤ 90 otherwise a fuzzy blend of ``fuzz.ratio`` and ``fuzz.token_set_ratio``, scaled down
Honorifics are optional: matching with them dropped on either side costs ``HONORIFIC_PENALTY``.

Geometry uses an equirectangular projection around the places compared (metres; fine at city scale).
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

from rapidfuzz import fuzz
from rapidfuzz.distance import OSA

from gazetteer import abbreviations as ab
from gazetteer.records import LINEAR_KINDS, GazetteerRecord

__all__ = [
    "HONORIFIC_PENALTY",
    "MIN_NAME_SCORE",
    "allowed_edits",
    "distance_m",
    "kind_adjustment",
    "line_crossing",
    "name_similarity",
    "nearest_point_on_line",
    "proximity_bonus",
    "record_distance",
]

HONORIFIC_PENALTY = 3.0
MIN_NAME_SCORE = 62.0
EDIT_COST = 6.0
NUMBER_MISMATCH = 20.0
_DIGITS = re.compile(r"\d+")
REGION_BOOST = 5.0

EARTH_RADIUS_M = 6_371_008.8
M_PER_DEG = EARTH_RADIUS_M * math.pi / 180.0

# 0.9 * 0.5 * (ratio + 100) < MIN_NAME_SCORE below this ratio: the fuzzy blend cannot reach the minimum
_RATIO_FLOOR = 2.0 * MIN_NAME_SCORE / 0.9 - 100.0

STREETISH: frozenset[str] = frozenset({"street", "boulevard", "highway"})
# With no type word, a faint preference for the places operators name most. A metro station ranks with the square
# of its name: stations are named after the squares they lie under, and callers name both as often.
KIND_PRIOR: dict[str, float] = {
    "street": 0.0,
    "boulevard": 0.0,
    "highway": 0.0,
    "square": 0.0,
    "metro": 0.0,
    "landmark": -0.5,
    "region": -1.0,
    "district": -1.0,
    "neighbourhood": -1.0,
    "alley": -2.0,
}
KIND_CONTRADICTED = -12.0


def allowed_edits(tokens: Sequence[str]) -> int:
    """Typo allowance: one edit per word of 4–6 letters, two per longer word, none for short words."""
    total = 0
    for tok in tokens:
        n = len(tok)
        if n >= 7:
            total += 2
        elif n >= 4 and not tok.isdigit():
            total += 1
    return total


def name_similarity(q_compact: str, q_text: str, allowed: int, k_compact: str, k_text: str) -> float:
    """Similarity of a query name to one entry key (0–100); see the module docstring."""
    if q_compact == k_compact:
        return 100.0
    return _name_similarity(q_compact, q_text, allowed, k_compact, k_text) - _number_mismatch(q_compact, k_compact)


def _number_mismatch(q_compact: str, k_compact: str) -> float:
    """A number in a name is no typo: منطقه ۲۲ is not منطقه ۲۱, میدان دوم (2) not میدان سوم."""
    qd, kd = _DIGITS.findall(q_compact), _DIGITS.findall(k_compact)
    if not qd or qd == kd:
        return 0.0
    return NUMBER_MISMATCH if kd else 0.0


def _name_similarity(q_compact: str, q_text: str, allowed: int, k_compact: str, k_text: str) -> float:
    if allowed:
        d = OSA.distance(q_compact, k_compact, score_cutoff=allowed)
        if d <= allowed:
            return 100.0 - EDIT_COST * d
    best = 0.0
    lq, lk = len(q_compact), len(k_compact)
    if lq >= 2 and k_compact.startswith(q_compact):
        best = 75.0 + 20.0 * lq / lk
    ratio = fuzz.ratio(q_compact, k_compact, score_cutoff=_RATIO_FLOOR)
    if not ratio:
        # below the floor even a full token-set match could not lift the blend to MIN_NAME_SCORE
        return best
    blend = 0.5 * (ratio + fuzz.token_set_ratio(q_text, k_text))
    return max(best, 0.9 * max(ratio, blend))


def kind_adjustment(
    part_kind: str | None,
    part_subkind: str,
    record: GazetteerRecord,
    record_word: str = "",
    part_word: str = "",
) -> float:
    """0 when the query's type word agrees with the record, a malus when it does not.

    ``record_word`` is the type word the record's own name starts with (``پارک`` in ``پارک ملت``) and
    ``part_word`` the one the operator typed: the same word always agrees, and a landmark without a
    subkind takes the one its name gives.  Without a type word only a faint prior applies (streets and
    squares before alleys), so a typed ``م ونک`` ranks the square 12 points above the street and the
    neighbourhood called ونک.
    """
    if part_kind is None:
        return KIND_PRIOR.get(record.kind, 0.0)
    word_type = ab.TYPE_WORDS.get(record_word)
    if word_type is not None and part_word and word_type == ab.TYPE_WORDS.get(part_word):
        return 0.0  # پارک لاله finds the station called بوستان لاله
    if part_kind == record.kind:
        if part_subkind and record.kind == "landmark":
            subkind = record.subkind
            if not subkind and word_type is not None:
                if word_type[0] != "landmark":
                    return -8.0  # its name says it is something else (شهرک …)
                subkind = word_type[1]
            if not subkind:
                return -4.0  # a landmark of unknown sort
            family = ab.SUBKIND_FAMILIES.get(part_subkind, frozenset({part_subkind}))
            return 0.0 if subkind in family else -8.0
        return 0.0
    if part_kind in STREETISH and record.kind in STREETISH:
        return -4.0  # operators say خیابان for boulevards and highways too
    if part_kind == "square" and part_subkind == "crossroads" and record.kind in STREETISH:
        return -4.0  # چهارراه X is often the crossing of street X
    if {part_kind, record.kind} == {"square", "metro"}:
        return -4.0  # a station takes the name of the square it lies under (میدان حسن آباد, مترو حسن آباد)
    return KIND_CONTRADICTED


def proximity_bonus(d_m: float) -> float:
    """Places named together should be near each other."""
    if d_m <= 150:
        return 8.0
    if d_m <= 400:
        return 5.0
    if d_m <= 1000:
        return 2.0
    if d_m <= 2500:
        return -3.0
    return -min(25.0, 3.0 + (d_m - 2500.0) / 1000.0 * 4.0)


# --- geometry ---------------------------------------------------------------------------------


def distance_m(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    """Equirectangular distance in metres."""
    k = math.cos(math.radians((lat1 + lat2) * 0.5))
    dx = (lon2 - lon1) * k
    dy = lat2 - lat1
    return math.hypot(dx, dy) * M_PER_DEG


def _project(px: float, py: float, ax: float, ay: float, bx: float, by: float) -> tuple[float, float, float]:
    """Squared distance from p to segment ab and the nearest point (all in projected units)."""
    dx, dy = bx - ax, by - ay
    den = dx * dx + dy * dy
    t = 0.0 if den == 0.0 else max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / den))
    qx, qy = ax + t * dx, ay + t * dy
    return (px - qx) ** 2 + (py - qy) ** 2, qx, qy


def nearest_point_on_line(line: Sequence[Sequence[tuple[float, float]]], lon: float,
                          lat: float) -> tuple[float, float, float]:
    """(distance in metres, lon, lat) of the point of ``line`` nearest to (lon, lat)."""
    k = math.cos(math.radians(lat))
    px, py = lon * k, lat
    best = (math.inf, lon, lat)
    for part in line:
        ax, ay = part[0][0] * k, part[0][1]
        for vx, vy in part[1:]:
            bx, by = vx * k, vy
            d2, qx, qy = _project(px, py, ax, ay, bx, by)
            if d2 < best[0]:
                best = (d2, qx, qy)
            ax, ay = bx, by
    d2, qx, qy = best
    return math.sqrt(d2) * M_PER_DEG, qx / k, qy


def _bbox(line: Sequence[Sequence[tuple[float, float]]]) -> tuple[float, float, float, float]:
    xs = [x for part in line for x, _ in part]
    ys = [y for part in line for _, y in part]
    return min(xs), min(ys), max(xs), max(ys)


def _bbox_gap_m(a: tuple[float, float, float, float], b: tuple[float, float, float, float], k: float) -> float:
    dx = max(0.0, a[0] - b[2], b[0] - a[2]) * k
    dy = max(0.0, a[1] - b[3], b[1] - a[3])
    return math.hypot(dx, dy) * M_PER_DEG


def _seg_cross(
    ax: float, ay: float, bx: float, by: float, cx: float, cy: float, dx: float, dy: float
) -> tuple[float, float] | None:
    rx, ry = bx - ax, by - ay
    sx, sy = dx - cx, dy - cy
    den = rx * sy - ry * sx
    if den == 0.0:
        return None
    qpx, qpy = cx - ax, cy - ay
    t = (qpx * sy - qpy * sx) / den
    u = (qpx * ry - qpy * rx) / den
    if 0.0 <= t <= 1.0 and 0.0 <= u <= 1.0:
        return ax + t * rx, ay + t * ry
    return None


def line_crossing(
    a: Sequence[Sequence[tuple[float, float]]], b: Sequence[Sequence[tuple[float, float]]], far_m: float = 1500.0
) -> tuple[float, float, float, bool]:
    """Where two polylines meet: (gap in metres, lon, lat, crossed).

    ``crossed`` is True when two segments intersect (gap 0, the crossing point); otherwise the gap is the
    shortest vertex-to-segment distance and the point lies midway between the two nearest points.  Lines
    whose bounding boxes are more than ``far_m`` apart are not examined: the bbox gap is returned.
    """
    ba, bb = _bbox(a), _bbox(b)
    k = math.cos(math.radians((ba[1] + ba[3] + bb[1] + bb[3]) * 0.25))
    gap = _bbox_gap_m(ba, bb, k)
    if gap > far_m:
        return gap, (ba[0] + ba[2] + bb[0] + bb[2]) * 0.25, (ba[1] + ba[3] + bb[1] + bb[3]) * 0.25, False
    sa = [(p[i][0] * k, p[i][1], p[i + 1][0] * k, p[i + 1][1]) for p in a for i in range(len(p) - 1)]
    sb = [(p[i][0] * k, p[i][1], p[i + 1][0] * k, p[i + 1][1]) for p in b for i in range(len(p) - 1)]
    for ax, ay, bx, by in sa:
        for cx, cy, dx, dy in sb:
            if max(ax, bx) < min(cx, dx) or max(cx, dx) < min(ax, bx):
                continue
            if max(ay, by) < min(cy, dy) or max(cy, dy) < min(ay, by):
                continue
            hit = _seg_cross(ax, ay, bx, by, cx, cy, dx, dy)
            if hit is not None:
                return 0.0, hit[0] / k, hit[1], True
    best = (math.inf, 0.0, 0.0, 0.0, 0.0)
    for segs_p, segs_q in ((sa, sb), (sb, sa)):
        for ax, ay, bx, by in segs_p:
            for px, py in ((ax, ay), (bx, by)):
                for cx, cy, dx, dy in segs_q:
                    d2, qx, qy = _project(px, py, cx, cy, dx, dy)
                    if d2 < best[0]:
                        best = (d2, px, py, qx, qy)
    d2, px, py, qx, qy = best
    return math.sqrt(d2) * M_PER_DEG, (px + qx) * 0.5 / k, (py + qy) * 0.5, False


def record_distance(a: GazetteerRecord, b: GazetteerRecord) -> float:
    """Shortest distance in metres between two records' geometries (lines where known, else points)."""
    la = a.line if a.kind in LINEAR_KINDS else None
    lb = b.line if b.kind in LINEAR_KINDS else None
    if la and lb:
        return line_crossing(la, lb)[0]
    if la:
        return nearest_point_on_line(la, b.lon, b.lat)[0]
    if lb:
        return nearest_point_on_line(lb, a.lon, a.lat)[0]
    return distance_m(a.lon, a.lat, b.lon, b.lat)
