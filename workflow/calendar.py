"""Working time on the Iranian calendar: Friday is off, Thursday is configurable (0 = off, or a number of working
hours), official holidays are off. Pure Python: the caller passes the holidays in."""

import datetime
from dataclasses import dataclass, field

FRIDAY = 4  # Python weekday(): Monday 0 … Friday 4, Saturday 5
THURSDAY = 3


@dataclass(frozen=True)
class WorkCalendar:
    holidays: frozenset[datetime.date] = field(default_factory=frozenset)
    day_start: int = 8  # local hour the working day starts
    day_hours: int = 8  # Saturday–Wednesday
    thursday_hours: int = 0  # 0: Thursday is off

    def hours_on(self, day: datetime.date) -> int:
        if day in self.holidays or day.weekday() == FRIDAY:
            return 0
        if day.weekday() == THURSDAY:
            return self.thursday_hours
        return self.day_hours

    def is_working_day(self, day: datetime.date) -> bool:
        return self.hours_on(day) > 0

    def add_hours(self, start: datetime.datetime, hours: float) -> datetime.datetime:
        """The moment `hours` working hours after `start` (a local, aware or naive, datetime)."""
        if hours < 0:
            raise ValueError("hours must not be negative")
        remaining = datetime.timedelta(hours=hours)
        current = start
        for _ in range(3660):  # ten years of days: a calendar with no working day at all fails loudly
            day = current.date()
            open_at = current.replace(hour=self.day_start, minute=0, second=0, microsecond=0)
            close_at = open_at + datetime.timedelta(hours=self.hours_on(day))
            if current < open_at:
                current = open_at
            if current < close_at:
                available = close_at - current
                if remaining <= available:
                    return current + remaining
                remaining -= available
            current = (open_at + datetime.timedelta(days=1)).replace(hour=0)
        raise ValueError("the calendar has no working time")

    def add_working_days(self, start: datetime.date, days: int) -> datetime.date:
        """The `days`-th working day after `start`."""
        current = start
        counted = 0
        while counted < days:
            current += datetime.timedelta(days=1)
            if self.is_working_day(current):
                counted += 1
        return current
