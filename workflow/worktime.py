"""The working calendar built from the holidays table and settings (WORKFLOW_THURSDAY_HOURS, default 0 = off)."""

import datetime

from django.conf import settings
from django.utils import timezone

from workflow.calendar import WorkCalendar
from workflow.models import Holiday


def _holidays() -> frozenset[datetime.date]:
    """Holidays from today on (one small query; deadlines only ever look forward)."""
    since = timezone.localdate() - datetime.timedelta(days=1)
    return frozenset(Holiday.objects.filter(date__gte=since).values_list("date", flat=True))


def work_calendar() -> WorkCalendar:
    return WorkCalendar(
        holidays=_holidays(),
        day_start=getattr(settings, "WORKFLOW_DAY_START_HOUR", 8),
        day_hours=getattr(settings, "WORKFLOW_DAY_HOURS", 8),
        thursday_hours=getattr(settings, "WORKFLOW_THURSDAY_HOURS", 0),
    )
