"""Persian text as it is compared: Arabic letters, digits, ZWNJ, diacritics (text.persian)."""

from __future__ import annotations

import pytest

from text import persian
from text.digits import to_ascii_digits


@pytest.mark.parametrize(
    ("arabic", "persian_form"),
    [
        ("علي", "علی"),  # Arabic yeh
        ("موسى", "موسی"),  # alef maksura
        ("كوچه", "کوچه"),  # Arabic kaf
        ("فاطمة", "فاطمه"),  # teh marbuta
        ("خانۀ", "خانه"),  # heh with yeh above
        ("مسئول", "مسیول"),  # yeh with hamza above
        ("مؤمن", "مومن"),  # waw with hamza
        ("آزادی", "ازادی"),  # alef with madda: آباد and اباد are one word
        ("أحمد", "احمد"),
        ("إمام", "امام"),
        ("ھمدان", "همدان"),  # heh doachashmee
    ],
)
def test_it_writes_arabic_letter_forms_as_persian_ones(arabic, persian_form):
    assert persian.unify_letters(arabic) == persian_form
    assert persian.normalize(arabic) == persian_form


def test_it_drops_a_stand_alone_hamza():
    assert persian.normalize("جزء") == "جز"


def test_it_reads_presentation_forms_as_letters():
    # ﻛﻮﭼﻪ: kaf, waw, tcheh, heh in their contextual forms, as PDFs and old software write them
    assert persian.normalize("\ufedb\ufeee\ufb7c\ufeea") == "کوچه"


@pytest.mark.parametrize(
    ("typed", "ascii"),
    [("۱۲۳۴۵۶۷۸۹۰", "1234567890"), ("٠١٢٣٤٥٦٧٨٩", "0123456789"), ("پلاک ۱٢ 3", "پلاک 12 3")],
)
def test_it_writes_persian_and_arabic_indic_digits_as_ascii(typed, ascii):
    assert persian.normalize(typed) == ascii
    assert to_ascii_digits(typed) == ascii


@pytest.mark.parametrize(
    "spelling",
    [
        "حسین\u200cآباد",  # ZWNJ
        "حسین\u200bآباد",  # zero-width space
        "حسین\u00a0آباد",  # no-break space
        "حسین\u202fآباد",  # narrow no-break space
        "حسین \u200c آباد",  # ZWNJ between spaces
        "  حسین   آباد ",
    ],
)
def test_it_reads_zwnj_and_odd_spaces_as_one_plain_space(spelling):
    assert persian.normalize(spelling) == "حسین اباد"


def test_it_removes_zero_width_joiners_and_direction_marks_inside_a_word():
    assert persian.normalize("\u200fمی\u200dرود\u200e") == "میرود"
    assert persian.normalize_zwnj("ب\u00adب\ufeff") == "بب"


@pytest.mark.parametrize(
    ("marked", "plain"),
    [
        ("مُحَمَّد", "محمد"),  # damma, fatha, shadda
        ("کتاباً", "کتابا"),  # tanwin
        ("مسجدْ", "مسجد"),  # sukun
        ("رحمٰن", "رحمن"),  # superscript alef
        ("خیـــابان", "خیابان"),  # tatweel
    ],
)
def test_it_removes_diacritics_and_tatweel(marked, plain):
    assert persian.remove_diacritics(marked) == plain
    assert persian.normalize(marked) == plain


def test_it_keeps_persian_letters_punctuation_and_latin_text_as_they_are():
    text = "پژوهشگاه، گچ‌بری Tehran-1"
    assert persian.normalize(text) == "پژوهشگاه، گچ بری Tehran-1"


def test_it_lets_a_caller_map_a_few_more_characters_its_own_way():
    table = persian.fold_table({"\u066b": "."})  # the Arabic decimal separator as a decimal point
    assert persian.fold("۳٫۵", table) == "3.5"
    assert persian.fold("۳٫۵") == "3٫5"


def test_it_gives_sql_translate_the_same_table_as_fold():
    from text.persian import fold, sql_translate_args

    source, target = sql_translate_args()
    assert len(source) > len(target)  # the removed characters come last

    def sql_translate(text: str) -> str:  # PostgreSQL's translate(), character by character
        out = []
        for ch in text:
            i = source.find(ch)
            out.append(ch if i < 0 else (target[i] if i < len(target) else ""))
        return "".join(out)

    for text in ("كوچه علي‌آباد", "پلاک ۱۲ و ٣٤", "خیابانِ اصلیّ", "مسـجد", "آب\u200fانبار"):
        assert sql_translate(text) == fold(text)
