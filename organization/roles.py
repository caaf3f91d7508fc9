"""The built-in roles. A role is a Django group of the same name; the workflow configures what each may do."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    OPERATOR = "operator", _("receipt operator")
    FOLLOWUP = "followup", _("follow-up expert")
    RESPONDER = "responder", _("response expert")
    SUPERVISOR = "supervisor", _("supervisor")
    MANAGER = "manager", _("manager")
    PLANNER = "planner", _("planner")


def user_roles(user) -> frozenset[str]:
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    cached = getattr(user, "_role_names", None)
    if cached is None:
        cached = frozenset(user.groups.values_list("name", flat=True)) & frozenset(Role.values)
        user._role_names = cached
    return cached
