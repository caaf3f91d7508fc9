"""``Gazetteer``: the matcher's entry point, resolving a parsed query part by part."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from gazetteer import abbreviations as ab
from gazetteer.areas import AreaLocator
from gazetteer.index import GazetteerIndex
from gazetteer.matcher.assembly import Assembly
from gazetteer.matcher.beam import BeamSearch, choose_readings
from gazetteer.matcher.housenumbers import HouseNumbers
from gazetteer.matcher.limits import (
    MAX_NAMESAKES_SHOWN,
    PART_WIDTH,
    SPLIT_PENALTY,
    WHOLE_NAME_BONUS,
    WHOLE_NAME_FLOOR,
)
from gazetteer.matcher.namesakes import NamesakeSearch
from gazetteer.matcher.results import Suggestion, as_alternative, with_score
from gazetteer.parse import ParsedQuery, QueryPart, parse_query
from gazetteer.records import LINEAR_KINDS


class Gazetteer(NamesakeSearch, BeamSearch, Assembly):
    """Suggest places for loose Persian address fragments.

    Build once per process (``Gazetteer(records)``) and share it: it is read-only after building.
    A long-lived server should call ``gc.freeze()`` after building, so the cyclic collector does not
    rescan the hundreds of thousands of index objects during a request (an ~80 ms pause otherwise).
    """

    def __init__(self, records: Any = (), *, index: GazetteerIndex | None = None, address_points: Any = ()) -> None:
        self.index = index if index is not None else GazetteerIndex.build(records)
        self.house_numbers = HouseNumbers(self.index, address_points)  # AddressPoint / AddressRange
        self.records = self.index.records
        self.areas = AreaLocator(self.records)
        self._labels: dict[str, str] = {}
        self._group_lines: dict[str, Any] = {}

    def parse(self, query: str) -> ParsedQuery:
        return parse_query(query, self.index.lexicon)

    # --- public --------------------------------------------------------------------------------
    def suggest(self, query: str, limit: int = 10, region: int | None = None) -> list[Suggestion]:
        """Ranked readings of ``query``; ``region`` boosts (never filters) that region's places."""
        numbered = self.house_numbers.suggest(self.suggest, query, limit, region)  # "Mannerheimintie 12 A"
        if numbered is not None:
            return numbered
        parsed = parse_query(query, self.index.lexicon)
        if not parsed.parts or limit <= 0:
            return []
        region = int(region) if region is not None else parsed.region_named
        results = self._resolve(parsed, region, limit)
        whole = self._whole_name(parsed, region, limit)
        if whole:
            # a pairing that holds the record the whole query names counts that record twice: it goes
            named = {s.record_id for s in whole}
            results = [s for s in results if not _pairs_with(s, named)] + whole
            results = self._dedupe(results)
        best = max((s.rank for s in results), default=0.0)
        if best < 85.0:
            for alt in _split_readings(parsed):
                for s in self._resolve(alt, region, limit):
                    results.append(with_score(s, s.score - SPLIT_PENALTY, s.rank - SPLIT_PENALTY))
            results = self._dedupe(results)
        results.sort(key=lambda s: -s.rank)
        return _with_namesakes(results[:limit], results)

    def _whole_name(self, parsed: ParsedQuery, region: int | None, limit: int) -> list[Suggestion]:
        """The whole query may be one record's name (مرکزخرید میلاد نور شهرک قدس, مترو شاهد - باقرشهر): a near-exact
        match of all of it (with its unit-like words, or without them) outranks any pairing of its pieces; a single
        typed part may be a name that holds its type word (بوستان لاله, the metro station): that reading only joins
        the others."""
        readings = _whole_readings(parsed)
        if len(parsed.parts) == 1 and not parsed.units:
            # only when some name holds the type word so: else the typed reading alone (and half the work)
            readings = [r for r in readings if r.parts[0].compact in self.index.name_of]
        bonus = WHOLE_NAME_BONUS if len(parsed.parts) > 1 or parsed.units else 0.0
        out = []
        for reading in readings:
            for s in self._resolve(reading, region, limit):
                if s.matched_parts and s.matched_parts[0].score >= WHOLE_NAME_FLOOR:
                    out.append(with_score(s, s.score, s.rank + bonus))
        return out

    # --- resolution -----------------------------------------------------------------------------
    def _resolve(self, parsed: ParsedQuery, region: int | None, limit: int) -> list[Suggestion]:
        n = len(parsed.parts)
        width = max(limit * 2, PART_WIDTH) if n == 1 else PART_WIDTH
        work = self._query_work(parsed, region, width)
        for i in range(n):  # every part's extras from the other parts' own candidates ...
            self._part_extras(work, i)
        for i in range(n):  # ... before any part's candidates are narrowed
            work.cands[i] = self._kept(work, i, width)
        chosen = choose_readings(self._readings(parsed, work.cands), limit)
        return self._dedupe([self._suggestion(parsed, r) for r in chosen])


def _with_namesakes(shown: list[Suggestion], found: list[Suggestion]) -> list[Suggestion]:
    """Each suggestion with the places of the same name and kind in other regions (among all readings found), so
    the operator sees that «میدان آزادی» exists in regions 2 and 9 before choosing."""
    by_name: dict[tuple[str, str], list[Suggestion]] = {}
    for s in found:
        by_name.setdefault((s.kind, _name_key(s.label)), []).append(s)
    out = []
    for s in shown:
        regions = {s.region_no, *(a.region_no for a in s.alternatives)}
        others = []
        for t in by_name[(s.kind, _name_key(s.label))]:
            if t.region_no not in regions and len(others) < MAX_NAMESAKES_SHOWN:
                regions.add(t.region_no)
                others.append(as_alternative(t))
        out.append(replace(s, elsewhere=tuple(others)) if others else s)
    return out


def _name_key(label: str) -> str:
    return "".join(label.replace("\u200c", " ").split())


def _pairs_with(s: Suggestion, records: set[str | None]) -> bool:
    matched = [m.record_id for m in s.matched_parts if m.record_id is not None]
    return len(matched) > 1 and any(r in records for r in matched)


def _whole_readings(parsed: ParsedQuery) -> list[ParsedQuery]:
    """The whole query read as one name, with the type word it starts with, when it was read as several parts or
    with units and no relation links its parts: with its unit-like words (شهرداری منطقه ۲۲ ساختمان شماره ۱) and,
    if it has units, without them (میدان معلم - شهرداری منطقه ۲۰، ورودی ۷); a single typed part read untyped,
    its type word a word of the name."""
    parts = parsed.parts
    # a relation word between the parts says they are two places; a bare «و» may be a word of one name
    # (دانشکده جغرافیا و شهرسازی دانشگاه آزاد)
    if not parts or any(p.relation and p.relation_word != ab.CONJUNCTION for p in parts[1:]):
        return []
    first = parts[0]
    if len(parts) > 1 and (first.kind in LINEAR_KINDS or any(p.kind == "alley" for p in parts[1:])):
        return []  # «خ یاس ک رحیمی»: a street's name never runs on into another type word (and half the work)
    relation = {"relation": first.relation, "relation_word": first.relation_word}
    if len(parts) == 1 and not parsed.units:
        if not first.type_word:
            return []
        one = QueryPart((first.type_word, *first.name_tokens), **relation)  # untyped
        return [ParsedQuery(parsed.text, parsed.tokens, (one,), {})]
    tokens = parsed.tokens
    if first.relation_word and tokens and tokens[0] == first.relation_word:
        tokens = tokens[1:]
    if first.type_word and tokens and (tokens[0] == first.type_word or tokens[0] != first.name_tokens[0]):
        tokens = tokens[1:]  # the type word, as typed or with a slip (متررو)
    names = list(first.name_tokens)
    for part in parts[1:]:
        if part.relation_word == ab.CONJUNCTION:
            names.append(ab.CONJUNCTION)
        names.extend((part.type_word, *part.name_tokens) if part.type_word else part.name_tokens)
    out = []
    # all the words are a name (units none); the names alone keep the units read around them
    for words, units in ((tuple(tokens), {}), (tuple(names), dict(parsed.units))):
        if words and all(words != p.parts[0].name_tokens for p in out):
            one = QueryPart(words, type_word=first.type_word, kind=first.kind, subkind=first.subkind, **relation)
            out.append(ParsedQuery(parsed.text, parsed.tokens, (one,), units))
    return out


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
