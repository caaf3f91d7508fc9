"""The working calendar built from the holidays table and settings (WORKFLOW_THURSDAY_HOURS, default 0 = off)."""

import datetime

from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from workflow.calendar import WorkCalendar
from workflow.models import Holiday

_CACHE_KEY = "workflow:holidays:v1"


def _holidays() -> frozenset[datetime.date]:
    dates = cache.get(_CACHE_KEY)
    if dates is None:
        dates = list(Holiday.objects.values_list("date", flat=True))
        cache.set(_CACHE_KEY, dates, 3600)
    return frozenset(dates)


def work_calendar() -> WorkCalendar:
    return WorkCalendar(
        holidays=_holidays(),
        day_start=getattr(settings, "WORKFLOW_DAY_START_HOUR", 8),
        day_hours=getattr(settings, "WORKFLOW_DAY_HOURS", 8),
        thursday_hours=getattr(settings, "WORKFLOW_THURSDAY_HOURS", 0),
    )


@receiver([post_save, post_delete], sender=Holiday)
def _forget_holidays(**kwargs) -> None:
    cache.delete(_CACHE_KEY)
