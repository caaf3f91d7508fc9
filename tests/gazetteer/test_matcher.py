"""Suggestions over the hand-made test city (see conftest.py for its map)."""

from __future__ import annotations

import math

import pytest

from gazetteer.matcher import Gazetteer
from gazetteer.records import GazetteerRecord


def haversine_m(lon1, lat1, lon2, lat2):
    r = 6_371_008.8
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * r * math.asin(math.sqrt(a))


def top(gazetteer, query, **kw):
    results = gazetteer.suggest(query, **kw)
    assert results, f"no suggestion for {query!r}"
    return results[0]


def ids(results):
    return [s.record_id for s in results]


# --- kinds -----------------------------------------------------------------------------------------------


def test_it_prefers_a_metro_station_when_the_query_says_metro(gazetteer):
    assert top(gazetteer, "مترو ولیعصر").record_id == "m-valiasr"
    assert top(gazetteer, "ایستگاه مترو ولیعصر").record_id == "m-valiasr"


def test_it_prefers_a_square_when_the_query_says_m(gazetteer):
    assert top(gazetteer, "م ولیعصر").record_id == "sq-valiasr"
    assert top(gazetteer, "میدون انقلاب").record_id == "sq-enghelab"


def test_it_prefers_the_street_when_the_query_says_kh(gazetteer):
    best = top(gazetteer, "خ انقلاب")
    assert (best.record_id, best.kind) == ("enghelab", "street")


def test_it_prefers_a_hospital_when_the_query_says_hospital(gazetteer):
    results = gazetteer.suggest("بیمارستان رجایی")
    assert results[0].record_id == "h-rajaei"
    assert "rajaei-st" in ids(results)
    assert results[0].score > results[ids(results).index("rajaei-st")].score


def test_it_treats_otoban_as_a_highway(gazetteer):
    best = top(gazetteer, "اتوبان همت")
    assert (best.record_id, best.kind) == ("hemmat", "highway")


def test_it_reads_bolvar_spelling_variants(gazetteer):
    assert top(gazetteer, "بولوار کشاورز").record_id == "keshavarz"


# --- spelling ----------------------------------------------------------------------------------------------


def test_it_matches_arabic_letter_forms(gazetteer):
    best = top(gazetteer, "بيمارستان شهيد رجايي")
    assert best.record_id == "h-rajaei"
    assert best.score == 100.0


def test_it_treats_zwnj_spaced_and_fused_forms_as_equal(gazetteer):
    for spelling in ("حسین‌آباد", "حسین آباد", "حسینآباد", "حسين اباد"):
        best = top(gazetteer, spelling)
        assert (best.record_id, best.score) == ("hosseinabad", 100.0), spelling


def test_it_matches_abad_without_the_madda(gazetteer):
    assert top(gazetteer, "ازادی").record_id == "azadi"


def test_it_matches_a_name_without_its_honorific_with_a_slight_preference_for_the_exact_form(gazetteer):
    exact = top(gazetteer, "بیمارستان شهید رجایی")
    bare = top(gazetteer, "بیمارستان رجایی")
    assert exact.record_id == bare.record_id == "h-rajaei"
    assert 90 <= bare.score < exact.score
    # and the other way round: the street is named رجایی, the operator typed شهید رجایی
    street = next(s for s in gazetteer.suggest("خیابان شهید رجایی") if s.record_id == "rajaei-st")
    assert 90 <= street.score < 100


def test_it_tolerates_one_typo_in_a_word_of_four_to_six_letters(gazetteer):
    best = top(gazetteer, "خ ولیعثر")
    assert best.record_id in ("valiasr-6", "valiasr-3")
    assert best.score >= 90


def test_it_tolerates_two_typos_in_a_longer_word(gazetteer):
    best = top(gazetteer, "میرتامات")
    assert best.record_id == "mirdamad"
    assert best.score >= 85


def test_it_ranks_a_typo_below_the_exact_name(gazetteer):
    assert top(gazetteer, "میرداماد").score > top(gazetteer, "میرتامات").score


def test_it_does_not_let_a_short_word_drift(gazetteer):
    assert top(gazetteer, "ونک").score >= 95
    # ونق is one letter from ونک, but three-letter words get no typo allowance
    assert all(s.score < 85 for s in gazetteer.suggest("ونق"))


def test_it_finds_a_street_by_its_alias(gazetteer):
    assert top(gazetteer, "خیابان پهلوی").record_id in ("valiasr-6", "valiasr-3")


def test_it_finds_a_street_by_its_english_name(gazetteer):
    assert top(gazetteer, "Valiasr Street").record_id in ("valiasr-6", "valiasr-3")


def test_it_suggests_as_you_type(gazetteer):
    results = gazetteer.suggest("خ ولیع")
    assert results[0].record_id in ("valiasr-6", "valiasr-3")
    assert results[0].kind == "street"
    assert top(gazetteer, "میرد").record_id == "mirdamad"


def test_it_reads_a_typo_in_a_long_type_word(gazetteer):
    assert top(gazetteer, "بیمارستام رجایی").record_id == "h-rajaei"


# --- hierarchy and geometry --------------------------------------------------------------------------------------


def test_it_resolves_the_alley_inside_the_named_street(gazetteer):
    assert top(gazetteer, "خ شریعتی ک نیلوفر").record_id == "niloufar-s"
    assert top(gazetteer, "خ ولیعصر ک نیلوفر").record_id == "niloufar-v"


def test_it_resolves_a_street_before_a_square_and_an_alley(gazetteer):
    best = top(gazetteer, "خ ولیعصر نرسیده به م ونک ک نیلوفر")
    assert best.record_id == "niloufar-v"
    assert best.kind == "alley"
    assert best.label == "خیابان ولیعصر، نرسیده به میدان ونک، کوچه نیلوفر"
    assert best.district == {"code": "3-1", "name": "ناحیه ۱"}
    assert best.region == {"number": 3, "name": "منطقه ۳"}
    assert [m.record_id for m in best.matched_parts] == ["valiasr-3", "sq-vanak", "niloufar-v"]


def test_it_picks_the_district_segment_near_the_named_square(gazetteer):
    best = top(gazetteer, "خ ولیعصر نرسیده به م ونک")
    assert best.record_id == "valiasr-3"
    assert best.district_code == "3-1"
    assert best.label == "خیابان ولیعصر، نرسیده به میدان ونک"
    # the point is on ولیعصر, at its closest to the square
    assert haversine_m(best.lon, best.lat, 51.4108, 35.7580) < 60
    assert best.alternatives == ()


def test_it_offers_the_other_district_when_a_street_spans_two(gazetteer):
    best = top(gazetteer, "خیابان ولیعصر")
    districts = {best.district_code} | {a.district_code for a in best.alternatives}
    assert districts == {"6-2", "3-1"}
    assert len([s for s in gazetteer.suggest("خیابان ولیعصر") if s.kind == "street"]) == 1


def test_it_resolves_an_intersection_to_the_crossing_point(gazetteer):
    best = top(gazetteer, "تقاطع ولیعصر و انقلاب")
    assert best.kind == "intersection"
    assert best.label == "تقاطع خیابان ولیعصر و خیابان انقلاب"
    # انقلاب runs at lat ≈ 35.70015 where it crosses ولیعصر (lon 51.41)
    assert haversine_m(best.lon, best.lat, 51.4100, 35.70015) < 5
    assert best.district_code == "6-2"
    assert {m.record_id for m in best.matched_parts} == {"valiasr-6", "enghelab"}
    assert best.record_id is None


@pytest.mark.parametrize("query", ["خیابان ولیعصر تقاطع انقلاب", "چهارراه ولیعصر و انقلاب", "ت ولیعصر و انقلاب"])
def test_it_reads_other_ways_of_naming_an_intersection(gazetteer, query):
    best = top(gazetteer, query)
    assert best.kind == "intersection"
    assert haversine_m(best.lon, best.lat, 51.4100, 35.70015) < 5


def test_it_reads_nabsh_a_and_b_as_the_corner_of_two_streets(gazetteer):
    best = top(gazetteer, "نبش ولیعصر و انقلاب")
    assert best.kind == "intersection"
    assert best.label == "نبش خیابان ولیعصر و خیابان انقلاب"
    assert haversine_m(best.lon, best.lat, 51.4100, 35.70015) < 5


def test_it_finds_an_alley_off_a_named_intersection(gazetteer):
    best = top(gazetteer, "خ ولیعصر تقاطع انقلاب ک ۵")
    assert best.record_id == "alley5-e"
    assert best.label == "تقاطع خیابان ولیعصر و خیابان انقلاب، کوچه ۵"


def test_it_joins_streets_that_stop_just_short_of_each_other(gazetteer):
    best = top(gazetteer, "تقاطع فاطمی و ولیعصر")
    assert best.kind == "intersection"
    assert haversine_m(best.lon, best.lat, 51.4100, 35.7180) < 40


def test_it_places_a_street_at_the_corner_of_the_named_alley(gazetteer):
    best = top(gazetteer, "شریعتی نبش نیلوفر")
    assert best.record_id == "shariati"
    assert haversine_m(best.lon, best.lat, 51.4400, 35.7300) < 5


def test_it_reads_an_alley_named_before_its_street(gazetteer):
    best = top(gazetteer, "ک نیلوفر خ شریعتی")
    assert (best.record_id, best.kind) == ("niloufar-s", "alley")


def test_it_places_sar_kooche_where_the_alley_leaves_the_street(gazetteer):
    best = top(gazetteer, "خ ولیعصر سر کوچه نیلوفر")
    assert best.record_id == "niloufar-v"
    assert haversine_m(best.lon, best.lat, 51.4100, 35.7520) < 5


def test_it_places_entehaye_kooche_at_the_far_end_of_the_alley(gazetteer):
    best = top(gazetteer, "خ ولیعصر انتهای ک نیلوفر")
    assert best.record_id == "niloufar-v"
    assert haversine_m(best.lon, best.lat, 51.4060, 35.7520) < 5


def test_it_falls_back_to_the_street_when_the_alley_is_unknown(gazetteer):
    best = top(gazetteer, "خ شریعتی ک ناشناخته‌ترین")
    assert best.record_id == "shariati"
    assert [m.record_id for m in best.matched_parts] == ["shariati", None]
    assert best.score < 80


def test_it_reads_two_untyped_names_as_a_street_and_a_square(gazetteer):
    best = top(gazetteer, "ولیعصر ونک")
    assert [m.record_id for m in best.matched_parts] == ["valiasr-3", "sq-vanak"]


def test_it_keeps_unit_details_out_of_the_name(gazetteer):
    best = top(gazetteer, "روبروی مترو قلهک پلاک ۱۲")
    assert best.record_id == "m-gholhak"
    assert best.units == {"plaque": "12"}
    assert best.label == "روبروی ایستگاه مترو قلهک، پلاک 12"


def test_it_finds_a_region_by_number(gazetteer):
    best = top(gazetteer, "منطقه ۱۲")
    assert (best.kind, best.region_no) == ("region", 12)


# --- ranking by region ---------------------------------------------------------------------------------------------


def test_it_returns_both_streets_that_share_a_name_in_different_regions(gazetteer):
    results = gazetteer.suggest("خیابان بهار")
    assert {"bahar-6", "bahar-12"} <= set(ids(results))


def test_it_boosts_but_does_not_filter_the_chosen_region(gazetteer):
    for region, first, other in ((12, "bahar-12", "bahar-6"), (6, "bahar-6", "bahar-12")):
        results = gazetteer.suggest("خیابان بهار", region=region)
        assert results[0].record_id == first
        assert other in ids(results)


def test_it_limits_the_number_of_suggestions(gazetteer):
    assert len(gazetteer.suggest("ولیعصر", limit=2)) == 2


# --- output ---------------------------------------------------------------------------------------------------------


def test_it_returns_the_documented_json_shape(gazetteer):
    d = top(gazetteer, "خ ولیعصر نرسیده به م ونک").to_dict()
    assert set(d) == {"label", "kind", "region", "district", "lon", "lat", "score", "synthetic", "matched", "record_id"}
    assert set(d["region"]) == {"number", "name"}
    assert set(d["district"]) == {"code", "name"}
    assert 0 <= d["score"] <= 100
    assert [m["record_id"] for m in d["matched"]] == ["valiasr-3", "sq-vanak"]
    assert "alternatives" in top(gazetteer, "خیابان ولیعصر").to_dict(with_alternatives=True)


def test_it_scores_on_a_zero_to_hundred_scale(gazetteer):
    for query in ("ولیعصر", "خ ولیعصر نرسیده به م ونک ک نیلوفر", "ونق", "خیابان بهار"):
        for s in gazetteer.suggest(query):
            assert 0 <= s.score <= 100


def test_it_marks_suggestions_built_from_synthetic_records():
    synthetic = GazetteerRecord(id="x", name="میدان آزمایشی", kind="square", lon=51.4, lat=35.7, synthetic=True)
    real = GazetteerRecord(id="y", name="میدان واقعی", kind="square", lon=51.4, lat=35.7)
    gz = Gazetteer([synthetic, real])
    assert top(gz, "م آزمایشی").synthetic is True
    assert top(gz, "م واقعی").synthetic is False


def test_it_returns_nothing_for_an_empty_query(gazetteer):
    assert gazetteer.suggest("") == []
    assert gazetteer.suggest(" ، . ") == []


def test_it_returns_nothing_for_a_name_it_does_not_know(gazetteer):
    assert gazetteer.suggest("زنجبیلستان") == []


def test_it_rejects_two_records_with_the_same_id(city):
    with pytest.raises(ValueError):
        Gazetteer(city + [city[0]])


# --- names as real data writes them --------------------------------------------------------------------------


def _landmarks():
    return Gazetteer(
        [
            GazetteerRecord(id="m-sadeghieh", name="تهران (صادقیه)", kind="metro", lon=51.33, lat=35.70),
            GazetteerRecord(id="f-sadeghieh", name="فلکه دوم صادقیه", kind="landmark", lon=51.34, lat=35.71),
            GazetteerRecord(id="m-laleh", name="بوستان لاله", kind="metro", lon=51.39, lat=35.71),
            GazetteerRecord(id="h-laleh", name="بیمارستان لاله", kind="landmark", lon=51.40, lat=35.76),
            GazetteerRecord(id="t-shariati", name="شهرک شریعتی", kind="landmark", lon=51.45, lat=35.66),
            GazetteerRecord(id="h-shariati", name="بیمارستان دکتر شریعتی", kind="landmark", lon=51.39, lat=35.72),
        ]
    )


def test_it_finds_a_place_by_the_bracketed_part_of_its_name():
    gz = _landmarks()
    best = top(gz, "مترو صادقیه")
    assert best.record_id == "m-sadeghieh"
    assert top(gz, "مترو تهران صادقیه").score > best.score


def test_it_reads_a_type_word_in_a_name_as_the_place_s_sort():
    gz = _landmarks()
    # بوستان and پارک are the same sort of place, whatever the record's kind
    assert top(gz, "پارک لاله").record_id == "m-laleh"
    assert top(gz, "بیمارستان لاله").record_id == "h-laleh"
    # a شهرک is not a hospital, even when both are filed as landmarks without a subkind
    assert top(gz, "بیمارستان شریعتی").record_id == "h-shariati"


def test_it_pairs_a_misspelt_common_street_with_its_alley_across_the_city():
    """Twelve streets called شهید صالحی; only the one in 21-1 has a کوچه شهید کریمی.  A typo in the street name
    and both honorifics dropped must still find that pair, not the first namesake street with any کریمی."""
    records = []
    for i in range(12):
        lon = 51.30 + 0.02 * i
        where = {"region_no": i + 1, "region_name": f"منطقه {i + 1}", "district_code": f"{i + 1}-1",
                 "district_name": "ناحیه ۱"}
        records.append(GazetteerRecord(id=f"s{i}", name="خیابان شهید صالحی", kind="street", lon=lon + 0.005,
                                       lat=35.70, line=((lon, 35.70), (lon + 0.01, 35.70)), **where))
        # an alley called کریمی (without شهید) elsewhere in every district, off another street
        records.append(GazetteerRecord(id=f"o{i}", name="خیابان لاله", kind="street", lon=lon + 0.005, lat=35.75,
                                       line=((lon, 35.75), (lon + 0.01, 35.75)), **where))
        records.append(GazetteerRecord(id=f"k{i}", name="کوچه کریمی", kind="alley", lon=lon + 0.005, lat=35.751,
                                       line=((lon + 0.005, 35.75), (lon + 0.005, 35.752)), parent_id=f"o{i}",
                                       **where))
    records.append(GazetteerRecord(id="target", name="کوچه شهید کریمی", kind="alley", lon=51.525, lat=35.701,
                                   line=((51.525, 35.70), (51.525, 35.702)), parent_id="s11", region_no=12,
                                   region_name="منطقه ۱۲", district_code="12-1", district_name="ناحیه ۱"))
    best = top(Gazetteer(records), "خ صالححی کوچه کریمی")
    assert best.record_id == "target"
    assert best.district_code == "12-1"


def test_it_counts_two_swapped_letters_as_one_typo(gazetteer):
    best = top(gazetteer, "خ فامطی")  # فاطمی with ط and م swapped
    assert best.record_id == "fatemi"
    assert best.score == 94.0  # one edit, within the allowance of a five-letter word


def test_it_finds_a_place_whose_name_starts_with_the_typed_type_word_among_many_namesakes():
    records = [
        GazetteerRecord(id=f"s{i}", name="خیابان آزادگان", kind="street", lon=51.30 + 0.005 * i, lat=35.70,
                        region_no=1 + i % 20, district_code=f"{1 + i % 20}-1")
        for i in range(60)
    ]
    records.append(GazetteerRecord(id="town", name="شهرک آزادگان", kind="landmark", lon=51.40, lat=35.75,
                                   region_no=21, district_code="21-1"))
    best = top(Gazetteer(records), "شهرک آزادگان")
    assert best.record_id == "town"
