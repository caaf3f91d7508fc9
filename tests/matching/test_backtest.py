"""`manage.py duplicates_backtest` end to end on a real NYC extract: imported, loaded into its own database
(<test db>_backtest, never the configured one), replayed through our detector and both rules, scored."""

import csv
import io
import json
import math
from datetime import datetime
from pathlib import Path

import psycopg
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from intake.models import ServiceRequest
from matching.backtest.importers import read_calls
from matching.backtest.replay import SUFFIX, backtest_database

DATA = Path(__file__).parent / "data"
EXTRACT = DATA / "nyc311_2013-12-25_rows851-1000.csv"
DETECTORS = ("ours", "fms_250m", "naive_50m")


# The command points the connection at another database: no test transaction may be open around it.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(scope="module", autouse=True)
def backtest_database_dropped():
    """The backtest database (<test db>_backtest) the command creates is dropped after this module."""
    names = []
    yield names
    db = connection.settings_dict
    conninfo = {"dbname": "postgres", "user": db["USER"], "password": db["PASSWORD"], "host": db["HOST"],
                "port": db["PORT"]}
    with psycopg.connect(**{k: v for k, v in conninfo.items() if v}, autocommit=True) as conn:
        for name in set(names):
            conn.execute(f'drop database if exists "{name}" with (force)')


@pytest.fixture
def replay_db(backtest_database_dropped):
    assert connection.settings_dict["NAME"].startswith("test_")
    backtest_database_dropped.append(connection.settings_dict["NAME"] + SUFFIX)


def run(*args) -> str:
    out = io.StringIO()
    call_command("duplicates_backtest", str(EXTRACT), *args, stdout=out)
    return out.getvalue()


def independent_repeat_count(path: Path) -> int:
    """The issue's definition on the raw CSV, in plain Python: an earlier call (by time, then NYC's Unique Key)
    still open at this call's time, of the same complaint type at the same upper-cased, space-collapsed address."""
    def when(text):
        return datetime.strptime(text, "%m/%d/%Y %I:%M:%S %p") if text else None

    with open(path, newline="", encoding="utf-8") as handle:
        rows = [row for row in csv.DictReader(handle) if row["Latitude"] and row["Longitude"]]
    rows.sort(key=lambda row: (when(row["Created Date"]), int(row["Unique Key"])))
    repeats = 0
    for index, row in enumerate(rows):
        address = " ".join(row["Incident Address"].upper().split())
        created = when(row["Created Date"])
        repeats += bool(address) and any(
            " ".join(earlier["Incident Address"].upper().split()) == address
            and earlier["Complaint Type"] == row["Complaint Type"]
            and (not earlier["Closed Date"] or when(earlier["Closed Date"]) > created)
            for earlier in rows[:index])
    return repeats


def stored_points() -> dict[str, tuple[float, float]]:
    with backtest_database():
        return {code: (point.x, point.y) for code, point in
                ServiceRequest.objects.values_list("tracking_code", "location")}


def test_it_replays_a_real_extract_and_prints_all_three_detectors_side_by_side(replay_db):
    expected = independent_repeat_count(EXTRACT)
    assert expected == 6
    requests_before = ServiceRequest.objects.count()
    text = run()
    assert "147 calls replayed in time order" in text and "3 without coordinates" in text
    assert f"{expected} repeats by address truth" in text
    table = {line.split()[0]: line.split()[1:] for line in text.splitlines()[3:6]}
    assert list(table) == list(DETECTORS)
    for figures in table.values():
        flagged, ratios, latencies = int(figures[0]), [float(v) for v in figures[1:7]], figures[7:]
        assert 0 < flagged < 147 and all(0 <= v <= 1 for v in ratios) and float(latencies[0]) > 0
    assert "Per complaint type" in text and "HEATING" in text

    report = json.loads(run("--json"))
    assert (report["calls"], report["repeats"], report["skipped_no_coordinates"]) == (147, expected, 3)
    scores = report["detectors"]
    assert list(scores) == list(DETECTORS)
    # every call within 50 m is within 250 m: the wider rule flags at least as much and misses no more
    assert scores["naive_50m"]["flagged"] <= scores["fms_250m"]["flagged"]
    assert scores["naive_50m"]["recall"] <= scores["fms_250m"]["recall"]
    for figures in scores.values():
        assert figures["true_positives"] + figures["false_positives"] == figures["flagged"]
        assert figures["top1"] <= figures["top3"] and figures["p50_ms"] <= figures["p95_ms"]
        assert math.isclose(figures["f1"], 2 * figures["precision"] * figures["recall"]
                            / (figures["precision"] + figures["recall"]), abs_tol=1e-3)
    # the same-building repeats on this extract are found by every detector (recall 1) and ranked first
    assert all(scores[name]["recall"] == 1.0 and scores[name]["top1"] == 1.0 for name in DETECTORS)
    assert sum(row["repeats"] for row in report["per_type"]) == expected

    assert ServiceRequest.objects.count() == requests_before  # the configured (test) database was not written
    assert len(stored_points()) == 147  # the backtest database was, once (each run wipes the previous)


def test_it_jitters_stored_points_the_same_way_for_one_seed_and_within_the_radius(replay_db):
    original = {call.key: (call.lon, call.lat) for call in read_calls(EXTRACT).calls}
    run("--jitter", "30", "--seed", "5", "--json")
    first = stored_points()
    report = json.loads(run("--jitter", "30", "--seed", "5", "--json"))
    assert stored_points() == first
    assert report["jitter_m"] == 30 and report["seed"] == 5
    json.loads(run("--jitter", "30", "--seed", "6", "--json"))
    other = stored_points()
    assert other.keys() == first.keys() == original.keys() and other != first
    for code, (lon, lat) in first.items():
        east = (lon - original[code][0]) * 111_320 * math.cos(math.radians(lat))
        north = (lat - original[code][1]) * 110_574
        assert 0 < math.hypot(east, north) <= 31


def test_it_replays_without_giving_our_detector_the_address_the_truth_is_made_of(replay_db):
    with_address = json.loads(run("--json"))
    without = json.loads(run("--no-address", "--json"))
    assert with_address["detector_takes_address"] and not without["detector_takes_address"]
    assert without["repeats"] == with_address["repeats"]  # the same truth, only the detector is blinded
    assert without["detectors"]["naive_50m"]["f1"] == with_address["detectors"]["naive_50m"]["f1"]


def test_it_replays_only_the_first_calls_with_limit(replay_db):
    report = json.loads(run("--limit", "40", "--json"))
    assert report["calls"] == 40 and report["detectors"]["ours"]["calls"] == 40
    assert len(stored_points()) == 40


def test_it_refuses_a_missing_file_or_a_negative_jitter():
    with pytest.raises(CommandError):
        call_command("duplicates_backtest", str(DATA / "missing.csv"))
    with pytest.raises(CommandError):
        call_command("duplicates_backtest", str(EXTRACT), "--jitter", "-1")


def test_it_replays_our_own_format_to_the_same_figures_as_the_same_calls_from_nyc(replay_db, tmp_path):
    """The extract rewritten in the civic columns (ISO times with their offset, arrival order as file order, the
    optional kind of problem column)."""
    calls = sorted(read_calls(EXTRACT).calls, key=lambda call: (call.created_at, call.sequence))
    civic = tmp_path / "calls.csv"
    with open(civic, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["tracking_code", "created_at", "closed_at", "subject", "sub_subject", "lon", "lat",
                         "address_text", "text", "kind"])
        for call in calls:
            closed = call.closed_at.isoformat() if call.closed_at else ""
            writer.writerow([call.key, call.created_at.isoformat(), closed,
                             call.subject, call.sub_subject, repr(call.lon), repr(call.lat), call.address, call.text,
                             call.kind])
    nyc = json.loads(run("--json"))
    out = io.StringIO()
    call_command("duplicates_backtest", str(civic), "--format", "civic", "--json", stdout=out)
    ours = json.loads(out.getvalue())
    assert ours["format"] == "civic" and (ours["calls"], ours["repeats"]) == (nyc["calls"], nyc["repeats"]) == (147, 6)
    for name in DETECTORS:
        keep = ("flagged", "true_positives", "precision", "recall", "f1", "false_alarm_rate", "top1", "top3")
        assert {k: ours["detectors"][name][k] for k in keep} == {k: nyc["detectors"][name][k] for k in keep}


def test_it_exports_our_own_requests_as_a_file_the_backtest_replays(replay_db, tmp_path):
    """`duplicates_backtest_export` writes the configured database's requests (oldest first, with the sub-subject's
    kind of problem); the replay of that file finds the repeat call at the same address."""
    from datetime import timedelta

    from django.contrib.gis.geos import Point
    from django.utils import timezone

    from intake.models import Category, Status

    subject = Category.objects.create(code="export-bldg", name_fa="ساختمان", name_en="Building")
    heating = Category.objects.create(code="export-heat", name_fa="گرمایش", name_en="Heating", parent=subject,
                                      duplicate_kind=Category.DuplicateKind.BUILDING)
    start = timezone.now() - timedelta(days=2)
    calls = [("EXP0000001", 0, "خیابان آزادی پلاک ۱۲", (51.3890, 35.6890), "شوفاژ کار نمی‌کند"),
             ("EXP0000002", 2, "خیابان آزادی پلاک ۱۲", (51.3891, 35.6890), "شوفاژ خراب است"),
             ("EXP0000003", 3, "خیابان آزادی پلاک ۱۴", (51.3893, 35.6890), "شوفاژ کار نمی‌کند")]
    for code, hours, address, (lon, lat), text in reversed(calls):  # stored out of order: exported by time
        ServiceRequest.objects.create(
            tracking_code=code, channel="phone", category=heating, text=text, address_text=address,
            location=Point(lon, lat, srid=4326), status=Status.REGISTERED, created_at=start + timedelta(hours=hours))
    exported = tmp_path / "ours.csv"
    call_command("duplicates_backtest_export", str(exported), stderr=io.StringIO())

    with open(exported, newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [row["tracking_code"] for row in rows] == ["EXP0000001", "EXP0000002", "EXP0000003"]
    assert {(row["subject"], row["sub_subject"], row["kind"]) for row in rows} == {("export-bldg", "export-heat",
                                                                                    "building")}
    assert rows[2]["address_text"] == "خیابان آزادی پلاک ۱۴" and rows[0]["closed_at"] == ""

    out = io.StringIO()
    call_command("duplicates_backtest", str(exported), "--json", stdout=out)
    report = json.loads(out.getvalue())
    assert report["format"] == "civic" and (report["calls"], report["repeats"]) == (3, 1)
    ours = report["detectors"]["ours"]
    # the second call at plaque 12 is flagged; the third, at the plaque next door 20 m on, is not
    assert (ours["flagged"], ours["true_positives"]) == (1, 1)
    assert ServiceRequest.objects.filter(tracking_code__startswith="EXP").count() == 3  # the export wrote nothing


def test_it_refuses_an_unreadable_export_day():
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("duplicates_backtest_export", "-", "--since", "1403/09/12")
