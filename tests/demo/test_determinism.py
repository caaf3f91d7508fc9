"""The demo generators give byte-identical output for a seed: digests recorded from the code before its refactor.

A refactor of demo/request_generator.py or demo/city_builder.py must keep these digests; a deliberate change of
the generated data must record new ones (and say so). Runs without Django: ``pytest tests/demo``.
"""
from __future__ import annotations

import hashlib
import json
import sys
from datetime import datetime, timezone
from pathlib import Path

import pytest
from shapely.geometry import shape

REPO = Path(__file__).resolve().parents[2]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from demo import city_builder  # noqa: E402
from demo.request_generator import generate_demo_requests, load_demo_city  # noqa: E402

DEMO = REPO / "data" / "demo"
NOW = datetime(2025, 11, 28, 12, 0, tzinfo=timezone.utc)

# sha256 of the generated data, recorded from the unrefactored generator (commit 405a7f7)
REQUESTS_DIGEST = "ed014cadb202f6ca26ca673c47f6ed0ea195cfe3ecc4fe190dc83f7944553b7c"
REQUESTS_SHORT_WINDOW_DIGEST = "9c159dbff88a7000be92cf16294c6beda725041fb61f78e6abd3303ac1009496"
REQUESTS_NO_NEIGHBOURHOODS_DIGEST = "44ff597a57052ed8e7ece34d4838e263debf47657f9e21da500dfbb8aacfaf6f"
NEIGHBOURHOODS_DIGEST = "eca216827bbe4e5c3ef22cc39e1087f07bf4af73e797e856abac02ea1dfe569d"


def _digest(obj) -> str:
    text = json.dumps(obj, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@pytest.fixture(scope="module")
def city():
    return load_demo_city()


def test_it_generates_the_recorded_requests_for_a_seed(city):
    reqs = list(generate_demo_requests(seed=137, count=3000, now=NOW, city=city, chunk_size=700))
    assert len(reqs) == 3000
    assert _digest(reqs) == REQUESTS_DIGEST


def test_it_generates_the_recorded_requests_for_a_short_window(city):
    reqs = list(generate_demo_requests(seed=9, count=800, now=NOW, city=city, days=40))
    assert _digest(reqs) == REQUESTS_SHORT_WINDOW_DIGEST


def test_it_generates_the_recorded_requests_without_neighbourhoods_or_landmarks(city):
    reqs = list(generate_demo_requests(seed=4, count=600, now=NOW, districts=city.districts, neighbourhoods=[],
                                       landmarks=[], streets=city.streets, categories=city.categories))
    assert all(r["neighbourhood_code"] is None for r in reqs)
    assert _digest(reqs) == REQUESTS_NO_NEIGHBOURHOODS_DIGEST


def test_it_builds_the_recorded_neighbourhoods_from_the_committed_districts():
    districts = [{"region_no": f["properties"]["region_no"], "code": f["properties"]["code"],
                  "geom": shape(f["geometry"])} for f in city_builder.load_json(DEMO / "districts.geojson")["features"]]
    landmarks = [{"props": f["properties"], "lonlat": tuple(f["geometry"]["coordinates"])}
                 for f in city_builder.load_json(DEMO / "landmarks.geojson")["features"]]
    neighbourhoods = city_builder.build_neighbourhoods(districts, city_builder.landmark_lookup(landmarks))
    out = [{"props": n["props"], "geom": city_builder.geom_out(n["geom"])} for n in neighbourhoods]
    assert _digest(out) == NEIGHBOURHOODS_DIGEST
