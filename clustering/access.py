"""Who may use hotspots: planners and managers (and superusers); which runs they may open."""

from organization.roles import Role, user_roles
from organization.scopes import user_scope

HOTSPOT_ROLES = frozenset({Role.PLANNER, Role.MANAGER})


def can_use_hotspots(user) -> bool:
    if not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", True):
        return False
    return user.is_superuser or bool(user_roles(user) & HOTSPOT_ROLES)


def run_visible(user, run) -> bool:
    """A run was computed over its creator's visible requests: its creator sees it, and so does anyone city-wide."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser or run.created_by_id == user.pk:
        return True
    return user_scope(user) is None


def run_tiles_visible(user, run) -> bool:
    """Tiles of a run show cell counts, as the requests layer does: any role-holder of a matching scope."""
    return bool(getattr(user, "is_superuser", False) or user_roles(user)) and run_visible(user, run)
