"""``Gazetteer``: the matcher's entry point, resolving a parsed query part by part."""

from __future__ import annotations

from typing import Any

from gazetteer import abbreviations as ab
from gazetteer.areas import AreaLocator
from gazetteer.index import GazetteerIndex
from gazetteer.matcher.assembly import Assembly
from gazetteer.matcher.beam import BeamSearch, choose_readings
from gazetteer.matcher.housenumbers import HouseNumbers
from gazetteer.matcher.limits import PART_WIDTH, SPLIT_PENALTY
from gazetteer.matcher.namesakes import NamesakeSearch
from gazetteer.matcher.results import Suggestion, with_score
from gazetteer.parse import ParsedQuery, QueryPart, parse_query


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
        region = int(region) if region is not None else None
        results = self._resolve(parsed, region, limit)
        best = results[0].rank if results else 0.0
        if best < 85.0:
            for alt in _split_readings(parsed):
                for s in self._resolve(alt, region, limit):
                    results.append(with_score(s, s.score - SPLIT_PENALTY, s.rank - SPLIT_PENALTY))
            results = self._dedupe(results)
        results.sort(key=lambda s: -s.rank)
        return results[:limit]

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
