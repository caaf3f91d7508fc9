"""The role-aware navigation of the shell: each item names the roles (groups) that see it."""

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from organization.roles import Role, user_roles


@dataclass(frozen=True)
class NavItem:
    key: str
    label: str
    url_name: str
    roles: frozenset[str]
    icon: str = ""

    def url(self) -> str:
        try:
            return reverse(self.url_name)
        except NoReverseMatch:
            return "#"


ALL = frozenset(Role.values)

# Each item's URL name belongs to the app that serves it.
NAV_ITEMS = (
    NavItem("home", _("Home"), "home", ALL, "⌂"),
    NavItem("intake", _("Register a message"), "intake", frozenset({Role.OPERATOR, Role.SUPERVISOR}), "✚"),
    NavItem("receipt", _("Receipt inbox"), "inbox-receipt", frozenset({Role.OPERATOR, Role.SUPERVISOR}), "▤"),
    NavItem("followup", _("Follow-up inbox"), "inbox-followup", frozenset({Role.FOLLOWUP, Role.SUPERVISOR}), "⟳"),
    NavItem("response", _("Response inbox"), "inbox-response", frozenset({Role.RESPONDER, Role.SUPERVISOR}), "☎"),
    NavItem("feedback", _("Feedback inbox"), "inbox-feedback", frozenset({Role.RESPONDER, Role.SUPERVISOR}), "◷"),
    NavItem("archive", _("Archive"), "inbox-archive", frozenset({Role.SUPERVISOR, Role.MANAGER}), "▦"),
    NavItem("map", _("Map"), "map", frozenset({Role.MANAGER, Role.PLANNER, Role.SUPERVISOR, Role.OPERATOR}), "◈"),
    NavItem("hotspots", _("Hotspots"), "hotspots", frozenset({Role.PLANNER, Role.MANAGER}), "▲"),
    NavItem("supervision", _("Supervision"), "workflow-supervision", frozenset({Role.SUPERVISOR, Role.MANAGER}), "◉"),
)


def navigation_for(user) -> list[NavItem]:
    if not getattr(user, "is_authenticated", False):
        return []
    if user.is_superuser:
        return list(NAV_ITEMS)
    roles = user_roles(user)
    return [item for item in NAV_ITEMS if item.roles & roles]
