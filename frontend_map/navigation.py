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

NAV_ITEMS = (
    NavItem("home", _("Home"), "home", ALL, "⌂"),
    NavItem("intake", _("Register a message"), "home", frozenset({Role.OPERATOR, Role.SUPERVISOR}), "✚"),
    NavItem("receipt", _("Receipt inbox"), "home", frozenset({Role.OPERATOR, Role.SUPERVISOR}), "📥"),
    NavItem("followup", _("Follow-up inbox"), "home", frozenset({Role.FOLLOWUP, Role.SUPERVISOR}), "🔎"),
    NavItem("response", _("Response inbox"), "home", frozenset({Role.RESPONDER, Role.SUPERVISOR}), "☎"),
    NavItem("map", _("Map"), "home", frozenset({Role.MANAGER, Role.PLANNER, Role.SUPERVISOR, Role.OPERATOR}), "🗺"),
    NavItem("hotspots", _("Hotspots"), "home", frozenset({Role.PLANNER, Role.MANAGER}), "🔥"),
    NavItem("dashboard", _("Dashboard"), "home", frozenset({Role.MANAGER, Role.SUPERVISOR}), "📊"),
)


def navigation_for(user) -> list[NavItem]:
    if not getattr(user, "is_authenticated", False):
        return []
    if user.is_superuser:
        return list(NAV_ITEMS)
    roles = user_roles(user)
    return [item for item in NAV_ITEMS if item.roles & roles]
