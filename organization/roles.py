"""Roles. A role is a Django group of the same name; `RoleDefinition` adds a label, an on/off switch and the
roles it includes. The built-in six exist from the first migration; administrators add as many as they need."""

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
    """The names of the active roles a user holds, with every role those roles include (transitively)."""
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    cached = getattr(user, "_role_names", None)
    if cached is None:
        cached = _effective_roles(frozenset(user.groups.values_list("name", flat=True)))
        user._role_names = cached
    return cached


def _definitions() -> dict:
    from organization.models import RoleDefinition

    return {d.group.name: d for d in RoleDefinition.objects.select_related("group").prefetch_related("includes__group")}


def groups_holding(roles) -> frozenset[str]:
    """The groups whose members hold at least one of `roles` (directly or through what their role includes), as
    `user_roles` counts them. Three queries, whatever the number of groups."""
    from django.contrib.auth.models import Group

    wanted = frozenset(roles)
    if not wanted:
        return frozenset()
    definitions = _definitions()
    return frozenset(name for name in Group.objects.values_list("name", flat=True)
                     if _effective_roles(frozenset({name}), definitions) & wanted)


def _effective_roles(group_names: frozenset[str], definitions: dict | None = None) -> frozenset[str]:
    if not group_names:
        return frozenset()
    if definitions is None:
        definitions = _definitions()
    result: set[str] = set()
    frontier = [name for name in group_names]
    while frontier:
        name = frontier.pop()
        if name in result:
            continue
        definition = definitions.get(name)
        if definition is None:
            if name in Role.values:  # a built-in role without a definition row is active
                result.add(name)
            continue
        if not definition.is_active:
            continue
        result.add(name)
        frontier.extend(inc.group.name for inc in definition.includes.all() if inc.is_active)
    return frozenset(result)


def forget_roles(user) -> None:
    """Drop the per-object cache after changing a user's groups."""
    if hasattr(user, "_role_names"):
        del user._role_names
