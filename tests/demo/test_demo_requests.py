"""The demo request generator (demo/request_generator.py): deterministic, placed, seasonal, daily rhythm.

Runs without Django: ``pytest tests/demo``.
"""
from __future__ import annotations

import re
import statistics
import sys
import time
from collections import Counter
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
import shapely
from shapely.geometry import shape

REPO = Path(__file__).resolve().parents[2]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from demo.request_generator import (  # noqa: E402
    STATUSES,
    generate_demo_requests,
    gregorian_to_jalali,
    load_demo_city,
)

NOW = datetime(2025, 11, 28, 12, 0, tzinfo=timezone.utc)
TEHRAN = timedelta(hours=3, minutes=30)
SNOW = {"urban_services.snow_clearing", "urban_services.salting"}
PERSIAN = re.compile("[\u0600-\u06ff]")


@pytest.fixture(scope="module")
def city():
    return load_demo_city()


@pytest.fixture(scope="module")
def generated(city):
    t0 = time.perf_counter()
    reqs = list(generate_demo_requests(seed=137, count=50_000, now=NOW, **city.generator_inputs()))
    return reqs, time.perf_counter() - t0


@pytest.fixture(scope="module")
def reqs(generated):
    return generated[0]


def _local(dt):
    return dt + TEHRAN


@pytest.mark.slow
def test_it_yields_50000_requests_quickly(generated):
    reqs, seconds = generated
    assert len(reqs) == 50_000
    assert seconds < 30, f"50,000 requests took {seconds:.1f}s"


def test_it_is_deterministic_for_a_seed(city):
    a = list(generate_demo_requests(seed=5, count=1500, now=NOW, **city.generator_inputs()))
    b = list(generate_demo_requests(seed=5, count=1500, now=NOW, city=city))
    c = list(generate_demo_requests(seed=6, count=1500, now=NOW, **city.generator_inputs()))
    assert a == b
    assert a != c


def test_it_yields_exactly_the_requested_count(city):
    assert len(list(generate_demo_requests(seed=1, count=7, now=NOW, city=city))) == 7
    assert list(generate_demo_requests(seed=1, count=0, now=NOW, city=city)) == []


def test_it_accepts_file_paths_and_works_without_neighbourhoods(city):
    demo = REPO / "data" / "demo"
    reqs = list(generate_demo_requests(
        seed=3, count=50, now=NOW, districts=demo / "districts.geojson", landmarks=demo / "landmarks.geojson",
        streets=demo / "streets.geojson", categories=demo / "categories.json"))
    assert len(reqs) == 50
    assert all(r["neighbourhood_code"] is None and r["district_code"] for r in reqs)


def test_it_rejects_a_naive_now(city):
    with pytest.raises(ValueError):
        next(generate_demo_requests(seed=1, count=1, now=datetime(2025, 1, 1), city=city))


@pytest.mark.slow
def test_it_places_every_request_in_its_district_region_and_neighbourhood(city, reqs):
    districts = {f["properties"]["code"]: shape(f["geometry"]) for f in city.districts}
    neighbourhoods = {f["properties"]["code"]: shape(f["geometry"]) for f in city.neighbourhoods}
    regions = {f["properties"]["region_no"]: shape(f["geometry"]) for f in city.regions}
    region_of = {f["properties"]["code"]: f["properties"]["region_no"] for f in city.districts}
    for g in [*districts.values(), *regions.values()]:
        shapely.prepare(g)
    for r in reqs:
        assert r["region_no"] == region_of[r["district_code"]]
        assert shapely.intersects_xy(districts[r["district_code"]], r["lon"], r["lat"]), r
        assert regions[r["region_no"]].distance(shapely.Point(r["lon"], r["lat"])) < 1e-6
        assert r["neighbourhood_code"].startswith(r["district_code"] + "-")
        assert neighbourhoods[r["neighbourhood_code"]].distance(shapely.Point(r["lon"], r["lat"])) < 1e-5
    assert len({r["district_code"] for r in reqs}) == len(districts)


@pytest.mark.slow
def test_it_spreads_requests_over_the_last_12_months_oldest_first(reqs):
    created = [r["created_at"] for r in reqs]
    assert all(c.tzinfo is not None and c.utcoffset() == timedelta(0) for c in created)
    assert min(created) >= NOW - timedelta(days=365) and max(created) < NOW
    assert created == sorted(created)
    months = Counter((c.year, c.month) for c in created)
    assert len(months) >= 12 and min(v for k, v in months.items() if k not in (min(months), max(months))) > 2000


@pytest.mark.slow
def test_it_has_more_snow_requests_in_winter_than_in_summer(reqs):
    by_month = Counter()
    for r in reqs:
        if r["category_code"] in SNOW:
            d = _local(r["created_at"]).date()
            by_month[gregorian_to_jalali(d.year, d.month, d.day)[1]] += 1
    winter = by_month[10] + by_month[11]  # Dey, Bahman
    summer = by_month[4] + by_month[5] + by_month[6]  # Tir, Mordad, Shahrivar
    assert winter > 200 and summer == 0


@pytest.mark.slow
def test_it_bursts_flooding_reports_around_rain_events(reqs):
    per_day = Counter(_local(r["created_at"]).date() for r in reqs
                      if r["category_code"] == "urban_services.street_flooding")
    assert max(per_day.values()) >= 8 * statistics.median(per_day.values())


@pytest.mark.slow
def test_it_peaks_in_working_hours_and_dips_at_night_and_on_fridays(reqs):
    hours = Counter(_local(r["created_at"]).hour for r in reqs)
    assert max(hours, key=hours.get) in (10, 11)
    assert sum(hours[h] for h in range(0, 6)) < 0.05 * len(reqs)
    weekdays = Counter(_local(r["created_at"]).weekday() for r in reqs)
    assert weekdays[4] < 0.6 * statistics.mean(weekdays[d] for d in (5, 6, 0, 1, 2))  # Friday


@pytest.mark.slow
def test_it_clusters_requests_in_hot_spots(reqs):
    cells = Counter((round(r["lon"], 3), round(r["lat"], 3)) for r in reqs)  # ~100 m cells
    assert max(cells.values()) >= 40  # a uniform spread over ~60,000 cells would give 1–3 per cell
    central = sum(1 for r in reqs if r["region_no"] in (6, 7, 11, 12)) / len(reqs)
    assert central > 0.2  # these 4 regions are ~9% of the city's area


@pytest.mark.slow
def test_it_uses_phone_most_and_every_channel(reqs):
    channels = Counter(r["channel"] for r in reqs)
    assert set(channels) == {"phone", "app", "web", "sms", "email", "letter", "in_person", "ivr"}
    assert 0.5 < channels["phone"] / len(reqs) < 0.7
    assert channels.most_common(1)[0][0] == "phone"


@pytest.mark.slow
def test_it_keeps_statuses_consistent_with_age(reqs):
    open_states = {"registered", "in_followup", "in_response"}
    for r in reqs:
        assert r["status"] in STATUSES and r["urgency"] in ("immediate", "trackable")
        if r["status"] in open_states:
            assert r["closed_at"] is None
        else:
            assert r["created_at"] <= r["closed_at"] <= NOW
    old = [r for r in reqs if NOW - r["created_at"] > timedelta(days=90)]
    assert sum(r["status"] in ("closed", "archived") for r in old) > 0.95 * len(old)
    recent = [r for r in reqs if NOW - r["created_at"] < timedelta(days=2) and r["urgency"] == "trackable"]
    assert sum(r["status"] in open_states for r in recent) > 0.4 * len(recent)
    assert Counter(r["urgency"] for r in reqs)["immediate"] > 0.03 * len(reqs)


@pytest.mark.slow
def test_it_writes_persian_descriptions_and_addresses_with_real_names(city, reqs):
    street_names = {f["properties"]["name_fa"] for f in city.streets}
    landmark_names = {f["properties"]["name_fa"] for f in city.landmarks}
    sample = reqs[::97]
    for r in sample:
        assert PERSIAN.search(r["text"]) and len(r["text"]) > 15
        assert PERSIAN.search(r["address_text"])
    with_name = sum(1 for r in sample
                    if any(n in r["address_text"] for n in street_names | landmark_names)
                    or re.search("(^|، )(خ|ک|بل) ", r["address_text"]))
    assert with_name > 0.95 * len(sample)
    assert len({r["text"] for r in reqs}) > 10_000


@pytest.mark.slow
def test_it_draws_citizens_from_a_pool_so_some_repeat(reqs):
    phones = Counter(r["citizen_phone"] for r in reqs)
    assert all(re.fullmatch(r"09\d{9}", p) for p in phones)
    assert 5_000 < len(phones) <= 20_000
    assert phones.most_common(1)[0][1] >= 5
    names = {}
    for r in reqs:
        assert PERSIAN.search(r["citizen_name"])
        assert names.setdefault(r["citizen_phone"], r["citizen_name"]) == r["citizen_name"]
