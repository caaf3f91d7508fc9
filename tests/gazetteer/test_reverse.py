"""Reverse geocoding: a point → the nearest streets and landmarks."""

from __future__ import annotations

import math
import random
from itertools import pairwise

import pytest

from gazetteer.records import AREA_KINDS
from gazetteer.reverse import ReverseGeocoder
from gazetteer.synthetic import generate_city


def haversine_m(lon1, lat1, lon2, lat2):
    r = 6_371_008.8
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * r * math.asin(math.sqrt(a))


@pytest.fixture(scope="module")
def reverse(city):
    return ReverseGeocoder(city)


def test_it_returns_the_nearest_street_with_its_distance_in_metres(reverse):
    # 0.0003° east of ولیعصر (lon 51.41), between شهید بهشتی (35.730) and نیلوفر (35.752)
    hit = reverse.nearest(51.4103, 35.7400, k=1)[0]
    assert hit.record_id == "valiasr-3"
    assert hit.distance_m == pytest.approx(haversine_m(51.4103, 35.7400, 51.4100, 35.7400), abs=0.5)
    assert hit.lon == pytest.approx(51.4100, abs=1e-6)
    assert hit.lat == pytest.approx(35.7400, abs=1e-6)


def test_it_reports_the_region_and_district_of_the_place_found(reverse):
    hit = reverse.nearest(51.4103, 35.7100, k=1)[0]
    assert hit.record_id == "valiasr-6"
    assert hit.region == {"number": 6, "name": "منطقه ۶"}
    assert hit.district == {"code": "6-2", "name": "ناحیه ۲"}


def test_it_ranks_several_places_nearest_first(reverse):
    hits = reverse.nearest(51.4103, 35.7300, k=4)
    assert [h.record_id for h in hits][:2] == ["beheshti", "valiasr-3"]
    assert [h.distance_m for h in hits] == sorted(h.distance_m for h in hits)
    assert len({h.record_id for h in hits}) == 4


def test_it_can_be_limited_to_landmarks(reverse):
    hit = reverse.nearest_landmark(51.4395, 35.7301)
    assert hit.record_id == "m-gholhak"
    assert hit.distance_m == pytest.approx(haversine_m(51.4395, 35.7301, 51.4405, 35.7400), rel=0.005)
    assert reverse.nearest_street(51.4395, 35.7301).record_id == "beheshti"


def test_it_ignores_area_centroids_by_default(reverse):
    # the centroid of region 6 sits exactly here, yet a street is returned
    hits = reverse.nearest(51.4100, 35.7100, k=3)
    assert all(h.kind not in AREA_KINDS for h in hits)


def test_it_respects_a_maximum_distance(reverse):
    assert reverse.nearest(51.30, 35.60, k=3, max_distance_m=500) == []
    assert reverse.nearest(51.30, 35.60, k=1)[0].distance_m > 500


def test_it_serialises_a_hit(reverse):
    d = reverse.nearest(51.4103, 35.7400, k=1)[0].to_dict()
    assert set(d) == {
        "record_id", "label", "kind", "subkind", "distance_m", "lon", "lat", "region", "district", "synthetic"
    }
    assert d["label"] == "خیابان ولیعصر"


def test_it_agrees_with_brute_force_on_a_synthetic_city():
    records = generate_city(3000, seed=5)
    reverse = ReverseGeocoder(records)
    candidates = [r for r in records if r.kind not in AREA_KINDS]

    def brute(lon, lat):
        best = []
        for r in candidates:
            if r.line and r.kind in ("street", "boulevard", "highway", "alley"):
                d = min(_segment_m(lon, lat, a, b) for part in r.line for a, b in pairwise(part))
            else:
                d = haversine_m(lon, lat, r.lon, r.lat)
            best.append((d, r.id))
        return sorted(best)[:3]

    rnd = random.Random(11)
    for _ in range(40):
        lon, lat = rnd.uniform(51.22, 51.58), rnd.uniform(35.58, 35.78)
        expected = brute(lon, lat)
        got = reverse.nearest(lon, lat, k=3)
        assert len(got) == 3
        # same distances, nearest first (ids may swap only between near-equal distances)
        for h, (d, rid) in zip(got, expected):
            assert h.distance_m == pytest.approx(d, rel=0.005, abs=0.5)
            assert h.record_id == rid or abs(d - {i: x for x, i in expected}.get(h.record_id, -1e9)) < 2


def _segment_m(lon, lat, a, b):
    """Point-to-segment distance in a tangent plane centred on the point (independent of the module's maths)."""
    k = math.cos(math.radians(lat)) * 111_195.0
    ax, ay = (a[0] - lon) * k, (a[1] - lat) * 111_195.0
    bx, by = (b[0] - lon) * k, (b[1] - lat) * 111_195.0
    dx, dy = bx - ax, by - ay
    den = dx * dx + dy * dy
    t = 0.0 if den == 0 else max(0.0, min(1.0, -(ax * dx + ay * dy) / den))
    return math.hypot(ax + t * dx, ay + t * dy)
