"""Parsing loose operator queries into typed, related parts and unit details."""

from __future__ import annotations

import pytest

from gazetteer.parse import parse_query


def _shape(text):
    q = parse_query(text)
    return [(p.kind, p.subkind, p.name, p.relation) for p in q.parts]


def test_it_splits_street_square_and_alley_with_their_relation():
    q = parse_query("خ ولیعصر نرسیده به م ونک ک نیلوفر")
    assert _shape("خ ولیعصر نرسیده به م ونک ک نیلوفر") == [
        ("street", "", "ولیعصر", None),
        ("square", "", "ونک", "before"),
        ("alley", "", "نیلوفر", None),
    ]
    assert q.primary_index == 2
    assert q.container_index(2) == 0


def test_it_reads_opposite_a_metro_station_with_a_plaque():
    q = parse_query("روبروی مترو قلهک پلاک ۱۲")
    assert _shape("روبروی مترو قلهک پلاک ۱۲") == [("metro", "", "قلهک", "opposite")]
    assert q.units == {"plaque": "12"}
    assert q.primary_index == 0


def test_it_reads_a_hospital_type_word_and_keeps_the_honorific_in_the_name():
    q = parse_query("بيمارستان شهيد رجايي")
    assert _shape("بيمارستان شهيد رجايي") == [("landmark", "hospital", "شهید رجایی", None)]
    assert q.parts[0].stripped_tokens == ("رجایی",)


def test_it_reads_a_colloquial_square():
    assert _shape("میدون انقلاب") == [("square", "", "انقلاب", None)]


def test_it_reads_an_intersection_of_two_streets():
    assert _shape("تقاطع ولیعصر و انقلاب") == [
        (None, "", "ولیعصر", "intersection"),
        (None, "", "انقلاب", "intersection"),
    ]
    assert _shape("خیابان ولیعصر تقاطع انقلاب") == [
        ("street", "", "ولیعصر", None),
        (None, "", "انقلاب", "intersection"),
    ]


def test_it_reads_nabsh_a_and_b_as_the_corner_of_two_streets():
    assert _shape("نبش ولیعصر و انقلاب") == [
        (None, "", "ولیعصر", "corner"),
        (None, "", "انقلاب", "intersection"),
    ]


def test_it_reads_chaharrah_a_and_b_as_an_intersection():
    shape = _shape("چهارراه ولیعصر و انقلاب")
    assert shape[0][:3] == ("square", "crossroads", "ولیعصر")
    assert shape[1] == (None, "", "انقلاب", "intersection")


def test_it_recognises_unit_details_as_structure_not_names():
    q = parse_query("خ ولیعصر پلاک ۱۲ طبقه ۳ واحد ۵ ساختمان ۴ بلوک ۲ کد پستی ۱۲۳۴۵")
    assert [p.name for p in q.parts] == ["ولیعصر"]
    assert q.units == {
        "plaque": "12",
        "floor": "3",
        "unit": "5",
        "building": "4",
        "block": "2",
        "postal_code": "12345",
    }


def test_it_reads_abbreviated_units():
    q = parse_query("ک نیلوفر پ۷ ط همکف")
    assert [p.name for p in q.parts] == ["نیلوفر"]
    assert q.units == {"plaque": "7", "floor": "0"}


def test_it_reads_a_tower_with_a_name_as_a_landmark_and_with_a_number_as_a_unit():
    assert _shape("برج میلاد") == [("landmark", "tower", "میلاد", None)]
    q = parse_query("شهرک غرب برج ۳")
    assert q.units == {"building": "3"}


def test_it_reads_a_type_word_after_a_type_word_as_a_name():
    assert _shape("خیابان پارک") == [("street", "", "پارک", None)]
    assert _shape("کوچه بیمارستان") == [("alley", "", "بیمارستان", None)]


def test_it_reads_a_lone_type_word_as_a_name():
    assert _shape("بازار") == [(None, "", "بازار", None)]


def test_it_reads_a_long_type_word_with_a_slip():
    assert _shape("دانتگاه شهید مفتح") == [("landmark", "university", "شهید مفتح", None)]
    assert _shape("بیمارستام رجایی") == [("landmark", "hospital", "رجایی", None)]


def test_it_reads_park_and_boostan_as_the_same_kind():
    assert _shape("پارک ملت") == _shape("بوستان ملت") == [("landmark", "park", "ملت", None)]


def test_it_prefers_the_metro_kind_for_istgah():
    assert _shape("ایستگاه مترو قلهک") == [("metro", "", "قلهک", None)]
    assert _shape("ایستگاه قلهک") == [("metro", "", "قلهک", None)]


@pytest.mark.parametrize(
    ("phrase", "relation"),
    [
        ("نرسیده به", "before"),
        ("قبل از", "before"),
        ("بعد از", "after"),
        ("بالاتر از", "above"),
        ("پایین‌تر از", "below"),
        ("روبروی", "opposite"),
        ("روبه‌روی", "opposite"),
        ("مقابل", "opposite"),
        ("جنب", "beside"),
        ("کنار", "beside"),
        ("نبش", "corner"),
        ("پشت", "behind"),
        ("حوالی", "near"),
        ("نزدیک", "near"),
        ("تقاطع", "intersection"),
        ("سر", "at"),
        ("انتهای", "end"),
        ("ابتدای", "start"),
        ("داخل", "inside"),
    ],
)
def test_it_recognises_relational_words_as_structure(phrase, relation):
    q = parse_query(f"خ ولیعصر {phrase} م ونک")
    assert [p.name for p in q.parts] == ["ولیعصر", "ونک"]
    assert q.parts[1].relation == relation


def test_it_takes_the_address_from_the_last_part_that_is_not_a_reference():
    assert parse_query("خ ولیعصر نرسیده به م ونک").primary_index == 0
    assert parse_query("م ونک ک نیلوفر").primary_index == 1
    assert parse_query("جنب بیمارستان رجایی").primary_index == 0


def test_it_reads_sar_and_entehaye_as_places_inside_the_named_part():
    q = parse_query("خ شریعتی انتهای ک نیلوفر")
    assert q.parts[1].relation == "end"
    assert not q.parts[1].is_reference
    assert q.primary_index == 1
    assert q.container_index(1) == 0


def test_it_returns_no_parts_for_punctuation_only():
    q = parse_query(" ،.؛ ")
    assert q.parts == ()


# --- with the gazetteer's lexicon -----------------------------------------------------------------------

def _lexicon():
    from gazetteer.parse import Lexicon

    words = {"دنا", "انقلاب", "همت", "چمران", "شهید", "بهشتی", "علم", "صنعت", "گلها", "گمنام", "خسرو", "ازادی"}
    inner = {("علم", "و", "صنعت"), ("گلها", "بزرگراه", "گمنام")}
    return Lexicon(words, inner)


def test_it_splits_a_type_word_fused_to_the_next_word():
    parts = parse_query("خیابوندنا نزدیک میدان پونک", _lexicon()).parts
    assert (parts[0].type_word, parts[0].name) == ("خیابان", "دنا")
    parts = parse_query("بلوارکشاورز", _lexicon()).parts
    assert (parts[0].type_word, parts[0].name) == ("بلوار", "کشاورز")  # a long prefix: the rest may be any name


def test_it_splits_a_relation_word_fused_to_the_next_word():
    parts = parse_query("تقاطعانقلاب و آزادی", _lexicon()).parts
    assert [p.name for p in parts] == ["انقلاب", "ازادی"] and parts[1].relation == "intersection"
    parts = parse_query("نبشهمت و چمران", _lexicon()).parts
    assert [p.name for p in parts] == ["همت", "چمران"]


def test_it_splits_a_fused_honorific_and_a_fused_abbreviation():
    assert parse_query("دانشگاه شهیدبهشتی", _lexicon()).parts[0].name == "شهید بهشتی"
    parts = parse_query("خشهید بهشتی", _lexicon()).parts
    assert (parts[0].type_word, parts[0].name) == ("خیابان", "شهید بهشتی")


def test_it_does_not_split_a_known_word_or_an_unknown_rest_after_one_letter():
    assert parse_query("خسرو", _lexicon()).parts[0].name == "خسرو"  # a name that starts with خ
    assert parse_query("کرگر", _lexicon()).parts[0].name == "کرگر"  # ک + رگر: no such word


def test_it_keeps_a_type_word_or_va_that_belongs_to_a_known_name():
    parts = parse_query("مترو دانشگاه علم و صنعت", _lexicon()).parts
    assert len(parts) == 1 and parts[0].name == "دانشگاه علم و صنعت"
    parts = parse_query("م گلها بزرگراه گمنام", _lexicon()).parts
    assert len(parts) == 1 and parts[0].name == "گلها بزرگراه گمنام"
    # without the lexicon the same words still read as structure
    assert len(parse_query("م گلها بزرگراه گمنام").parts) == 2


def test_it_splits_a_long_type_word_from_a_known_two_letter_name():
    from gazetteer.parse import Lexicon

    parts = parse_query("بیمارستانجم", Lexicon({"جم"}, set())).parts
    assert (parts[0].type_word, parts[0].name) == ("بیمارستان", "جم")
