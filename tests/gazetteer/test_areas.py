"""District boundaries in the core: a derived point (a crossing, the point of a street nearest a square) is
placed in the district that covers it, not in the district of whichever street segment was matched."""

from __future__ import annotations

from gazetteer.areas import AreaLocator
from gazetteer.matcher import Gazetteer
from gazetteer.records import GazetteerRecord

W = {"region_no": 2, "region_name": "منطقه ۲", "district_code": "2-7", "district_name": "ناحیه ۷"}
E = {"region_no": 6, "region_name": "منطقه ۶", "district_code": "6-5", "district_name": "ناحیه ۵"}
# district 2-7 west of lon 51.40, 6-5 east of it; 6-5 has a hole (a park that is not part of it)
WEST = (((51.30, 35.60), (51.40, 35.60), (51.40, 35.80), (51.30, 35.80)),)
EAST = (((51.40, 35.60), (51.50, 35.60), (51.50, 35.80), (51.40, 35.80)),
        ((51.45, 35.75), (51.46, 35.75), (51.46, 35.76), (51.45, 35.76)))


def _city():
    return [
        GazetteerRecord(id="d27", name="ناحیه ۷ منطقه ۲", kind="district", lon=51.35, lat=35.7, area=(WEST,), **W),
        GazetteerRecord(id="d65", name="ناحیه ۵ منطقه ۶", kind="district", lon=51.45, lat=35.7, area=(EAST,), **E),
        # ستارخان runs east and stops 110 m inside 6-5, just past آزادی; the data gave its only segment
        # to 2-7 (most of it lies there)
        GazetteerRecord(id="sattar", name="خیابان ستارخان", kind="street", lon=51.38, lat=35.70,
                        line=((51.36, 35.70), (51.4012, 35.70)), **W),
        # آزادی comes from the west along lat 35.69, enters 6-5 and turns north at lon 51.401
        GazetteerRecord(id="azadi@2-7", group_id="azadi", name="خیابان آزادی", kind="street", lon=51.395,
                        lat=35.69, line=((51.39, 35.69), (51.40, 35.69)), **W),
        GazetteerRecord(id="azadi@6-5", group_id="azadi", name="خیابان آزادی", kind="street", lon=51.401,
                        lat=35.72, line=((51.40, 35.69), (51.401, 35.69), (51.401, 35.75)), **E),
        GazetteerRecord(id="sq-tohid", name="میدان توحید", kind="square", lon=51.4010, lat=35.7300, **E),
    ]


def test_it_locates_a_point_by_the_district_boundaries_honouring_holes():
    locator = AreaLocator(_city())
    assert locator.locate(51.35, 35.70).district_code == "2-7"
    assert locator.locate(51.42, 35.70).district_code == "6-5"
    assert locator.locate(51.455, 35.755) is None  # in the hole
    assert locator.locate(52.0, 35.70) is None


def test_it_gives_an_intersection_the_district_of_the_crossing_point():
    # ستارخان, named first, is the anchor; its segment says 2-7, the crossing lies in 6-5
    best = Gazetteer(_city()).suggest("خیابون ستارخان تقاطع خیابون آزادی", limit=1)[0]
    assert best.kind == "intersection"
    assert best.district_code == "6-5" and best.region_no == 6


def test_it_gives_a_long_street_the_district_where_it_passes_the_named_square():
    best = Gazetteer(_city()).suggest("خ آزادی نبش م توحید", limit=1)[0]
    assert best.record_id == "azadi@6-5"
    assert best.district_code == "6-5"


def test_it_keeps_the_record_district_without_boundaries():
    records = [r for r in _city() if r.kind != "district"]
    best = Gazetteer(records).suggest("خیابون ستارخان تقاطع خیابون آزادی", limit=1)[0]
    assert best.kind == "intersection"
    assert best.district_code == "2-7"  # the anchor street's own district
