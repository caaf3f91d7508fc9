"""House numbers over a hand-made Finnish-style town (no Django).

    60.0302  ═══ Koekatu (far: another town, 3.3 km north) ═══   · 1
    60.0002  · 1   · 3   · 5 A · 5 B       · 9                   odd side
    60.0000  ═════ Koekatu (way a) ═════╪═════ Koekatu (way b) ═════
    59.9998  · 2         · 6          · 10-14   20 ·- - - - - · 30   even side (interpolation 20–30)
            24.000 24.001 24.0025    24.005  24.006 24.007   24.010
    Koivukatu (8) and Koivikatu (no numbers) run parallel further south; Sivukatu has no numbers.
"""

from __future__ import annotations

import math

import pytest

from gazetteer.matcher import Gazetteer
from gazetteer.matcher.housenumbers import (
    AddressPoint,
    AddressRange,
    HouseNumber,
    parse_house_numbers,
    split_house_number,
)
from gazetteer.records import GazetteerRecord


def street(id_, name, line):
    (x1, y1), (x2, y2) = line[0], line[-1]
    return GazetteerRecord(id=id_, name=name, kind="street", lon=(x1 + x2) / 2, lat=(y1 + y2) / 2, line=line)


def point(id_, street_id, number, lon, lat):
    return AddressPoint(id=id_, street_id=street_id, housenumber=number, lon=lon, lat=lat)


RECORDS = [
    street("koe-a", "Koekatu", ((24.000, 60.000), (24.005, 60.000))),
    street("koe-b", "Koekatu", ((24.005, 60.000), (24.010, 60.000))),
    street("koe-far", "Koekatu", ((24.000, 60.030), (24.010, 60.030))),
    street("sivu", "Sivukatu", ((24.005, 60.000), (24.005, 60.005))),
    street("koivu", "Koivukatu", ((24.000, 59.990), (24.010, 59.990))),
    street("koivi", "Koivikatu", ((24.000, 59.985), (24.010, 59.985))),
    street("puisto", "Puistotie", ((24.020, 60.000), (24.030, 60.000))),
    GazetteerRecord(id="anna-k", name="Koe.K", kind="landmark", lon=24.02, lat=60.01),
]
POINTS = [
    point("p1", "koe-a", "1", 24.0005, 60.0002),
    point("p3", "koe-a", "3", 24.0010, 60.0002),
    point("p5a", "koe-a", "5 A", 24.0025, 60.0002),
    point("p5b", "koe-a", "5 B", 24.0027, 60.0002),
    point("p9", "koe-b", "9", 24.0065, 60.0002),
    point("p2", "koe-a", "2", 24.0005, 59.9998),
    point("p6", "koe-a", "6", 24.0025, 59.9998),
    point("p10", "koe-b", "10-14", 24.0060, 59.9998),
    point("far1", "koe-far", "1", 24.0005, 60.0302),
    point("koivu8", "koivu", "8", 24.004, 59.9902),
    point("puisto4", "puisto", "4", 24.022, 59.9998),
    AddressRange(id="r20", street_id="koe-b", start="20", end="30", scheme="even",
                 line=((24.007, 59.9998), (24.010, 59.9998))),
]


@pytest.fixture(scope="module")
def town():
    return Gazetteer(RECORDS, address_points=POINTS)


def metres(lon1, lat1, lon2, lat2):
    k = math.cos(math.radians((lat1 + lat2) / 2))
    return math.hypot((lon1 - lon2) * k, lat1 - lat2) * 111_195.0


def top(gazetteer, query):
    results = gazetteer.suggest(query, limit=5)
    assert results, f"no suggestion for {query!r}"
    return results[0]


def test_it_places_an_exact_number_on_its_street(town):
    best = top(town, "Koekatu 3")
    assert (best.kind, best.label, best.lon, best.lat, best.score) == ("address", "Koekatu 3", 24.001, 60.0002, 100.0)
    assert (best.house_number.found, best.house_number.address_id, best.house_number.number_found) == (
        "exact", "p3", True)
    assert best.record_id == "koe-a"  # the street the number stands on, for aliases and the review queue
    assert best.to_dict()["house_number"]["found"] == "exact"


@pytest.mark.parametrize("query", ["Koekatu 5 B", "koekatu 5 b", "KOEKATU 5B", "Koekatu5b", "Koekatu 5b 12"])
def test_it_reads_the_letter_whatever_its_case_and_spacing(town, query):
    best = top(town, query)
    assert (best.house_number.found, best.house_number.address_id, best.label) == ("exact", "p5b", "Koekatu 5 B")


def test_it_falls_back_to_the_number_without_its_letter(town):
    best = top(town, "Koekatu 9 C")
    assert (best.house_number.found, best.house_number.address_id, best.score) == ("letter", "p9", 99.0)
    assert top(town, "Koekatu 5").house_number.address_id == "p5a"  # 5 with a letter stands for 5


def test_it_finds_a_number_inside_a_written_range(town):
    best = top(town, "Koekatu 12")
    assert (best.house_number.found, best.house_number.address_id, best.label) == ("letter", "p10", "Koekatu 10-14")
    assert top(town, "Koekatu 10-14").house_number.found == "exact"


def test_it_interpolates_along_an_interpolation_way(town):
    best = top(town, "Koekatu 24")
    assert best.house_number.found == "interpolated" and best.house_number.address_id is None
    assert metres(best.lon, best.lat, 24.0082, 59.9998) < 1
    assert top(town, "Koekatu 25").house_number.found == "street"  # odd: not on the even range, nothing above 9


def test_it_interpolates_between_the_nearest_known_numbers_on_the_same_side(town):
    odd = top(town, "Koekatu 7")  # between 5 (24.0025) and 9 (24.0065), odd side
    assert odd.house_number.found == "interpolated"
    assert metres(odd.lon, odd.lat, 24.0045, 60.0002) < 1
    even = top(town, "Koekatu 4")  # between 2 and 6, even side
    assert metres(even.lon, even.lat, 24.0015, 59.9998) < 1


def test_it_offers_the_street_flagged_and_lower_when_the_number_is_unknown(town):
    best = top(town, "Koekatu 99")
    assert best.kind == "street" and best.house_number.found == "street" and not best.house_number.number_found
    assert best.score == 95.0 and best.to_dict()["house_number"]["number_found"] is False
    plain = top(town, "Sivukatu 3")  # a street with no numbers at all
    assert (plain.record_id, plain.house_number.found, plain.score) == ("sivu", "street", 95.0)


def test_it_searches_every_way_of_a_street_and_offers_it_once(town):
    results = town.suggest("Koekatu 9", limit=10)
    near = [s for s in results if s.lat < 60.01]
    assert near[0].house_number.address_id == "p9"  # on way b, whichever way the matcher found first
    assert len([s for s in near if s.kind == "address"]) == 1


def test_it_keeps_two_streets_of_one_name_apart(town):
    results = town.suggest("Koekatu 1", limit=10)
    found = {s.house_number.address_id for s in results if s.kind == "address"}
    assert found == {"p1", "far1"}


@pytest.mark.parametrize("query", ["Koeaktu 3", "Koekatuu 3", "Kpekatu 3", "Koektu 3"])
def test_it_reads_through_a_typo_in_the_street_name(town, query):
    assert top(town, query).house_number.address_id == "p3"


@pytest.mark.parametrize("query, address", [("Koek. 3", "p3"), ("Koek 3", "p3"), ("Puistot. 4", "puisto4"),
                                            ("Koekat 3", "p3")])
def test_it_writes_out_a_shortened_street_type(town, query, address):
    assert top(town, query).house_number.address_id == address


def test_it_prefers_of_two_likely_streets_the_one_having_the_number(town):
    best = top(town, "Koivakatu 8")  # one letter from both Koivukatu and Koivikatu
    assert (best.record_id, best.house_number.address_id) == ("koivu", "koivu8")


def test_it_leaves_queries_without_a_number_alone(town):
    plain = Gazetteer(RECORDS)
    for query in ("Koekatu", "Sivukatu", "Koe.K"):
        assert town.suggest(query) == plain.suggest(query)


def test_it_changes_nothing_without_address_points():
    plain = Gazetteer(RECORDS)
    assert not plain.house_numbers
    best = top(plain, "Koekatu 3")
    assert best.house_number is None and best.kind == "street"


PERSIAN = ["خیابان ولیعصر پلاک ۱۲", "خ ولیعصر پ ۱۲", "کوچه ۵", "خیابان ولیعصر ۱۲", "ولیعصر 12", "میدون ونک",
           "خ ولیعصر نرسیده به م ونک ک نیلوفر", "تقاطع ولیعصر و انقلاب", "روبروی مترو قلهک پلاک ۱۲", "بهار 5"]


def test_it_leaves_persian_queries_exactly_as_they_were(city):
    numbered = [
        AddressPoint(id="v12", street_id="valiasr", housenumber="12", lon=51.4101, lat=35.7000),
        AddressPoint(id="b5", street_id="bahar-6", housenumber="5", lon=51.4251, lat=35.7100),
        AddressPoint(id="k5", street_id="alley5-e", housenumber="5", lon=51.4001, lat=35.7020),
    ]
    plain, with_numbers = Gazetteer(city), Gazetteer(city, address_points=numbered)
    assert with_numbers.house_numbers
    for query in PERSIAN:
        assert with_numbers.suggest(query) == plain.suggest(query), query
        assert all(s.house_number is None for s in with_numbers.suggest(query))


@pytest.mark.parametrize("query, street, number", [
    ("Mannerheimintie 12", "Mannerheimintie", HouseNumber(12)),
    ("mannerheimint 12 A", "mannerheimint", HouseNumber(12, "a")),
    ("Aleksanterinkatu15b", "Aleksanterinkatu", HouseNumber(15, "b")),
    ("Yrjönkatu 17-15", "Yrjönkatu", HouseNumber(15, "", 17)),
    ("Annankatu 11 B 9", "Annankatu", HouseNumber(11, "b")),
    ("Mannerheimintie 12 as 5", "Mannerheimintie", HouseNumber(12)),
    ("Aleksanterink. 15", "Aleksanterink.", HouseNumber(15)),
    ("Iso Roobertinkatu, 3", "Iso Roobertinkatu", HouseNumber(3)),
])
def test_it_splits_a_latin_query_ending_in_a_house_number(query, street, number):
    assert split_house_number(query) == (street, number)


@pytest.mark.parametrize("query", ["Mannerheimintie", "12", "Mannerheimintie 12 Helsinki", "Koekatu 5 Ab",
                                   "خیابان ولیعصر پلاک ۱۲", "کوچه 5", "ولیعصر 12"])
def test_it_leaves_other_queries_unsplit(query):
    assert split_house_number(query) is None


def test_it_reads_house_numbers_as_openstreetmap_writes_them():
    assert [n.key for n in parse_house_numbers("12 A")] == ["12a"]
    assert [n.key for n in parse_house_numbers("29-27")] == ["27-29"]
    assert [n.key for n in parse_house_numbers("1;3")] == ["1", "3"]
    assert [n.key for n in parse_house_numbers("2, 2. krs./Floor 2")] == ["2"]
    assert [n.key for n in parse_house_numbers("Keskuskatu 5")] == ["5"]
    assert parse_house_numbers("") == [] and parse_house_numbers("A") == []
    assert HouseNumber(10, last=14).holds(12) and not HouseNumber(10, last=14).holds(11)
    assert HouseNumber(9, last=12).holds(10) and HouseNumber(9, last=12).holds(11)
