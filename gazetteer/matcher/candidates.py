"""Candidate records for one query part: the name forms compared, n-gram candidates scored, kind and
region preferences, the other segments of a candidate street."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from heapq import heappush, heapreplace
from typing import Any

from gazetteer import scorer
from gazetteer.index import FLAG_ALIAS, FLAG_SEGMENT, FLAG_STRIPPED, KIND_CODES, GazetteerIndex
from gazetteer.matcher.limits import (
    ALIAS_PENALTY,
    CANDIDATE_LIMIT,
    KIND_FAMILY_CODES,
    NEAR_MISS_BUDGET,
    NEAR_MISS_LIMIT,
    NEAR_NAME_FLOOR,
    NEAR_NAME_MARGIN,
    NEAR_NAMES,
    OUTSIDE_PENALTY,
    SEGMENT_PENALTY,
    STREETISH_CODES,
    SYNTHETIC_PENALTY,
    TYPE_WORD_LEFT_OUT,
)
from gazetteer.parse import ParsedQuery, QueryPart
from gazetteer.records import AREA_KINDS


@dataclass(frozen=True, slots=True)
class Cand:
    ridx: int
    score: float  # name + kind + region + tie-breaks
    name_score: float
    street_key: str  # the record's street group (its own id when it has none)
    parent_key: str | None  # the street group of its parent
    tie_break: float = 0.0  # the part of ``score`` that only orders equals (never shown)



class Variants:
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


@dataclass(slots=True)
class QueryWork:
    """What is known about each part of one parsed query while it is resolved."""

    parsed: ParsedQuery
    region: int | None
    variants: list[Variants]
    hints: list[tuple[str | None, str]]  # (kind, subkind) each part is read as
    cands: list[list[Cand]] = field(default_factory=list)  # scored candidates, best first
    namesakes: list[set[int]] = field(default_factory=list)  # records bearing the name exactly
    extras: list[dict[int, Cand]] = field(default_factory=list)  # places found through the other parts


class CandidateSearch:
    """The candidate part of ``Gazetteer``: scoring records against a part's name forms."""

    index: GazetteerIndex
    records: Any

    def _query_work(self, parsed: ParsedQuery, region: int | None, width: int) -> QueryWork:
        """Every part's own candidates and exact namesakes (of the kind it is typed as)."""
        n = len(parsed.parts)
        variants = [Variants(p) for p in parsed.parts]
        hints = [self._hint(parsed, i) for i in range(n)]
        work = QueryWork(parsed, region, variants, hints, extras=[{} for _ in range(n)])
        for v, hint in zip(variants, hints):
            found, exact = self._part_candidates(v, *hint, region, width)
            work.cands.append(found)
            work.namesakes.append(self._of_kind(exact, *hint))
        return work

    def _kept(self, work: QueryWork, i: int, width: int) -> list[Cand]:
        """Part ``i``'s candidates for the beam: the places found through the other parts (the alleys of
        the named street, namesakes near the named square) always stay in the running, however common
        their name, and go first so that they win ties when the beam is pruned; then the best
        ``width`` streets/places of its own, with their other district segments."""
        own = self._distinct(work.cands[i], width)
        kept = self._with_group_members(own, work.variants[i], work.parsed, i, work.region)
        found = sorted(work.extras[i].values(), key=lambda c: -c.score)
        have = set(work.extras[i])
        found.extend(c for c in kept if c.ridx not in have)
        return found

    def _of_kind(self, ridxs: set[int], kind: str | None, subkind: str) -> set[int]:
        """The namesakes a typed part can mean (``م حافظ``: squares, not the streets called حافظ), for
        pairing with the other parts; all of them when no type word was typed."""
        codes = KIND_FAMILY_CODES.get(kind or "")
        if codes is None:
            return ridxs
        if subkind == "crossroads":
            codes = codes | STREETISH_CODES
        rk = self.index.record_kind
        return {r for r in ridxs if rk[r] in codes}

    def _distinct(self, cands: list[Cand], k: int) -> list[Cand]:
        """Candidates (sorted best first) of the first ``k`` distinct streets/places, all segments kept."""
        seen: set[str] = set()
        out: list[Cand] = []
        for c in cands:
            key = self.records[c.ridx].street_key
            if key not in seen:
                if len(seen) >= k:
                    continue
                seen.add(key)
            out.append(c)
        return out

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

    def _score_record(self, ridx: int, v: Variants) -> float:
        idx = self.index
        start, end = idx.record_key_start[ridx], idx.record_key_start[ridx + 1]
        if end - start == 1:
            return v.key_score(idx, start)
        return max((v.key_score(idx, kid) for kid in range(start, end)), default=0.0)

    def _total(
        self, ridx: int, name_score: float, kind: str | None, subkind: str, region: int | None, word: str = ""
    ) -> Cand:
        rec = self.records[ridx]
        total = name_score + scorer.kind_adjustment(kind, subkind, rec, self.index.type_word[ridx], word)
        tie = 0.0
        if rec.synthetic:
            tie -= SYNTHETIC_PENALTY  # a generated demo street yields to a real place of the same name
        if rec.region_no is None and rec.kind not in AREA_KINDS:
            tie -= OUTSIDE_PENALTY  # a place outside every region (the airport) yields to one in the city
        if not word and kind is None and self.index.type_word[ridx]:
            # «وزارت دادگستری» typed: the ministry, whose whole name it is, before «بیمارستان وزارت دادگستری»
            tie -= TYPE_WORD_LEFT_OUT
        if region is not None and rec.region_no == region:
            total += scorer.REGION_BOOST
        return Cand(ridx, total + tie, name_score, rec.street_key, self.index.parent_key[ridx], tie)

    def _add_scored(
        self, into: dict[int, Cand], ridx: int, v: Variants, kind: str | None, subkind: str, region: int | None
    ) -> None:
        if ridx in into:
            return
        s = self._score_record(ridx, v)
        if s >= scorer.MIN_NAME_SCORE:
            into[ridx] = self._total(ridx, s, kind, subkind, region, v.type_word)

    def _part_candidates(
        self, v: Variants, kind: str | None, subkind: str, region: int | None, width: int
    ) -> tuple[list[Cand], set[int]]:
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
        found: dict[int, Cand] = {}
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
        rk, kr, recs = idx.record_kind, idx.key_record, self.records
        if code is None and region is None:
            return sorted(keys, key=lambda k: recs[kr[k]].synthetic)  # real places before generated namesakes
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
        self, cands: list[Cand], v: Variants, parsed: ParsedQuery, i: int, region: int | None
    ) -> list[Cand]:
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

