"""Whether two requests name the same address: pure Python, no Django, no database.

An address as operators type it ("خ ولیعصر، ک ۱۲، پ ۳۴", "952 EAST 58 STREET") is read into the street part and
the plaque (house number) through the gazetteer's normaliser (abbreviations expanded, letters and digits unified);
unit and floor words are left out (one building, one address). Two addresses then compare as:

* ``same``: the same street part and the same plaque (or neither has one): the strongest evidence there is;
* ``neighbour``: the same street part, two different plaques: the building next door;
* ``street``: one street part contains the other, a plaque is missing: the same street, no more is known;
* ``different``: the street parts share nothing decisive;
* ``unknown``: one side gives no address.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import import_module

_normalize = import_module("gazetteer.normalize")  # the module (the package re-exports a function of its name)

PLAQUE_WORDS = frozenset({"پلاک", "plaque", "no", "number", "#"})
UNIT_WORDS = frozenset({"واحد", "طبقه", "unit", "apt", "apartment", "floor", "fl", "suite"})
SAME, NEIGHBOUR, STREET, DIFFERENT, UNKNOWN = "same", "neighbour", "street", "different", "unknown"
MATCHES = (SAME, NEIGHBOUR, STREET, DIFFERENT, UNKNOWN)
# Words that say what kind of way a name is: alone they name no street.
WAY_WORDS = frozenset({"خیابان", "کوچه", "بلوار", "میدان", "بزرگراه", "اتوبان", "بن بست", "street", "st", "avenue",
                       "ave", "road", "rd", "boulevard", "blvd", "place", "pl", "lane", "drive", "dr", "east", "west",
                       "north", "south", "e", "w", "n", "s"})


@dataclass(frozen=True)
class AddressKey:
    street: tuple[str, ...]
    plaque: str = ""

    @property
    def is_empty(self) -> bool:
        return not self.street and not self.plaque


# Latin street words as US and international addresses abbreviate them (Persian ones are the gazetteer's).
LATIN_ABBREVIATIONS = {"st": "street", "ave": "avenue", "av": "avenue", "rd": "road", "blvd": "boulevard",
                       "pl": "place", "dr": "drive", "ln": "lane", "pkwy": "parkway", "ct": "court", "hwy": "highway",
                       "sq": "square", "ter": "terrace", "e": "east", "w": "west", "n": "north", "s": "south"}


# "61-43 229 STREET": a Queens-style house number, read whole before the words are split
_HYPHENATED_HOUSE_NUMBER = re.compile(r"^\s*(\d+-\d+)\s+(?=[A-Za-z0-9])", re.ASCII)


@lru_cache(maxsize=8192)  # the same open cases are compared again and again
def address_key(text: str) -> AddressKey:
    """The street part and the plaque of a typed address."""
    hyphenated = _HYPHENATED_HOUSE_NUMBER.match(text or "")
    plaque = hyphenated.group(1) if hyphenated else ""
    text = text[hyphenated.end():] if hyphenated else text or ""
    tokens = [LATIN_ABBREVIATIONS.get(t, t) for t in _normalize.canonical_tokens(text)]
    street: list[str] = []
    skip_next = False
    for index, token in enumerate(tokens):
        if skip_next:
            skip_next = False
            continue
        following = tokens[index + 1] if index + 1 < len(tokens) else ""
        if token in PLAQUE_WORDS and following.isdigit():
            plaque, skip_next = following, True
        elif token in UNIT_WORDS:
            skip_next = following.isdigit()
        elif index == 0 and not plaque and token.isdigit() and _latin(tokens[1:]) and set(tokens[1:]) - WAY_WORDS:
            plaque = token  # "952 east 58 street", "2485 65 street": a house number first ("6 avenue" is a name)
        else:
            street.append(token)
    return AddressKey(street=tuple(street), plaque=plaque)


def _latin(tokens: list[str]) -> bool:
    return any(token.isascii() and token.isalpha() for token in tokens)


def address_match(a: str | AddressKey, b: str | AddressKey) -> str:
    """How two addresses relate: same, neighbour, street, different or unknown (see the module's docstring)."""
    a = a if isinstance(a, AddressKey) else address_key(a)
    b = b if isinstance(b, AddressKey) else address_key(b)
    if a.is_empty or b.is_empty or not a.street or not b.street:  # a plaque alone names no place
        return UNKNOWN
    if a.street == b.street:
        if a.plaque == b.plaque:
            return SAME
        return NEIGHBOUR if a.plaque and b.plaque else STREET
    shorter, longer = sorted((a.street, b.street), key=len)
    if set(shorter) - WAY_WORDS and _contains(longer, shorter):
        if a.plaque and b.plaque and a.plaque != b.plaque:
            return NEIGHBOUR
        return STREET
    return DIFFERENT


def _contains(longer: tuple[str, ...], shorter: tuple[str, ...]) -> bool:
    """Whether `shorter` appears in `longer` as a run of tokens ("ولیعصر" in "خیابان ولیعصر کوچه 12")."""
    n = len(shorter)
    return any(longer[i:i + n] == shorter for i in range(len(longer) - n + 1))
