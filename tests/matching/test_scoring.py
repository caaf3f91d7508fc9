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
