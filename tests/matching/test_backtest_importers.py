"""The backtest's importers on real NYC 311 extracts (tests/matching/data/) and on our own format."""

import csv
from datetime import datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from matching.backtest.importers import ImportFailed, read_calls

DATA = Path(__file__).parent / "data"
NYC_2013 = DATA / "nyc311_2013-12-25_rows851-1000.csv"
NYC_2022 = DATA / "nyc311_2022-05-01_rows31-60.csv"
NEW_YORK = ZoneInfo("America/New_York")


def test_it_reads_nyc_311_rows_and_skips_those_without_coordinates():
    result = read_calls(NYC_2013)
    assert result.format == "nyc311"
    assert (result.rows, result.skipped_no_coordinates, result.skipped_unreadable) == (150, 3, 0)
    assert len(result.calls) == 147
    first = result.calls[0]
    assert first.key == "26985530" and first.sequence == 26985530
    assert first.created_at == datetime(2013, 12, 25, 1, 20, tzinfo=NEW_YORK)
    assert first.created_at.utcoffset() == timedelta(hours=-5)
    assert first.closed_at == datetime(2013, 12, 30, 7, 33, tzinfo=NEW_YORK)
    assert (first.subject, first.sub_subject, first.complaint_type) == ("DEP", "Noise", "Noise")
    assert (first.text, first.address) == ("Noise, Barking Dog (NR5)", "37-05 69 STREET")
    assert (first.lon, first.lat) == (-73.89669050589966, 40.748257765842816)
    keys = {call.key for call in result.calls}
    assert not keys & {"26974965", "26983471", "26977985"}  # the three rows without a point


def test_it_reads_an_afternoon_time_and_an_open_call():
    with open(NYC_2013, newline="", encoding="utf-8") as handle:
        rows = {row["Unique Key"]: row for row in csv.DictReader(handle)}
    calls = {call.key: call for call in read_calls(NYC_2013).calls}
    open_calls = [key for key, row in rows.items() if not row["Closed Date"] and key in calls]
    assert open_calls and all(calls[key].closed_at is None for key in open_calls)
    pm = [key for key, row in rows.items() if " PM" in row["Created Date"] and key in calls]
    for key in pm:
        assert calls[key].created_at.hour >= 12


def test_it_reads_the_newer_nyc_schema_and_its_channel():
    result = read_calls(NYC_2022)
    assert (result.rows, result.skipped_no_coordinates, len(result.calls)) == (30, 1, 29)
    first = result.calls[0]
    assert first.key == "54049062" and first.complaint_type == "Noise - Vehicle"
    assert first.created_at == datetime(2022, 5, 1, 0, 2, 43, tzinfo=NEW_YORK)
    assert first.created_at.utcoffset() == timedelta(hours=-4)  # daylight saving time in May
    assert first.address == "362 WEST  127 STREET"
    channels = {call.channel for call in result.calls}
    assert channels <= {"app", "web", "phone"} and {"app", "web"} <= channels
    assert first.channel == "app"  # MOBILE


CIVIC_HEADER = "tracking_code,created_at,closed_at,subject,sub_subject,lon,lat,address_text,text\n"


def test_it_reads_our_own_format(tmp_path):
    path = tmp_path / "calls.csv"
    path.write_text(CIVIC_HEADER
                    + "1403000011,2026-03-01T09:15:00+03:30,2026-03-02T10:00:00+03:30,roads,pothole,51.41,35.70,"
                      "خیابان ولیعصر پلاک ۱۲,چاله عمیق\n"
                    + "1403000029,2026-03-01T09:20:00,,roads,pothole,51.4101,35.7001,,\n"
                    + "1403000037,2026-03-01T09:25:00,,lights,lamp,,,,no point\n"
                    + "1403000045,yesterday,,lights,lamp,51.41,35.70,,bad time\n", encoding="utf-8")
    result = read_calls(path, default_tz=timezone(timedelta(hours=3, minutes=30)))
    assert result.format == "civic"
    assert (result.rows, result.skipped_no_coordinates, result.skipped_unreadable, len(result.calls)) == (4, 1, 1, 2)
    first, second = result.calls
    assert first.created_at == datetime(2026, 3, 1, 5, 45, tzinfo=timezone.utc)
    assert first.closed_at == datetime(2026, 3, 2, 6, 30, tzinfo=timezone.utc)
    assert first.complaint_type == "roads / pothole"
    assert (first.address, first.text) == ("خیابان ولیعصر پلاک ۱۲", "چاله عمیق")
    assert second.created_at.utcoffset() == timedelta(hours=3, minutes=30) and second.closed_at is None
    assert first.sequence < second.sequence


def test_it_refuses_a_file_of_other_columns_or_an_unknown_format(tmp_path):
    path = tmp_path / "other.csv"
    path.write_text("id,when,where\n1,2026-01-01,here\n", encoding="utf-8")
    with pytest.raises(ImportFailed, match="unknown columns"):
        read_calls(path)
    with pytest.raises(ImportFailed, match="missing columns"):
        read_calls(NYC_2013, "civic")
    with pytest.raises(ImportFailed, match="unknown format"):
        read_calls(NYC_2013, "open311")
