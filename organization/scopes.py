"""Which requests a user may see. Every view, API, tile and export filters through here.

- Anonymous users and users without an active role see nothing; superusers see everything.
- A user whose profile names references and/or regions (their scope) sees only requests whose case is with one of
  those references (or a reference below them) and/or in one of those regions — both must match when both are
  given — plus requests assigned to them or registered by them.
- A user with roles and no scope entries works city-wide.
"""

from django.db.models import Q, QuerySet

from organization.roles import user_roles


def user_scope(user) -> tuple[frozenset[int], frozenset[int]] | None:
    """(reference ids with their descendants, region ids), or None for city-wide. Cached on the user object."""
    cached = getattr(user, "_request_scope", False)
    if cached is not False:
        return cached
    from organization.models import UserProfile, reference_descendant_ids

    profile = UserProfile.objects.filter(user_id=user.pk).first()
    scope = None
    if profile is not None:
        refs = list(profile.scope_references.values_list("id", flat=True))
        regions = frozenset(profile.scope_regions.values_list("id", flat=True))
        if refs or regions:
            scope = (frozenset(reference_descendant_ids(refs)) if refs else frozenset(), regions)
    user._request_scope = scope
    return scope


def forget_scope(user) -> None:
    if hasattr(user, "_request_scope"):
        del user._request_scope


def visible_requests(user, queryset: QuerySet) -> QuerySet:
    if not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", True):
        return queryset.none()
    if user.is_superuser:
        return queryset
    if not user_roles(user):
        return queryset.none()
    scope = user_scope(user)
    if scope is None:
        return queryset
    reference_ids, region_ids = scope
    covered = Q()
    if reference_ids:
        covered &= Q(workflow_case__reference_id__in=sorted(reference_ids))
    if region_ids:
        covered &= Q(region_id__in=sorted(region_ids))
    own = Q(workflow_case__assignee_id=user.pk) | Q(created_by_id=user.pk)
    return queryset.filter(covered | own)
