"""Persian text normalisation, applied identically to gazetteer entries and to operator queries.

Three layers, each usable alone:

``fold(text)``
    Character level: the general Persian folding of ``text.persian`` — Arabic letter forms become Persian ones
    (ي ى ئ → ی, ك → ک, ة ۀ → ه, ؤ → و), every alef variant (آ أ إ ٱ) becomes ا — so ``آباد`` and ``اباد`` are
    one word —, harakat, tanwin, shadda, sukun, superscript alef and tatweel are removed, Persian and
    Arabic-Indic digits become ASCII, ZWNJ becomes a space —; then, for the gazetteer, lower case, the Arabic
    decimal and thousands separators and punctuation become spaces, saints' suffixes are dropped and a number
    glued to a word is split from it (``پ۱۲`` → ``پ 12``).

``canonical_tokens(text)``
    Word level.  ``fold`` + multi-word expressions merged into one token whatever their spacing
    (``نرسیده به``, ``پایین‌تر از``, ``بن بست``, ``چهار راه``, ``آیت الله``), abbreviations and colloquial
    forms expanded by context (``خ`` → خیابان always, ``م`` → میدان only when something follows,
    ``ش`` → شهید only before a name, ``پ`` → پلاک only before a number …), the stand-alone ezafe and saint
    suffixes ((ع), (ره) …) dropped, number words written as digits (``هفتم تیر`` = ``هفت تیر`` = ``7 تیر``).

``compact_key(tokens)``
    The tokens joined without spaces: ZWNJ-joined, spaced and fused spellings (``حسین‌آباد``,
    ``حسین آباد``, ``حسینآباد``) share one compact key, which the index and the scorer compare.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence

from gazetteer import abbreviations as ab
from text import persian

__all__ = [
    "SAINT_SUFFIX",
    "canonical_tokens",
    "compact_key",
    "fold",
    "is_number",
    "normalize",
    "strip_honorifics",
]

# the general Persian folding (letters, diacritics, ZWNJ and odd spaces, digits: ``text.persian``); the Arabic
# decimal and thousands separators part numbers here
_CHAR_MAP = persian.fold_table({"\u066b": " ", "\u066c": " "})

_NON_WORD = re.compile(r"[\W_]+")
# saints' suffixes written in brackets: امام علی (ع), حضرت معصومه (س), امام خمینی (ره)
SAINT_SUFFIX = re.compile(r"[(\[]\s*(?:ع|س|ص|ره|رض|عج|قدس\s*سره)\s*[)\]]")
_DIGIT_EDGE = re.compile(r"(?<=\d)(?=[^\W\d_])|(?<=[^\W\d_])(?=\d)")


def fold(text: str) -> str:
    """Fold characters: one spelling per letter, no marks, ASCII digits, single spaces."""
    text = persian.fold(text, _CHAR_MAP).lower()
    text = SAINT_SUFFIX.sub(" ", text)
    text = _NON_WORD.sub(" ", text)
    text = _DIGIT_EDGE.sub(" ", text)
    return " ".join(text.split())


def is_number(token: str) -> bool:
    """True for digits and for Persian number words."""
    return token.isdigit() or token in ab.CARDINALS or token in ab.ORDINALS


def _merge_compounds(raw: Sequence[str]) -> list[str]:
    out: list[str] = []
    i, n = 0, len(raw)
    while i < n:
        for width in range(min(ab.COMPOUND_MAX_TOKENS, n - i), 0, -1):
            seq = tuple(raw[i : i + width])
            hit = ab.ABBREVIATION_SEQUENCES.get(seq) if width > 1 else None
            if hit is None:
                hit = ab.COMPOUNDS.get("".join(seq))
            if hit is not None:
                out.append(hit)
                i += width
                break
        else:
            out.append(raw[i])
            i += 1
    return out


def _expand(tokens: Sequence[str]) -> list[str]:
    out: list[str] = []
    n = len(tokens)
    for i, tok in enumerate(tokens):
        nxt = tokens[i + 1] if i + 1 < n else None
        if tok in ab.ALWAYS:
            out.append(ab.ALWAYS[tok])
        elif tok in ab.BEFORE_ANYTHING:
            after_number = bool(out) and out[-1].isdigit()
            out.append(ab.BEFORE_ANYTHING[tok] if nxt is not None and not after_number else tok)
        elif tok in ab.BEFORE_NAME:
            named = nxt is not None and not is_number(nxt)
            out.append(ab.BEFORE_NAME[tok] if named else tok)
        elif tok in ab.BEFORE_NUMBER and nxt is not None and (is_number(nxt) or nxt in ab.FLOOR_WORDS):
            out.append(ab.BEFORE_NUMBER[tok])
        else:
            out.append(tok)
    return out


def _numbers(tokens: Sequence[str]) -> list[str]:
    out: list[str] = []
    i, n = 0, len(tokens)
    while i < n:
        tok = tokens[i]
        value: int | None = None
        if tok in ab.TENS_WORDS:
            value = ab.TENS_WORDS[tok]
            if i + 2 < n and tokens[i + 1] == ab.CONJUNCTION:
                unit = ab.UNITS_WORDS.get(tokens[i + 2], ab.ORDINALS.get(tokens[i + 2]))
                if unit is not None and unit < 10:
                    value += unit
                    i += 2
        elif tok in ab.CARDINALS:
            value = ab.CARDINALS[tok]
        elif tok in ab.ORDINALS:
            value = ab.ORDINALS[tok]
        elif tok == ab.FIRST_WORD and out and out[-1] in ab.TYPE_WORDS:
            value = 1
        elif tok == ab.ORDINAL_SUFFIX and out and out[-1].isdigit():
            i += 1
            continue
        out.append(str(value) if value is not None else tok)
        i += 1
    return out


# Words an operator may break with a stray space (بیمار ستان, پا رک, ایستگ اه, ور ودی): two pieces that together,
# and neither alone, spell one of them are read as that word (queries only).
_REJOINABLE: frozenset[str] = frozenset(
    {*ab.TYPE_WORDS, *ab.RELATIONS, *ab.UNIT_WORDS, *ab.COMPOUNDS, *ab.ALWAYS.values()}
)


def rejoin(raw: Sequence[str], slipped: Callable[[str, str], str | None] | None = None) -> list[str]:
    """Tokens broken by a stray space put back together: two pieces that spell a type, relation or unit word (and
    neither alone is one); with ``slipped``, also two pieces it reads as such a word with a slip (ابست گاه)."""
    out: list[str] = []
    i, n = 0, len(raw)
    while i < n:
        tok = raw[i]
        if i + 1 < n and tok not in _REJOINABLE and raw[i + 1] not in _REJOINABLE:
            joined = tok + raw[i + 1]
            word = joined if joined in _REJOINABLE else (slipped(tok, raw[i + 1]) if slipped else None)
            if word is not None:
                out.append(word)
                i += 2
                continue
        out.append(tok)
        i += 1
    return out


def canonical_tokens(text: str, *, numbers: bool = True, split: Callable[[str], list[str]] | None = None,
                     slipped: Callable[[str, str], str | None] | None = None) -> list[str]:
    """Normalised, expanded tokens of ``text`` (an entry name or a query).

    ``split`` (queries only) may cut a folded token in pieces before anything else is read, after pieces broken by a
    stray space are joined (``slipped``: two pieces read as a type word with a slip); see ``parse.Lexicon``.
    ``numbers=False`` keeps number words spelled out (the index also keeps that form of a name, so a typo inside a
    number word — ``شزنزده آذر`` — can still reach ``شانزده آذر``).
    """
    raw = fold(text).split()
    if split is not None:  # a query: type and relation words fused to the next word (خیابوندنا) come apart,
        # and those broken by a stray space come together
        raw = [piece for tok in rejoin(raw, slipped) for piece in split(tok)]
    merged = _merge_compounds(raw)
    # the ezafe and fillers go before abbreviations are read, so "پ ی ۱۲" is still پلاک ۱۲
    kept = [t for i, t in enumerate(merged) if t not in ab.DROPPED_TOKENS and t not in ab.DROPPED_SUFFIXES
            and not (t == "قدس" and i + 1 < len(merged) and merged[i + 1] == "سره")]
    tokens = _expand(kept)
    return _numbers(tokens) if numbers else tokens


def normalize(text: str) -> str:
    """The canonical spaced form of ``text``."""
    return " ".join(canonical_tokens(text))


def compact_key(tokens: Iterable[str] | str) -> str:
    """Space-free key: equal for ZWNJ-joined, spaced and fused spellings."""
    if isinstance(tokens, str):
        tokens = canonical_tokens(tokens)
    return "".join(tokens)


def strip_honorifics(tokens: Sequence[str]) -> list[str]:
    """Drop honorifics (شهید, دکتر, آیت‌الله …) unless nothing else would remain."""
    kept = [t for t in tokens if t not in ab.HONORIFICS]
    return kept if kept else list(tokens)
