"""House numbers: "Mannerheimintie 12 A" resolved to its address point.

The gazetteer is fed ``AddressPoint``s (a number on a street: OpenStreetMap's ``addr:street`` +
``addr:housenumber``) and ``AddressRange``s (``addr:interpolation`` ways between two numbered ends), each naming
the gazetteer record of its street (``street_id``: a record id or a street group id).  OpenStreetMap cuts one
street into many ways; the ways bearing one name that touch each other (``JOIN_M``) are one street here, so
the numbers of the whole street are searched whichever way the matcher found first.

A query in Latin script ending in a number (``Mannerheimintie 12``, ``mannerheimint 12 A``,
``Aleksanterinkatu15b``, ``Yrjönkatu 15-17``, ``Annankatu 11 B 9``) is split into the street and the number
(``split_house_number``); the street is resolved by the matcher as any query — its shortened street-type ending
written out first (``Annank.`` → ``Annankatu``, ``HouseNumbers.readings``) — and each street suggestion gets the
number placed on it, in this order:

``exact``         an address point of that very number (``12a`` = ``12 A``; letters never count by case)
``letter``        the number with another letter or none (``12`` for ``12 B``), or a range (``10-14``) holding it
``interpolated``  on an ``addr:interpolation`` way whose range holds the number (its parity), else between the
                  nearest known numbers below and above it on the street (the same side — odd, even — first)
``street``        the street itself, the number not known there: score lowered by ``NOT_FOUND_PENALTY`` and
                  flagged (``HouseNumberMatch.number_found`` is False)

The penalties are small (5 points at most, less than one typo's 6), so a street whose name was typed exactly keeps
first place when the number is missing from the data, but of two equally likely streets the one with the
number wins.  A query containing Arabic-script letters (Persian) is never split: Persian addresses name the
plaque with ``پلاک`` and are read by the matcher exactly as before.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from typing import Any

from gazetteer.index import GazetteerIndex
from gazetteer.matcher.results import HouseNumberMatch, Suggestion
from gazetteer.normalize import fold
from gazetteer.records import LINEAR_KINDS

__all__ = [
    "AddressPoint",
    "AddressRange",
    "HouseNumber",
    "HouseNumbers",
    "parse_house_numbers",
    "split_house_number",
]

JOIN_M = 30.0  # ways of one name this close (bounding boxes) are one street
_CELL_DEG = 0.01  # the grid cells within which ways are compared for JOIN_M
MAX_SPAN = 60  # known numbers further apart than this are not interpolated between
WIDTH = 12  # street suggestions asked of the matcher for a numbered query
RETRY_BELOW = 88.0  # below this (or without the number) the name is read again with a shortened ending written out
PENALTY = {"exact": 0.0, "letter": 1.0, "interpolated": 2.0, "street": 5.0}
NOT_FOUND_PENALTY = PENALTY["street"]
_M_PER_DEG = 111_195.0

_ARABIC_SCRIPT = re.compile(r"[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]")
_LETTER = r"[^\W\d_](?![^\W\d_])"  # one letter, not the start of a word
# what may follow a street name: 12 · 12a · 12 A · 15-17 · 11 B 9 · 12 as 5 (an apartment, ignored)
_TAIL = re.compile(
    rf"(?P<number>\d{{1,5}})\s*(?P<letter>{_LETTER})?"
    rf"(?:\s*[-–]\s*(?P<last>\d{{1,5}})\s*(?:{_LETTER})?)?"
    r"(?:\s*,?\s*(?:as\.?|asunto|bst\.?|lgh\.?|apt\.?)?\s*\d{1,4})?"
    r"\s*$",
    re.IGNORECASE,
)
_STORED = re.compile(rf"(?P<number>\d{{1,5}})\s*(?P<letter>{_LETTER})?(?:\s*[-–]\s*(?P<last>\d{{1,5}}))?")
_HAS_LETTER = re.compile(r"[^\W\d_]")
# street-type endings as they are shortened in Finnish and Swedish addresses (Annank. 5, Mannerheimint. 12)
STREET_ENDINGS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("k", ("katu",)),
    ("t", ("tie", "tori")),
    ("kj", ("kuja",)),
    ("p", ("polku", "puisto")),
    ("g", ("gatan",)),
    ("v", ("vägen", "väylä")),
)


@dataclass(frozen=True, slots=True, kw_only=True)
class AddressPoint:
    """A house number on a street."""

    id: str
    street_id: str
    housenumber: str  # as written: "12", "12 A", "15-17", "1;3"
    lon: float
    lat: float


@dataclass(frozen=True, slots=True, kw_only=True)
class AddressRange:
    """An interpolation line: the numbers from ``start`` (at ``line[0]``) to ``end`` (at ``line[-1]``)."""

    id: str
    street_id: str
    start: str
    end: str
    scheme: str  # "odd", "even", "all", or a step ("3")
    line: tuple[tuple[float, float], ...]


@dataclass(frozen=True, slots=True)
class HouseNumber:
    """A parsed house number: 12, 12 A (letter "a"), 15-17 (``last`` 17)."""

    number: int
    letter: str = ""
    last: int | None = None

    @property
    def key(self) -> str:
        """The normalised form: ``12a``, ``15-17``."""
        return f"{self.number}{self.letter}" + (f"-{self.last}" if self.last is not None else "")

    def holds(self, n: int) -> bool:
        """A range holding ``n`` (on its side of the street when both ends share a parity)."""
        if self.last is None or not self.number <= n <= self.last:
            return False
        same_side = self.number % 2 == self.last % 2
        return not same_side or n % 2 == self.number % 2


def _number(match: re.Match[str]) -> HouseNumber:
    number = int(match["number"])
    last = int(match["last"]) if match["last"] else None
    if last is not None and last < number:
        number, last = last, number
    if last == number:
        last = None
    letter = (match["letter"] or "").lower() if last is None else ""
    return HouseNumber(number, letter, last)


def parse_house_numbers(text: str) -> list[HouseNumber]:
    """The numbers a stored ``addr:housenumber`` gives ("12 A", "15-17", "1;3", "2, 2. krs." → 2)."""
    out: list[HouseNumber] = []
    for piece in (text or "").split(";"):
        piece = piece.split(",")[0]
        match = _STORED.search(piece)
        if match is not None:
            number = _number(match)
            if number not in out:
                out.append(number)
    return out


def split_house_number(query: str) -> tuple[str, HouseNumber] | None:
    """(street text, number) when a Latin-script query ends in a house number; else None."""
    if _ARABIC_SCRIPT.search(query):
        return None
    for digit in re.finditer(r"\d", query):
        start = digit.start()
        if start and query[start - 1].isdigit():
            continue
        tail = _TAIL.match(query, start)
        if tail is None:
            continue
        street = query[:start].rstrip(" ,#")
        if _HAS_LETTER.search(street):
            return street, _number(tail)
        return None
    return None


# --- geometry (metres on a local equirectangular projection) -----------------------------------------

def _metres(a: tuple[float, float], b: tuple[float, float]) -> float:
    k = math.cos(math.radians((a[1] + b[1]) / 2))
    return math.hypot((a[0] - b[0]) * k, a[1] - b[1]) * _M_PER_DEG


def _along(line: tuple[tuple[float, float], ...], t: float) -> tuple[float, float]:
    """The point at fraction ``t`` (0–1) of the line's length."""
    lengths = [_metres(a, b) for a, b in zip(line, line[1:])]
    goal = max(0.0, min(1.0, t)) * sum(lengths)
    for (a, b), length in zip(zip(line, line[1:]), lengths):
        if goal <= length and length > 0:
            f = goal / length
            return a[0] + (b[0] - a[0]) * f, a[1] + (b[1] - a[1]) * f
        goal -= length
    return line[-1]


@dataclass(frozen=True, slots=True)
class _Entry:
    number: HouseNumber
    lon: float
    lat: float
    point_id: str
    written: str


@dataclass(frozen=True, slots=True)
class _Range:
    start: int
    end: int
    step: int  # 2 for odd/even, 1 for all
    line: tuple[tuple[float, float], ...]

    def place(self, n: int) -> tuple[float, float] | None:
        low, high = min(self.start, self.end), max(self.start, self.end)
        if not low <= n <= high or (n - self.start) % self.step or self.start == self.end:
            return None
        return _along(self.line, (n - self.start) / (self.end - self.start))


def _range(r: AddressRange) -> _Range | None:
    start, end = parse_house_numbers(r.start), parse_house_numbers(r.end)
    if not start or not end or len(r.line) < 2:
        return None
    a, b = start[0].number, end[0].number
    scheme = r.scheme.strip().lower()
    if scheme in ("odd", "even"):
        wanted = 1 if scheme == "odd" else 0
        if a % 2 != wanted or b % 2 != wanted:
            return None
        step = 2
    elif scheme.isdigit() and int(scheme) > 0:
        step = int(scheme)
    else:
        step = 1  # "all", and "alphabetic" read by its numbers
    return _Range(a, b, step, tuple(r.line))


@dataclass(slots=True)
class _Street:
    """The numbers known on one street (its touching same-named ways)."""

    by_key: dict[str, _Entry]  # one point per number as normalised (the middle one of several)
    by_number: dict[int, _Entry]  # one point per number, letters ignored (the plain number first)
    spans: list[_Entry]  # ranges written as one number: "15-17"
    ranges: list[_Range]

    def locate(self, q: HouseNumber) -> tuple[str, float, float, _Entry | None] | None:
        hit = self.by_key.get(q.key)
        if hit is not None:
            return "exact", hit.lon, hit.lat, hit
        hit = self.by_number.get(q.number)
        if hit is None:
            hit = next((e for e in self.spans if e.number.holds(q.number)), None)
        if hit is not None:
            return "letter", hit.lon, hit.lat, hit
        for r in self.ranges:
            point = r.place(q.number)
            if point is not None:
                return "interpolated", point[0], point[1], None
        point = self._between(q.number)
        if point is not None:
            return "interpolated", point[0], point[1], None
        return None

    def _between(self, n: int) -> tuple[float, float] | None:
        """Linearly between the nearest known numbers below and above ``n``: on its side first, then any."""
        for same_side in (True, False):
            below = [k for k in self.by_number if k < n and (not same_side or k % 2 == n % 2)]
            above = [k for k in self.by_number if k > n and (not same_side or k % 2 == n % 2)]
            if below and above:
                low, high = max(below), min(above)
                if high - low > MAX_SPAN:
                    continue
                a, b = self.by_number[low], self.by_number[high]
                t = (n - low) / (high - low)
                return a.lon + (b.lon - a.lon) * t, a.lat + (b.lat - a.lat) * t
        return None


def _middle(entries: list[_Entry]) -> _Entry:
    """Of several points bearing one number (a building and the shops in it), the one nearest the others."""
    if len(entries) <= 2:
        return entries[0]
    return min(entries, key=lambda e: sum(_metres((e.lon, e.lat), (o.lon, o.lat)) for o in entries))


def _street_numbers(entries: list[_Entry], ranges: list[_Range]) -> _Street:
    by_key: dict[str, list[_Entry]] = {}
    for e in entries:
        by_key.setdefault(e.number.key, []).append(e)
    keyed = {key: _middle(group) for key, group in by_key.items()}
    by_number: dict[int, _Entry] = {}
    for key in sorted(keyed, key=lambda k: (keyed[k].number.number, keyed[k].number.letter)):
        e = keyed[key]
        if e.number.last is None:
            by_number.setdefault(e.number.number, e)
    spans = [e for e in keyed.values() if e.number.last is not None]
    spans.sort(key=lambda e: (e.number.last or 0) - e.number.number)  # the narrowest range first
    return _Street(keyed, by_number, spans, ranges)


class HouseNumbers:
    """The house numbers of a gazetteer's streets, and the placing of a number on a street suggestion."""

    def __init__(self, index: GazetteerIndex, points: Iterable[Any] = ()) -> None:
        self.index = index
        self._street_of: dict[str, int] = {}  # street key -> its numbered street (touching same-named ways)
        self._streets: list[_Street] = []
        self._words: list[str] = []  # the words of street names, sorted, for completing a shortened one
        items = list(points)
        addresses = [p for p in items if isinstance(p, AddressPoint)]
        ranges = [p for p in items if isinstance(p, AddressRange)]
        if addresses or ranges:
            self._build(addresses, ranges)

    def __bool__(self) -> bool:
        return bool(self._streets)

    def __len__(self) -> int:
        return len(self._streets)

    # --- building ------------------------------------------------------------------------------------
    def _members(self, street_id: str) -> list[int]:
        idx = self.index
        key = idx.street_key_of(street_id)
        members = idx.groups.get(key)
        if members:
            return list(members)
        ridx = idx.id_to_index.get(key)
        return [ridx] if ridx is not None and idx.records[ridx].kind in LINEAR_KINDS else []

    def _build(self, points: list[AddressPoint], ranges: list[AddressRange]) -> None:
        idx = self.index
        component = self._components({p.street_id for p in points} | {r.street_id for r in ranges})
        entries: dict[tuple[int, int], list[_Entry]] = {}
        for p in points:
            comp = component.get(idx.street_key_of(p.street_id))
            if comp is not None:
                for number in parse_house_numbers(p.housenumber):
                    entries.setdefault(comp, []).append(_Entry(number, p.lon, p.lat, p.id, p.housenumber.strip()))
        lines: dict[tuple[int, int], list[_Range]] = {}
        for r in ranges:
            comp = component.get(idx.street_key_of(r.street_id))
            parsed = _range(r) if comp is not None else None
            if comp is not None and parsed is not None:
                lines.setdefault(comp, []).append(parsed)
        renumber: dict[tuple[int, int], int] = {}
        for comp in sorted(set(entries) | set(lines)):
            renumber[comp] = len(self._streets)
            self._streets.append(_street_numbers(entries.get(comp, []), lines.get(comp, [])))
        self._street_of = {key: renumber[comp] for key, comp in component.items() if comp in renumber}
        words = {w for r in idx.records if r.kind in LINEAR_KINDS for w in fold(r.name).split()}
        self._words = sorted(w for w in words if not _ARABIC_SCRIPT.search(w))

    def _components(self, street_ids: set[str]) -> dict[str, tuple[int, int]]:
        """Street key → (name, group of touching ways), for every street bearing the name of a numbered one."""
        idx = self.index
        names: set[int] = set()
        for street_id in street_ids:
            for ridx in self._members(street_id):
                names.add(idx.key_name[idx.record_key_start[ridx]])
        component: dict[str, tuple[int, int]] = {}
        for nid in sorted(names):
            self._join(nid, component)
        return component

    def _join(self, nid: int, component: dict[str, tuple[int, int]]) -> None:
        """Group the linear records first named ``nid`` into streets of touching ways (bounding boxes within
        ``JOIN_M``; only the ways sharing a grid cell are compared)."""
        idx = self.index
        starts, records = idx.record_key_start, idx.records
        ridxs = [idx.key_record[k] for k in idx.name_keys[nid] if k == starts[idx.key_record[k]]]
        ridxs = [r for r in ridxs if records[r].kind in LINEAR_KINDS and records[r].street_key not in component]
        parent = list(range(len(ridxs)))

        def find(i: int) -> int:
            while parent[i] != i:
                parent[i] = parent[parent[i]]
                i = parent[i]
            return i

        cells: dict[tuple[int, int], list[int]] = {}
        pad = JOIN_M / _M_PER_DEG
        bb = idx.bbox
        for i, r in enumerate(ridxs):
            x0, y0, x1, y1 = bb[4 * r] - 2 * pad, bb[4 * r + 1] - pad, bb[4 * r + 2] + 2 * pad, bb[4 * r + 3] + pad
            for cx in range(math.floor(x0 / _CELL_DEG), math.floor(x1 / _CELL_DEG) + 1):
                for cy in range(math.floor(y0 / _CELL_DEG), math.floor(y1 / _CELL_DEG) + 1):
                    cells.setdefault((cx, cy), []).append(i)
        for members in cells.values():
            for pos, a in enumerate(members):
                for b in members[pos + 1 :]:
                    ra, rb = find(a), find(b)
                    if ra != rb and (records[ridxs[a]].street_key == records[ridxs[b]].street_key
                                     or idx.bbox_gap_m(ridxs[a], ridxs[b]) <= JOIN_M):
                        parent[ra] = rb
        for i, r in enumerate(ridxs):
            component.setdefault(records[r].street_key, (nid, find(i)))

    def readings(self, street: str) -> list[str]:
        """How ``street`` may be meant, surest first.  First its last word written out when it is surely
        shortened — a street-type ending (``Annank.`` → ``Annankatu``: with the dot always, without it when that
        makes a known word), else the one known word it begins (``Bulev`` → ``Bulevardi``) —, or as typed; then
        the endings written out anyway (``Aeksanterink`` → ``Aeksanterinkatu``: a typo in a shortened name),
        tried only when the first reading finds no good street."""
        words = street.split()
        bare = fold(words[-1]) if words else ""
        if not bare or " " in bare or self._known(bare):
            return [street]
        stems = [bare[: -len(short)] + full for short, fulls in STREET_ENDINGS
                 if bare.endswith(short) and len(bare) > len(short) + 2 for full in fulls]
        sure = next((w for w in stems if self._known(w)), None)
        if sure is None and stems and words[-1].endswith("."):
            sure = stems[0]
        sure = sure or self._completion(bare)
        first = sure or bare
        ordered = [first, *(w for w in stems if w != first)]
        return [street if w == bare else " ".join([*words[:-1], w]) for w in ordered]

    def _completion(self, prefix: str) -> str | None:
        """The one street-name word starting with ``prefix`` (of four letters or more)."""
        if len(prefix) < 4:
            return None
        i = bisect_left(self._words, prefix)
        found = [w for w in self._words[i : i + 2] if w.startswith(prefix)]
        return found[0] if len(found) == 1 else None

    def _known(self, word: str) -> bool:
        i = bisect_left(self._words, word)
        return i < len(self._words) and self._words[i] == word

    # --- resolution ----------------------------------------------------------------------------------
    def street_of(self, record_id: str | None) -> int | None:
        """The numbered street a record (or street group) id belongs to."""
        if not record_id:
            return None
        return self._street_of.get(self.index.street_key_of(record_id))

    def suggest(
        self, suggest: Callable[..., list[Suggestion]], query: str, limit: int, region: int | None
    ) -> list[Suggestion] | None:
        """Suggestions for a "street + number" query, or None when ``query`` is not one (or no street has
        numbers): ``suggest`` is the matcher's own (called with the street alone)."""
        if not self._streets or limit <= 0:
            return None
        split = split_house_number(query)
        if split is None:
            return None
        street_text, number = split
        best: list[Suggestion] = []
        for reading in self.readings(street_text):
            if best and best[0].kind == "address" and best[0].score >= RETRY_BELOW:
                break  # a good street with the number: no need to read the name another way
            placed = self._numbered(suggest(reading, limit=max(limit, WIDTH), region=region), number)
            if placed and (not best or placed[0].rank > best[0].rank):
                best = placed
        return best[:limit]

    def _numbered(self, found: list[Suggestion], number: HouseNumber) -> list[Suggestion]:
        """The matcher's suggestions for the street with the number placed, best first, each street once."""
        out: list[Suggestion] = []
        seen: set[tuple[Any, ...]] = set()
        for s in found:
            placed, key = self._placed(s, number)
            if key not in seen:
                seen.add(key)
                out.append(placed)
        out.sort(key=lambda s: -s.rank)
        return out

    def _placed(self, s: Suggestion, number: HouseNumber) -> tuple[Suggestion, tuple[Any, ...]]:
        """The suggestion with the number placed on its street, and what makes it distinct."""
        comp = self.street_of(s.record_id) if s.kind in LINEAR_KINDS else None
        located = self._streets[comp].locate(number) if comp is not None else None
        if located is None:
            flag = HouseNumberMatch(number=number.key, found="street")
            key = ("street", comp) if comp is not None else ("record", s.record_id, s.kind, s.lon, s.lat)
            return _penalised(s, "street", house_number=flag), key
        found, lon, lat, entry = located
        ridx = self.index.id_to_index[s.record_id]  # type: ignore[index]
        written = entry.written if entry is not None else _display(number)
        flag = HouseNumberMatch(number=number.key, found=found, housenumber=entry.written if entry else "",
                                address_id=entry.point_id if entry else None)
        placed = _penalised(s, found, house_number=flag, kind="address", lon=round(lon, 7), lat=round(lat, 7),
                            label=f"{self.index.records[ridx].name} {written}")
        return placed, ("address", comp, found, placed.lon, placed.lat)


def _display(number: HouseNumber) -> str:
    if number.last is not None:
        return f"{number.number}-{number.last}"
    return f"{number.number} {number.letter.upper()}".strip()


def _penalised(s: Suggestion, found: str, **changes: Any) -> Suggestion:
    penalty = PENALTY[found]
    return replace(s, score=round(max(0.0, s.score - penalty), 1), rank=s.rank - penalty, **changes)
