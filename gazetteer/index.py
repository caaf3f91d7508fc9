"""The in-memory index: candidate generation without scanning every entry.

``GazetteerIndex.build(records)`` derives *keys* from every record — its name and aliases (and
English name), normalised, with a leading type word removed (``بیمارستان شهید رجایی`` → ``شهید رجایی``),
plus the same with honorifics removed (``رجایی``) — and indexes them four ways:

* **n-grams**: bigrams and trigrams of each key's compact (space-free) form, padded at both ends
  (``\\x02\\x02ونک\\x03``) and marked with the key's length, so a query only meets keys of a similar
  length (an edit-distance filter); and word-prefix grams (``\\x01`` + the first 2 and 3 letters of
  every word), unmarked, for as-you-type and partial names.  Posting lists are ``array('I')`` of key ids.
* **names**: compact key → name id → key ids, so exact names are never lost among near misses.
* **hierarchy**: parent id / group id → child record indexes (the alleys of a street).
* **grid**: a ~500 m spatial hash of record indexes (lines are entered in every cell they cross), for
  "what is near that square" during resolution.

It also holds the ``Lexicon`` of the words names are made of (for reading fused or name-internal type
words in queries), and every name whose first word fuses a type word (``سینماشیرین``) is also keyed
without it, as the query reader splits it.

``candidates()`` counts shared grams over the *rarest* posting lists first, within a budget, and keeps
the best few hundred keys by overlap; the matcher scores only those with rapidfuzz.
Strings are interned and numbers kept in arrays to keep the index compact.
"""

from __future__ import annotations

import math
import re
import sys
from array import array
from collections import Counter
from collections.abc import Iterable, Sequence
from heapq import nlargest
from itertools import chain, pairwise
from operator import itemgetter

from gazetteer import abbreviations as ab
from gazetteer.normalize import canonical_tokens, fold, strip_honorifics
from gazetteer.parse import _INNER_WORDS, Lexicon
from gazetteer.records import KINDS, GazetteerRecord

__all__ = ["GazetteerIndex", "query_grams", "record_keys"]

FLAG_STRIPPED = 1  # key is the name with honorifics removed
FLAG_ALIAS = 2  # key comes from an alias or the English name
FLAG_SPELLED = 4  # key keeps number words spelled out
FLAG_SEGMENT = 8  # key is one bracketed or dash-separated piece of the name
_SEGMENT_SPLIT = re.compile(r"[()\[\]«»\-–—/|]+")

PAD_START = "\x02\x02"
PAD_END = "\x03"
PREFIX_MARK = "\x01"

COMMON_NAME = 32  # names borne by this many keys get their keys grouped by kind
_COS_CITY = 1.0
GRID_DEG = 0.005  # ~450 m of longitude, ~550 m of latitude at Tehran
POSTING_BUDGET = 6_000
MIN_SHARE = 0.4  # a candidate shares at least this share of the best candidate's grams
KIND_CODES: dict[str, int] = {kind: i for i, kind in enumerate(sorted(KINDS))}


def _core(tokens: list[str]) -> list[str]:
    if len(tokens) > 1 and tokens[0] in ab.TYPE_WORDS:
        return tokens[1:]
    return tokens


_FUSED_TYPE_WORDS = tuple(sorted((w for w in ab.TYPE_WORDS if len(w) >= 3), key=len, reverse=True))


def _unfused(tokens: list[str]) -> list[str] | None:
    """A name whose first word is a type word fused to the next (سینماشیرین), split; else None."""
    if not tokens or tokens[0] in ab.TYPE_WORDS:
        return None
    first = tokens[0]
    for word in _FUSED_TYPE_WORDS:
        if first.startswith(word) and len(first) - len(word) >= 3:
            return [word, first[len(word) :], *tokens[1:]]
    return None


def record_keys(record: GazetteerRecord) -> list[tuple[tuple[str, ...], int]]:
    """The normalised name keys of a record: (tokens, flags), distinct by compact form."""
    return _keys_and_type_word(record)[0]


def _keys_and_type_word(record: GazetteerRecord) -> tuple[list[tuple[tuple[str, ...], int]], str]:
    """The record's keys, and the type word its name starts with ("" if none)."""
    out: list[tuple[tuple[str, ...], int]] = []
    type_word = ""
    seen: set[str] = set()
    texts = [(record.name, 0)] + [(a, FLAG_ALIAS) for a in record.aliases]
    if record.name_en:
        texts.append((record.name_en, FLAG_ALIAS))
    # "تهران (صادقیه)", "شهرداری منطقه ۶- یوسف آباد": each piece can be asked for alone
    for text, flag in list(texts):
        pieces = [p for p in _SEGMENT_SPLIT.split(text) if len("".join(canonical_tokens(p))) >= 2]
        if len(pieces) >= 2:
            texts.extend((p, flag | FLAG_SEGMENT) for p in pieces)
    for text, flag in texts:
        tokens = canonical_tokens(text)
        core = _core(tokens)
        if not core:
            continue
        if not type_word and len(core) < len(tokens):
            type_word = tokens[0]
        variants = [(core, 0), (strip_honorifics(core), FLAG_STRIPPED)]
        spelled = _core(canonical_tokens(text, numbers=False))
        if spelled != core:
            variants.append((spelled, FLAG_SPELLED))
        fused = _unfused(tokens)
        if fused is not None:  # "سینماشیرین" is also "سینما شیرین", as the query reader splits it
            if not type_word:
                type_word = fused[0]
            variants.append((fused[1:], 0))
            variants.append((strip_honorifics(fused[1:]), FLAG_STRIPPED))
        for tokens, extra in variants:
            compact = "".join(tokens)
            if compact not in seen:
                seen.add(compact)
                out.append((tuple(tokens), flag | extra))
    return out, type_word


def _length_mark(n: int) -> str:
    return chr(0x30 + min(n, 200))


def _shape_grams(compact: str) -> set[str]:
    """Padded bigrams and trigrams of a compact key (before the length mark is added)."""
    padded = PAD_START + compact + PAD_END
    grams = {padded[i : i + 3] for i in range(len(padded) - 2)}
    grams.update(padded[i : i + 2] for i in range(1, len(padded) - 1))
    return grams


def _prefix_grams(tokens: Iterable[str]) -> set[str]:
    grams: set[str] = set()
    for tok in tokens:
        if len(tok) >= 2:
            grams.add(PREFIX_MARK + tok[:2])
            if len(tok) >= 3:
                grams.add(PREFIX_MARK + tok[:3])
    return grams


def _key_grams(compact: str, tokens: Iterable[str]) -> set[str]:
    mark = _length_mark(len(compact))
    grams = {g + mark for g in _shape_grams(compact)}
    grams |= _prefix_grams(tokens)
    return grams


def query_grams(compact: str, tokens: Sequence[str], window: int) -> set[str]:
    """Grams of a query name: shape grams for every key length within ``window``, plus word prefixes."""
    shapes = _shape_grams(compact)
    n = len(compact)
    grams: set[str] = set()
    for length in range(max(1, n - window), n + window + 1):
        mark = _length_mark(length)
        grams.update(g + mark for g in shapes)
    grams |= _prefix_grams(tokens)
    return grams


def _record_bbox(rec: GazetteerRecord) -> tuple[float, float, float, float]:
    if not rec.line:
        return rec.lon, rec.lat, rec.lon, rec.lat
    xs = [x for part in rec.line for x, _ in part]
    ys = [y for part in rec.line for _, y in part]
    return min(xs), min(ys), max(xs), max(ys)


class GazetteerIndex:
    """Candidate generation, hierarchy and neighbourhood look-ups over a fixed set of records.

    Keys are grouped by their compact form into *names*: thousands of alleys called ۱۲ or نیلوفر share
    one name, so the n-gram postings list distinct names, each name is scored once per query, and
    ``name_keys`` leads from a name back to its keys and records.
    """

    __slots__ = (
        "bbox",
        "children",
        "grid",
        "groups",
        "id_to_index",
        "key_flags",
        "key_name",
        "key_record",
        "lexicon",
        "name_compact",
        "name_keys",
        "name_kind_keys",
        "name_of",
        "name_text",
        "parent_key",
        "type_word",
        "postings",
        "record_key_start",
        "record_kind",
        "records",
    )

    def __init__(self) -> None:
        self.records: tuple[GazetteerRecord, ...] = ()
        self.name_compact: list[str] = []
        self.name_text: list[str] = []
        self.name_keys: list[array] = []
        self.name_of: dict[str, int] = {}
        self.key_record = array("I")
        self.key_name = array("I")
        self.key_flags = bytearray()
        self.record_key_start = array("I")
        self.record_kind = bytearray()
        self.postings: dict[str, array] = {}
        self.children: dict[str, array] = {}
        self.groups: dict[str, array] = {}
        self.id_to_index: dict[str, int] = {}
        self.grid: dict[int, array] = {}
        self.bbox = array("d")  # min lon, min lat, max lon, max lat per record
        self.parent_key: list[str | None] = []  # the street group of each record's parent
        self.type_word: list[str] = []  # the type word each record's name starts with, or ""
        self.name_kind_keys: dict[int, dict[int, array]] = {}  # common names: kind code -> key ids
        self.lexicon = Lexicon(set(), set())  # the words names are made of, for reading queries

    # --- building -----------------------------------------------------------------------------
    @classmethod
    def build(cls, records: Iterable[GazetteerRecord]) -> GazetteerIndex:
        """Index ``records`` (kept by reference, in order)."""
        self = cls()
        self.records = tuple(records)
        intern = sys.intern
        postings = self.postings
        name_of = self.name_of
        for ridx, rec in enumerate(self.records):
            if rec.id in self.id_to_index:
                raise ValueError(f"duplicate record id {rec.id!r}")
            self.id_to_index[intern(rec.id)] = ridx
            self.record_kind.append(KIND_CODES[rec.kind])
            self.record_key_start.append(len(self.key_record))
            self.bbox.extend(_record_bbox(rec))
            keys, type_word = _keys_and_type_word(rec)
            self.type_word.append(intern(type_word))
            for tokens, flags in keys:
                kid = len(self.key_record)
                compact = "".join(tokens)
                nid = name_of.get(compact)
                if nid is None:
                    nid = len(self.name_compact)
                    compact = intern(compact)
                    name_of[compact] = nid
                    self.name_compact.append(compact)
                    self.name_text.append(intern(" ".join(tokens)))
                    self.name_keys.append(array("I"))
                    for gram in _key_grams(compact, tokens):
                        plist = postings.get(gram)
                        if plist is None:
                            postings[intern(gram)] = array("I", (nid,))
                        else:
                            plist.append(nid)
                self.name_keys[nid].append(kid)
                self.key_record.append(ridx)
                self.key_name.append(nid)
                self.key_flags.append(flags)
            if rec.parent_id:
                self._add(self.children, rec.parent_id, ridx)
            if rec.group_id:
                self._add(self.groups, rec.group_id, ridx)
            for cell in self._cells_of(rec):
                plist = self.grid.get(cell)
                if plist is None:
                    self.grid[cell] = array("I", (ridx,))
                else:
                    plist.append(ridx)
        self.record_key_start.append(len(self.key_record))
        self.lexicon = self._lexicon()
        self.parent_key = [self.street_key_of(r.parent_id) if r.parent_id else None for r in self.records]
        for nid, keys in enumerate(self.name_keys):
            if len(keys) >= COMMON_NAME:
                by_kind: dict[int, array] = {}
                for kid in keys:
                    code = self.record_kind[self.key_record[kid]]
                    by_kind.setdefault(code, array("I")).append(kid)
                self.name_kind_keys[nid] = by_kind
        return self

    def _lexicon(self) -> Lexicon:
        vocabulary: set[str] = set()
        inner: set[tuple[str, str, str]] = set()
        intern = sys.intern
        for text in self.name_text:
            tokens = text.split()
            vocabulary.update(map(intern, tokens))
            for a, w, b in zip(tokens, tokens[1:], tokens[2:]):
                if w in _INNER_WORDS:
                    inner.add((a, w, b))
        seen: set[str] = set()
        for rec in self.records:
            for text in (rec.name, *rec.aliases):
                if text not in seen:
                    seen.add(text)
                    vocabulary.update(map(intern, fold(text).split()))
                    # the full name too (the index keys drop a leading type word)
                    tokens = canonical_tokens(text)
                    for a, w, b in zip(tokens, tokens[1:], tokens[2:]):
                        if w in _INNER_WORDS:
                            inner.add((a, w, b))
        return Lexicon(vocabulary, inner)

    @staticmethod
    def _add(table: dict[str, array], key: str, ridx: int) -> None:
        plist = table.get(key)
        if plist is None:
            table[sys.intern(key)] = array("I", (ridx,))
        else:
            plist.append(ridx)

    @staticmethod
    def _cell(lon: float, lat: float) -> int:
        return (math.floor(lon / GRID_DEG) << 20) ^ (math.floor(lat / GRID_DEG) & 0xFFFFF)

    def _cells_of(self, rec: GazetteerRecord) -> set[int]:
        cells = {self._cell(rec.lon, rec.lat)}
        if rec.line:
            for part in rec.line:
                for (x1, y1), (x2, y2) in pairwise(part):
                    steps = max(1, int(max(abs(x2 - x1), abs(y2 - y1)) / (GRID_DEG * 0.5)))
                    for s in range(steps + 1):
                        t = s / steps
                        cells.add(self._cell(x1 + (x2 - x1) * t, y1 + (y2 - y1) * t))
        return cells

    # --- look-ups -------------------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self.records)

    def keys_of(self, ridx: int) -> range:
        """Key ids of record ``ridx``."""
        return range(self.record_key_start[ridx], self.record_key_start[ridx + 1])

    def name_records(self, nid: int) -> set[int]:
        """Every record bearing name ``nid`` (in any of its keys)."""
        kr = self.key_record
        return {kr[k] for k in self.name_keys[nid]}

    def candidates(
        self,
        compacts: Sequence[str],
        tokens: Sequence[str],
        limit: int = 200,
        window: int = 2,
        budget: int | None = None,
    ) -> list[int]:
        """Name ids sharing the most grams with any of ``compacts``, best first (at most ``limit``).

        Shape grams are only looked up for keys whose length is within ``window`` of the query's (an
        edit-distance filter), word-prefix grams for keys of any length (as-you-type, partial names).
        Posting lists are counted rarest first until ``budget`` ids have been seen.
        """
        grams: set[str] = set()
        for compact in compacts:
            grams |= query_grams(compact, tokens, window)
        lists = [p for p in map(self.postings.get, grams) if p]
        if not lists:
            return []
        lists.sort(key=len)
        if budget is None:
            budget = POSTING_BUDGET
        used = 0
        take = len(lists)
        for i, plist in enumerate(lists):
            if i >= 2 and used + len(plist) > budget:
                take = i
                break
            used += len(plist)
        counts: Counter[int] = Counter(chain.from_iterable(lists[:take]))
        if len(counts) <= limit:
            ranked = counts.most_common()
        else:
            ranked = nlargest(limit, counts.items(), key=itemgetter(1))
        floor = max(2, int(ranked[0][1] * MIN_SHARE))
        return [nid for nid, count in ranked if count >= floor]

    def bbox_gap_m(self, a: int, b: int) -> float:
        """Distance in metres between the bounding boxes of records ``a`` and ``b`` (0 if they touch)."""
        bb = self.bbox
        a4, b4 = 4 * a, 4 * b
        dx = max(0.0, bb[a4] - bb[b4 + 2], bb[b4] - bb[a4 + 2]) * _COS_CITY
        dy = max(0.0, bb[a4 + 1] - bb[b4 + 3], bb[b4 + 1] - bb[a4 + 3])
        if dx == 0.0 and dy == 0.0:
            return 0.0
        return math.hypot(dx * math.cos(math.radians(bb[a4 + 1])) / _COS_CITY, dy) * 111_195.0

    def street_key_of(self, record_id: str) -> str:
        """The street group of a record id (a segment id or a group id)."""
        ridx = self.id_to_index.get(record_id)
        return self.records[ridx].street_key if ridx is not None else record_id

    def children_of(self, rec: GazetteerRecord) -> list[int]:
        """Record indexes whose parent is ``rec``, its street group, or any segment of that group."""
        if not rec.group_id:
            return list(self.children.get(rec.id, ()))
        out: list[int] = list(self.children.get(rec.group_id, ()))
        for ridx in self.groups.get(rec.group_id, ()):
            out.extend(self.children.get(self.records[ridx].id, ()))
        return out

    def group_members(self, rec: GazetteerRecord) -> Sequence[int]:
        if rec.group_id:
            return self.groups.get(rec.group_id, ())
        return (self.id_to_index[rec.id],)

    def _cell_range(self, lon: float, lat: float, radius_m: float) -> tuple[int, int, int, int]:
        r_lat = radius_m / 111_195.0
        r_lon = r_lat / max(0.2, math.cos(math.radians(lat)))
        return (
            math.floor((lon - r_lon) / GRID_DEG),
            math.floor((lon + r_lon) / GRID_DEG),
            math.floor((lat - r_lat) / GRID_DEG),
            math.floor((lat + r_lat) / GRID_DEG),
        )

    def near_pairs(self, probes: Iterable[int], among: set[int], radius_m: float) -> dict[int, set[int]]:
        """For each probe record, the records of ``among`` in the grid cells within ~``radius_m`` of its
        point (as ``near``), found by bucketing ``among`` by the cells of their bounding boxes when that is
        cheaper than scanning the probes' cells."""
        probes = list(probes)
        ranges = [self._cell_range(self.records[p].lon, self.records[p].lat, radius_m) for p in probes]
        grid = self.grid
        scan_cost = 0
        for x0, x1, y0, y1 in ranges:
            for x in range(x0, x1 + 1):
                for y in range(y0, y1 + 1):
                    plist = grid.get((x << 20) ^ (y & 0xFFFFF))
                    if plist:
                        scan_cost += len(plist)
        out: dict[int, set[int]] = {}
        if scan_cost <= 4 * len(among):
            for p, (x0, x1, y0, y1) in zip(probes, ranges):
                found: set[int] = set()
                for x in range(x0, x1 + 1):
                    for y in range(y0, y1 + 1):
                        plist = grid.get((x << 20) ^ (y & 0xFFFFF))
                        if plist:
                            found.update(among.intersection(plist))
                if found:
                    out[p] = found
            return out
        buckets: dict[int, list[int]] = {}
        bb = self.bbox
        for r in among:
            r4 = 4 * r
            cx0, cx1 = math.floor(bb[r4] / GRID_DEG), math.floor(bb[r4 + 2] / GRID_DEG)
            cy0, cy1 = math.floor(bb[r4 + 1] / GRID_DEG), math.floor(bb[r4 + 3] / GRID_DEG)
            for x in range(cx0, cx1 + 1):
                for y in range(cy0, cy1 + 1):
                    buckets.setdefault((x << 20) ^ (y & 0xFFFFF), []).append(r)
        for p, (x0, x1, y0, y1) in zip(probes, ranges):
            found = set()
            for x in range(x0, x1 + 1):
                for y in range(y0, y1 + 1):
                    hit = buckets.get((x << 20) ^ (y & 0xFFFFF))
                    if hit:
                        found.update(hit)
            if found:
                out[p] = found
        return out

    def near(self, lon: float, lat: float, radius_m: float = 600.0, among: set[int] | None = None) -> set[int]:
        """Record indexes with geometry in the grid cells within ~``radius_m`` of (lon, lat)
        (only those in ``among`` when it is given)."""
        r_lat = radius_m / 111_195.0
        r_lon = r_lat / max(0.2, math.cos(math.radians(lat)))
        x0, x1 = math.floor((lon - r_lon) / GRID_DEG), math.floor((lon + r_lon) / GRID_DEG)
        y0, y1 = math.floor((lat - r_lat) / GRID_DEG), math.floor((lat + r_lat) / GRID_DEG)
        out: set[int] = set()
        for x in range(x0, x1 + 1):
            for y in range(y0, y1 + 1):
                plist = self.grid.get((x << 20) ^ (y & 0xFFFFF))
                if plist:
                    out.update(plist if among is None else among.intersection(plist))
        return out
