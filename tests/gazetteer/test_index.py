"""The index at city scale: 100,000 synthetic entries, memory, latency, and no brute force."""

from __future__ import annotations

import gc
import statistics
import time
import tracemalloc

import pytest

from gazetteer import scorer
from gazetteer.index import GazetteerIndex
from gazetteer.matcher import Gazetteer
from gazetteer.synthetic import generate_city, sample_queries

N = 100_000


@pytest.fixture(scope="module")
def city_100k():
    records = generate_city(N, seed=137)
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    started = time.perf_counter()
    index = GazetteerIndex.build(records)
    build_s = time.perf_counter() - started
    current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {
        "records": records,
        "gazetteer": Gazetteer(index=index),
        "index_bytes": current - before,
        "peak_bytes": peak - before,
        "build_s": build_s,
    }


@pytest.mark.slow
def test_it_keeps_the_index_of_100k_entries_under_300_mb(city_100k):
    mb = city_100k["index_bytes"] / 1e6
    peak = city_100k["peak_bytes"] / 1e6
    print(f"\nindex memory at {N:,} entries: {mb:.1f} MB retained, {peak:.1f} MB peak while building "
          f"(build {city_100k['build_s']:.1f} s under tracemalloc)")
    assert len(city_100k["records"]) == N
    assert peak < 300


def _percentiles(values):
    values = sorted(values)
    return {
        "p50": statistics.median(values),
        "p95": values[int(len(values) * 0.95)],
        "p99": values[int(len(values) * 0.99)],
        "max": values[-1],
    }


@pytest.mark.slow
def test_it_answers_within_the_latency_budget_at_100k_entries(city_100k):
    """p95 ≤ 25 ms (the target is 10 ms; the bound is generous so CI stays stable).

    Asserted on the thread's CPU time, which other processes on a shared CI machine cannot inflate;
    wall-clock figures are printed beside it and only guarded against pathological regressions.
    """
    gazetteer = city_100k["gazetteer"]
    queries = sample_queries(city_100k["records"], 1200, seed=7)
    gc.collect()
    gc.freeze()  # as a server does after loading: the index is not rescanned by the cyclic collector
    try:
        for q in queries[:100]:
            gazetteer.suggest(q)
        wall, cpu = [], []
        for q in queries[100:]:
            w0, c0 = time.perf_counter(), time.thread_time()
            gazetteer.suggest(q)
            cpu.append((time.thread_time() - c0) * 1000)
            wall.append((time.perf_counter() - w0) * 1000)
    finally:
        gc.unfreeze()
    w, c = _percentiles(wall), _percentiles(cpu)
    print(f"\nsuggest at {N:,} entries, {len(wall)} sampled queries (30% multi-part):")
    print("  wall: " + ", ".join(f"{k} {v:.2f} ms" for k, v in w.items()))
    print("  cpu:  " + ", ".join(f"{k} {v:.2f} ms" for k, v in c.items()))
    assert c["p95"] <= 25.0
    assert w["p95"] <= 100.0


@pytest.mark.slow
def test_it_scores_a_few_hundred_names_not_the_whole_city(city_100k, monkeypatch):
    calls = 0
    real = scorer.name_similarity

    def counting(*args):
        nonlocal calls
        calls += 1
        return real(*args)

    monkeypatch.setattr(scorer, "name_similarity", counting)
    gazetteer = city_100k["gazetteer"]
    worst = 0
    for q in sample_queries(city_100k["records"], 200, seed=9):
        calls = 0
        gazetteer.suggest(q)
        worst = max(worst, calls)
    names = len(gazetteer.index.name_compact)
    print(f"\nat most {worst} name comparisons per query, of {names:,} distinct names and {N:,} records")
    assert 0 < worst < 1000


@pytest.mark.slow
def test_it_finds_records_from_sampled_queries_at_100k_entries(city_100k):
    """Single-place queries (abbreviated, misspelt, honorific dropped) find a record of that name."""
    import random

    from gazetteer.index import record_keys
    from gazetteer.synthetic import _core, _typo

    rnd = random.Random(3)
    records = [r for r in city_100k["records"] if r.kind not in ("region", "district")]
    gazetteer = city_100k["gazetteer"]
    hits = 0
    trials = 150
    for _ in range(trials):
        rec = rnd.choice(records)
        query = _typo(rnd, _core(rec.name))
        want = "".join(record_keys(rec)[0][0])
        names = {"".join(record_keys(gazetteer.records[gazetteer.index.id_to_index[s.record_id]])[0][0])
                 for s in gazetteer.suggest(query) if s.record_id}
        hits += want in names
    assert hits / trials >= 0.95


def test_it_caps_the_candidates_it_returns():
    index = GazetteerIndex.build(generate_city(3000, seed=1))
    assert 0 < len(index.candidates(["نیلوفر"], ["نیلوفر"], limit=5)) <= 5


def test_it_groups_namesakes_under_one_name():
    records = generate_city(3000, seed=1)
    index = GazetteerIndex.build(records)
    assert len(index.name_compact) < len(index.key_record)
    nid = index.name_of["نیلوفر"]
    bearers = index.name_records(nid)
    assert len(bearers) > 1
    assert all("نیلوفر" in records[r].name for r in bearers)


def test_it_generates_the_same_synthetic_city_for_the_same_seed():
    a, b, c = generate_city(2000, seed=1), generate_city(2000, seed=1), generate_city(2000, seed=2)
    assert a == b
    assert a != c
    assert len(a) == 2000
    assert all(r.synthetic for r in a)
    assert any(r.group_id for r in a), "some street should span several districts"
    assert all(r.parent_id for r in a if r.kind == "alley")


def test_it_pairs_namesakes_by_distance_the_same_way_whichever_side_it_buckets():
    """near_pairs either scans the probes' grid cells or buckets the other side by bounding box; both find
    every record that near() finds around each probe."""
    from gazetteer.index import GazetteerIndex
    from gazetteer.synthetic import generate_city

    index = GazetteerIndex.build(generate_city(4_000, seed=3))
    probes = set(range(0, 4_000, 97))
    for among in (set(range(1, 4_000, 3)), set(range(5, 4_000, 401))):  # large and small "other side"
        pairs = index.near_pairs(probes, among, 500.0)
        for p in probes:
            rec = index.records[p]
            expected = index.near(rec.lon, rec.lat, 500.0, among)
            assert expected <= pairs.get(p, set())
        assert pairs  # something is near something
