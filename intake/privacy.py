"""Who may see a citizen's contact details, and how they are shown to everyone else.

A citizen's name and phone number are shown in full to the roles whose work needs them — receipt operators and
supervisors (they take the call), follow-up and response experts (they call the citizen back) — and to superusers.
Planners and managers see them masked. A user limited to some regions or references sees in full only the
citizens with a request they may see (or with none yet: a new caller); anyone else's record is masked, so typing
phone numbers into the caller lookup reveals no names. Every lookup is recorded (`CitizenAccess`).
"""

from __future__ import annotations

from dataclasses import dataclass

from organization.roles import Role, user_roles
from organization.scopes import user_scope

CONTACT_ROLES = frozenset({Role.OPERATOR, Role.SUPERVISOR, Role.FOLLOWUP, Role.RESPONDER})
MASK = "•"


def sees_citizen_contact(user) -> bool:
    """True for the roles whose work needs a citizen's name and phone number."""
    if not getattr(user, "is_authenticated", False):
        return False
    return bool(user.is_superuser or user_roles(user) & CONTACT_ROLES)


def mask_phone(phone: str) -> str:
    """09121234567 → 0912•••••67: the operator and the last two digits, enough to tell two numbers apart."""
    phone = phone or ""
    if len(phone) <= 6:
        return MASK * len(phone)
    return phone[:4] + MASK * (len(phone) - 6) + phone[-2:]


def mask_name(name: str) -> str:
    """«سارا محمدی» → «س••• م•••»: the first letter of each word."""
    return " ".join(word[0] + MASK * 3 for word in (name or "").split())


@dataclass(frozen=True)
class CitizenShown:
    """A citizen as one user may see them."""

    pk: int
    name: str
    phone: str
    masked: bool
    is_subscriber: bool
    subscription_code: str


def citizen_as_seen(user, citizen, *, has_visible_request: bool = True, has_requests: bool = True) -> CitizenShown:
    """The citizen's record for `user`: in full for a contact role working city-wide, or scoped with a request of
    this citizen in scope (or a citizen with no request yet); masked otherwise. A case page the user may open has
    its request in scope: the defaults."""
    full = sees_citizen_contact(user) and (
        user.is_superuser or user_scope(user) is None or has_visible_request or not has_requests)
    code = citizen.subscription_code or ""
    if full:
        return CitizenShown(citizen.pk, citizen.name, citizen.phone, False, citizen.is_subscriber, code)
    return CitizenShown(citizen.pk, mask_name(citizen.name), mask_phone(citizen.phone), True, citizen.is_subscriber,
                        MASK * len(code))
