"""Normalisation: one rule, one test.  Entries and queries go through the same functions."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gazetteer.normalize import canonical_tokens, compact_key, fold, normalize, strip_honorifics

# --- characters ---------------------------------------------------------------------------------------


def test_it_maps_arabic_yeh_forms_to_persian_yeh():
    assert fold("علي") == fold("على") == "علی"
    assert fold("مسئول") == "مسیول"


def test_it_maps_arabic_kaf_to_persian_kaf():
    assert fold("كوچه") == "کوچه"


def test_it_maps_teh_marbuta_and_heh_with_yeh_to_heh():
    assert fold("مدرسة") == "مدرسه"
    assert fold("کوچهٔ") == fold("کوچۀ") == "کوچه"


def test_it_matches_abad_with_or_without_madda():
    assert fold("آباد") == fold("اباد") == fold("أباد") == fold("إباد")
    assert compact_key("حسین‌آباد") == compact_key("حسیناباد")


def test_it_removes_harakat_tanwin_shadda_and_sukun():
    assert fold("مُحَمَّد") == "محمد"
    assert fold("شهیدْ") == "شهید"
    assert fold("جِدّاً") == "جدا"


def test_it_removes_tatweel():
    assert fold("خیـــابان") == "خیابان"


def test_it_treats_zwnj_spaced_and_fused_forms_as_equal():
    forms = ["حسین‌آباد", "حسین آباد", "حسینآباد", "حسين‌ آباد"]
    assert len({compact_key(f) for f in forms}) == 1


def test_it_reads_persian_and_arabic_indic_digits_as_ascii():
    assert fold("پلاک ۱۲۳") == "پلاک 123"
    assert fold("پلاک ١٢٣") == "پلاک 123"


def test_it_folds_punctuation_to_spaces():
    assert fold("خ.ولیعصر،ک/نیلوفر-پ؛۱۲") == "خ ولیعصر ک نیلوفر پ 12"
    assert fold("«میدان» (ونک)!") == "میدان ونک"


def test_it_splits_a_number_glued_to_a_word():
    assert fold("پ۱۲") == "پ 12"
    assert fold("کوچه12") == "کوچه 12"


def test_it_removes_invisible_direction_marks():
    assert fold("\u200fونک\u200e") == "ونک"


# --- abbreviations and colloquial forms ------------------------------------------------------------------


def test_it_expands_kh_and_colloquial_khiyaboon_to_khiyaban():
    assert canonical_tokens("خ ولیعصر") == ["خیابان", "ولیعصر"]
    assert canonical_tokens("خیابون ولیعصر") == ["خیابان", "ولیعصر"]


def test_it_expands_k_only_when_it_stands_alone():
    assert canonical_tokens("ک نیلوفر") == ["کوچه", "نیلوفر"]
    assert canonical_tokens("کاج") == ["کاج"]


def test_it_expands_m_to_meydan_when_something_follows():
    assert canonical_tokens("م ونک") == ["میدان", "ونک"]
    assert canonical_tokens("م ۷ تیر") == ["میدان", "7", "تیر"]
    assert canonical_tokens("میدون انقلاب") == ["میدان", "انقلاب"]


def test_it_leaves_m_alone_at_the_end():
    assert canonical_tokens("ونک م") == ["ونک", "م"]


def test_it_expands_p_to_pelak_only_before_a_number():
    assert canonical_tokens("پ ۱۲") == ["پلاک", "12"]
    assert canonical_tokens("بلاک ۱۲") == ["پلاک", "12"]
    assert canonical_tokens("پ نیلوفر") == ["پ", "نیلوفر"]


def test_it_expands_t_to_tabaghe_only_before_a_number_or_floor_word():
    assert canonical_tokens("ط ۳") == ["طبقه", "3"]
    assert canonical_tokens("ط همکف") == ["طبقه", "همکف"]


def test_it_expands_bolvar_spellings():
    assert canonical_tokens("بل کشاورز")[0] == "بلوار"
    assert canonical_tokens("بولوار کشاورز")[0] == "بلوار"
    assert canonical_tokens("بولیوار کشاورز")[0] == "بلوار"


def test_it_treats_otoban_and_bozorgrah_as_one_kind():
    assert canonical_tokens("اتوبان همت")[0] == canonical_tokens("بزرگراه همت")[0] == "بزرگراه"
    assert canonical_tokens("بزرگ راه همت")[0] == "بزرگراه"
    assert canonical_tokens("آزادراه همت")[0] == "بزرگراه"


def test_it_expands_n_to_nabsh():
    assert canonical_tokens("ن نیلوفر") == ["نبش", "نیلوفر"]


def test_it_expands_ch_and_chahar_rah_spellings():
    assert canonical_tokens("چ ولیعصر")[0] == "چهارراه"
    assert canonical_tokens("چهار راه ولیعصر")[0] == "چهارراه"
    assert canonical_tokens("چهاراه ولیعصر")[0] == "چهارراه"


def test_it_expands_t_to_taghato():
    assert canonical_tokens("ت ولیعصر") == ["تقاطع", "ولیعصر"]


def test_it_expands_fl_to_falake():
    assert canonical_tokens("فل دوم")[0] == "فلکه"


def test_it_merges_bon_bast_spellings():
    assert canonical_tokens("بن بست ۵") == canonical_tokens("بن‌بست ۵") == canonical_tokens("بنبست ۵")
    assert canonical_tokens("بن ۵")[0] == "بنبست"


def test_it_expands_sh_to_shahid_only_before_a_name():
    assert canonical_tokens("ش رجایی") == ["شهید", "رجایی"]
    assert canonical_tokens("ش ۱۲") == ["ش", "12"]


def test_it_expands_s_to_sakhteman_only_before_a_number():
    assert canonical_tokens("س ۴") == ["ساختمان", "4"]
    assert canonical_tokens("س نور") == ["س", "نور"]


def test_it_expands_maj_to_mojtama():
    assert canonical_tokens("مج ۳")[0] == "مجتمع"


def test_it_reads_the_common_slips_h_for_kh_and_g_for_k():
    assert canonical_tokens("ح ولیعصر گ نیلوفر") == ["خیابان", "ولیعصر", "کوچه", "نیلوفر"]


def test_it_reads_the_road_abbreviations():
    assert canonical_tokens("ب ر همت")[0] == "بزرگراه"
    assert canonical_tokens("ج مخصوص")[0] == "جاده"


def test_it_merges_ayatollah_spellings():
    assert canonical_tokens("آیت الله کاشانی") == canonical_tokens("آیت‌الله کاشانی") == ["ایتالله", "کاشانی"]


def test_it_reads_metro_station_as_one_type_word():
    assert canonical_tokens("ایستگاه مترو قلهک") == ["مترو", "قلهک"]


# --- relational phrases -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("spellings", "token"),
    [
        (["نرسیده به", "نرسیده‌به", "نرسیده"], "نرسیدهبه"),
        (["بعد از", "بعداز", "رد شده از"], "بعداز"),
        (["قبل از", "قبل"], "قبلاز"),
        (["بالاتر از", "بالاتراز"], "بالاتراز"),
        (["پایین‌تر از", "پایین تر از", "پایینتراز", "پائین تر از"], "پایینتراز"),
        (["روبروی", "روبه‌روی", "رو به روی", "مقابل", "روبرو"], "روبروی"),
    ],
)
def test_it_merges_relational_phrases_whatever_their_spacing(spellings, token):
    for spelling in spellings:
        assert canonical_tokens(spelling) == [token], spelling


# --- numbers ---------------------------------------------------------------------------------------------


def test_it_writes_number_words_as_digits():
    assert canonical_tokens("هفتم تیر") == canonical_tokens("هفت تیر") == canonical_tokens("۷ تیر") == ["7", "تیر"]
    assert canonical_tokens("بیست و دوم بهمن") == ["22", "بهمن"]
    assert canonical_tokens("سی ام تیر") == ["30", "تیر"]
    assert canonical_tokens("کوچه دوازدهم") == ["کوچه", "12"]


def test_it_reads_avval_as_one_only_after_a_type_word():
    assert canonical_tokens("کوچه اول") == ["کوچه", "1"]
    assert canonical_tokens("اول خیابان ولیعصر") == ["اول", "خیابان", "ولیعصر"]


def test_it_can_keep_number_words_spelled_out():
    assert canonical_tokens("شانزده آذر", numbers=False) == ["شانزده", "اذر"]


# --- what is dropped -------------------------------------------------------------------------------------


def test_it_drops_saint_suffixes():
    assert canonical_tokens("امام علی (ع)") == ["امام", "علی"]
    assert canonical_tokens("امام رضا ع") == ["امام", "رضا"]
    assert canonical_tokens("حضرت معصومه (س)") == ["حضرت", "معصومه"]


def test_it_drops_the_standalone_ezafe():
    assert canonical_tokens("کوچه‌ی نیلوفر") == ["کوچه", "نیلوفر"]
    assert canonical_tokens("کوچه ی نیلوفر") == ["کوچه", "نیلوفر"]


def test_it_strips_honorifics_unless_nothing_would_remain():
    assert strip_honorifics(canonical_tokens("شهید دکتر بهشتی")) == ["بهشتی"]
    assert strip_honorifics(canonical_tokens("آیت‌الله کاشانی")) == ["کاشانی"]
    assert strip_honorifics(["شهید"]) == ["شهید"]


def test_it_gives_one_spaced_canonical_form():
    assert normalize("  خ.   ولي‌عصر  ") == "خیابان ولی عصر"


# --- properties ----------------------------------------------------------------------------------------------

_WORDS = [
    "خ", "ک", "م", "پ", "ولیعصر", "ونک", "نیلوفر", "نرسیده", "به", "بن", "بست", "آباد", "حسین", "۱۲", "12",
    "شهید", "رجایی", "و", "هفت", "تیر", "اول", "کوچه", "ی", "(ع)", "سی", "ام", "بیست", "دوم", "ط", "همکف",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_WORDS), min_size=1, max_size=8))
def test_it_is_idempotent_on_its_own_output(words):
    once = canonical_tokens(" ".join(words))
    assert canonical_tokens(" ".join(once)) == once


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(["حسین", "اباد", "آباد", "علی", "نصیر", "سعادت"]), min_size=2, max_size=4),
    st.lists(st.sampled_from(["", " ", "\u200c"]), min_size=3, max_size=3),
)
def test_it_ignores_how_the_parts_of_a_name_are_joined(parts, joiners):
    joined = parts[0] + "".join(j + p for j, p in zip(joiners, parts[1:]))
    assert compact_key(joined) == compact_key(" ".join(parts))
