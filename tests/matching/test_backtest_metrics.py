"""The backtest's pure parts on hand-checked inputs: the ground truth, the figures, the jitter (no database)."""

import math
from datetime import datetime, timedelta, timezone

from matching.backtest.importers import CallRecord, in_time_order
from matching.backtest.jitter import jittered_points
from matching.backtest.metrics import Outcome, percentile, render, scores, summary, types_by_repeats
from matching.backtest.truth import normalise_address, repeat_count, true_matches

T0 = datetime(2013, 12, 25, 8, 0, tzinfo=timezone.utc)


def call(minutes: float, kind: str = "HEATING", address: str = "12 MAIN STREET", closed_after: float | None = None,
         sequence: int = 0, lon: float = -73.95, lat: float = 40.8) -> CallRecord:
    created = T0 + timedelta(minutes=minutes)
    return CallRecord(key=f"k{minutes}-{sequence}", created_at=created,
                      closed_at=None if closed_after is None else T0 + timedelta(minutes=closed_after),
                      subject="HPD", sub_subject=kind, complaint_type=kind, lon=lon, lat=lat, address=address,
                      text="HEAT", sequence=sequence)


def metres(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance (haversine), independent of the jitter's own formula."""
    lon1, lat1, lon2, lat2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6_371_008.8 * math.asin(math.sqrt(h))


# ---- truth


def test_it_normalises_addresses_by_case_and_spaces_only():
    assert normalise_address("  362 west  127 Street ") == "362 WEST 127 STREET"
    assert normalise_address("362 W 127 ST") != normalise_address("362 WEST 127 STREET")
    assert normalise_address("") == ""


def test_it_counts_a_repeat_only_of_an_earlier_open_call_of_the_same_type_at_the_same_address():
    calls = [
        call(0, closed_after=15),                     # 0: first report
        call(10, address="12  main street"),          # 1: repeats 0 (same address once normalised)
        call(20),                                     # 2: 0 closed at 15 -> repeats only 1
        call(30, kind="PLUMBING"),                    # 3: other type at the same address: not a repeat
        call(40, address="14 MAIN STREET"),           # 4: other address: not a repeat
        call(50, address=""),                         # 5, 6: no address: never repeats, never a match
        call(60, address="   "),
        call(70, closed_after=71),                    # 7: repeats 1 and 2 (both still open)
    ]
    matches = true_matches(calls)
    assert matches == [frozenset(), {0}, {1}, frozenset(), frozenset(), frozenset(), frozenset(), {1, 2}]
    assert repeat_count(matches) == 3


def test_it_sees_a_call_closed_exactly_at_the_moment_as_no_longer_open():
    matches = true_matches([call(0, closed_after=10), call(10)])
    assert matches == [frozenset(), frozenset()]


def test_it_orders_calls_recorded_at_the_same_time_by_arrival_so_the_earlier_one_can_be_repeated():
    first, second = call(0, sequence=26983747), call(0, sequence=26983755)
    assert true_matches([second, first]) == [frozenset(), frozenset()]  # same moment: neither is "before"
    ordered = in_time_order([second, first, call(1, sequence=1)])
    assert [c.sequence for c in ordered] == [26983747, 26983755, 1]
    assert ordered[1].created_at == ordered[0].created_at + timedelta(microseconds=1)
    assert ordered[2].created_at == T0 + timedelta(minutes=1)  # a later call keeps its own time
    assert true_matches(ordered) == [frozenset(), {0}, {0, 1}]


# ---- metrics


def test_it_scores_flags_over_calls_and_rankings_over_repeats():
    matches = [frozenset(), frozenset({0}), frozenset({0, 1}), frozenset()]
    outcomes = [
        Outcome(candidates=(), flagged=False, ms=1.0),
        Outcome(candidates=(0,), flagged=True, ms=2.0),        # repeat, flagged, true match first
        Outcome(candidates=(3, 1, 0), flagged=True, ms=3.0),  # repeat, flagged, true match second
        Outcome(candidates=(2,), flagged=True, ms=4.0),       # not a repeat, flagged: a false alarm
    ]
    got = scores(outcomes, matches)
    assert (got.calls, got.repeats, got.flagged, got.true_positives, got.false_positives) == (4, 2, 3, 2, 1)
    assert math.isclose(got.precision, 2 / 3) and got.recall == 1.0 and math.isclose(got.f1, 0.8)
    assert got.false_alarm_rate == 0.5
    assert (got.top1, got.top3) == (0.5, 1.0)
    assert (got.p50_ms, got.p95_ms) == (3.0, 4.0)


def test_it_counts_a_missed_repeat_against_recall_and_leaves_undefined_ratios_empty():
    matches = [frozenset(), frozenset({0})]
    silent = [Outcome((), False, 1.0), Outcome((0,), False, 1.0)]  # ranked right but not flagged
    got = scores(silent, matches)
    assert got.precision is None and got.recall == 0.0 and got.f1 == 0.0 and got.false_alarm_rate == 0.0
    assert got.top1 == 1.0
    nothing = scores([Outcome((), False, 1.0)], [frozenset()])
    assert nothing.recall is None and nothing.f1 is None and nothing.top1 is None and nothing.false_alarm_rate == 0


def test_it_scores_one_complaint_type_on_its_own_calls():
    matches = [frozenset(), frozenset({0}), frozenset(), frozenset({2}), frozenset()]
    types = ["HEATING", "HEATING", "Noise", "Noise", "PLUMBING"]
    outcomes = {"ours": [Outcome((), False, 1), Outcome((0,), True, 1), Outcome((), True, 1),
                         Outcome((1,), False, 1), Outcome((), False, 1)]}
    assert types_by_repeats(types, matches, 5) == ["HEATING", "Noise"]  # PLUMBING has no repeat
    report = summary(outcomes, matches, types, per_type=1)
    assert [row["type"] for row in report["per_type"]] == ["HEATING"]
    heating = report["per_type"][0]
    assert (heating["calls"], heating["repeats"]) == (2, 1)
    assert heating["detectors"]["ours"]["f1"] == 1.0
    assert report["detectors"]["ours"]["f1"] == 0.5  # overall: 1 hit, 1 false alarm, 1 missed repeat


def test_it_takes_the_nearest_rank_percentile():
    assert percentile([5.0, 1.0, 3.0], 50) == 3.0
    assert percentile(list(map(float, range(1, 101))), 95) == 95.0
    assert percentile([], 50) is None


def test_it_renders_one_row_per_detector_then_per_type():
    matches = [frozenset(), frozenset({0})]
    outcomes = {name: [Outcome((), False, 1.0), Outcome((0,), True, 2.0)] for name in ("ours", "fms_250m")}
    report = {"file": "x.csv", "format": "nyc311", "rows": 3, "skipped_no_coordinates": 1, "skipped_unreadable": 0,
              "calls": 2, "calls_sharing_a_time": 0, "repeats": 1, "jitter_m": 30.0, "seed": 4, "database": "d"}
    report.update(summary(outcomes, matches, ["HEATING", "HEATING"]))
    lines = render(report).splitlines()
    assert "2 calls" in lines[0] and "1 repeats" in lines[0] and "jitter 30 m (seed 4)" in lines[0]
    assert lines[2].split()[:3] == ["detector", "flagged", "precision"]
    assert [line.split() for line in lines[3:5]] == [
        ["ours", "1", "1.000", "1.000", "1.000", "0.000", "1.000", "1.000", "1.0", "2.0"],
        ["fms_250m", "1", "1.000", "1.000", "1.000", "0.000", "1.000", "1.000", "1.0", "2.0"]]
    assert lines[5] == "" and lines[6].startswith("Per complaint type")
    heating = [line for line in lines if line.startswith("HEATING")]
    assert heating[0].split()[:4] == ["HEATING", "2", "1", "ours"]


# ---- jitter


def test_it_moves_stored_and_probed_points_apart_within_the_radius_the_same_way_for_one_seed():
    calls = [call(i, lon=-73.95 + i / 1000, lat=40.8) for i in range(200)]
    stored, probed = jittered_points(calls, 30, seed=7)
    assert (stored, probed) == jittered_points(calls, 30, seed=7)
    assert stored != jittered_points(calls, 30, seed=8)[0]
    distances = [metres((c.lon, c.lat), point) for c, point in zip(calls, stored)]
    distances += [metres((c.lon, c.lat), point) for c, point in zip(calls, probed)]
    assert max(distances) <= 30.01 and max(distances) > 25 and min(distances) < 5
    assert all(metres(a, b) > 0 for a, b in zip(stored, probed))  # the pin and the probe move on their own
    assert jittered_points(calls[:2], 0, seed=7) == ([(c.lon, c.lat) for c in calls[:2]],) * 2
