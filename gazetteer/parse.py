"""Query → structured parts.

``parse_query("خ ولیعصر نرسیده به م ونک ک نیلوفر")`` gives three ordered parts::

    [street "ولیعصر"]  --(before)-->  [square "ونک"]   [alley "نیلوفر"]

Each ``QueryPart`` has the type word the operator wrote (canonical: خیابان, کوچه, میدان, مترو, بیمارستان …)
with the kind it points at, the name tokens, and the relation linking it to the part before it
(``before`` for نرسیده به, ``opposite`` for روبروی, ``intersection`` for تقاطع … و …).  Unit details
(پلاک, طبقه, واحد, ساختمان/برج/مجتمع + number, بلوک, زنگ, کد پستی) are collected in ``units`` and never
become names.  A type word right after another type word with no name between is read as a name
(``خیابان پارک`` is a street called پارک).  A long word one letter away from a type word, followed by a
name, is read as that type word (``دانتگاه شهید مفتح``, ``دانگشاه`` with two letters swapped).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz.distance import OSA

from gazetteer import abbreviations as ab
from gazetteer.normalize import SAINT_SUFFIX, canonical_tokens, strip_honorifics

__all__ = ["Lexicon", "ParsedQuery", "QueryPart", "parse_query"]


@dataclass(frozen=True, slots=True)
class QueryPart:
    """One place named in a query."""

    name_tokens: tuple[str, ...]
    type_word: str = ""
    kind: str | None = None
    subkind: str = ""
    relation: str | None = None
    relation_word: str = ""

    @property
    def name(self) -> str:
        return " ".join(self.name_tokens)

    @property
    def compact(self) -> str:
        return "".join(self.name_tokens)

    @property
    def stripped_tokens(self) -> tuple[str, ...]:
        """Name tokens without honorifics (شهید, دکتر …)."""
        return tuple(strip_honorifics(self.name_tokens))

    @property
    def is_reference(self) -> bool:
        """True when the part names a place next to the address (نرسیده به X, روبروی X …)."""
        return self.relation in ab.REFERENCE_RELATIONS

    @property
    def text(self) -> str:
        """The part as an operator would read it back (type word + name)."""
        return f"{self.type_word} {self.name}".strip()


@dataclass(frozen=True, slots=True)
class ParsedQuery:
    """A query split into ordered parts and unit details."""

    text: str
    tokens: tuple[str, ...]
    parts: tuple[QueryPart, ...]
    units: dict[str, str] = field(default_factory=dict)

    @property
    def primary_index(self) -> int | None:
        """Index of the part that *is* the address: the last part that is not a reference."""
        if not self.parts:
            return None
        places = [i for i, p in enumerate(self.parts) if not p.is_reference]
        # «بیمارستان آزادی منطقه ۹»: a region or district named beside a place only says where that place is
        named = [i for i in places if self.parts[i].kind not in ("region", "district")]
        if named:
            return named[-1]
        return places[-1] if places else 0

    @property
    def region_named(self) -> int | None:
        """The region number the query names beside a place (منطقه ۹), if any."""
        for p in self.parts:
            if p.kind == "region" and len(self.parts) > 1 and p.name_tokens and p.name_tokens[-1].isdigit():
                return int(p.name_tokens[-1])
        return None

    def container_index(self, i: int) -> int | None:
        """The nearest earlier non-reference part: the street an alley lies in."""
        for j in range(i - 1, -1, -1):
            if not self.parts[j].is_reference:
                return j
        return None


class _Builder:
    __slots__ = ("kind", "names", "relation", "relation_word", "subkind", "type_word")

    def __init__(self, type_word: str = "", relation: str | None = None, relation_word: str = "") -> None:
        self.type_word = type_word
        self.kind, self.subkind = ab.TYPE_WORDS.get(type_word, (None, ""))
        self.names: list[str] = []
        self.relation = relation
        self.relation_word = relation_word

    def build(self) -> QueryPart | None:
        if not self.names:
            if not self.type_word:
                return None
            # a bare type word ("بازار") is all the operator typed: read it as a name
            return QueryPart((self.type_word,), relation=self.relation, relation_word=self.relation_word)
        return QueryPart(
            tuple(self.names),
            type_word=self.type_word,
            kind=self.kind,
            subkind=self.subkind,
            relation=self.relation,
            relation_word=self.relation_word,
        )


# Type words (and fused compounds that stand for one, مرکزخرید) a one-letter slip is read through: دانتگاه,
# مدیان, میداان, پارگ, پاک, مرکزخید: type words of four letters or more, only where the word is no word of any
# known name (the caller checks): ``پارس`` stays a name.
_SLIP_TARGETS: dict[str, str] = {
    **{w: w for w in ab.TYPE_WORDS if len(w) >= 4 and w not in ab.UNIT_WORDS},
    **{k: v for k, v in ab.COMPOUNDS.items() if v in ab.TYPE_WORDS and len(k) >= 6 and v not in ab.UNIT_WORDS},
}


@lru_cache(maxsize=4096)
def _slipped_type_word(token: str) -> str | None:
    """The one type word ``token`` is one edit away from, if there is exactly one and ``token`` is no known
    type, relation or honorific word."""
    if len(token) < 3 or token in ab.RELATIONS or token in ab.HONORIFICS or token in _KNOWN_WORDS:
        return None
    found = {target for word, target in _SLIP_TARGETS.items()
             if abs(len(word) - len(token)) <= 1 and len(word) > 3 and OSA.distance(word, token, score_cutoff=1) <= 1}
    return found.pop() if len(found) == 1 else None


# prefixes that may be fused to the next word, longest first (folded spellings, before expansion)
_FUSABLE: tuple[str, ...] = tuple(
    sorted(
        {w for w in (*ab.TYPE_WORDS, *ab.RELATIONS, *ab.ALWAYS, *ab.COMPOUNDS, *ab.HONORIFICS, "م", "میدون") if w},
        key=len,
        reverse=True,
    )
)
_KNOWN_WORDS: frozenset[str] = frozenset(
    {
        *ab.TYPE_WORDS, *ab.RELATIONS, *ab.ALWAYS, *ab.COMPOUNDS, *ab.HONORIFICS, *ab.UNIT_WORDS,
        *ab.BEFORE_ANYTHING, *ab.BEFORE_NAME, *ab.BEFORE_NUMBER, *ab.CARDINALS, *ab.ORDINALS,
        *ab.DROPPED_TOKENS, ab.CONJUNCTION,
    }
)
_INNER_WORDS: frozenset[str] = frozenset({*ab.TYPE_WORDS, *ab.RELATIONS, ab.CONJUNCTION})


class Lexicon:
    """The words of a gazetteer's names, for reading queries: fused prefixes, words inside names.

    ``vocabulary``: every word of every name (canonical and as folded); ``inner``: (word before, word,
    word after) for every type word, relation word or ``و`` standing inside a name.
    """

    __slots__ = ("_splits", "inner", "vocabulary")

    def __init__(self, vocabulary: set[str], inner: set[tuple[str, str, str]]) -> None:
        self.vocabulary = vocabulary
        self.inner = inner
        self._splits: dict[str, list[str]] = {}

    def _word(self, token: str) -> bool:
        return token in self.vocabulary or token in _KNOWN_WORDS

    def slipped_pair(self, first: str, second: str) -> str | None:
        """Two pieces no name uses that, joined, are a type word with one slip (ابست گاه → ایستگاه)."""
        joined = first + second
        if len(joined) < 5 or self._word(first) or self._word(second) or self._word(joined):
            return None
        return _slipped_type_word(joined)

    def split(self, token: str) -> list[str]:
        """``token`` cut after a fused type/relation word, abbreviation or honorific, if it reads so."""
        hit = self._splits.get(token)
        if hit is not None:
            return hit
        out = [token]
        if len(token) >= 4 and not self._word(token) and not token.isdigit():
            for prefix in _FUSABLE:
                if not token.startswith(prefix) or (len(prefix) == 1 and token[1] == prefix):
                    continue  # ننفت is نفت with a letter typed twice, not نبش نفت
                rest = token[len(prefix) :]
                if len(rest) < (2 if len(prefix) >= 3 else 3) or rest.isdigit():
                    continue
                if len(prefix) >= 3 and rest[0] == prefix[-1] and self._word(rest[1:]) and not self._word(rest):
                    rest = rest[1:]  # the joining letter typed twice: میداننابوذر
                if self._word(rest) or (len(prefix) >= 3 and len(rest) >= 4):
                    out = [prefix, *self.split(rest)]
                    break
            else:
                out = self._split_slipped(token) or out
        if len(self._splits) < 50_000:
            self._splits[token] = out
        return out


    def _split_slipped(self, token: str) -> list[str] | None:
        """A type word with one slip fused to a known name (بیمارستنمحب, ميداننابوذر, مدیانیاسر)."""
        if len(token) < 8 or self._word(token):
            return None
        for cut in range(4, len(token) - 2):
            head, rest = token[:cut], token[cut:]
            if self._word(rest) and head not in self.vocabulary:
                word = _slipped_type_word(head)
                if word is not None:
                    return [word, rest]
        return None


def _is_unit_value(token: str | None) -> bool:
    return token is not None and (token.isdigit() or token in ab.FLOOR_WORDS)


class _Reader:
    """Reads canonical tokens left to right into parts and unit details."""

    __slots__ = ("breaks", "building", "cur", "joins_as", "lexicon", "parts", "pending", "tokens", "units")

    def __init__(self, tokens: list[str], lexicon: Lexicon | None, breaks: set[int] | None = None) -> None:
        self.tokens = tokens
        self.breaks = breaks or set()
        self.building: list[str] | None = None  # the name of a building being read into the unit details
        self.lexicon = lexicon
        self.parts: list[QueryPart] = []
        self.units: dict[str, str] = {}
        self.cur: _Builder | None = None
        self.pending: tuple[str, str] | None = None  # (relation, word) waiting for the next part
        self.joins_as: str | None = None  # what "و" means here: تقاطع A و B, بین A و B

    def close(self) -> None:
        if self.building is not None:
            self._building_end()
        if self.cur is not None:
            part = self.cur.build()
            if part is not None:
                self.parts.append(part)
        self.cur = None

    def _unit_detail(self, i: int) -> int:
        """How many tokens from ``i`` are unit details (پلاک ۱۲, بلوک د, the name of a building): 0 if none."""
        tok = self.tokens[i]
        if self.building is not None:
            if tok not in ab.RELATIONS and tok not in ab.TYPE_WORDS:
                self.building.append(tok)
                return 1
            self._building_end()
        if tok not in ab.UNIT_WORDS:
            return 0
        value, used = self._unit_value(i + 1)
        if value is not None:
            self.units.setdefault(ab.UNIT_WORDS[tok], value)
            if self.cur is not None and self.cur.names:
                self.close()  # what follows the detail is another place (… درب غربی زم زم)
            return 1 + used
        if tok == ab.BUILDING_WORD and i + 1 < len(self.tokens) and self._named_something() and self.pending is None:
            self.close()
            self.building = []  # ساختمان سبز after the place: the building's name, up to the next piece
            return 1
        return 0

    def _side_phrase(self, i: int) -> int:
        """How many tokens from ``i`` say which side of a place (ضلع شمالی …, شمال شرقی … at the start of a piece,
        read as a relation), or are a plural ending after a type word (خیابان های): 0 if none."""
        tokens, tok = self.tokens, self.tokens[i]
        cur = self.cur
        if tok in ab.PLURAL_WORDS and cur is not None and cur.type_word and not cur.names:
            return 1
        starts_piece = cur is None or i in self.breaks or (not cur.names and not cur.type_word)
        if tok == ab.SIDE_WORD or (tok in ab.DIRECTION_NOUNS and starts_piece and self.pending is None):
            j = i + 1
            while j < len(tokens) and j not in self.breaks and (tokens[j] in ab.DIRECTION_ADJECTIVES
                                                              or tokens[j] in ab.DIRECTION_NOUNS):
                j += 1
            if j >= len(tokens) or j in self.breaks:
                return 0  # nothing named after it: a name (… تهران شمال)
            self.close()
            self.pending = ("beside" if tok == ab.SIDE_WORD else "near", tok)
            return j - i
        return 0

    def _named_something(self) -> bool:
        return bool(self.parts) or (self.cur is not None and bool(self.cur.names))

    def _unit_value(self, j: int) -> tuple[str | None, int]:
        """The value a unit word at ``j - 1`` takes, and how many tokens it uses (none: not a unit here)."""
        tokens = self.tokens
        tok = tokens[j] if j < len(tokens) else None
        if tok is None:
            return None, 0
        if _is_unit_value(tok):
            return ab.FLOOR_WORDS.get(tok, tok), 1
        if not self._named_something():
            return None, 0
        nxt = tokens[j + 1] if j + 1 < len(tokens) else None
        if tok == ab.UNIT_NUMBER_WORD and nxt is not None and nxt.isdigit():
            return nxt, 2
        if (len(tok) == 1 and (nxt is None or j + 1 in self.breaks)) or tok in ab.UNIT_SIDE_WORDS:
            return tok, 1
        return None, 0

    def _building_end(self) -> None:
        if self.building:
            self.units.setdefault("building", " ".join(self.building))
        self.building = None

    def _same_kind_type_word(self, tok: str, cur: _Builder) -> bool:
        """``tok`` is (or is a slip of) a type word meaning just what the one before it means."""
        word = tok if tok in ab.TYPE_WORDS else (None if self._known(tok) else _slipped_type_word(tok))
        return word is not None and word not in ab.UNIT_WORDS and ab.TYPE_WORDS[word] == (cur.kind, cur.subkind)

    def boundary(self) -> None:
        """Punctuation: the place being read ends here (a relation word just before it still applies)."""
        if self.building is not None:
            self._building_end()
        if self.cur is not None and (self.cur.names or not self.cur.type_word):
            self.close()
            self.joins_as = None

    def start(self, type_word: str = "") -> _Builder:
        rel, word = self.pending if self.pending else (None, "")
        self.pending = None
        return _Builder(type_word, rel, word)

    def step(self, i: int) -> int:
        """Read the token at ``i``; returns the index of the next token to read."""
        tokens = self.tokens
        tok = tokens[i]
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        used = self._unit_detail(i) or self._side_phrase(i)
        if used:
            return i + used
        cur = self.cur
        awaiting_name = cur is not None and cur.type_word and not cur.names
        if awaiting_name and cur is not None and self._same_kind_type_word(tok, cur):
            return i + 1  # ایستگاه مترو, میدان میدان: one type word said twice
        if self._inner_word(tok, nxt):
            return i + 1
        if tok in ab.RELATIONS and not awaiting_name:
            self._relation(tok)
        elif tok == ab.CONJUNCTION and cur is not None and cur.names:
            self.close()
            self.pending = (self.joins_as or "intersection", tok)
        else:
            if (not awaiting_name and tok not in ab.TYPE_WORDS and nxt is not None and not nxt.isdigit()
                    and not self._known(tok)):
                tok = _slipped_type_word(tok) or tok
            if tok in ab.TYPE_WORDS and not awaiting_name:
                self._type_word(tok)
            else:
                self._name_word(tok)
        return i + 1

    def _known(self, tok: str) -> bool:
        """A word of some known name (فروشگاه of فروشگاه شهروند is no slip of فرودگاه)."""
        return self.lexicon is not None and tok in self.lexicon.vocabulary

    def _inner_word(self, tok: str, nxt: str | None) -> bool:
        """A type, relation or ``و`` word standing inside a known name (دانشگاه علم و صنعت) stays in it."""
        cur = self.cur
        if self.lexicon is None or nxt is None or cur is None or not cur.names:
            return False
        word = tok if tok in _INNER_WORDS else _slipped_type_word(tok)
        if word is not None and (cur.names[-1], word, nxt) in self.lexicon.inner:
            cur.names.append(word)  # a word of the name itself
            return True
        return False

    def _relation(self, tok: str) -> None:
        self.close()
        relation = ab.RELATIONS[tok]
        self.pending = (relation, tok)
        if relation in ("intersection", "corner", "between"):
            self.joins_as = "between" if relation == "between" else "intersection"

    def _type_word(self, tok: str) -> None:
        self.close()
        self.cur = self.start(tok)
        if tok == "چهارراه":
            self.joins_as = "intersection"

    def _name_word(self, tok: str) -> None:
        if self.cur is None:
            self.cur = self.start()
        self.cur.names.append(tok)


# Where an operator's punctuation ends one place and starts the next: commas and semicolons, a dash with a space
# beside it ("بزرگراه بسیج - افسریه"; "تهران-کرج" stays one name), brackets ("میدان استقلال (مخبرالدوله)").
# Saints' suffixes in brackets, (ره) (ع), are no place; the normaliser drops them.
_PIECE_BREAK = re.compile(r"[،,;؛٫]|\s[-–—]+|[-–—]+\s|[()\[\]{}«»]")


def _query_tokens(text: str, lexicon: Lexicon | None) -> tuple[list[str], set[int]]:
    """The query's canonical tokens, and the token positions where a new piece of punctuation starts."""
    split = lexicon.split if lexicon is not None else None
    slipped = lexicon.slipped_pair if lexicon is not None else None
    tokens: list[str] = []
    breaks: set[int] = set()
    for piece in _PIECE_BREAK.split(SAINT_SUFFIX.sub(" ", text)):
        words = canonical_tokens(piece, split=split, slipped=slipped)
        if words:
            if tokens:
                breaks.add(len(tokens))
            tokens.extend(words)
    return tokens, breaks


def parse_query(text: str, lexicon: Lexicon | None = None) -> ParsedQuery:
    """Split a loose Persian address into typed, related parts and unit details."""
    tokens, breaks = _query_tokens(text, lexicon)
    reader = _Reader(tokens, lexicon, breaks)
    i = 0
    while i < len(tokens):
        if i in breaks:
            reader.boundary()
        i = reader.step(i)
    reader.close()
    return ParsedQuery(text=text, tokens=tuple(tokens), parts=tuple(reader.parts), units=reader.units)
