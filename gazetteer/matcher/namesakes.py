"""Places found through the other parts of a query: the alleys of the named street, the namesakes of a
common name lying near the other parts' candidates."""

from __future__ import annotations

from gazetteer import scorer
from gazetteer.matcher.candidates import Cand, CandidateSearch, QueryWork, Variants
from gazetteer.matcher.limits import (
    CONTAINER_FANOUT,
    LINEAR_CODES,
    MAX_EXACT_CONTAINERS,
    MAX_NEAR_PROBES,
    NEAR_FANOUT,
    NEAR_RADIUS_M,
    PART_WIDTH,
    STREETISH_CODES,
)


class NamesakeSearch(CandidateSearch):
    """Pairing the candidates of related parts through the hierarchy and through distance."""

    def _part_extras(self, work: QueryWork, i: int) -> None:
        """Add to ``work.extras[i]`` the places of part ``i`` that the other parts point at."""
        c = work.parsed.container_index(i)
        linked = self._container_extras(work, i, c)
        if linked and c == i - 1:
            return  # the street and its alley were paired through the hierarchy: no need to go by distance
        namesakes = work.namesakes
        if i > 0 and namesakes[i] and namesakes[i - 1]:
            # both names given exactly: the namesakes of one lying near the namesakes of the other
            self._pair_namesakes(i - 1, i, namesakes, work.variants, work.hints, work.region, work.extras)
        elif len(namesakes[i]) > PART_WIDTH:
            self._near_extras(work, i)

    def _container_extras(self, work: QueryWork, i: int, c: int | None) -> int:
        """Part ``i`` inside the street of part ``c`` (an alley of a street): among all the streets bearing
        the name (or the names a typo is closest to), those having an alley of the name (both stay in
        the running); also when the alley was named first.  Failing that, the alleys of the best
        candidate streets, named loosely.  Returns how many were paired through the hierarchy."""
        if c is None or work.parsed.parts[i].is_reference:
            return 0
        hints = work.hints
        args = (work.namesakes, work.variants, hints, work.region, work.extras)
        linked = 0
        if hints[c][0] != "alley":
            linked += self._link_namesakes(i, c, *args)
        if hints[c][0] == "alley" or hints[i][0] in scorer.STREETISH:
            linked += self._link_namesakes(c, i, *args)
        if not linked:
            kind, subkind = hints[i]
            for cand in self._distinct(work.cands[c], CONTAINER_FANOUT):
                for ridx in self.index.children_of(self.records[cand.ridx]):
                    self._add_scored(work.extras[i], ridx, work.variants[i], kind, subkind, work.region)
        return linked

    def _near_extras(self, work: QueryWork, i: int) -> None:
        """A common name: keep the namesakes of part ``i`` lying near the other parts' candidates."""
        kind, subkind = work.hints[i]
        for j, cands in enumerate(work.cands):
            if j == i or not cands:
                continue
            for cand in self._distinct(cands, NEAR_FANOUT):
                rec = self.records[cand.ridx]
                for ridx in self.index.near(rec.lon, rec.lat, NEAR_RADIUS_M, work.namesakes[i]):
                    self._add_scored(work.extras[i], ridx, work.variants[i], kind, subkind, work.region)

    def _link_namesakes(
        self,
        child: int,
        parent: int,
        namesakes: list[set[int]],
        variants: list[Variants],
        hints: list[tuple[str | None, str]],
        region: int | None,
        extras: list[dict[int, Cand]],
    ) -> int:
        """Add the exactly named places of part ``child`` whose parent street bears part ``parent``'s name;
        returns how many were found."""
        if not namesakes[child] or not namesakes[parent]:
            return 0
        rk = self.index.record_kind
        codes = STREETISH_CODES if hints[parent][0] in scorer.STREETISH else LINEAR_CODES
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
        variants: list[Variants],
        hints: list[tuple[str | None, str]],
        region: int | None,
        extras: list[dict[int, Cand]],
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
