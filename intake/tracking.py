"""Tracking codes: short, digits only, with a Luhn check digit so a mistyped code is caught at once."""

import secrets

BODY_DIGITS = 8


def luhn_check_digit(body: str) -> str:
    total = 0
    for index, char in enumerate(reversed(body)):
        digit = int(char)
        if index % 2 == 0:
            digit *= 2
            if digit > 9:
                digit -= 9
        total += digit
    return str((10 - total % 10) % 10)


def is_valid_tracking_code(code: str) -> bool:
    return code.isdigit() and len(code) == BODY_DIGITS + 1 and luhn_check_digit(code[:-1]) == code[-1]


def new_tracking_code(rng: secrets.SystemRandom | None = None) -> str:
    """A random code; the first digit is never 0 so it reads well over the phone."""
    rng = rng or secrets.SystemRandom()
    body = str(rng.randint(1, 9)) + "".join(str(rng.randint(0, 9)) for _ in range(BODY_DIGITS - 1))
    return body + luhn_check_digit(body)
