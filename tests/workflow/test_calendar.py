"""Working time on the Iranian calendar (no database)."""

import datetime

import pytest

from workflow.calendar import WorkCalendar

SATURDAY = datetime.datetime(2024, 5, 4, 9, 0)  # a Saturday, 09:00


def test_it_counts_hours_inside_one_working_day():
    assert WorkCalendar().add_hours(SATURDAY, 3) == datetime.datetime(2024, 5, 4, 12, 0)


def test_it_skips_thursday_and_friday_by_default():
    wednesday_afternoon = datetime.datetime(2024, 5, 8, 15, 0)
    # one hour left on Wednesday, then Thursday and Friday are off: Saturday 08:00 + 1 h
    assert WorkCalendar().add_hours(wednesday_afternoon, 2) == datetime.datetime(2024, 5, 11, 9, 0)


def test_it_counts_a_working_thursday_when_configured():
    wednesday_afternoon = datetime.datetime(2024, 5, 8, 15, 0)
    assert WorkCalendar(thursday_hours=4).add_hours(wednesday_afternoon, 2) == datetime.datetime(2024, 5, 9, 9, 0)


def test_it_skips_an_official_holiday():
    holiday = datetime.date(2024, 5, 5)  # Sunday
    calendar = WorkCalendar(holidays=frozenset({holiday}))
    assert calendar.add_hours(SATURDAY, 8) == datetime.datetime(2024, 5, 6, 9, 0)


def test_it_starts_counting_at_opening_time_for_a_request_that_arrives_at_night():
    assert WorkCalendar().add_hours(datetime.datetime(2024, 5, 4, 22, 0), 1) == datetime.datetime(2024, 5, 5, 9, 0)


def test_it_adds_working_days_past_friday():
    assert WorkCalendar().add_working_days(datetime.date(2024, 5, 8), 1) == datetime.date(2024, 5, 11)


def test_it_fails_loudly_on_a_calendar_without_working_time():
    with pytest.raises(ValueError):
        WorkCalendar(day_hours=0).add_hours(SATURDAY, 1)
