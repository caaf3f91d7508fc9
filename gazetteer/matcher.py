"""Fuzzy address matching: ``Gazetteer(records).suggest(query)``.

How a query is resolved
    1. ``parse_query`` splits it into typed parts linked by relations.
    2. Each part gets candidate records: n-gram candidates from the index scored with rapidfuzz (see
       ``scorer``), plus the kind bonus (``م`` + name prefers a square, ``مترو`` a station, ``بیمارستان``
       a hospital) and the optional region boost; the alleys of the candidate streets and, when a name
       is shared by very many places, the namesakes near the other parts' candidates are added.
    3. A beam search assigns one candidate (or nothing) to each part and rewards consistent readings:
       an alley whose parent is the named street, a street passing near the named square, two streets
       that really cross for ``تقاطع A و B``.  Distances are metres between points and polylines.
    4. Readings that differ only by the district segment of the same street are merged; when their
       scores are close the other districts are kept as ``alternatives``.
    5. A point worked out from two places (the crossing of two streets, the point of a street nearest
       the named square) is placed in the district whose boundary covers it, when the district records
       carry their ``area`` (see ``areas``); the matched segment's own district otherwise.

The query is read with the index's ``Lexicon`` (``parse``): type and relation words fused to the next
word are split off, and a ``و`` or type word inside a known name stays in it.  With no exact name, the
places of the closest names (a typo) stand in as namesakes, so a misspelt common street still pairs
with its alley anywhere in the city.

Scores are on a 0–100 scale: the mean of the parts' scores (an unmatched part counts 0), plus the
consistency bonus (at most +12, at worst −40), clamped to 0–100.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from heapq import heappush, heapreplace
from typing import Any

from gazetteer import abbreviations as ab
from gazetteer import scorer
from gazetteer.areas import AreaLocator
from gazetteer.index import FLAG_ALIAS, FLAG_SEGMENT, FLAG_STRIPPED, KIND_CODES, GazetteerIndex
from gazetteer.parse import ParsedQuery, QueryPart, parse_query
from gazetteer.records import LINEAR_KINDS, GazetteerRecord, record_label

__all__ = ["DistrictAlternative", "Gazetteer", "MatchedPart", "Suggestion"]

_LINEAR_CODES = frozenset(KIND_CODES[k] for k in LINEAR_KINDS)
_STREETISH_CODES = frozenset(KIND_CODES[k] for k in scorer.STREETISH)
# the kinds a typed part agrees with (scorer.kind_adjustment does not contradict them)
_KIND_FAMILY_CODES: dict[str, frozenset[int]] = {
    kind: (_STREETISH_CODES if kind in scorer.STREETISH else frozenset({KIND_CODES[kind]})) for kind in KIND_CODES
}

CANDIDATE_LIMIT = 80  # distinct names taken from the n-gram counts per part
NEAR_MISS_LIMIT = 24  # ... when the name also exists exactly as typed
NEAR_MISS_BUDGET = 4_000  # posting ids counted in that case
EXACT_CAP = 150  # records kept per name when a name is very common
PART_WIDTH = 6  # distinct streets/places kept per part in multi-part queries
BEAM_WIDTH = 12
BEAM_OPTIONS = 10  # candidates per part tried by the beam
MAX_ALTERNATIVES = 4
FAR_M = 2500.0  # beyond this bounding-box gap, exact geometry is not computed
CONTAINER_FANOUT = 6  # candidate streets whose alleys are examined
NEAR_FANOUT = 3
MAX_NEAR_PROBES = 80  # exactly named places probed for namesakes of the neighbouring part
MAX_EXACT_CONTAINERS = 400  # streets sharing an exact name examined for an exactly named alley
NEAR_RADIUS_M = 500.0
ALTERNATIVE_MARGIN = 3.0
ALIAS_PENALTY = 1.0
SEGMENT_PENALTY = 4.0  # a piece of a name ("صادقیه" of "تهران (صادقیه)") ranks below whole names
SPLIT_PENALTY = 4.0
CROSSING_SEARCH_M = 300.0  # segments of a street this near the other place are searched for the meeting point
NEAR_NAMES = 3  # with no exact name, the closest names whose places count as namesakes ...
NEAR_NAME_FLOOR = 85.0  # ... if they score at least this
NEAR_NAME_MARGIN = 6.0  # ... and within this of the best


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
    # unclamped score, used only to order suggestions whose shown score is capped at 100
    rank: float = field(default=0.0, repr=False, compare=False)

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
        return out


@dataclass(frozen=True, slots=True)
class _Cand:
    ridx: int
    score: float  # name + kind + region
    name_score: float
    street_key: str  # the record's street group (its own id when it has none)
    parent_key: str | None  # the street group of its parent


@dataclass(slots=True)
class _Reading:
    assign: tuple[_Cand | None, ...]
    bonus: float
    score: float = 0.0


class _Variants:
    """The forms of a part's name that are compared (as typed, without honorifics), with a per-query
    cache of name scores."""

    __slots__ = ("cache", "compacts", "forms", "tokens", "type_word", "window")

    def __init__(self, part: QueryPart) -> None:
        full = part.name_tokens
        stripped = part.stripped_tokens
        self.tokens = full
        self.type_word = part.type_word
        self.forms = [("".join(full), " ".join(full), scorer.allowed_edits(full), 0.0)]
        if stripped != full:
            self.forms.append(
                ("".join(stripped), " ".join(stripped), scorer.allowed_edits(stripped), scorer.HONORIFIC_PENALTY)
            )
        self.compacts = [f[0] for f in self.forms]
        self.window = max(2, max(f[2] for f in self.forms) + 1)
        self.cache: dict[int, tuple[float, ...]] = {}

    def name_scores(self, index: GazetteerIndex, nid: int) -> tuple[float, ...]:
        """Similarity of each form to name ``nid`` (before honorific/alias penalties)."""
        hit = self.cache.get(nid)
        if hit is None:
            nc, nt = index.name_compact[nid], index.name_text[nid]
            hit = tuple(scorer.name_similarity(qc, qt, allowed, nc, nt) for qc, qt, allowed, _ in self.forms)
            self.cache[nid] = hit
        return hit

    def key_score(self, index: GazetteerIndex, kid: int) -> float:
        """Score of one key: the best form, less the honorific/alias penalty that reading costs."""
        flags = index.key_flags[kid]
        kpen = scorer.HONORIFIC_PENALTY if flags & FLAG_STRIPPED else 0.0
        if flags & FLAG_ALIAS:
            kpen += ALIAS_PENALTY
        if flags & FLAG_SEGMENT:
            kpen += SEGMENT_PENALTY
        scores = self.name_scores(index, index.key_name[kid])
        if len(scores) == 1:
            return scores[0] - kpen
        return max(scores[0] - kpen, scores[1] - max(kpen, scorer.HONORIFIC_PENALTY))


class Gazetteer:
    """Suggest places for loose Persian address fragments.

    Build once per process (``Gazetteer(records)``) and share it: it is read-only after building.
    A long-lived server should call ``gc.freeze()`` after building, so the cyclic collector does not
    rescan the hundreds of thousands of index objects during a request (an ~80 ms pause otherwise).
    """

    def __init__(self, records: Any = (), *, index: GazetteerIndex | None = None) -> None:
        self.index = index if index is not None else GazetteerIndex.build(records)
        self.records = self.index.records
        self.areas = AreaLocator(self.records)
        self._labels: dict[str, str] = {}
        self._group_lines: dict[str, Any] = {}

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

    def parse(self, query: str) -> ParsedQuery:
        return parse_query(query, self.index.lexicon)

    # --- public --------------------------------------------------------------------------------
    def suggest(self, query: str, limit: int = 10, region: int | None = None) -> list[Suggestion]:
        """Ranked readings of ``query``; ``region`` boosts (never filters) that region's places."""
        parsed = parse_query(query, self.index.lexicon)
        if not parsed.parts or limit <= 0:
            return []
        region = int(region) if region is not None else None
        results = self._resolve(parsed, region, limit)
        best = results[0].rank if results else 0.0
        if best < 85.0:
            for alt in _split_readings(parsed):
                for s in self._resolve(alt, region, limit):
                    results.append(_with_score(s, s.score - SPLIT_PENALTY, s.rank - SPLIT_PENALTY))
            results = self._dedupe(results)
        results.sort(key=lambda s: -s.rank)
        return results[:limit]

    # --- resolution -----------------------------------------------------------------------------
    def _resolve(self, parsed: ParsedQuery, region: int | None, limit: int) -> list[Suggestion]:
        parts = parsed.parts
        n = len(parts)
        width = max(limit * 2, PART_WIDTH) if n == 1 else PART_WIDTH
        variants = [_Variants(p) for p in parts]
        hints = [self._hint(parsed, i) for i in range(n)]
        cands: list[list[_Cand]] = []
        namesakes: list[set[int]] = []
        for i in range(n):
            found, exact = self._part_candidates(variants[i], *hints[i], region, width)
            cands.append(found)
            namesakes.append(self._of_kind(exact, *hints[i]))
        extras: list[dict[int, _Cand]] = [{} for _ in range(n)]
        for i in range(n):
            kind, subkind = hints[i]
            extra = extras[i]
            c = parsed.container_index(i)
            linked = 0
            if c is not None and not parts[i].is_reference:
                # among all the streets bearing the name (or the names a typo is closest to), those
                # having an alley of the name (both stay in the running); also when the alley was
                # named first ...
                if hints[c][0] != "alley":
                    linked += self._link_namesakes(i, c, namesakes, variants, hints, region, extras)
                if hints[c][0] == "alley" or hints[i][0] in scorer.STREETISH:
                    linked += self._link_namesakes(c, i, namesakes, variants, hints, region, extras)
                if not linked:
                    # ... else the alleys of the best candidate streets, named loosely
                    for cand in self._distinct(cands[c], CONTAINER_FANOUT):
                        for ridx in self.index.children_of(self.records[cand.ridx]):
                            self._add_scored(extra, ridx, variants[i], kind, subkind, region)
            if linked and c == i - 1:
                pass  # the street and its alley were paired through the hierarchy: no need to go by distance
            elif i > 0 and namesakes[i] and namesakes[i - 1]:
                # both names given exactly: the namesakes of one lying near the namesakes of the other
                self._pair_namesakes(i - 1, i, namesakes, variants, hints, region, extras)
            elif len(namesakes[i]) > PART_WIDTH:
                # a common name: keep the namesakes lying near the other parts' candidates
                for j in range(n):
                    if j == i or not cands[j]:
                        continue
                    for cand in self._distinct(cands[j], NEAR_FANOUT):
                        rec = self.records[cand.ridx]
                        for ridx in self.index.near(rec.lon, rec.lat, NEAR_RADIUS_M, namesakes[i]):
                            self._add_scored(extra, ridx, variants[i], kind, subkind, region)
        for i in range(n):
            kept = self._with_group_members(self._distinct(cands[i], width), variants[i], parsed, i, region)
            # places found through the other parts (the alleys of the named street, namesakes near the
            # named square) always stay in the running, however common their name, and go first so
            # that they win ties when the beam is pruned
            found = sorted(extras[i].values(), key=lambda c: -c.score)
            have = set(extras[i])
            found.extend(c for c in kept if c.ridx not in have)
            cands[i] = found

        if n == 1:
            readings = [_Reading((c,), 0.0, c.score) for c in cands[0]]
        else:
            readings = self._beam(parsed, cands)
        readings = [r for r in readings if any(r.assign)]
        readings.sort(key=lambda r: -r.score)
        # only the readings that can be shown become suggestions: the best of each street/place
        # combination, and its close seconds (other district segments) as alternatives
        chosen: list[_Reading] = []
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
        return self._dedupe([self._suggestion(parsed, r) for r in chosen])

    def _link_namesakes(
        self,
        child: int,
        parent: int,
        namesakes: list[set[int]],
        variants: list[_Variants],
        hints: list[tuple[str | None, str]],
        region: int | None,
        extras: list[dict[int, _Cand]],
    ) -> int:
        """Add the exactly named places of part ``child`` whose parent street bears part ``parent``'s name;
        returns how many were found."""
        if not namesakes[child] or not namesakes[parent]:
            return 0
        rk = self.index.record_kind
        codes = _STREETISH_CODES if hints[parent][0] in scorer.STREETISH else _LINEAR_CODES
        linear = [r for r in namesakes[parent] if rk[r] in codes]
        if not linear or len(linear) > MAX_EXACT_CONTAINERS:
            return 0
        streets: dict[str, list[int]] = {}
        for ridx in linear:
            streets.setdefault(self.records[ridx].street_key, []).append(ridx)
        parent_key = self.index.parent_key
        found = 0
        for ridx in namesakes[child]:
            pk = parent_key[ridx]
            parents = streets.get(pk) if pk is not None else None
            if parents:
                found += 1
                self._add_scored(extras[child], ridx, variants[child], *hints[child], region)
                for p in parents:
                    self._add_scored(extras[parent], p, variants[parent], *hints[parent], region)
        return found

    def _pair_namesakes(
        self,
        a: int,
        b: int,
        namesakes: list[set[int]],
        variants: list[_Variants],
        hints: list[tuple[str | None, str]],
        region: int | None,
        extras: list[dict[int, _Cand]],
    ) -> None:
        """Add the exactly named places of parts ``a`` and ``b`` that lie near each other."""
        small, large = (a, b) if len(namesakes[a]) <= len(namesakes[b]) else (b, a)
        if len(namesakes[small]) > MAX_NEAR_PROBES or len(namesakes[small]) + len(namesakes[large]) <= PART_WIDTH:
            return
        pairs = self.index.near_pairs(namesakes[small], namesakes[large], NEAR_RADIUS_M)
        for ridx, close in pairs.items():
            self._add_scored(extras[small], ridx, variants[small], *hints[small], region)
            for other in close:
                self._add_scored(extras[large], other, variants[large], *hints[large], region)

    def _of_kind(self, ridxs: set[int], kind: str | None, subkind: str) -> set[int]:
        """The namesakes a typed part can mean (``م حافظ``: squares, not the streets called حافظ), for
        pairing with the other parts; all of them when no type word was typed."""
        codes = _KIND_FAMILY_CODES.get(kind or "")
        if codes is None:
            return ridxs
        if subkind == "crossroads":
            codes = codes | _STREETISH_CODES
        rk = self.index.record_kind
        return {r for r in ridxs if rk[r] in codes}

    def _distinct(self, cands: list[_Cand], k: int) -> list[_Cand]:
        """Candidates (sorted best first) of the first ``k`` distinct streets/places, all segments kept."""
        seen: set[str] = set()
        out: list[_Cand] = []
        for c in cands:
            key = self.records[c.ridx].street_key
            if key not in seen:
                if len(seen) >= k:
                    continue
                seen.add(key)
            out.append(c)
        return out

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
            alt = DistrictAlternative(
                record_id=s.record_id or "",
                district_code=s.district_code,
                district_name=s.district_name,
                region_no=s.region_no,
                region_name=s.region_name,
                lon=s.lon,
                lat=s.lat,
                score=s.score,
            )
            kept[by_key[key]] = _with_alternatives(first, first.alternatives + (alt,))
        return kept

    def _hint(self, parsed: ParsedQuery, i: int) -> tuple[str | None, str]:
        part = parsed.parts[i]
        kind, subkind = part.kind, part.subkind
        parts = parsed.parts
        in_crossing = part.relation == "intersection" or (
            i + 1 < len(parts) and parts[i + 1].relation == "intersection"
        )
        if in_crossing and (kind is None or subkind == "crossroads"):
            return "street", ""
        return kind, subkind

    def _score_record(self, ridx: int, v: _Variants) -> float:
        idx = self.index
        start, end = idx.record_key_start[ridx], idx.record_key_start[ridx + 1]
        if end - start == 1:
            return v.key_score(idx, start)
        return max((v.key_score(idx, kid) for kid in range(start, end)), default=0.0)

    def _total(
        self, ridx: int, name_score: float, kind: str | None, subkind: str, region: int | None, word: str = ""
    ) -> _Cand:
        rec = self.records[ridx]
        total = name_score + scorer.kind_adjustment(kind, subkind, rec, self.index.type_word[ridx], word)
        if region is not None and rec.region_no == region:
            total += scorer.REGION_BOOST
        return _Cand(ridx, total, name_score, rec.street_key, self.index.parent_key[ridx])

    def _add_scored(
        self, into: dict[int, _Cand], ridx: int, v: _Variants, kind: str | None, subkind: str, region: int | None
    ) -> None:
        if ridx in into:
            return
        s = self._score_record(ridx, v)
        if s >= scorer.MIN_NAME_SCORE:
            into[ridx] = self._total(ridx, s, kind, subkind, region, v.type_word)

    def _part_candidates(
        self, v: _Variants, kind: str | None, subkind: str, region: int | None, width: int
    ) -> tuple[list[_Cand], set[int]]:
        """The best-scored candidate records, and every record whose name the query gives exactly.

        Names are scored once each; a name is expanded into records (those of the wanted kind and
        region first) only while it can still place a record among the best ``width``.
        """
        idx = self.index
        exact = {idx.name_of[c] for c in v.compacts if c in idx.name_of}
        if exact:  # the name exists as typed: near misses only need a glance
            nids = set(idx.candidates(v.compacts, v.tokens, NEAR_MISS_LIMIT, v.window, NEAR_MISS_BUDGET))
        else:
            nids = set(idx.candidates(v.compacts, v.tokens, CANDIDATE_LIMIT, v.window))
        nids |= exact
        scored = []
        for nid in nids:
            best = max(v.name_scores(idx, nid))
            if best >= scorer.MIN_NAME_SCORE:
                scored.append((best, nid))
        scored.sort(reverse=True)
        namesakes: set[int] = set()
        for nid in exact:
            namesakes |= idx.name_records(nid)
        if not exact and scored:
            # a typo: the few names it is closest to stand in for the exact name, so the street and the
            # alley named together can still be paired across the whole city
            floor = max(NEAR_NAME_FLOOR, scored[0][0] - NEAR_NAME_MARGIN)
            for best, nid in scored[:NEAR_NAMES]:
                if best >= floor:
                    namesakes |= idx.name_records(nid)
        found: dict[int, _Cand] = {}
        per_name = 2 * width + 4
        boost = scorer.REGION_BOOST if region is not None else 0.0
        top: list[float] = []  # min-heap of the best ``width`` totals so far
        for best, nid in scored:
            if len(top) >= width and best + boost <= top[0]:
                break  # names are sorted: no later one can enter the best ``width``
            keys = idx.name_keys[nid]
            if len(keys) > per_name:
                keys = self._prefer(nid, kind, region, v.type_word)[:per_name]
            for kid in keys:
                s = v.key_score(idx, kid)
                if s < scorer.MIN_NAME_SCORE:
                    continue
                ridx = idx.key_record[kid]
                cand = self._total(ridx, s, kind, subkind, region, v.type_word)
                old = found.get(ridx)
                if old is None or old.score < cand.score:
                    found[ridx] = cand
                    if len(top) < width:
                        heappush(top, cand.score)
                    elif cand.score > top[0]:
                        heapreplace(top, cand.score)
        return sorted(found.values(), key=lambda c: -c.score), namesakes

    def _prefer(self, nid: int, kind: str | None, region: int | None, word: str = "") -> Sequence[int]:
        """Keys of a common name, those of the wanted kind (and region) first; before them, the keys of
        records whose own name starts with the type word typed (شهرک آزادگان, a landmark, for شهرک)."""
        idx = self.index
        keys = idx.name_keys[nid]
        if word:
            kr, tw = idx.key_record, idx.type_word
            same = [k for k in keys if tw[kr[k]] == word]
            if same:
                rest = self._prefer(nid, kind, region)
                have = set(same)
                return same + [k for k in rest if k not in have]
        code = KIND_CODES.get(kind) if kind else None
        if code is not None and nid in idx.name_kind_keys:
            first = idx.name_kind_keys[nid].get(code, ())
            keys = list(first) + [k for c, ks in idx.name_kind_keys[nid].items() if c != code for k in ks]
            code = None
        if code is None and region is None:
            return keys
        rk, kr, recs = idx.record_kind, idx.key_record, self.records
        best: list[int] = []
        rest: list[int] = []
        for kid in keys:
            ridx = kr[kid]
            if (code is None or rk[ridx] == code) and (region is None or recs[ridx].region_no == region):
                best.append(kid)
            else:
                rest.append(kid)
        return best + rest

    def _with_group_members(
        self, cands: list[_Cand], v: _Variants, parsed: ParsedQuery, i: int, region: int | None
    ) -> list[_Cand]:
        have = {c.ridx for c in cands}
        kind, subkind = self._hint(parsed, i)
        out = list(cands)
        for c in cands:
            rec = self.records[c.ridx]
            if not rec.group_id:
                continue
            for ridx in self.index.group_members(rec):
                if ridx not in have:
                    have.add(ridx)
                    s = self._score_record(ridx, v)
                    out.append(self._total(ridx, s, kind, subkind, region, v.type_word))
        out.sort(key=lambda c: -c.score)
        return out

    # --- consistency -----------------------------------------------------------------------------
    def _beam(self, parsed: ParsedQuery, cands: list[list[_Cand]]) -> list[_Reading]:
        n = len(parsed.parts)
        cache: dict[tuple[int, int], tuple[float, float, float, bool]] = {}
        containers = [parsed.container_index(i) for i in range(n)]
        states = [_Reading((), 0.0)]
        for i in range(n):
            options: list[_Cand | None] = [*cands[i][:BEAM_OPTIONS], None]
            nxt: list[_Reading] = []
            for st in states:
                base = sum(c.score for c in st.assign if c is not None)
                for c in options:
                    bonus = st.bonus + (self._pair_bonus(parsed, st.assign, i, c, cache, containers) if c else 0.0)
                    total = base + (c.score if c else 0.0)
                    partial = total / (i + 1) + max(-40.0, min(12.0, bonus))
                    nxt.append(_Reading(st.assign + (c,), bonus, partial))
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
        assign: tuple[_Cand | None, ...],
        i: int,
        cand: _Cand,
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

    # --- output ------------------------------------------------------------------------------------
    def _suggestion(self, parsed: ParsedQuery, reading: _Reading) -> Suggestion:
        parts = parsed.parts
        assign = reading.assign
        recs = [self.records[c.ridx] if c else None for c in assign]
        p = parsed.primary_index or 0
        if assign[p] is not None and parts[p].relation != "intersection":
            # "ک نیلوفر خ شریعتی": the alley named before its street is still the address
            street_key = assign[p].street_key  # type: ignore[union-attr]
            for j, c in enumerate(assign):
                if j != p and c is not None and not parts[j].is_reference and c.parent_key == street_key:
                    p = j
                    break
        kind: str
        point: tuple[float, float]
        anchor: GazetteerRecord
        record_id: str | None
        prev_rec = recs[p - 1] if p > 0 else None
        main = recs[p]
        derived = False  # the point is worked out from two places, not a record's own point
        if parts[p].relation == "intersection" and main is not None and prev_rec is not None:
            if prev_rec.is_linear and main.is_linear:
                lon, lat = self._crossing(prev_rec, main)
            else:
                lon, lat = (prev_rec.lon + main.lon) / 2, (prev_rec.lat + main.lat) / 2
            kind, point, anchor, record_id = "intersection", (lon, lat), prev_rec, None
            derived = True
        else:
            eff = p if main is not None else _fallback(parsed, recs, p)
            anchor = recs[eff]  # type: ignore[assignment]
            assert anchor is not None
            kind, record_id = anchor.kind, anchor.id
            point = (anchor.lon, anchor.lat)
            ref = next((r for j, r in enumerate(recs) if r is not None and parts[j].is_reference), None)
            if ref is not None and anchor.is_linear and ref is not anchor:
                line = self._group_line(anchor, ref, CROSSING_SEARCH_M)
                if ref.is_linear and ref.line is not None:
                    lon, lat = self._crossing(anchor, ref)
                    _, lon, lat = scorer.nearest_point_on_line(line, lon, lat)
                else:
                    _, lon, lat = scorer.nearest_point_on_line(line, ref.lon, ref.lat)
                point = (lon, lat)
                derived = True
            elif anchor.is_linear and parts[eff].relation in ("at", "start", "end"):
                street = next((r for j, r in enumerate(recs) if j != eff and r is not None and r.is_linear), None)
                if street is not None:
                    point = _alley_point(anchor, street, parts[eff].relation)  # type: ignore[arg-type]
        where: GazetteerRecord = anchor
        if derived and self.areas:
            # the district that covers the derived point, and the segment of the street lying in it
            located = self.areas.locate(point[0], point[1])
            if located is not None:
                where = located
                if record_id is not None and anchor.group_id and anchor.district_code != located.district_code:
                    for ridx in self.index.group_members(anchor):
                        seg = self.records[ridx]
                        if seg.district_code == located.district_code:
                            record_id = seg.id
                            break
        matched = tuple(
            MatchedPart(
                part=j,
                text=part.text,
                relation=part.relation,
                record_id=r.id if r else None,
                label=self._label_of(r) if r else None,
                kind=r.kind if r else None,
                score=round(assign[j].score, 1) if assign[j] else 0.0,  # type: ignore[union-attr]
            )
            for j, (part, r) in enumerate(zip(parts, recs))
        )
        score = max(0.0, min(100.0, reading.score))
        return Suggestion(
            label=_label(parsed, recs, self._label_of),
            kind=kind,
            region_no=where.region_no,
            region_name=where.region_name,
            district_code=where.district_code,
            district_name=where.district_name,
            lon=round(point[0], 7),
            lat=round(point[1], 7),
            score=round(score, 1),
            synthetic=any(r.synthetic for r in recs if r is not None),
            matched_parts=matched,
            record_id=record_id,
            units=dict(parsed.units),
            rank=reading.score,
        )


# --- helpers ---------------------------------------------------------------------------------------


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


def _with_alternatives(s: Suggestion, alts: tuple[DistrictAlternative, ...]) -> Suggestion:
    return replace(s, alternatives=alts)


def _with_score(s: Suggestion, score: float, rank: float) -> Suggestion:
    return replace(s, score=round(max(0.0, min(100.0, score)), 1), rank=rank)


def _split_readings(parsed: ParsedQuery) -> list[ParsedQuery]:
    """Readings of an untyped multi-word part as two places (``ولیعصر ونک``)."""
    out: list[ParsedQuery] = []
    for i, part in enumerate(parsed.parts):
        toks = part.name_tokens
        if part.type_word or len(toks) < 2 or len(toks) > 4 or part.relation == "intersection":
            continue
        if any(t in ab.HONORIFICS for t in toks[:-1]):
            continue
        for cut in range(1, len(toks)):
            first = QueryPart(toks[:cut], relation=part.relation, relation_word=part.relation_word)
            second = QueryPart(toks[cut:])
            parts = parsed.parts[:i] + (first, second) + parsed.parts[i + 1 :]
            out.append(ParsedQuery(parsed.text, parsed.tokens, parts, dict(parsed.units)))
    return out
