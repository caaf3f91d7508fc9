"""Iranian phone numbers: one canonical form whatever the caller or the channel gives.

Mobile numbers become ``09`` + 9 digits (e.g. 09121234567) and landlines ``0`` + area code + 8 digits,
from any of ``09…``, ``9…``, ``+989…``, ``00989…``, ``989…``, with Persian (۰–۹) or Arabic-Indic (٠–٩)
digits and spaces, dashes, dots or parentheses between them.
"""

import re

from text.digits import to_ascii_digits

__all__ = ["InvalidPhoneNumber", "is_mobile", "normalize_phone", "to_ascii_digits"]

_SEPARATORS = re.compile(r"[\s\-\.\(\)\u200c\u200e\u200f\u202a-\u202e]+")
_MOBILE = re.compile(r"^09\d{9}$")
_LANDLINE = re.compile(r"^0[1-8]\d{9}$")


class InvalidPhoneNumber(ValueError):
    """The text is not an Iranian mobile or landline number."""


def normalize_phone(raw: str) -> str:
    """Return the canonical national form, or raise InvalidPhoneNumber."""
    if raw is None:
        raise InvalidPhoneNumber("empty phone number")
    text = _SEPARATORS.sub("", to_ascii_digits(str(raw)).strip())
    if text.startswith("+"):
        text = "00" + text[1:]
    if not text.isdigit():
        raise InvalidPhoneNumber(f"not a phone number: {raw!r}")
    if text.startswith("0098"):
        text = "0" + text[4:]
    elif text.startswith("98") and len(text) == 12:
        text = "0" + text[2:]
    elif len(text) == 10 and not text.startswith("0"):
        text = "0" + text
    if _MOBILE.match(text) or _LANDLINE.match(text):
        return text
    raise InvalidPhoneNumber(f"not an Iranian phone number: {raw!r}")


def is_mobile(phone: str) -> bool:
    return bool(_MOBILE.match(phone))
