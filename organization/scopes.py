"""Which requests a user may see. Every view, API, tile and export filters through here.

Today: any user holding a platform role (or a superuser) sees the city's requests; anyone else sees none.
The organization/workflow work refines this with reference and region scopes per user.
"""

from django.db.models import QuerySet

from organization.roles import user_roles


def visible_requests(user, queryset: QuerySet) -> QuerySet:
    if not getattr(user, "is_authenticated", False):
        return queryset.none()
    if user.is_superuser or user_roles(user):
        return queryset
    return queryset.none()
