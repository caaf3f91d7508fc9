"""Bidirectional control characters in text people send us. Pure Python, no Django.

An override or embedding (U+202A–U+202E) or an isolate (U+2066–U+2069) pasted into a description, a name or an
address reorders everything after it on every screen that shows it: `‮gpj.exe` reads as `exe.jpg`, a phone
number or a tracking code shows its digits reversed, and an unclosed one spills over the rest of a table row.
Nobody types them on a Persian or English keyboard; they arrive by copy and paste or on purpose. They are removed
wherever they are.

The marks (LRM U+200E, RLM U+200F, ALM U+061C) are invisible letters of one direction. Persian writers use them
for real between a neutral or a number and the text around it (`۱۲:۳۰‏`, `(ساعت ۱۰)‏`), so a mark is kept where
it touches a digit, punctuation or a space, and removed where it does nothing: between two letters, at either end
of the text next to a letter, or repeated.

``strip_bidi_controls`` is applied once, at the edge, to the text citizens and operators send: the intake forms,
the API serializers (``api.fields``) and the channels (SMS, IVR, e-mail).
"""

from __future__ import annotations

import unicodedata

__all__ = ["BIDI_CONTROLS", "BIDI_MARKS", "strip_bidi_controls", "strip_bidi_controls_deep"]

# LRE, RLE, PDF, LRO, RLO; LRI, RLI, FSI, PDI
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# LRM, RLM, ALM
BIDI_MARKS = frozenset("\u200e\u200f\u061c")
_STRONG = frozenset({"L", "R", "AL"})
_REMOVE = {ord(ch): None for ch in BIDI_CONTROLS}


def _weak_or_neutral(ch: str | None) -> bool:
    return ch is not None and unicodedata.bidirectional(ch) not in _STRONG


def _strip_marks(text: str) -> str:
    kept: list[str] = []
    for i, ch in enumerate(text):
        if ch not in BIDI_MARKS:
            kept.append(ch)
            continue
        after = text[i + 1] if i + 1 < len(text) else None
        if after in BIDI_MARKS:
            continue  # a run of marks: only its last one can matter
        before = kept[-1] if kept else None
        if _weak_or_neutral(before) or _weak_or_neutral(after):
            kept.append(ch)
    return "".join(kept)


def strip_bidi_controls(text):
    """`text` without overrides, embeddings and isolates, and without the direction marks that do nothing.
    Anything that is not a string is returned as it is."""
    if not isinstance(text, str):
        return text
    if not any(ch in BIDI_CONTROLS or ch in BIDI_MARKS for ch in text):
        return text
    return _strip_marks(text.translate(_REMOVE))


def strip_bidi_controls_deep(value):
    """The same for every string inside dicts, lists and tuples (checklist answers); keys included."""
    if isinstance(value, str):
        return strip_bidi_controls(value)
    if isinstance(value, dict):
        return {strip_bidi_controls(k): strip_bidi_controls_deep(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(strip_bidi_controls_deep(v) for v in value)
    return value
