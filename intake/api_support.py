"""What the requests API needs from intake: permission classes and parsing of query parameters.

Kept in the app so its messages live in intake's own translation catalogue."""

from django.utils.translation import gettext_lazy as _
from rest_framework import permissions

from intake.errors import IntakeError, msg
from intake.services import ADDRESS_MAX, _point_check, category_resolve
from organization.roles import Role, user_roles

PHONE_QUERY_MAX = 40


class HasPlatformRole(permissions.BasePermission):
    message = _("You have no role on this platform.")

    def has_permission(self, request, view):
        return bool(request.user.is_superuser or user_roles(request.user))


class IntakeRole(permissions.BasePermission):
    message = _("Only receipt operators and supervisors see citizens' records.")

    def has_permission(self, request, view):
        return bool(request.user.is_superuser or user_roles(request.user) & {Role.OPERATOR, Role.SUPERVISOR})


def duplicate_query_check(params) -> dict:
    """lon, lat, category (or None) and text of a duplicates query, or IntakeError."""
    if params.get("lon") in (None, "") or params.get("lat") in (None, ""):
        raise IntakeError.on("location", _("Give lon and lat."))
    lon, lat = _point_check(params.get("lon"), params.get("lat"))
    category = category_resolve(params["category"], allow_subject=True) if params.get("category") else None
    text = params.get("text", "")
    if len(text) > 4000:
        raise IntakeError.on("text", msg(_("The description may have at most %(limit)s characters."), limit=4000))
    address = params.get("address", "")
    if len(address) > ADDRESS_MAX:
        raise IntakeError.on("address", msg(_("The address may have at most %(limit)s characters."),
                                            limit=ADDRESS_MAX))
    return {"lon": lon, "lat": lat, "category": category, "text": text, "address": address}


def phone_query_check(params) -> str:
    query = (params.get("phone") or params.get("q") or "").strip()
    if not query or len(query) > PHONE_QUERY_MAX:
        raise IntakeError.on("phone", _("Give the caller's phone number or subscription code."))
    return query


def serializer_error(errors: dict) -> IntakeError:
    return IntakeError({field: [msg(_("Invalid value: %(detail)s"), detail=" ".join(map(str, problems)))]
                        for field, problems in errors.items()})


def body_error(reason=None) -> IntakeError:
    """The body could not be read; `reason` (a parser's own message, e.g. nested too deep) says why when known."""
    return IntakeError.on("__all__", reason or _("The body is not valid JSON."))
