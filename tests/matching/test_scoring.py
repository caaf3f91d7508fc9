"""How alike two request descriptions are: the Persian normalisation they are compared in (matching.scoring)."""

from __future__ import annotations

from matching.scoring import normalize_text, text_similarity


def test_it_compares_arabic_and_persian_letter_forms_as_one():
    assert normalize_text("چاله در خيابان كريمخان، كنار مدرسة") == "چاله در خیابان کریمخان کنار مدرسه"
    assert text_similarity("خيابان آزادي", "خیابان ازادی") == 1.0


def test_it_reads_zwnj_as_a_space_and_drops_punctuation():
    assert normalize_text("کوچه‌ی «نیلوفر»!!") == "کوچه ی نیلوفر"


def test_it_removes_diacritics_inside_a_word():
    # the old copy put a space for each mark, cutting مُحَمَّد into four words
    assert normalize_text("درِ خانهٔ مُحَمَّد") == "در خانه محمد"
    assert text_similarity("خانهٔ مُحَمَّد", "خانه محمد") == 1.0


def test_it_reads_persian_and_arabic_indic_digits_as_ascii():
    # before text.persian, "پلاک ۱۲" and "پلاک 12" were different words here (the copy had no digit table)
    assert normalize_text("پلاک ۱۲ و ٣٤") == "پلاک 12 و 34"
    assert text_similarity("چاله جلوی پلاک ۱۲", "چاله جلوی پلاک 12") == 1.0


def test_it_ignores_tatweel_and_the_arabic_letters_the_old_copy_missed():
    # tatweel (ـ), yeh with hamza (ئ) and heh doachashmee (ھ) were kept as they were typed
    assert normalize_text("خیـــابان مسئول ھمدان") == normalize_text("خیابان مسیول همدان")
    assert text_similarity("لوله آب خیـــابان ترکیده", "لوله آب خیابان ترکیده") == 1.0


def test_it_keeps_a_word_whole_around_a_zero_width_joiner():
    # a joiner inside a word split it in two before
    assert normalize_text("می\u200dرود") == "میرود"


def test_it_finds_unrelated_descriptions_unalike():
    assert text_similarity("چراغ برق خاموش است", "درخت افتاده روی ماشین") < 0.5
    assert text_similarity("", "چاله") == 0.0


def test_it_gives_unrelated_words_no_similarity_where_letters_alone_gave_some():
    # character-level fuzzy matching gave such pairs 0.2-0.4; word-level evidence says nothing is shared
    assert text_similarity("چراغ برق خاموش است", "درخت افتاده روی ماشین") == 0.0
    assert text_similarity("آب گرم قطع است", "گاز قطع نیست") == 1 / 3  # one word of three shared ("قطع")
    assert text_similarity("ENTIRE BUILDING", "APARTMENT ONLY") == 0.0
    assert text_similarity("چاله عمیق جلوی نانوایی", "چاله عميق جلو نانوايي") > 0.6  # typos and Arabic letters


def _evidence(**given):
    from matching.scoring import Evidence

    values = dict(distance_m=20, radius_m=60, age_days=0.2, window_days=30, relation="same_sub_subject",
                  address="unknown", kind="building")
    values.update(given)
    return Evidence(**values)


def test_it_counts_the_same_address_above_a_nearer_point_without_one():
    from matching.scoring import PRIOR

    same_address_farther = PRIOR.score(_evidence(distance_m=45, address="same"))
    nearer_unknown = PRIOR.score(_evidence(distance_m=5))
    assert same_address_farther > nearer_unknown


def test_it_counts_the_building_next_door_against_a_problem_inside_a_building_only():
    from matching.scoring import PRIOR

    next_door = _evidence(distance_m=30, address="neighbour")
    assert not PRIOR.is_strong(relation="same_sub_subject", score=PRIOR.score(next_door))
    along_the_street = _evidence(distance_m=30, address="neighbour", kind="street", radius_m=150, window_days=14)
    assert PRIOR.is_strong(relation="same_sub_subject", score=PRIOR.score(along_the_street))


def test_it_counts_another_plaque_against_a_problem_at_one_spot():
    from matching.scoring import PRIOR

    # NYC 311, 2013-12-25: "No Access" at 1705 and at 1701 WEST 4 STREET, 7 m apart — two blocked driveways
    point = dict(radius_m=75, window_days=14, kind="point", text_similarity=1.0, text_compared=True)
    next_plaque = _evidence(distance_m=7, address="neighbour", **point)
    assert not PRIOR.is_strong(relation="same_sub_subject", score=PRIOR.score(next_plaque))
    same_plaque = _evidence(distance_m=30, address="same", **point)
    assert PRIOR.is_strong(relation="same_sub_subject", score=PRIOR.score(same_plaque))
    # one call has no address: the pins and the words decide, as before
    pin_only = _evidence(distance_m=7, **point)
    assert PRIOR.is_strong(relation="same_sub_subject", score=PRIOR.score(pin_only))


def test_it_counts_another_street_against_a_problem_at_one_spot_more_than_a_pin_close_by():
    from matching.scoring import PRIOR

    # potholes reported on two streets whose pins fall 2 m apart (at a corner)
    point = dict(radius_m=75, window_days=14, kind="point", text_similarity=1.0, text_compared=True)
    elsewhere = _evidence(distance_m=2, address="different", **point)
    assert not PRIOR.is_strong(relation="same_sub_subject", score=PRIOR.score(elsewhere))
    assert PRIOR.score(elsewhere) < PRIOR.score(_evidence(distance_m=60, address="same", **point))


def test_it_needs_overwhelming_evidence_for_another_sub_subject():
    from matching.scoring import PRIOR

    # heating and a broken refrigerator in one building: same address, same spot, same subject — not a duplicate
    other = _evidence(distance_m=0, address="same", relation="same_subject")
    assert not PRIOR.is_strong(relation="same_subject", score=PRIOR.score(other))
    same = _evidence(distance_m=0, address="same")
    assert PRIOR.is_strong(relation="same_sub_subject", score=PRIOR.score(same))
