"""Organisation writes: heartbeat (online/offline), login audit, user scopes, roles."""

from django.db import transaction
from django.utils import timezone

from organization.models import LoginEvent, UserProfile


def user_heartbeat(*, user) -> None:
    """Record that the user's browser is open now (one UPDATE; the profile is created on first beat)."""
    now = timezone.now()
    if not UserProfile.objects.filter(user_id=user.pk).update(last_seen_at=now):
        UserProfile.objects.get_or_create(user=user, defaults={"last_seen_at": now})


def user_went_offline(*, user) -> None:
    UserProfile.objects.filter(user_id=user.pk).update(last_seen_at=None)


def login_event_record(*, kind: str, username: str, user=None, request=None, backend: str = "") -> LoginEvent:
    ip = ua = None
    if request is not None:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        ip = (forwarded.split(",")[0].strip() if forwarded else request.META.get("REMOTE_ADDR")) or None
        ua = request.META.get("HTTP_USER_AGENT", "")[:300]
    return LoginEvent.objects.create(user=user, username=(username or "")[:150], kind=kind, ip=ip,
                                     user_agent=ua or "", backend=backend[:150])


def user_scope_set(*, user, references=(), regions=()) -> UserProfile:
    with transaction.atomic():
        profile, _ = UserProfile.objects.get_or_create(user=user)
        profile.scope_references.set(references)
        profile.scope_regions.set(regions)
    from organization.scopes import forget_scope

    forget_scope(user)
    return profile
