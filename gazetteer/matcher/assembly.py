"""A chosen reading becomes a ``Suggestion``: the address part, its point, its district, its label; readings
that differ only by a street's district segment are merged."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from gazetteer import abbreviations as ab
from gazetteer import scorer
from gazetteer.areas import AreaLocator
from gazetteer.index import GazetteerIndex
from gazetteer.matcher.beam import Reading
from gazetteer.matcher.candidates import Cand
from gazetteer.matcher.limits import (
    ADJACENT_M,
    ALTERNATIVE_MARGIN,
    CROSSING_SEARCH_M,
    FAR_M,
    UNMATCHED_PART_SCORE,
)
from gazetteer.matcher.results import MatchedPart, Suggestion, as_alternative, with_alternatives
from gazetteer.parse import ParsedQuery
from gazetteer.records import GazetteerRecord, record_label


class Assembly:
    """The output part of ``Gazetteer``."""

    index: GazetteerIndex
    records: Any
    areas: AreaLocator
    _labels: dict[str, str]
    _group_lines: dict[str, Any]

    def _group_line(self, rec: GazetteerRecord, near: GazetteerRecord | None = None, within_m: float = 0.0) -> Any:
        """The street's line over its district segments: all of them, or (``near``) only the segments
        whose bounding box lies within ``within_m`` of ``near``'s (the matched segment always)."""
        if not rec.group_id:
            return rec.line
        idx = self.index
        if near is not None:
            other = idx.id_to_index[near.id]
            parts = []
            for ridx in idx.group_members(rec):
                seg = self.records[ridx]
                if seg.line and (seg is rec or idx.bbox_gap_m(ridx, other) <= within_m):
                    parts.extend(seg.line)
            return tuple(parts)
        line = self._group_lines.get(rec.group_id)
        if line is None:
            members = [self.records[r] for r in idx.group_members(rec)]
            line = tuple(part for m in members if m.line for part in m.line)
            self._group_lines[rec.group_id] = line
        return line

    def _crossing(self, a: GazetteerRecord, b: GazetteerRecord) -> tuple[float, float]:
        """Where two streets meet: their matched segments if those cross; else, when they come close, the
        segments of either street lying near the other (the crossing may sit just past a district edge)."""
        assert a.line is not None and b.line is not None
        gap, lon, lat, crossed = scorer.line_crossing(a.line, b.line, far_m=FAR_M)
        if crossed or gap > CROSSING_SEARCH_M or not (a.group_id or b.group_id):
            return lon, lat
        la = self._group_line(a, b, CROSSING_SEARCH_M)
        lb = self._group_line(b, a, CROSSING_SEARCH_M)
        gap2, lon2, lat2, crossed2 = scorer.line_crossing(la, lb, far_m=FAR_M)
        if crossed2 or gap2 < gap:
            return lon2, lat2
        return lon, lat

    def _label_of(self, rec: GazetteerRecord) -> str:
        label = self._labels.get(rec.id)
        if label is None:
            label = self._labels[rec.id] = record_label(rec)
        return label

    def _reading_key(self, s: Suggestion) -> tuple[Any, ...]:
        keys: list[Any] = [s.kind]
        for m in s.matched_parts:
            if m.record_id is None:
                keys.append(None)
            else:
                keys.append(self.records[self.index.id_to_index[m.record_id]].street_key)
        return tuple(keys)

    def _dedupe(self, items: list[Suggestion]) -> list[Suggestion]:
        """Merge readings that differ only by the district segment of the same street."""
        items = sorted(items, key=lambda s: -s.rank)
        kept: list[Suggestion] = []
        by_key: dict[tuple[Any, ...], int] = {}
        for s in items:
            key = self._reading_key(s)
            if key not in by_key:
                by_key[key] = len(kept)
                kept.append(s)
                continue
            first = kept[by_key[key]]
            if first.rank - s.rank > ALTERNATIVE_MARGIN or s.district_code == first.district_code:
                continue
            if any(a.district_code == s.district_code for a in first.alternatives):
                continue
            kept[by_key[key]] = with_alternatives(first, first.alternatives + (as_alternative(s),))
        return kept

    # --- output ------------------------------------------------------------------------------------
    def _suggestion(self, parsed: ParsedQuery, reading: Reading) -> Suggestion:
        recs = [self.records[c.ridx] if c else None for c in reading.assign]
        place = self._place(parsed, recs, _address_part(parsed, reading.assign))
        where, record_id = self._district_of(place)
        if where is not place.anchor:
            region_source = "boundary"
        else:
            region_source = "record" if place.record_id == place.anchor.id else "reference"
        # the reading ranks a part left out as UNMATCHED_PART_SCORE; the score shown counts it as nothing matched
        # and the tie-breaks (a synthetic street, a place outside the city) order equals without being shown
        unmatched = sum(c is None for c in reading.assign)
        ties = sum(c.tie_break for c in reading.assign if c is not None)
        shown = reading.score - (UNMATCHED_PART_SCORE * unmatched + ties) / len(reading.assign)
        score = max(0.0, min(100.0, shown))
        return Suggestion(
            label=_label(parsed, recs, self._label_of),
            kind=place.kind,
            region_no=where.region_no,
            region_name=where.region_name,
            district_code=where.district_code,
            district_name=where.district_name,
            lon=round(place.point[0], 7),
            lat=round(place.point[1], 7),
            score=round(score, 1),
            synthetic=any(r.synthetic for r in recs if r is not None),
            matched_parts=self._matched(parsed, recs, reading.assign),
            record_id=record_id,
            units=dict(parsed.units),
            rank=reading.score,
            region_source=region_source,
        )

    def _place(self, parsed: ParsedQuery, recs: list[GazetteerRecord | None], p: int) -> _Place:
        """What the suggestion points at when part ``p`` is the address."""
        parts = parsed.parts
        prev_rec = recs[p - 1] if p > 0 else None
        main = recs[p]
        if parts[p].relation == "intersection" and main is not None and prev_rec is not None:
            return _Place("intersection", self._meeting_point(prev_rec, main), prev_rec, None, derived=True)
        eff = p if main is not None else _fallback(parsed, recs, p)
        anchor = recs[eff]
        assert anchor is not None
        j_ref = next((j for j, r in enumerate(recs) if r is not None and parts[j].is_reference), None)
        ref = recs[j_ref] if j_ref is not None else None
        if ref is not None and anchor.is_linear and ref is not anchor:
            assert j_ref is not None
            point = self._point_near(anchor, ref)
            if (not ref.is_linear and parts[j_ref].relation in ab.ADJACENT_RELATIONS
                    and scorer.distance_m(point[0], point[1], ref.lon, ref.lat) > ADJACENT_M):
                # جنب / روبروی / نبش a place the street's line passes far from: the address is at that place,
                # whose own point (and region) is surer than the line
                return _Place(anchor.kind, (ref.lon, ref.lat), ref, anchor.id, derived=True)
            return _Place(anchor.kind, point, anchor, anchor.id, derived=True)
        point = (anchor.lon, anchor.lat)
        relation = parts[eff].relation
        if anchor.is_linear and relation in ("at", "start", "end"):
            street = next((r for j, r in enumerate(recs) if j != eff and r is not None and r.is_linear), None)
            if street is not None:
                point = _alley_point(anchor, street, relation)  # type: ignore[arg-type]
        return _Place(anchor.kind, point, anchor, anchor.id, derived=False)

    def _meeting_point(self, a: GazetteerRecord, b: GazetteerRecord) -> tuple[float, float]:
        """``تقاطع A و B``: where two streets cross; midway between two places otherwise."""
        if a.is_linear and b.is_linear:
            return self._crossing(a, b)
        return (a.lon + b.lon) / 2, (a.lat + b.lat) / 2

    def _point_near(self, street: GazetteerRecord, ref: GazetteerRecord) -> tuple[float, float]:
        """The point of ``street`` where the reference place (نرسیده به م ونک, روبروی …) lies."""
        line = self._group_line(street, ref, CROSSING_SEARCH_M)
        if ref.is_linear and ref.line is not None:
            lon, lat = self._crossing(street, ref)
            _, lon, lat = scorer.nearest_point_on_line(line, lon, lat)
        else:
            _, lon, lat = scorer.nearest_point_on_line(line, ref.lon, ref.lat)
        return lon, lat

    def _district_of(self, place: _Place) -> tuple[GazetteerRecord, str | None]:
        """The record giving the suggestion's region and district, and the record id shown.  A derived point
        lies in the district whose boundary covers it, on the segment of the street lying in that district."""
        anchor, record_id = place.anchor, place.record_id
        if not (place.derived and self.areas):
            return anchor, record_id
        located = self.areas.locate(place.point[0], place.point[1])
        if located is None:
            return anchor, record_id
        if record_id is not None and anchor.group_id and anchor.district_code != located.district_code:
            for ridx in self.index.group_members(anchor):
                seg = self.records[ridx]
                if seg.district_code == located.district_code:
                    record_id = seg.id
                    break
        return located, record_id

    def _matched(
        self, parsed: ParsedQuery, recs: list[GazetteerRecord | None], assign: tuple[Cand | None, ...]
    ) -> tuple[MatchedPart, ...]:
        return tuple(
            MatchedPart(
                part=j,
                text=part.text,
                relation=part.relation,
                record_id=r.id if r else None,
                label=self._label_of(r) if r else None,
                kind=r.kind if r else None,
                score=round(c.score - c.tie_break, 1) if c else 0.0,
            )
            for j, (part, r, c) in enumerate(zip(parsed.parts, recs, assign))
        )


@dataclass(frozen=True, slots=True)
class _Place:
    kind: str
    point: tuple[float, float]
    anchor: GazetteerRecord  # the record whose district the suggestion is in, unless the point is derived
    record_id: str | None
    derived: bool  # the point is worked out from two places, not a record's own point


def _address_part(parsed: ParsedQuery, assign: tuple[Cand | None, ...]) -> int:
    """The part that is the address: the primary part, or the alley of its street named before it
    ("ک نیلوفر خ شریعتی": the alley named before its street is still the address)."""
    parts = parsed.parts
    p = parsed.primary_index or 0
    primary = assign[p]
    if primary is not None and parts[p].relation != "intersection":
        for j, c in enumerate(assign):
            if j != p and c is not None and not parts[j].is_reference and c.parent_key == primary.street_key:
                return j
    return p


def _alley_point(alley: GazetteerRecord, street: GazetteerRecord, relation: str) -> tuple[float, float]:
    """سر/ابتدای کوچه: where the alley leaves the street; انتهای کوچه: its end farthest from the street."""
    assert alley.line is not None and street.line is not None
    _, lon, lat, _ = scorer.line_crossing(alley.line, street.line, far_m=float("inf"))
    _, lon, lat = scorer.nearest_point_on_line(alley.line, lon, lat)
    if relation != "end":
        return lon, lat
    ends = [part[0] for part in alley.line] + [part[-1] for part in alley.line]
    far = max(ends, key=lambda e: scorer.distance_m(e[0], e[1], lon, lat))
    return far[0], far[1]


def _fallback(parsed: ParsedQuery, recs: list[GazetteerRecord | None], p: int) -> int:
    """When the address part itself is unknown: its street, else any matched part."""
    c = parsed.container_index(p)
    while c is not None:
        if recs[c] is not None:
            return c
        c = parsed.container_index(c)
    return next(j for j, r in enumerate(recs) if r is not None)


def _label(parsed: ParsedQuery, recs: list[GazetteerRecord | None], label_of: Any) -> str:
    pieces: list[str] = []
    for part, rec in zip(parsed.parts, recs):
        text = label_of(rec) if rec is not None else part.text
        rel = part.relation
        if rel == "intersection" and pieces:
            head = pieces[-1]
            if not head.startswith((ab.RELATION_DISPLAY["intersection"], ab.RELATION_DISPLAY["corner"])):
                head = f"{ab.RELATION_DISPLAY['intersection']} {head}"
            pieces[-1] = f"{head} و {text}"
        elif rel:
            pieces.append(f"{ab.RELATION_DISPLAY[rel]} {text}")
        else:
            pieces.append(text)
    units = parsed.units
    for field_name, word in (("plaque", "پلاک"), ("floor", "طبقه"), ("unit", "واحد")):
        if field_name in units:
            pieces.append(f"{word} {units[field_name]}")
    return "، ".join(pieces)
