"""The demo city files in data/demo: counts, tiling, streets, landmarks, and a reproducible build.

Runs without Django: ``pytest tests/demo``.
"""
from __future__ import annotations

import itertools
import json
import re
from collections import Counter, defaultdict
from pathlib import Path

import pytest
import shapely
from shapely.geometry import Point, shape

REPO = Path(__file__).resolve().parents[2]
DEMO = REPO / "data" / "demo"
SHARED = REPO.parent / "shared" / "data"
OUTPUT_FILES = ["regions.geojson", "districts.geojson", "neighbourhoods.geojson", "streets.geojson",
                "landmarks.geojson", "categories.json", "PROVENANCE.md", "build_manifest.json"]


def _load_builder():
    from demo import city_builder

    return city_builder


def _features(name):
    return json.loads((DEMO / name).read_text(encoding="utf-8"))["features"]


@pytest.fixture(scope="module")
def regions():
    return {f["properties"]["region_no"]: f for f in _features("regions.geojson")}


@pytest.fixture(scope="module")
def districts():
    return _features("districts.geojson")


@pytest.fixture(scope="module")
def neighbourhoods():
    return _features("neighbourhoods.geojson")


@pytest.fixture(scope="module")
def streets():
    return _features("streets.geojson")


@pytest.fixture(scope="module")
def landmarks():
    return _features("landmarks.geojson")


@pytest.fixture(scope="module")
def categories():
    return json.loads((DEMO / "categories.json").read_text(encoding="utf-8"))


def test_it_writes_every_file(regions):
    for name in OUTPUT_FILES:
        assert (DEMO / name).is_file(), name
    assert (DEMO / "streets.geojson").stat().st_size < 15 * 1024 * 1024


def test_it_keeps_the_22_real_regions(regions):
    assert sorted(regions) == list(range(1, 23))
    r6 = regions[6]["properties"]
    assert r6["name_fa"] == "منطقه ۶" and r6["name_en"] == "Region 6"
    assert r6["osm_id"].startswith("relation/") and r6["synthetic"] is False


def test_it_has_the_known_district_counts(districts):
    per_region = Counter(f["properties"]["region_no"] for f in districts)
    assert sum(per_region.values()) == 122
    for region_no, n in {1: 10, 5: 7, 6: 6, 8: 3, 10: 3, 22: 4}.items():
        assert per_region[region_no] == n
    assert all(4 <= per_region[r] <= 7 for r in per_region if r not in (1, 5, 6, 8, 10, 22))
    p = next(f["properties"] for f in districts if f["properties"]["code"] == "6-2")
    assert p == {"region_no": 6, "district_no": 2, "code": "6-2", "name_fa": "ناحیه ۲ منطقه ۶",
                 "name_en": "Region 6 District 2", "synthetic": True}


def test_it_tiles_every_region_with_its_districts(regions, districts):
    by_region = defaultdict(list)
    for f in districts:
        by_region[f["properties"]["region_no"]].append(shape(f["geometry"]))
    for region_no, parts in by_region.items():
        region = shape(regions[region_no]["geometry"])
        assert all(p.is_valid and p.geom_type == "Polygon" for p in parts)
        union = shapely.union_all(parts)
        assert union.area == pytest.approx(region.area, rel=1e-3)
        assert union.symmetric_difference(region).area < 1e-3 * region.area
        for a, b in itertools.combinations(parts, 2):
            assert a.intersection(b).area < 1e-9 * region.area, f"districts of region {region_no} overlap"


def test_it_tiles_every_district_with_2_to_4_neighbourhoods(districts, neighbourhoods):
    assert 360 <= len(neighbourhoods) <= 390
    by_district = defaultdict(list)
    for f in neighbourhoods:
        by_district[f["properties"]["district_code"]].append(f)
    for d in districts:
        parts = by_district[d["properties"]["code"]]
        assert 2 <= len(parts) <= 4
        geom = shape(d["geometry"])
        union = shapely.union_all([shape(p["geometry"]) for p in parts])
        assert union.area == pytest.approx(geom.area, rel=1e-3)
        assert all(p["properties"]["code"].startswith(d["properties"]["code"] + "-") for p in parts)
    names = [f["properties"]["name_fa"] for f in neighbourhoods]
    assert len(set(names)) == len(names), "neighbourhood names are unique city-wide"
    assert {"تجریش", "ونک", "نارمک", "یوسف\u200cآباد"} <= set(names)


def test_it_names_every_street_and_places_it_in_a_district(districts, streets):
    assert len(streets) >= 15_000
    district_geoms = {f["properties"]["code"]: shape(f["geometry"]) for f in districts}
    region_of = {f["properties"]["code"]: f["properties"]["region_no"] for f in districts}
    ids = {s["properties"]["id"] for s in streets}
    assert len(ids) == len(streets)
    type_word = re.compile("^(خیابان|کوچه|بلوار|بزرگراه|بن\u200cبست) ")
    kinds = Counter()
    for s in streets:
        p = s["properties"]
        kinds[p["kind"]] += 1
        assert type_word.match(p["name_fa"]), p["name_fa"]
        assert p["name_en"] and p["synthetic"] is True
        assert p["district_code"] in district_geoms and region_of[p["district_code"]] == p["region_no"]
        assert p["district_code"] in p["district_codes"]
        line = shape(s["geometry"])
        mid = line.interpolate(0.5, normalized=True)
        assert district_geoms[p["district_code"]].distance(mid) < 1e-5
        if p["kind"] == "alley":
            assert p["parent_id"] in ids
        else:
            assert p["parent_id"] is None
    assert kinds["alley"] > kinds["street"] > kinds["boulevard"] > kinds["highway"] > 10


def test_it_routes_valiasr_through_the_real_squares(streets, landmarks):
    valiasr = next(s for s in streets if s["properties"]["name_fa"] == "خیابان ولیعصر")
    assert {"پهلوی", "مصدق"} <= set(valiasr["properties"]["aliases"])
    assert len(valiasr["properties"]["district_codes"]) > 5
    line = shape(valiasr["geometry"])
    for square in ("میدان راه آهن", "میدان ونک", "میدان تجریش"):
        pt = next(shape(f["geometry"]) for f in landmarks if f["properties"]["name_fa"] == square)
        assert line.distance(pt) < 1e-6, square
    modares = next(s for s in streets if s["properties"]["name_fa"] == "بزرگراه مدرس")
    assert "اتوبان مدرس" in modares["properties"]["aliases"] and modares["properties"]["kind"] == "highway"


def test_it_attaches_alleys_beside_their_parent(streets):
    by_id = {s["properties"]["id"]: s for s in streets}
    alleys = [s for s in streets if s["properties"]["kind"] == "alley"][::50]
    for a in alleys:
        parent = by_id[a["properties"]["parent_id"]]
        start = Point(a["geometry"]["coordinates"][0])
        assert shape(parent["geometry"]).distance(start) < 2e-5  # starts on its street (~2 m)


def test_it_keeps_all_places_and_metro_stations(landmarks):
    assert len(landmarks) == 1054
    sources = Counter(f["properties"]["source"] for f in landmarks)
    assert sources == {"places": 904, "metro": 150}
    tajrish = next(f["properties"] for f in landmarks if f["properties"]["id"] == "metro-001")
    assert tajrish["name_fa"] == "ایستگاه مترو تجریش" and "تجریش" in tajrish["aliases"]
    assert tajrish["kind"] == "metro" and tajrish["address_fa"] and tajrish["name_en"] == "Tajrish"
    kinds = Counter(f["properties"]["kind"] for f in landmarks)
    assert kinds["square"] >= 165 and kinds["metro"] == 150
    subkinds = {f["properties"]["subkind"] for f in landmarks}
    assert {"hospital", "university", "municipal_office", "park", "square"} <= subkinds
    for f in landmarks:
        name = f["properties"]["name_fa"]
        assert name == name.strip() and "  " not in name
        assert f["properties"]["synthetic"] is False


def test_it_seeds_a_two_level_category_tree(categories):
    subjects = categories["subjects"]
    children = [c for s in subjects for c in s["children"]]
    assert 10 <= len(subjects) <= 14 and 60 <= len(children) <= 90
    codes = [c["code"] for c in children]
    assert len(set(codes)) == len(codes)
    for c in children:
        assert c["urgency_default"] in ("immediate", "trackable")
        assert c["season"] in ("winter", "rain", None) and c["sla_hours"] > 0 and c["weight"] > 0
    by_name = {c["name_fa"]: c for c in children}
    assert by_name["برف\u200cروبی"]["season"] == "winter"
    assert by_name["آبگرفتگی معابر"]["season"] == "rain"
    info = next(s for s in subjects if s["code"] == "information")
    assert all(c["urgency_default"] == "immediate" for c in info["children"])


def test_it_records_sources_and_licences():
    text = (DEMO / "PROVENANCE.md").read_text(encoding="utf-8")
    for needle in ("ODbL", "© OpenStreetMap contributors", "GPL-3.0", "ff32704653ea6bdec0fda8b8d63249e798149900",
                   "a912eaa5120e4738f2790573774dfb1dde76432f", "78ad95ba95b19238a8ffad64a3fb81dc0bc04059",
                   "synthetic", "demo.city_builder"):
        assert needle in text


@pytest.mark.slow
@pytest.mark.skipif(not SHARED.is_dir(), reason="shared data folder not available")
def test_it_rebuilds_byte_identical_files(tmp_path):
    builder = _load_builder()
    manifest = json.loads((DEMO / "build_manifest.json").read_text(encoding="utf-8"))
    builder.run(SHARED, tmp_path / "a", quiet=True)
    same_geos = manifest["geos"] == ".".join(map(str, shapely.geos_version))
    if same_geos:  # the committed files must be exactly what the script produces
        for name in OUTPUT_FILES:
            assert (tmp_path / "a" / name).read_bytes() == (DEMO / name).read_bytes(), f"{name} is stale"
    else:  # another GEOS may round differently: still, two builds must agree byte for byte
        builder.run(SHARED, tmp_path / "b", quiet=True)
        for name in OUTPUT_FILES:
            assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name
