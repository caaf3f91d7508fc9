"""Digits as users type and read them: Persian (۰–۹), Arabic-Indic (٠–٩) and ASCII (0–9)."""

_TO_ASCII = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")
# the table of to_ascii_digits, for callers combining tables
ASCII_DIGITS: dict[int, str] = {k: chr(v) for k, v in _TO_ASCII.items()}
_TO_PERSIAN = str.maketrans("0123456789٠١٢٣٤٥٦٧٨٩", "۰۱۲۳۴۵۶۷۸۹۰۱۲۳۴۵۶۷۸۹")


def to_ascii_digits(text: str) -> str:
    """Persian and Arabic-Indic digits as ASCII digits; everything else unchanged."""
    return str(text).translate(_TO_ASCII)


def to_persian_digits(value) -> str:
    """ASCII and Arabic-Indic digits as Persian digits (for Persian readers)."""
    return str(value).translate(_TO_PERSIAN)


def digits_for_language(value, language: str | None) -> str:
    """Persian digits for a Persian reader (`language` fa…, or none given), the value's own digits otherwise."""
    text = str(value)
    return to_persian_digits(text) if (language or "fa").startswith("fa") else text
