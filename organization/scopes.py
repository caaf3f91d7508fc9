"""Which requests a user may see. Every view, API, tile and export filters through here.

- Anonymous users and users without an active role see nothing; superusers see everything.
- A user whose profile names references and/or regions (their scope) sees only requests whose case is with one of
  those references (or a reference below them) and/or in one of those regions — both must match when both are
  given — plus requests assigned to them or registered by them.
- A user with roles and no scope entries works city-wide.
"""

from django.db.models import Exists, OuterRef, Q, QuerySet

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


def users_seeing(*, reference_id: int | None, region_id: int | None, assignee_id: int | None = None,
                 created_by_id: int | None = None) -> Q:
    """A filter on users: those `visible_requests` lets see a request whose case is with `reference_id`, in
    `region_id`, assigned to `assignee_id` and registered by `created_by_id` (give the stored values): superusers;
    users working city-wide; users whose scope covers the reference — or one above it — and/or the region; the
    assignee and the registrar. Inactive users see nothing. It does not ask for roles (`visible_requests` wants at
    least one active role): the caller filters on the roles it needs. One query per level above the reference;
    the rest runs in the caller's query."""
    from organization.models import Reference, UserProfile

    ancestors, ref_id = [], reference_id
    while ref_id is not None and ref_id not in ancestors:  # a reference below a scope reference is in scope
        ancestors.append(ref_id)
        ref_id = Reference.objects.filter(pk=ref_id).values_list("parent_id", flat=True).first()
    refs = UserProfile.scope_references.through.objects.filter(userprofile__user_id=OuterRef("pk"))
    regions = UserProfile.scope_regions.through.objects.filter(userprofile__user_id=OuterRef("pk"))
    has_refs, has_regions = Q(Exists(refs)), Q(Exists(regions))
    refs_cover = Q(Exists(refs.filter(reference_id__in=ancestors))) if ancestors else Q(pk__in=[])
    regions_cover = Q(Exists(regions.filter(region_id=region_id))) if region_id else Q(pk__in=[])
    city_wide = ~has_refs & ~has_regions
    covered = (has_refs | has_regions) & (~has_refs | refs_cover) & (~has_regions | regions_cover)
    own = Q(pk__in=[pk for pk in (assignee_id, created_by_id) if pk])
    return Q(is_active=True) & (Q(is_superuser=True) | city_wide | covered | own)
