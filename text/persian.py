"""Persian text as it is compared: one spelling per letter, no marks, ASCII digits, plain spaces. Pure Python.

Users type Persian with Arabic keyboards, copy it from PDFs and old software, and mix digits. ``fold`` makes one
form of all of it, character by character:

* Arabic letter forms become Persian ones: ي ى ئ ې ۍ ؠ → ی, ك ڪ ګ → ک, ة ۀ ہ ۂ ھ ە → ه, ؤ → و; every alef variant
  (آ أ إ ٱ ٲ ٳ) becomes ا, so ``آباد`` and ``اباد`` are one word; a stand-alone hamza (ء) is dropped
  (``unify_letters``).
* Harakat, tanwin, shadda, sukun, hamza marks, superscript alef, Quranic marks and tatweel are removed
  (``remove_diacritics``).
* ZWNJ, zero-width and odd spaces (no-break, thin …) become a plain space; zero-width joiners, direction marks and
  soft hyphens are removed (``normalize_zwnj``). ``حسین‌آباد`` is then ``حسین آباد``.
* Persian (۰–۹) and Arabic-Indic (٠–٩) digits become ASCII (``text.digits``).

Presentation forms (ﻙ, ﻳ, ﷲ …) are read through NFKC first. ``normalize`` also collapses whitespace. These are
comparison keys, not display text: a name is stored as written and compared through ``normalize``.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping

from text.digits import ASCII_DIGITS

__all__ = [
    "collapse_spaces",
    "fold",
    "fold_table",
    "normalize",
    "normalize_zwnj",
    "remove_diacritics",
    "unify_letters",
]


def _table(pairs: Mapping[str, str | None]) -> dict[int, str | None]:
    return {ord(ch): to for chars, to in pairs.items() for ch in chars}


LETTERS: dict[int, str | None] = _table({
    "\u064a\u0649\u0626\u06d0\u06cd\u0620": "\u06cc",  # ي ى ئ ې ۍ ؠ -> ی
    "\u0643\u06aa\u06ab": "\u06a9",  # ك ڪ ګ -> ک
    "\u0629\u06c0\u06c1\u06c2\u06be\u06d5": "\u0647",  # ة ۀ ہ ۂ ھ ە -> ه
    "\u0622\u0623\u0625\u0671\u0672\u0673": "\u0627",  # آ أ إ ٱ ٲ ٳ -> ا
    "\u0624": "\u0648",  # ؤ -> و
    "\u0621": None,  # stand-alone hamza
})
DIACRITICS: dict[int, str | None] = _table({
    "\u0640": None,  # tatweel
    # harakat, tanwin, shadda, sukun, hamza marks (U+064B–U+065F), superscript alef, Quranic marks
    "".join(chr(c) for c in range(0x064B, 0x0660)): None,
    "\u0670": None,
    "".join(chr(c) for c in range(0x06D6, 0x06EE) if c not in (0x06DD, 0x06DE, 0x06E9)): None,
})
SPACES: dict[int, str | None] = _table({
    # invisible controls: zero-width joiner, direction marks and embeddings, BOM, soft hyphen
    "\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff\u00ad": None,
    # ZWNJ and odd spaces separate words
    "\u200c\u200b\u00a0\u202f\u2009\u200a\u2002\u2003": " ",
})
_FOLD: dict[int, str | None] = {**LETTERS, **DIACRITICS, **SPACES, **ASCII_DIGITS}


def unify_letters(text: str) -> str:
    """Arabic letter forms as Persian ones, alef variants as ا, stand-alone hamza dropped."""
    return text.translate(LETTERS)


def remove_diacritics(text: str) -> str:
    """Harakat, tanwin, shadda, sukun, superscript alef, Quranic marks and tatweel removed."""
    return text.translate(DIACRITICS)


def normalize_zwnj(text: str) -> str:
    """ZWNJ and odd spaces as a plain space; zero-width joiners, direction marks and soft hyphens removed."""
    return text.translate(SPACES)


def collapse_spaces(text: str) -> str:
    """Runs of whitespace as one space, none at either end."""
    return " ".join(text.split())


def fold_table(extra: Mapping[str, str | None] | None = None) -> dict[int, str | None]:
    """The character table of ``fold``; ``extra`` maps a few more characters a caller treats its own way."""
    return {**_FOLD, **_table(extra)} if extra else dict(_FOLD)


def fold(text: str, table: Mapping[int, str | None] | None = None) -> str:
    """Every character-level rule at once (NFKC, letters, diacritics, ZWNJ and spaces, digits); spacing kept.

    ``table``: a ``fold_table(extra)`` to use instead of the plain one."""
    return unicodedata.normalize("NFKC", text).translate(_FOLD if table is None else table)


def normalize(text: str) -> str:
    """``fold`` with whitespace collapsed: the form in which two Persian texts are compared."""
    return collapse_spaces(fold(text))


def sql_translate_args() -> tuple[str, str]:
    """``fold``'s character table as the two strings of SQL ``translate(column, from, to)``: characters mapped to
    one character pair up, removed ones come last in ``from`` (translate drops what has no counterpart). Lets a
    database search compare stored text as ``fold`` would (NFKC aside)."""
    kept = sorted((code, to) for code, to in _FOLD.items() if to is not None and len(to) == 1)
    dropped = sorted(code for code, to in _FOLD.items() if to is None)
    return "".join(chr(c) for c, _ in kept) + "".join(chr(c) for c in dropped), "".join(to for _, to in kept)
