"""Reads for the organisation: online users (heartbeat), login audit."""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

ONLINE_WINDOW = datetime.timedelta(seconds=90)


def online_users(now: datetime.datetime | None = None):
    """Users whose browser sent a heartbeat in the last 90 seconds, most recent first."""
    now = now or timezone.now()
    return (get_user_model().objects.filter(profile__last_seen_at__gte=now - ONLINE_WINDOW, is_active=True)
            .select_related("profile").order_by("-profile__last_seen_at"))


def user_is_online(user, now: datetime.datetime | None = None) -> bool:
    now = now or timezone.now()
    seen = getattr(getattr(user, "profile", None), "last_seen_at", None)
    return bool(seen and seen >= now - ONLINE_WINDOW)
