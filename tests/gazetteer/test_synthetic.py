"""The synthetic city is a fixed benchmark: one seed, one city, one list of queries, run after run."""

from __future__ import annotations

import hashlib
import json

from gazetteer.synthetic import generate_city, sample_queries

# Digests of generate_city(3000, seed=137) and its sample_queries(…, 300, seed=7), recorded before the generators
# were split into small functions. A change here changes every benchmark and accuracy figure built on the city.
CITY_DIGEST = "bfa2804e24a3e307441fc37aa07ab1fc7a25f66a06c904c9ccb67f38c7dab87a"
QUERIES_DIGEST = "5bc02997bbe02ec47c02e293ce905d7ab96344473b21c24170392d89605ebf28"


def _digest(obj) -> str:
    return hashlib.sha256(json.dumps(obj, ensure_ascii=False).encode()).hexdigest()


def _rows(city):
    return [[r.id, r.name, r.kind, r.subkind, r.lon, r.lat, r.line, r.parent_id, r.group_id, r.region_no,
             r.district_code] for r in city]


def test_it_generates_the_same_city_and_queries_for_a_seed_as_before():
    city = generate_city(3000, seed=137)
    assert len(city) == 3000
    assert _digest(_rows(city)) == CITY_DIGEST
    assert _digest(sample_queries(city, 300, seed=7)) == QUERIES_DIGEST


def test_it_generates_another_city_for_another_seed():
    assert _digest(_rows(generate_city(3000, seed=138))) != CITY_DIGEST


def test_it_writes_every_kind_of_place_and_query():
    city = generate_city(3000, seed=137)
    kinds = {r.kind for r in city}
    assert {"region", "district", "neighbourhood", "street", "square", "metro", "landmark", "alley"} <= kinds
    queries = sample_queries(city, 300, seed=7)
    assert any(" ک " in q for q in queries)  # street + alley
    assert any("نرسیده به م" in q for q in queries)  # street near a square
