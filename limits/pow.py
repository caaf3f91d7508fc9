"""A hashcash-style proof-of-work for public forms, computed by the visitor's browser (static/limits/pow.js) and
checked here: find a counter such that SHA-256(challenge ":" counter) starts with `difficulty` zero bits.

The challenge is signed (it says its own difficulty and cannot be forged), expires after POW_MAX_AGE seconds and is
accepted once. Each extra zero bit doubles the visitor's work: a person's browser solves 16 bits in a fraction of
a second, a script posting hundreds of reports pays for every one."""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.core import signing

from limits import store

SALT = "limits.pow"
COUNTER_MAX_LENGTH = 20


def _max_age() -> int:
    return int(getattr(settings, "POW_MAX_AGE", 600))


def challenge_issue(difficulty: int) -> str:
    """A fresh signed challenge of `difficulty` zero bits."""
    return signing.TimestampSigner(salt=SALT).sign(f"{int(difficulty)}.{secrets.token_urlsafe(12)}")


def leading_zero_bits(digest: bytes) -> int:
    bits = 0
    for byte in digest:
        if byte == 0:
            bits += 8
            continue
        return bits + 8 - byte.bit_length()
    return bits


def challenge_difficulty(challenge: str) -> int | None:
    """The difficulty a valid, unexpired challenge asks for; None for anything else."""
    try:
        value = signing.TimestampSigner(salt=SALT).unsign(challenge, max_age=_max_age())
    except (signing.BadSignature, signing.SignatureExpired):
        return None
    head, _sep, _nonce = value.partition(".")
    return int(head) if head.isdigit() else None


def solution_check(challenge: str, counter: str, *, min_difficulty: int) -> bool:
    """Whether `counter` solves `challenge`, the challenge asks at least `min_difficulty` bits and was never used
    before (a solved challenge is spent here)."""
    challenge, counter = str(challenge or ""), str(counter or "")
    if not counter.isdigit() or len(counter) > COUNTER_MAX_LENGTH or len(challenge) > 200:
        return False
    difficulty = challenge_difficulty(challenge)
    if difficulty is None or difficulty < min_difficulty:
        return False
    digest = hashlib.sha256(f"{challenge}:{counter}".encode()).digest()
    if leading_zero_bits(digest) < difficulty:
        return False
    return store.once(f"{store.key_for('pow', challenge)}:used", _max_age())


def solve(challenge: str, difficulty: int) -> str:
    """The smallest counter solving `challenge` (what the browser does; for tests and command-line clients)."""
    counter = 0
    while True:
        digest = hashlib.sha256(f"{challenge}:{counter}".encode()).digest()
        if leading_zero_bits(digest) >= difficulty:
            return str(counter)
        counter += 1
