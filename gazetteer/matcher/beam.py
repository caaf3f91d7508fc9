"""The beam search over the parts' candidates and the consistency bonus of each pairing."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from gazetteer import scorer
from gazetteer.index import GazetteerIndex
from gazetteer.matcher.candidates import Cand
from gazetteer.matcher.limits import (
    ALTERNATIVE_MARGIN,
    BEAM_OPTIONS,
    BEAM_WIDTH,
    FAR_M,
    GOOD_PART_SCORE,
    MAX_ALTERNATIVES,
    UNMATCHED_PART_SCORE,
)
from gazetteer.parse import ParsedQuery
from gazetteer.records import LINEAR_KINDS


@dataclass(slots=True)
class Reading:
    assign: tuple[Cand | None, ...]
    bonus: float
    score: float = 0.0


class BeamSearch:
    """The consistency part of ``Gazetteer``."""

    index: GazetteerIndex
    records: Any

    def _readings(self, parsed: ParsedQuery, cands: list[list[Cand]]) -> list[Reading]:
        """The readings of the query that match something, best first."""
        if len(parsed.parts) == 1:
            readings = [Reading((c,), 0.0, c.score) for c in cands[0]]
        else:
            readings = self._beam(parsed, cands)
        readings = [r for r in readings if any(r.assign)]
        readings.sort(key=lambda r: -r.score)
        return readings

    def _beam(self, parsed: ParsedQuery, cands: list[list[Cand]]) -> list[Reading]:
        n = len(parsed.parts)
        cache: dict[tuple[int, int], tuple[float, float, float, bool]] = {}
        containers = [parsed.container_index(i) for i in range(n)]
        states = [Reading((), 0.0)]
        for i in range(n):
            options: list[Cand | None] = [*cands[i][:BEAM_OPTIONS], None]
            nxt: list[Reading] = []
            for st in states:
                base = sum(c.score if c is not None else UNMATCHED_PART_SCORE for c in st.assign)
                for c in options:
                    bonus = st.bonus + (_as_evidence(self._pair_bonus(parsed, st.assign, i, c, cache, containers), c)
                                        if c else 0.0)
                    total = base + (c.score if c else UNMATCHED_PART_SCORE)
                    partial = total / (i + 1) + max(-40.0, min(12.0, bonus))
                    nxt.append(Reading(st.assign + (c,), bonus, partial))
            nxt.sort(key=lambda r: -r.score)
            states = nxt[:BEAM_WIDTH]
        return states

    def _geom(
        self, a: int, b: int, cache: dict[tuple[int, int], tuple[float, float, float, bool]]
    ) -> tuple[float, float, float, bool]:
        """(gap m, lon, lat, crossed) between records a and b, cached per query."""
        key = (a, b) if a <= b else (b, a)
        hit = cache.get(key)
        if hit is None:
            ra, rb = self.records[a], self.records[b]
            gap = self.index.bbox_gap_m(a, b)
            if gap > FAR_M:
                hit = (gap, rb.lon, rb.lat, False)
            elif ra.is_linear and rb.is_linear:
                assert ra.line is not None and rb.line is not None
                hit = scorer.line_crossing(ra.line, rb.line)
            else:
                d = scorer.record_distance(ra, rb)
                hit = (d, rb.lon, rb.lat, False)
            cache[key] = hit
        return hit

    def _pair_bonus(
        self,
        parsed: ParsedQuery,
        assign: tuple[Cand | None, ...],
        i: int,
        cand: Cand,
        cache: dict[tuple[int, int], tuple[float, float, float, bool]],
        containers: list[int | None],
    ) -> float:
        part = parsed.parts[i]
        prev = assign[i - 1] if i > 0 else None
        if part.relation == "intersection" and i > 0:
            if prev is None:
                return 0.0
            gap, _, _, crossed = self._geom(prev.ridx, cand.ridx, cache)
            if crossed:
                return 10.0
            if gap <= 50.0:
                return 6.0
            return scorer.proximity_bonus(gap) - 6.0
        bonus = 0.0
        c = containers[i]
        container = assign[c] if c is not None else None
        if container is not None and not part.is_reference:
            child, parent = (cand, container) if cand.parent_key == container.street_key else (container, cand)
            if child.parent_key is not None and child.parent_key == parent.street_key:
                # the alley of the named street (or named the other way round, the alley first);
                # of a street's district segments, the one the alley leaves from fits best
                bonus += 10.0
                if self.records[parent.ridx].group_id and self._geom(parent.ridx, child.ridx, cache)[0] <= 40.0:
                    bonus += 1.0
            else:
                rec = self.records[cand.ridx]
                gap = self._geom(container.ridx, cand.ridx, cache)[0]
                if gap <= 40.0 and rec.kind in LINEAR_KINDS:
                    bonus += 5.0  # it touches the named street
                elif rec.kind == "alley":
                    bonus += min(3.0, scorer.proximity_bonus(gap)) - 5.0  # an alley off another street
                else:
                    bonus += min(3.0, scorer.proximity_bonus(gap))
        if prev is not None and (part.is_reference or c is None or c != i - 1):
            bonus += scorer.proximity_bonus(self._geom(prev.ridx, cand.ridx, cache)[0])
        return bonus


def _as_evidence(bonus: float, cand: Cand) -> float:
    """A pairing's bonus, counted in full for a well-matched part and fading to nothing for a barely matched one;
    a malus (the two are far apart) always counts."""
    if bonus <= 0.0:
        return bonus
    quality = (cand.name_score - scorer.MIN_NAME_SCORE) / (GOOD_PART_SCORE - scorer.MIN_NAME_SCORE)
    return bonus * max(0.0, min(1.0, quality))


def choose_readings(readings: list[Reading], limit: int) -> list[Reading]:
    """The readings (best first) that can be shown: the best of each street/place combination, up to
    ``limit`` of them, and its close seconds (other district segments), which become alternatives."""
    chosen: list[Reading] = []
    firsts: dict[tuple[str | None, ...], list[float]] = {}
    for r in readings:
        key = tuple(c.street_key if c else None for c in r.assign)
        seen = firsts.get(key)
        if seen is None:
            if len(firsts) < limit:
                firsts[key] = [r.score, 0]
                chosen.append(r)
        elif seen[1] < MAX_ALTERNATIVES and seen[0] - r.score <= ALTERNATIVE_MARGIN:
            seen[1] += 1
            chosen.append(r)
    return chosen
