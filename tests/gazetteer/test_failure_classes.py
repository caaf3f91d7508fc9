"""The classes of failure seen on real addresses (issue 12), each on the hand-made test city (conftest.py) plus the
few places a class needs: a mall whose name holds «شهرک», a park called «پارک شهر» and a «پارک سبز» far away,
two hospitals called «آزادی» in two regions."""

from __future__ import annotations

import pytest

from gazetteer.matcher import Gazetteer
from tests.gazetteer.conftest import D31, D62, D121, _place, build_test_city
from tests.gazetteer.test_matcher import haversine_m, top

R9 = {"region_no": 9, "region_name": "منطقه ۹", "district_code": "9-1", "district_name": "ناحیه ۱"}


@pytest.fixture(scope="module")
def gazetteer():
    extra = [
        _place("mall-milad", "مرکزخرید میلاد نور شهرک قدس", "landmark", 51.4210, 35.7560, D31, subkind="mall"),
        _place("mall-golestan", "پاساژ گلستان", "landmark", 51.4020, 35.7160, D62, subkind="mall"),
        _place("p-shahr", "پارک شهر", "landmark", 51.4180, 35.6760, D121, subkind="park"),
        _place("p-sabz", "پارک سبز", "landmark", 51.4260, 35.6740, D121, subkind="park"),
        _place("h-azadi-6", "بیمارستان آزادی", "landmark", 51.4060, 35.7060, D62, subkind="hospital"),
        _place("h-azadi-9", "بیمارستان آزادی", "landmark", 51.3300, 35.6990, R9, subkind="hospital"),
        _place("h-valiasr", "بیمارستان ولیعصر", "landmark", 51.4090, 35.7200, D62, subkind="hospital"),
        _place("shop-shahrvand", "فروشگاه شهروند", "landmark", 51.4150, 35.7420, D31),
        _place("airport", "فرودگاه مهرآباد", "landmark", 51.3130, 35.6890, R9, subkind="airport"),
    ]
    return Gazetteer(build_test_city() + extra)


# --- trailing building words taken as places --------------------------------------------------------------------
@pytest.mark.parametrize("query, units", [
    ("پاساژ گلستان، ساختمان سبز", {"building": "سبز"}),
    ("پاساژ گلستان طبقه ۳ واحد ۲", {"floor": "3", "unit": "2"}),
    ("پاساژ گلستان پلاک ۱۲", {"plaque": "12"}),
    ("پاساژ گلستان، بلوک ب", {"block": "ب"}),
    ("پاساژ گلستان ورودی ۲", {"entrance": "2"}),
    ("پاساژ گلستان درب شمالی", {"entrance": "شمالی"}),
])
def test_it_keeps_an_exact_landmark_when_building_words_trail_it(gazetteer, query, units):
    best = top(gazetteer, query)
    assert best.record_id == "mall-golestan" and best.region_no == 6
    assert {k: best.units[k] for k in units} == units


# --- a second, fuzzy part moves a right first part ------------------------------------------------------------
def test_it_prefers_the_whole_name_to_a_pairing_of_its_pieces(gazetteer):
    """«شهرک» ≈ «شهر» must not pair the mall with «پارک شهر» in region 12."""
    best = top(gazetteer, "مرکزخرید میلاد نور شهرک قدس")
    assert best.record_id == "mall-milad" and best.region_no == 3
    assert len(best.matched_parts) == 1


def test_it_does_not_pair_two_places_kilometres_apart(gazetteer):
    """Both named exactly, 9 km apart: the answer is one of them at its own point, never a point worked out from
    the pair."""
    best = top(gazetteer, "پاساژ گلستان، بیمارستان آزادی منطقه ۹")
    matched = [m.record_id for m in best.matched_parts if m.record_id]
    assert not {"mall-golestan", "h-azadi-9"} <= set(matched)


def test_it_gives_a_barely_matched_part_no_proximity_credit(gazetteer):
    """«ملت» beside «پاساژ گلستان» is 4.4 km off; «پارک مللللت» is a barely matched word: the mall stays."""
    best = top(gazetteer, "پاساژ گلستان، ززززز")
    assert best.record_id == "mall-golestan"
    assert best.score < 80  # a part matched nothing: the shown score says so


# --- typos in type words ------------------------------------------------------------------------------------
@pytest.mark.parametrize("query, record_id", [
    ("مديان ونک", "sq-vanak"),        # Arabic ي and two letters swapped
    ("میداان ونک", "sq-vanak"),       # a letter doubled
    ("میدن ونک", "sq-vanak"),         # a letter dropped
    ("پارگ ملت", "p-mellat"),         # a neighbouring key
    ("پاک ملت", "p-mellat"),          # a three-letter slip of a four-letter word
    ("مرکزخید میلاد نور شهرک قدس", "mall-milad"),
    ("بیمار ستان آزادی منطقه ۶", "h-azadi-6"),   # a type word broken by a stray space
    ("ميداننونک", "sq-vanak"),        # fused to the name, with the joining letter typed twice
    ("بیمارستنآزادی", "h-azadi-6"),   # fused to the name, with a letter dropped
    ("ایستگاه متو قلهک", "m-gholhak"),  # ایستگاه + a slip of مترو: one type word said twice
])
def test_it_reads_type_words_through_typos(gazetteer, query, record_id):
    results = gazetteer.suggest(query, limit=3)
    assert record_id in [s.record_id for s in results[:2]], [s.label for s in results]


def test_it_does_not_read_a_known_name_as_a_slipped_type_word(gazetteer):
    """«فروشگاه» is one letter from «فرودگاه», but it is a word of a known name: the shop, not the airport."""
    assert top(gazetteer, "فروشگاه شهروند").record_id == "shop-shahrvand"


# --- namesakes -----------------------------------------------------------------------------------------------
def test_it_shows_the_regions_of_namesakes_with_each_suggestion(gazetteer):
    results = gazetteer.suggest("بیمارستان آزادی", limit=5)
    first = results[0]
    assert first.record_id in {"h-azadi-6", "h-azadi-9"}
    other = 9 if first.region_no == 6 else 6
    assert [a.region_no for a in first.elsewhere] == [other]
    assert first.to_dict(with_alternatives=True)["elsewhere"][0]["region"]["number"] == other


def test_it_finds_a_name_written_with_arabic_letters_and_a_space_inside(gazetteer):
    assert top(gazetteer, "بيمارستان ولي عصر").record_id == "h-valiasr"


# --- real address lines --------------------------------------------------------------------------------------
@pytest.mark.parametrize("query", [
    "حوالی بزرگراه همت، جنب پارک ملت",
    "نبش اتوبان شهید همت - جنب پارک ملت",
    "محدوده بزرگراه همت - پارک ملت",
    "بزرگراه همت، ضلع شمالی پارک ملت",
])
def test_it_reads_real_address_lines_of_highways_and_places(gazetteer, query):
    """Pieces set apart by commas and dashes, «اتوبان» for «بزرگراه», with or without «شهید»: the point lies at
    the park, by the highway."""
    best = top(gazetteer, query)
    assert best.region_no == 3
    assert haversine_m(best.lon, best.lat, 51.4130, 35.7550) < 800
    assert "hemmat" in [m.record_id for m in best.matched_parts] or best.record_id == "p-mellat"


def test_it_places_an_address_beside_a_place_at_that_place_when_the_street_passes_far_from_it(gazetteer):
    """«خیابان شریعتی، جنب بیمارستان آزادی»: the hospital (region 6) lies 3 km from Shariati's line (region 3); the
    address is at the hospital, in its region, and says so."""
    best = top(gazetteer, "خیابان شریعتی، جنب بیمارستان آزادی منطقه ۶")
    assert best.record_id == "shariati"
    assert haversine_m(best.lon, best.lat, 51.4060, 35.7060) < 5
    assert (best.region_no, best.region_source) == (6, "reference")


def test_it_keeps_the_point_on_the_street_when_the_street_runs_beside_the_place(gazetteer):
    best = top(gazetteer, "خیابان ولیعصر، روبروی بیمارستان ولیعصر")
    assert best.record_id.startswith("valiasr")
    assert haversine_m(best.lon, best.lat, 51.4100, 35.7200) < 5  # on the street, across from the hospital


def test_it_reads_the_plural_after_a_type_word_and_a_kilometre_post(gazetteer):
    crossing = top(gazetteer, "تقاطع خیابان های انقلاب و ولیعصر")
    assert crossing.kind == "intersection"
    assert haversine_m(crossing.lon, crossing.lat, 51.4100, 35.7001) < 30
    highway = top(gazetteer, "کیلومتر ۸ اتوبان همت")
    assert highway.record_id == "hemmat" and highway.units["km"] == "8"


def test_it_reads_the_side_of_a_place_as_beside_it_but_keeps_a_direction_that_ends_a_name(gazetteer):
    side = gazetteer.parse("بلوار کشاورز، ضلع شمال غربی پارک ملت")
    assert [(p.name, p.relation) for p in side.parts] == [("کشاورز", None), ("ملت", "beside")]
    north = gazetteer.parse("بزرگراه همت، شمال پارک ملت")
    assert north.parts[-1].relation == "near"
    assert gazetteer.parse("دانشگاه آزاد تهران شمال").parts[0].name_tokens[-1] == "شمال"


def test_it_reads_words_that_only_look_like_relations_or_abbreviations_as_names(gazetteer):
    """«بین المللی» (international) is no «بین» (between); «ننفت» is «نفت» with a letter typed twice, not «نبش نفت»."""
    international = gazetteer.parse("دانشگاه بین المللی امام خمینی")
    assert [p.relation for p in international.parts] == [None]
    doubled = gazetteer.parse("شهرک ننفت")
    assert [p.relation for p in doubled.parts] == [None] and doubled.parts[0].name_tokens == ("ننفت",)


def test_it_prefers_a_place_in_the_city_to_a_namesake_outside_every_region():
    from tests.gazetteer.conftest import D31

    for order in (1, -1):  # whichever comes first in the data
        city = Gazetteer(build_test_city() + [
            _place("sq-out", "میدان شقایق", "square", 51.9000, 35.9000, {}),
            _place("sq-in", "میدان شقایق", "square", 51.4300, 35.7400, D31),
        ][::order])
        assert top(city, "اول میدان شقایق").record_id == "sq-in"


def test_it_reads_a_name_holding_and_as_one_name_and_a_block_called_alef_as_a_unit():
    from tests.gazetteer.conftest import D31

    city = Gazetteer(build_test_city() + [
        _place("faculty", "دانشکده جغرافیا و شهرسازی", "landmark", 51.4300, 35.7400, D31, subkind="university"),
        _place("u-shahr", "شهرسازی", "landmark", 51.3000, 35.6000, {}),
    ])
    assert top(city, "دانشکده جغرافیا و شهر سازی").record_id == "faculty"
    park = top(city, "پارک ملت بلوک الف")
    assert park.record_id == "p-mellat" and park.units["block"] == "الف"
