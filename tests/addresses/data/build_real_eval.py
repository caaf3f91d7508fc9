#!/usr/bin/env python3
"""Build a labelled evaluation set for the address gazetteer from REAL Tehran sources.

What it is
    ``gazetteer_real_eval.tsv`` (next to this file) is the yardstick the gazetteer is graded on: every row is
    a query as a 137 call-centre operator might type it, with the true point, region and district it refers
    to.  Three kinds of rows (column ``source``):

    * ``landmark``     -- a named place from places.geojson (~450 of them, sampled across all 34 categories;
                          every place whose name is shared by several places is kept, see ``namesake_regions``);
    * ``metro``        -- a metro station's name, usually behind «مترو» / «ایستگاه مترو» / «ایستگاه»
                          (every in-city station once);
    * ``address_line`` -- a station's real address line (``address_fa``), noised (every in-city station that
                          has one, once).

    Columns: query, source, region, district, lon, lat, noise, truth, namesake_regions.
    ``truth`` is the clean source text (only stray/double spaces and dangling ZWNJs tidied).  ``district`` is
    the code of the (synthetic, demo) district polygon of data/demo/districts.geojson containing the true
    point, empty if none.  ``namesake_regions`` lists, sorted and one entry per place, the regions of ALL
    places (of the same source) whose name is equal after light normalisation (ي→ی, ك→ک, spaces/ZWNJ removed,
    digits unified); places without a region are not listed; empty when the name is unique.  Ambiguous names
    are kept on purpose: they are scored on top-5 and on whether the alternatives' regions are shown.

Sources and licences (see ../shared/data/PROVENANCE.md)
    * tehran/places.geojson -- github.com/mosayeb-a/tehran-metro places.json, GPL-3.0.
    * tehran/metro_stations.geojson -- github.com/mostafa-kheibary/tehran-metro-data stations.json,
      ODbL 1.0 (© OpenStreetMap contributors / the repository's authors).
    * data/demo/districts.geojson -- the project's own synthetic district polygons.
    Rows whose ``osm_region_no`` is null (outside the city) are skipped.  Coordinates shared by several names in
    places.geojson are a known noise of the source and are kept as they are.

Noise operators (one small named function each; ``OPERATORS`` maps names to functions)
    typo-adjacent (a neighbour key on the ISIRI 9147 Persian layout), typo-drop, typo-double, typo-swap,
    type-typo (a typo inside the type word: میدان, بیمارستان, خیابان …) -- at most one typo per query and
    never in words of two letters or fewer;
    suffix-building («ساختمان سبز», «طبقه ۳», «پلاک ۱۲», «ورودی ۲» …), arabic-letters (ی→ي, ک→ك),
    space-missing, space-extra, zwnj (add/remove U+200C), colloquial (خ / م / بل / ک abbreviations,
    بزرگراه↔اتوبان, چهارراه↔چهار راه/۴راه, اله↔الله, بوستان↔پارک, پایانه↔ترمینال, روبروی↔روبه روی …),
    honorific (drop/add شهید, دکتر, آیت الله, امام, حضرت, استاد, (ره)/(ع)/(س)/(عج)), type-dropped,
    type-added (a generic type word from the category), relation («جنب …», «روبروی …», «نبش …» …),
    digits-ascii, digits-arabic, digits-persian, digits-words (numbers ↔ Persian number words),
    punctuation (، ↔ , ↔ - swapped, added or removed, brackets dropped);
    for address lines also address-truncated (keep the first one or two parts) and address-reordered
    (swap two parts).  One to three operators are applied per query (seeded), each retried with another
    operator when it does not apply or does not change the text; about 10 % of rows are left ``clean``.
    A noised query is rejected (and redrawn) when it collides with another row's query or, after light
    normalisation, with the name of a different place/station.

Independence
    This script is deliberately written without opening or importing anything of the product (gazetteer/,
    text/, addresses/, nor the older synthetic builder): its normalisation and noise are its own, so that the
    gazetteer is not measured against itself.  Only the standard library and shapely are used.

Determinism
    A fixed seed string feeds ``random.Random``; inputs are sorted before use; re-running gives a byte-identical
    file.

Usage (from the repository root)
    .venv/bin/python tests/addresses/data/build_real_eval.py [--shared ../shared/data] [--out PATH]
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path
from random import Random

from shapely.geometry import Point, shape

SEED = "tehran-137-gazetteer-real-eval-v1"
LANDMARK_TARGET = 450
CLEAN_SHARE = 0.10
HEADER = ["query", "source", "region", "district", "lon", "lat", "noise", "truth", "namesake_regions"]

ZWNJ = "\u200c"
KASRA = "\u0650"
# Persian/Arabic letters (no digits, no punctuation).
LETTERS = "ءآأؤإئابةتثجحخدذرزژسشصضطظعغفقکگلمنوهیيكىۀپچ"
L = LETTERS  # for regex classes
FA_DIGITS = "۰۱۲۳۴۵۶۷۸۹"
AR_DIGITS = "٠١٢٣٤٥٦٧٨٩"
EN_DIGITS = "0123456789"
ANY_DIGIT = FA_DIGITS + AR_DIGITS + EN_DIGITS


def bword(word: str) -> str:
    """Regex for ``word`` as a whole word (not glued to other Persian letters)."""
    return rf"(?<![{L}]){re.escape(word)}(?![{L}])"


def tidy(s: str) -> str:
    """The 'clean' form of a source text: no tabs/newlines, no dangling ZWNJ, single spaces."""
    s = re.sub(r"[\t\r\n]+", " ", s or "")
    s = re.sub(rf"\s*{ZWNJ}+\s+|\s+{ZWNJ}+\s*", " ", s)
    s = re.sub(rf"^{ZWNJ}+|{ZWNJ}+$", "", s.strip())
    return re.sub(r" {2,}", " ", s).strip()


def squeeze(s: str) -> str:
    return re.sub(r" {2,}", " ", s).strip()


def light_key(s: str) -> str:
    """Our own light normalisation, used only to group namesakes and detect label collisions."""
    s = s.replace("ي", "ی").replace("ى", "ی").replace("ك", "ک").replace("ۀ", "ه").replace("ة", "ه")
    s = s.replace(KASRA, "")
    for digits in (FA_DIGITS, AR_DIGITS):
        s = s.translate(str.maketrans(digits, EN_DIGITS))
    return re.sub(rf"[\s{ZWNJ}]+", "", s)


def letter_runs(s: str, minlen: int = 3) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(rf"[{L}]+", s) if m.end() - m.start() >= minlen]


# --------------------------------------------------------------------------------------------------------
# Keyboard: ISIRI 9147 (Persian standard) letter rows, as on a QWERTY keyboard (Q-row, A-row, Z-row).
KEY_ROWS = [
    "ضصثقفغعهخحجچ",   # Q W E R T Y U I O P [ ]
    "شسیبلاتنمکگ",    # A S D F G H J K L ; '
    "ظطزرذدپو",       # Z X C V B N M ,
]


def _build_neighbours() -> dict[str, list[str]]:
    pos = {ch: (r, c) for r, row in enumerate(KEY_ROWS) for c, ch in enumerate(row)}
    out: dict[str, list[str]] = {}
    for ch, (r, c) in pos.items():
        cand = [(r, c - 1), (r, c + 1)]
        if r == 0:
            cand += [(1, c - 1), (1, c)]
        elif r == 1:
            cand += [(0, c), (0, c + 1), (2, c - 1), (2, c)]
        else:
            cand += [(1, c), (1, c + 1)]
        out[ch] = [KEY_ROWS[rr][cc] for rr, cc in cand if 0 <= rr < 3 and 0 <= cc < len(KEY_ROWS[rr])]
    return out


NEIGHBOURS = _build_neighbours()

# --------------------------------------------------------------------------------------------------------
# Vocabulary (written from knowledge of Persian usage in Tehran, not taken from the product).
TYPE_WORDS = sorted([
    "میدان", "بیمارستان", "خیابان", "بزرگراه", "اتوبان", "بلوار", "کوچه", "پارک", "بوستان", "دانشگاه",
    "دانشکده", "سینما", "فرهنگسرای", "فرهنگسرا", "پایانه", "ترمینال", "مرکز خرید", "مرکزخرید", "هتل",
    "شهرداری", "کلانتری", "فروشگاه", "پاساژ", "بازار", "مسجد", "امامزاده", "شهرک", "تقاطع", "چهارراه",
    "ورزشگاه", "استادیوم", "وزارت", "سازمان", "اداره", "فلکه", "ایستگاه", "مترو", "موزه", "مجتمع", "پل",
    "فرودگاه", "درمانگاه", "داروخانه", "کتابخانه", "باشگاه",
], key=lambda w: (-len(w), w))
# type words that the source often glues to the name («سینماآستارا», «مرکزخریدولنجک», «مسجدالرضا»).
ATTACHABLE = {"سینما", "مرکزخرید", "بازار", "پاساژ", "مسجد"}
DROPPABLE = {
    "میدان", "بیمارستان", "پارک", "بوستان", "سینما", "هتل", "فرهنگسرای", "فرهنگسرا", "پایانه", "ترمینال",
    "مرکز خرید", "مرکزخرید", "پاساژ", "فروشگاه", "کلانتری", "مسجد", "ورزشگاه", "خیابان", "بزرگراه",
    "اتوبان", "بلوار", "فلکه", "چهارراه", "شهرک", "دانشگاه", "امامزاده", "ایستگاه", "مترو", "تقاطع",
}
# what is left after dropping the type word must not be a generic word that names something else.
DROP_STOP = {light_key(w) for w in ["تهران", "ایران", "مرکزی", "زنان", "کودکان تهران", "شهر", "پارک", "آزاد",
                                     "مترو", "ملی", "کشور", "نفت", "جنگ", "مهر", "دی", "جم"]}
TYPE_TYPOS = {
    "میدان": ["مدیان", "میداان", "میدن", "میدات", "میذان"],
    "بیمارستان": ["بیمارستن", "بیمارستات", "بیمارسنان", "بیمارتان", "بیمارستلن"],
    "خیابان": ["خیابن", "خیبان", "خیاابان", "خیابام"],
    "بزرگراه": ["بزگراه", "بزرگرا", "بزرکراه"],
    "بلوار": ["بولوار", "بلوا", "بلئار"],
    "مرکز خرید": ["مرکزخید", "مرکز خرد", "مرکز خزید"],
    "مرکزخرید": ["مرکزخید", "مرکزخرد", "مرکزخریذ"],
    "پارک": ["پارگ", "پاک", "پارکک"],
    "بوستان": ["بوستن", "بوسنان", "بوستام"],
    "دانشگاه": ["دانشگا", "دانشکاه", "دانشگاح"],
    "سینما": ["سینمل", "سیما", "سینمت"],
    "هتل": ["هنل", "حتل"],
    "پایانه": ["پایانخ", "پاینه", "پایامه"],
    "ترمینال": ["ترمینل", "ترمیتال"],
    "فرهنگسرای": ["فرهنکسرای", "فرهنگسرلی", "فرهنگسری"],
    "فرهنگسرا": ["فرهنکسرا", "فرهنگسر"],
    "تقاطع": ["تفاطع", "تقاطغ", "تقطع"],
    "ایستگاه": ["ایستگا", "ایستکاه", "استگاه"],
    "مترو": ["متور", "مترئ", "منرو"],
    "چهارراه": ["چهاراه", "چارراه"],
}
CATEGORY_TYPE = {  # category -> (type word to add, words that already say it)
    "میادین": ("میدان", ["میدان", "فلکه"]),
    "بیمارستان": ("بیمارستان", ["بیمارستان"]),
    "پارک": ("پارک", ["پارک", "بوستان", "باغ"]),
    "سینما": ("سینما", ["سینما", "سینمایی"]),
    "فرهنگسرا": ("فرهنگسرای", ["فرهنگسرای", "فرهنگسرا"]),
    "هتل": ("هتل", ["هتل"]),
    "مراکز خرید": ("مرکز خرید", ["مرکز خرید", "مرکزخرید", "فروشگاه", "بازار", "مجتمع", "میدان", "بازارآهن"]),
    "مراکز تجاری": ("پاساژ", ["پاساژ", "بازار", "بازارچه", "بازاچه", "مرکز خرید", "مرکزخرید", "مجتمع"]),
    "مراکز آموزش عالی": ("دانشگاه", ["دانشگاه", "دانشکده", "مرکزآزمون", "پارک"]),
    "حمل و نقل": ("پایانه", ["پایانه", "ترمینال", "فرودگاه"]),
    "مراکز ورزشی": ("ورزشگاه", ["ورزشگاه", "استادیوم", "باشگاه", "مجموعه"]),
    "مراکز انتظامی": ("کلانتری", ["کلانتری"]),
    "موزه": ("موزه", ["موزه"]),
    "ادارات": ("اداره", ["اداره", "آموزش و پرورش", "شهرداری", "پزشک قانونی"]),
    "سازمان": ("سازمان", ["سازمان"]),
    "سازمان ها": ("سازمان", ["سازمان"]),
    "ادارات شهرداری": ("شهرداری", ["شهرداری"]),
    "مراکز درمانی": ("درمانگاه", ["درمانگاه", "داروخانه", "مرکزدرمانی", "کلینیک"]),
    "بهداشتی": ("درمانگاه", ["درمانگاه"]),
    "مراکز مذهبی": ("مسجد", ["مسجد", "امامزاده"]),
    "مساجد": ("مسجد", ["مسجد"]),
}
SUFFIX_TEMPLATES = [
    "ساختمان سبز", "ساختمان شماره {n}", "طبقه {n}", "واحد {n}", "پلاک {p}", "بلوک {b}", "ورودی {n}",
    "درب {d}", "ساختمان {c}",
]
RELATIONS = ["جنب", "روبروی", "روبه روی", "نبش", "نرسیده به", "بعد از", "حوالی", "سر", "اول", "انتهای",
             "پشت", "کنار", "نزدیک"]
HONORIFIC_WORDS = ["شهید", "دکتر", "آیت الله", "آیت اله", "آیت‌الله", "امام", "حضرت", "استاد", "سردار"]
PERSONS = {  # surname as written in Tehran place names -> its usual honorific
    "شهید": ["بهشتی", "مطهری", "چمران", "رجایی", "باهنر", "مفتح", "همت", "حقانی", "محلاتی", "کلاهدوز",
             "بخارایی", "ستاری", "باقری", "لشگری", "لشکری", "صیاد شیرازی", "قدوسی", "نواب صفوی", "مدنی",
             "دستواره", "چراغی", "کاظمی", "بروجردی", "باکری", "فهمیده", "دادمان", "همدانی", "تیموری",
             "فیاض بخش", "شیرودی", "افشار", "زین الدین", "زین‌الدین", "اشرفی اصفهانی", "حیدری", "پورمند",
             "گلشنی", "رضایی", "زاهدی", "جنتی"],
    "دکتر": ["شریعتی", "فاطمی", "حبیب الله", "حبیب اله", "حسابی", "قریب"],
    "آیت الله": ["طالقانی", "کاشانی", "سعیدی"],
}
NUM_WORDS = {1: "یک", 2: "دو", 3: "سه", 4: "چهار", 5: "پنج", 6: "شش", 7: "هفت", 8: "هشت", 9: "نه",
             10: "ده", 11: "یازده", 12: "دوازده", 13: "سیزده", 14: "چهارده", 15: "پانزده", 16: "شانزده",
             17: "هفده", 18: "هجده", 19: "نوزده", 20: "بیست", 21: "بیست و یک", 22: "بیست و دو"}
# words -> digits: not «ده» (village), «نه» (no), «یک» alone is fine.
WORD_NUMS = sorted(((w, n) for n, w in NUM_WORDS.items() if w not in ("ده", "نه")), key=lambda x: -len(x[0]))
# (regex, replacements, weight); weight < 1 means the rule is only sometimes considered.
COLLOQUIAL_RULES = [
    (bword("خیابان"), ["خ", "خ.", "خیابون"], 1.0),
    (bword("میدان"), ["م", "م.", "میدون"], 1.0),
    (bword("بزرگراه"), ["اتوبان", "بزرگ راه"], 1.0),
    (bword("اتوبان"), ["بزرگراه"], 1.0),
    (bword("بلوار"), ["بل", "بل."], 1.0),
    (bword("کوچه"), ["ک", "ک."], 1.0),
    (bword("فلکه"), ["فل", "میدان"], 1.0),
    (bword("چهارراه"), ["چهار راه", "۴راه", "چهاراه"], 1.0),
    (bword("چهار راه"), ["چهارراه", "۴راه"], 1.0),
    (bword("سه راهی"), ["سه راه", "۳راهی"], 1.0),
    (bword("سه راه"), ["۳راه", "سه راهی"], 1.0),
    (bword("دو راهی"), ["دوراهی", "۲راهی"], 1.0),
    (bword("دوراهی"), ["دو راهی"], 1.0),
    (bword("روبروی"), ["روبه روی", "روبرو"], 1.0),
    (bword("روبه روی"), ["روبروی"], 1.0),
    (bword("پایانه"), ["ترمینال"], 1.0),
    (bword("ترمینال"), ["پایانه"], 1.0),
    (bword("بوستان"), ["پارک"], 1.0),
    (bword("پارک"), ["بوستان"], 0.5),
    (bword("ابتدای"), ["اول", "سر"], 1.0),
    (bword("انتهای"), ["ته", "آخر"], 1.0),
    (bword("نرسیده به"), ["قبل از", "نرسیده"], 1.0),
    (bword("قبل از"), ["نرسیده به"], 1.0),
    (bword("بعد از"), ["بعداز", "پس از"], 1.0),
    (bword("بعداز"), ["بعد از"], 1.0),
    (bword("جنب"), ["کنار", "بغل"], 1.0),
    (bword("بالاتر از"), ["بالای", "بالاتراز"], 1.0),
    (bword("پایین تر از"), ["پایین‌تر از", "پایینتر از"], 1.0),
    (rf"الله(?![{L}])", ["اله"], 1.0),
    (rf"(?<=[ {ZWNJ}])اله(?![{L}])", ["الله"], 1.0),
    (bword("عبداله"), ["عبدالله"], 1.0),
    (bword("بیمارستان"), ["بیمارستان" + KASRA], 0.15),
    (bword("دانشگاه"), ["دانشگاهِ".replace("ِ", KASRA)], 0.1),
]


# --------------------------------------------------------------------------------------------------------
# Noise operators.  Each takes (text, rng, ctx) and returns the new text, or None when it does not apply.

def op_typo_adjacent(s, rng, ctx):
    spots = [i for a, b in letter_runs(s) for i in range(a, b) if s[i] in NEIGHBOURS]
    if not spots:
        return None
    i = rng.choice(spots)
    return s[:i] + rng.choice(NEIGHBOURS[s[i]]) + s[i + 1:]


def op_typo_drop(s, rng, ctx):
    runs = letter_runs(s)
    if not runs:
        return None
    a, b = rng.choice(runs)
    i = rng.randrange(a, b)
    return s[:i] + s[i + 1:]


def op_typo_double(s, rng, ctx):
    runs = letter_runs(s)
    if not runs:
        return None
    a, b = rng.choice(runs)
    i = rng.randrange(a, b)
    return s[:i + 1] + s[i] + s[i + 1:]


def op_typo_swap(s, rng, ctx):
    spots = [i for a, b in letter_runs(s) for i in range(a, b - 1) if s[i] != s[i + 1]]
    if not spots:
        return None
    i = rng.choice(spots)
    return s[:i] + s[i + 1] + s[i] + s[i + 2:]


def find_types(s, words=TYPE_WORDS):
    """(start, end, word) of every type word in s, longest words first, no overlaps."""
    found, taken = [], set()
    for w in words:
        tail = "" if w in ATTACHABLE else rf"(?![{L}])"
        for m in re.finditer(rf"(?<![{L}]){re.escape(w)}{tail}", s):
            span = set(range(m.start(), m.end()))
            if span & taken:
                continue
            taken |= span
            found.append((m.start(), m.end(), w))
    return sorted(found)


def op_type_typo(s, rng, ctx):
    types = [t for t in find_types(s) if len(t[2].replace(" ", "")) >= 3]
    if not types:
        return None
    a, b, w = rng.choice(types)
    if w in TYPE_TYPOS and rng.random() < 0.8:
        new = rng.choice(TYPE_TYPOS[w])
    else:
        new = None
        for _ in range(5):
            f = rng.choice([op_typo_adjacent, op_typo_drop, op_typo_double, op_typo_swap])
            new = f(w, rng, ctx)
            if new and new != w:
                break
    if not new or new == w:
        return None
    return s[:a] + new + s[b:]


def _digits(text, digits):
    return text.translate(str.maketrans(digits, "0123456789"))


def persian_num(n: int) -> str:
    return str(n).translate(str.maketrans(EN_DIGITS, FA_DIGITS))


def op_suffix_building(s, rng, ctx):
    if re.search(r"(ساختمان|طبقه|واحد|پلاک|بلوک|ورودی|درب)[^،,]*$", s) and rng.random() < 0.7:
        return None
    t = rng.choice(SUFFIX_TEMPLATES)
    suffix = t.format(n=persian_num(rng.randint(1, 9)), p=persian_num(rng.randint(1, 250)),
                      b=rng.choice(["الف", "ب", "ج", "د", "A", "B"]),
                      d=rng.choice(["شمالی", "جنوبی", "شرقی", "غربی", "اصلی"]),
                      c=rng.choice(["اداری", "مرکزی", "پزشکان", "شیشه ای", "قدیم"]))
    sep = rng.choice(["، ", " ", " ", ", ", " - "])
    return s + sep + suffix


def op_arabic_letters(s, rng, ctx):
    if "ی" not in s and "ک" not in s:
        return None
    return s.replace("ی", "ي").replace("ک", "ك")


def op_space_missing(s, rng, ctx):
    spots = [m.start() for m in re.finditer(r"(?<=\S) (?=\S)", s)]
    if not spots:
        return None
    i = rng.choice(spots)
    return s[:i] + s[i + 1:]


def op_space_extra(s, rng, ctx):
    spots = [i for a, b in letter_runs(s, 4) for i in range(a + 2, b - 1)]
    if not spots:
        return None
    # prefer a split after a non-joining letter (looks like a natural compound boundary)
    soft = [i for i in spots if s[i - 1] in "ادذرزژوآ"]
    i = rng.choice(soft if soft and rng.random() < 0.6 else spots)
    return s[:i] + " " + s[i:]


ZWNJ_SPOTS = rf"(?<=[{L}]) (?=(?:ها|های|هایی|آباد|الله|اله|زاده|خانه|گاه|سرای|سرا|تر|ترین|شهر)(?![{L}]))"


# glued compounds that are usually written with a ZWNJ: «حسین‌آباد», «کویتی‌ها», «ولی‌عصر», «امام‌زاده» …
ZWNJ_GLUED = (rf"(?<=[{L}]{{2}})(?=(?:آباد|ها|های|خانه|سرای|شهر)(?![{L}]))|(?<=[{L}]{{3}})(?=گاه(?![{L}]))"
              rf"|(?<=ولی)(?=عصر)|(?<=امام)(?=زاده)|(?<=حبیب)(?=ال)|(?<=عبد)(?=ال)")


def op_zwnj(s, rng, ctx):
    if ZWNJ in s:
        i = rng.choice([m.start() for m in re.finditer(ZWNJ, s)])
        return s[:i] + rng.choice(["", " "]) + s[i + 1:]
    real = [m.start() for m in re.finditer(ZWNJ_SPOTS, s)]
    real += [m.start() for m in re.finditer(ZWNJ_GLUED, s)]
    if real and rng.random() < 0.85:
        i = rng.choice(real)
        return s[:i] + ZWNJ + s[i + 1:] if s[i] == " " else s[:i] + ZWNJ + s[i:]
    spaces = [m.start() for m in re.finditer(rf"(?<=[{L}]) (?=[{L}])", s)]
    if not spaces:
        return None
    i = rng.choice(spaces)
    return s[:i] + ZWNJ + s[i + 1:]


def op_colloquial(s, rng, ctx):
    cands = []
    for pat, repls, weight in COLLOQUIAL_RULES:
        if weight < 1 and rng.random() >= weight:
            continue
        for m in re.finditer(pat, s):
            cands.append((m.start(), m.end(), repls))
    if not cands:
        return None
    a, b, repls = rng.choice(cands)
    return s[:a] + rng.choice(repls) + s[b:]


def _preceded_by_honorific(s, i):
    head = s[:i].rstrip(" " + ZWNJ)
    return any(head.endswith(h) for h in HONORIFIC_WORDS + ["مصطفی"])


def op_honorific(s, rng, ctx):
    cands = []  # (start, end, replacement)
    drops = [rf"(?<![{L}])شهید ?(?=[{L}]{{3,}})", rf"(?<![{L}])دکتر ?(?=[{L}]{{3,}})",
             rf"(?<![{L}])آیت[ {ZWNJ}]?ال?له ?(?=[{L}]{{3,}})", rf"(?<![{L}])امام (?=خمینی)",
             rf"(?<![{L}])حضرت (?=[{L}]{{3,}})", rf"(?<![{L}])استاد (?=[{L}]{{3,}})",
             r" ?\((?:ره|ع|س|عج)\)", r" ?\(\s*(?:ره|ع|س|عج)\s*\)"]
    for pat in drops:
        cands += [(m.start(), m.end(), "") for m in re.finditer(pat, s)]
    for hon, names in PERSONS.items():
        for name in names:
            for m in re.finditer(bword(name), s):
                if not _preceded_by_honorific(s, m.start()):
                    cands.append((m.start(), m.start(), hon + " "))
    for m in re.finditer(bword("خمینی"), s):
        if not _preceded_by_honorific(s, m.start()):
            cands.append((m.start(), m.start(), "امام "))
    for m in re.finditer(rf"امام (?:خمینی|حسین|علی|رضا|صادق|حسن)(?![{L}])(?!\s*\()", s):
        tag = " (ره)" if m.group().endswith("خمینی") else " (ع)"
        cands.append((m.end(), m.end(), tag))
    if not cands:
        return None
    a, b, rep = rng.choice(cands)
    return s[:a] + rep + s[b:]


def op_type_dropped(s, rng, ctx):
    cands = []
    for a, b, w in find_types(s):
        if w not in DROPPABLE:
            continue
        rest_start = b + 1 if b < len(s) and s[b] in " " + ZWNJ else b
        rest = s[rest_start:]
        if not re.match(rf"[{L}{ANY_DIGIT}]", rest):
            continue
        new = squeeze(s[:a] + rest)
        if len(re.sub(rf"[^{L}]", "", new)) < 3 or light_key(new) in DROP_STOP:
            continue
        cands.append(new)
    if not cands:
        return None
    return rng.choice(cands)


def op_type_added(s, rng, ctx):
    cat = ctx.get("category")
    if ctx["source"] != "landmark" or cat not in CATEGORY_TYPE:
        return None
    word, equivalents = CATEGORY_TYPE[cat]
    key = light_key(s)
    if any(light_key(e) in key for e in equivalents):
        return None
    return word + rng.choice([" ", " ", " ", ""]) + s if word in ATTACHABLE else word + " " + s


def op_relation(s, rng, ctx):
    if any(re.match(bword(r), s) for r in RELATIONS + ["ابتدای", "بالاتر از", "تقاطع", "محدوده", "بین"]):
        return None
    return rng.choice(RELATIONS) + " " + s


def op_digits_ascii(s, rng, ctx):
    if not re.search(f"[{FA_DIGITS}{AR_DIGITS}]", s):
        return None
    return _digits(_digits(s, FA_DIGITS), AR_DIGITS)


def op_digits_arabic(s, rng, ctx):
    if not re.search(f"[{FA_DIGITS}{EN_DIGITS}]", s):
        return None
    return _digits(_digits(s, FA_DIGITS), AR_DIGITS).translate(str.maketrans(EN_DIGITS, AR_DIGITS))


def op_digits_persian(s, rng, ctx):
    if not re.search(f"[{EN_DIGITS}{AR_DIGITS}]", s):
        return None
    return _digits(s, AR_DIGITS).translate(str.maketrans(EN_DIGITS, FA_DIGITS))


def op_digits_words(s, rng, ctx):
    cands = []
    for m in re.finditer(f"[{ANY_DIGIT}]+", s):
        n = int(_digits(_digits(m.group(), FA_DIGITS), AR_DIGITS))
        if n in NUM_WORDS:
            word = NUM_WORDS[n]
            before = " " if m.start() > 0 and s[m.start() - 1] not in " -(،," else ""
            after = " " if m.end() < len(s) and s[m.end()] not in " -)،," else ""
            cands.append((m.start(), m.end(), before + word + after))
    for w, n in WORD_NUMS:
        for m in re.finditer(bword(w), s):
            cands.append((m.start(), m.end(), persian_num(n)))
    if not cands:
        return None
    a, b, rep = rng.choice(cands)
    return s[:a] + rep + s[b:]


def op_punctuation(s, rng, ctx):
    variants = []
    if "،" in s:
        variants += [lambda: s.replace("،", ","), lambda: s.replace("،", " - "),
                     lambda: re.sub(r"\s*،\s*", " ", s)]
    if "," in s:
        variants += [lambda: s.replace(",", "،"), lambda: re.sub(r"\s*,\s*", " ", s)]
    if "٬" in s:
        variants += [lambda: s.replace("٬", "،")]
    if re.search(r"\s-\s|[-–]", s):
        variants += [lambda: re.sub(r"\s*[-–]\s*", "، ", s), lambda: re.sub(r"\s*[-–]\s*", " ", s)]
    if "(" in s or ")" in s:
        variants += [lambda: re.sub(r"[()]", " ", s), lambda: re.sub(r"\s*\(\s*", " - ", s).replace(")", "")]
    spaces = [m.start() for m in re.finditer(rf"(?<=[{L}]) (?=[{L}])", s)]
    if spaces:
        i = rng.choice(spaces)
        variants += [lambda: s[:i] + rng.choice(["، ", " - ", ", ", "-"]) + s[i + 1:]]
    variants += [lambda: s + rng.choice([".", "،", " -"])]
    return rng.choice(variants)()


# -- address-line structure ------------------------------------------------------------------------------
SEP_RE = re.compile(r"\s*(?:،|,|٬|–|—|-)\s*")


def address_parts(s):
    """Split an address line into (parts, separators); a dash right after «تهران» is part of a road name."""
    parts, seps, last = [], [], 0
    for m in SEP_RE.finditer(s):
        left = s[last:m.start()].strip()
        if "-" in m.group() and re.search(r"تهران\s*\(?\s*$", s[:m.start()]):
            continue
        if not left or not s[m.end():].strip():
            continue
        parts.append(s[last:m.start()].strip())
        seps.append(m.group())
        last = m.end()
    parts.append(s[last:].strip())
    return parts, seps


def op_address_truncated(s, rng, ctx):
    parts, seps = address_parts(s)
    if len(parts) < 2:
        return None
    keep = 1 if len(parts) == 2 else rng.choice([1, 2])
    out = parts[0] + (seps[0] + parts[1] if keep == 2 else "")
    return out.strip(" (")


def op_address_reordered(s, rng, ctx):
    parts, seps = address_parts(s)
    if len(parts) < 2:
        return None
    i = rng.randrange(len(parts) - 1)
    j = i + 1 if rng.random() < 0.7 else rng.randrange(len(parts))
    if i == j or parts[i] == parts[j]:
        return None
    parts[i], parts[j] = parts[j], parts[i]
    out = parts[0]
    for sep, part in zip(seps, parts[1:]):
        out += sep + part
    return out


OPERATORS = {
    "typo-adjacent": op_typo_adjacent,
    "typo-drop": op_typo_drop,
    "typo-double": op_typo_double,
    "typo-swap": op_typo_swap,
    "type-typo": op_type_typo,
    "suffix-building": op_suffix_building,
    "arabic-letters": op_arabic_letters,
    "space-missing": op_space_missing,
    "space-extra": op_space_extra,
    "zwnj": op_zwnj,
    "colloquial": op_colloquial,
    "honorific": op_honorific,
    "type-dropped": op_type_dropped,
    "type-added": op_type_added,
    "relation": op_relation,
    "digits-ascii": op_digits_ascii,
    "digits-arabic": op_digits_arabic,
    "digits-persian": op_digits_persian,
    "digits-words": op_digits_words,
    "punctuation": op_punctuation,
    "address-truncated": op_address_truncated,
    "address-reordered": op_address_reordered,
}
TYPO_FAMILY = {"typo-adjacent", "typo-drop", "typo-double", "typo-swap", "type-typo"}
DIGIT_FAMILY = {"digits-ascii", "digits-arabic", "digits-persian", "digits-words"}
EXCLUSIVE = (TYPO_FAMILY, DIGIT_FAMILY)  # at most one operator of each family per query
# relative weights per source; digit operators only ever fire where there are digits, hence the high weight.
WEIGHTS = {
    "landmark": {"typo-adjacent": 3, "typo-drop": 3, "typo-double": 2, "typo-swap": 2, "type-typo": 3,
                 "suffix-building": 3, "arabic-letters": 3, "space-missing": 3, "space-extra": 2, "zwnj": 2,
                 "colloquial": 3, "honorific": 5, "type-dropped": 3, "type-added": 3, "relation": 4,
                 "digits-ascii": 10, "digits-arabic": 10, "digits-persian": 10, "digits-words": 10,
                 "punctuation": 2},
    "metro": {"typo-adjacent": 3, "typo-drop": 3, "typo-double": 2, "typo-swap": 2, "type-typo": 3,
              "suffix-building": 1, "arabic-letters": 3, "space-missing": 3, "space-extra": 2, "zwnj": 3,
              "colloquial": 2, "honorific": 5, "type-dropped": 2, "relation": 2, "digits-ascii": 10,
              "digits-arabic": 10, "digits-persian": 10, "digits-words": 10, "punctuation": 2},
    "address_line": {"typo-adjacent": 3, "typo-drop": 3, "typo-double": 2, "typo-swap": 2, "type-typo": 3,
                     "suffix-building": 2, "arabic-letters": 3, "space-missing": 3, "space-extra": 2,
                     "zwnj": 2, "colloquial": 5, "honorific": 5, "type-dropped": 2, "relation": 1,
                     "digits-ascii": 10, "digits-arabic": 10, "digits-persian": 10, "digits-words": 10,
                     "punctuation": 4, "address-truncated": 12, "address-reordered": 12},
}


def noisify(base, rng, ctx):
    """Apply 1-3 operators (seeded); returns (query, [operator names]).

    The query always differs from ``base`` and from the clean truth (``ctx["truth"]``)."""
    weights = WEIGHTS[ctx["source"]]
    k = rng.choices([1, 2, 3], weights=[50, 35, 15])[0]
    for _attempt in range(20):
        s, applied = base, []
        pool = sorted(weights)
        while pool and len(applied) < k:
            name = rng.choices(pool, weights=[weights[n] for n in pool])[0]
            pool.remove(name)
            if any(name in fam and fam & set(applied) for fam in EXCLUSIVE):
                continue
            new = OPERATORS[name](s, rng, ctx)
            if new is None:
                continue
            new = squeeze(new)
            if new == s or not new:
                continue
            s = new
            applied.append(name)
            for fam in EXCLUSIVE:
                if name in fam:
                    pool = [p for p in pool if p not in fam]
        if applied and s != base and s != ctx.get("truth"):
            return s, applied
    return None, []


# --------------------------------------------------------------------------------------------------------
def load_features(path):
    with open(path, encoding="utf-8") as fh:
        return json.load(fh)["features"]


class DistrictIndex:
    def __init__(self, path):
        self.polys = sorted(((f["properties"]["code"], f["properties"]["region_no"], shape(f["geometry"]))
                             for f in load_features(path)), key=lambda t: t[0])

    def code(self, lon, lat):
        p = Point(lon, lat)
        for code, _region, poly in self.polys:
            if poly.covers(p):
                return code
        return ""


_CORE_WORDS = sorted(RELATIONS + ["ایستگاه مترو", "مترو", "ایستگاه"], key=lambda w: (-len(w), w))
CORE_PREFIX = re.compile(rf"^(?:(?:{'|'.join(map(re.escape, _CORE_WORDS))})(?![{L}])[\s،,.\-]*)+")
CORE_SUFFIX = re.compile(r"[\s،,\-]*(?:ساختمان سبز|ساختمان شماره \S+|ساختمان \S+|طبقه \S+|واحد \S+|پلاک ?\S+"
                         r"|بلوک \S+|ورودی \S+|درب \S+)$")


def core_key(query):
    """light_key of a query without relation prefix, metro prefix, building suffix and punctuation."""
    q = CORE_PREFIX.sub("", query.strip())
    q = CORE_SUFFIX.sub("", q)
    return light_key(re.sub(r"[.،,()\-]", " ", q))


def namesake_map(items):
    """items: (name, region or None) -> {light_key: sorted regions of all places with that key} (>1 places)."""
    groups = defaultdict(list)
    for name, region in items:
        groups[light_key(name)].append(region)
    return {k: ",".join(str(r) for r in sorted(r for r in v if r is not None))
            for k, v in groups.items() if len(v) > 1}


def build(shared: Path, districts_path: Path):
    rng = Random(SEED)
    places = load_features(shared / "tehran" / "places.geojson")
    stations = load_features(shared / "tehran" / "metro_stations.geojson")
    districts = DistrictIndex(districts_path)

    def rec(f, name):
        lon, lat = f["geometry"]["coordinates"][:2]
        return {"name": tidy(name), "region": f["properties"].get("osm_region_no"),
                "category": f["properties"].get("category_fa", ""), "lon": float(lon), "lat": float(lat)}

    P = sorted((rec(f, f["properties"]["name_fa"]) for f in places),
               key=lambda r: (r["category"], r["name"], r["lon"], r["lat"]))
    S = sorted((dict(rec(f, f["properties"]["name_fa"]), address=tidy(f["properties"].get("address_fa") or ""))
                for f in stations), key=lambda r: (r["name"], r["lon"], r["lat"]))

    place_ns = namesake_map((r["name"], r["region"]) for r in P)
    station_ns = namesake_map((r["name"], r["region"]) for r in S)
    address_ns = namesake_map((r["address"], r["region"]) for r in S if r["address"])
    # every known name: a noised query may not turn into the name of something else
    known = defaultdict(set)
    for r in P + S:
        known[light_key(r["name"])].add((r["name"], r["region"]))

    # ---- sample landmarks: all namesake members + a per-category quota ----
    eligible = [r for r in P if r["region"] is not None]
    by_cat = defaultdict(list)
    for r in eligible:
        by_cat[r["category"]].append(r)
    chosen = []
    for cat in sorted(by_cat):
        rows = by_cat[cat]
        must = [r for r in rows if light_key(r["name"]) in place_ns]
        rest = [r for r in rows if light_key(r["name"]) not in place_ns]
        quota = max(1, round(len(rows) * LANDMARK_TARGET / len(eligible)))
        extra = max(0, quota - len(must))
        picked = set(id(r) for r in rng.sample(rest, min(extra, len(rest))))
        must_ids = set(id(r) for r in must)
        chosen += [r for r in rows if id(r) in must_ids or id(r) in picked]

    seen_queries = set()
    out_rows, skipped = [], []

    def emit(source, r, truth, base, ns, ctx):
        truth_key = light_key(r["name"] if source != "address_line" else truth)
        for attempt in range(60):
            clean = attempt == 0 and rng.random() < CLEAN_SHARE
            b = base() if callable(base) else base
            if clean:
                query, noise = b, ["clean"]
            else:
                query, noise = noisify(b, rng, ctx)
                if query is None:
                    continue
            qk = core_key(query)
            if query in seen_queries or "\t" in query or "\n" in query:
                continue
            if qk in known and qk != truth_key:
                continue  # the noise produced another place's name: that would be a wrong label
            seen_queries.add(query)
            out_rows.append([query, source, str(r["region"]), districts.code(r["lon"], r["lat"]),
                             f"{r['lon']:.6f}", f"{r['lat']:.6f}", ",".join(noise), truth, ns])
            return
        skipped.append((source, truth))

    for r in chosen:
        emit("landmark", r, r["name"], r["name"], place_ns.get(light_key(r["name"]), ""),
             {"source": "landmark", "category": r["category"], "truth": r["name"]})

    in_city = [r for r in S if r["region"] is not None]
    for r in in_city:
        def metro_base(name=r["name"]):
            prefix = rng.choices(["مترو ", "ایستگاه مترو ", "ایستگاه ", ""], weights=[40, 25, 15, 20])[0]
            return prefix + name
        emit("metro", r, r["name"], metro_base, station_ns.get(light_key(r["name"]), ""),
             {"source": "metro", "truth": r["name"]})

    no_address = []
    for r in in_city:
        if not r["address"]:
            no_address.append(r["name"])
            continue
        emit("address_line", r, r["address"], r["address"], address_ns.get(light_key(r["address"]), ""),
             {"source": "address_line", "truth": r["address"]})

    meta = {"covered": sorted({r["category"] for r in chosen}), "skipped": skipped, "no_address": no_address,
            "districts": districts,
            "eligible_places": len(eligible), "categories": len(by_cat),
            "null_region_places": len(P) - len(eligible), "null_region_stations": len(S) - len(in_city)}
    return out_rows, meta


def main(argv=None):
    repo = Path(__file__).resolve().parents[3]
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", default="../shared/data",
                    help="directory holding tehran/places.geojson and tehran/metro_stations.geojson "
                         "(relative to the repository root; default ../shared/data)")
    ap.add_argument("--districts", default="data/demo/districts.geojson")
    ap.add_argument("--out", default="tests/addresses/data/gazetteer_real_eval.tsv")
    args = ap.parse_args(argv)
    shared = (repo / args.shared).resolve()
    rows, meta = build(shared, repo / args.districts)

    for row in rows:
        assert len(row) == len(HEADER) and all("\t" not in c and "\n" not in c for c in row), row
    assert len({r[0] for r in rows}) == len(rows), "queries must be unique"
    out = repo / args.out
    with open(out, "w", encoding="utf-8", newline="\n") as fh:
        fh.write("\t".join(HEADER) + "\n")
        for row in rows:
            fh.write("\t".join(row) + "\n")

    by_source = Counter(r[1] for r in rows)
    by_op = Counter(op for r in rows for op in r[6].split(","))
    n_ops = Counter(0 if r[6] == "clean" else len(r[6].split(",")) for r in rows)
    namesake_rows = [r for r in rows if r[8]]
    region_mismatch = sum(1 for r in rows if r[3] and r[3].split("-")[0] != r[2])
    print(f"wrote {out.relative_to(repo) if out.is_relative_to(repo) else out}: {len(rows)} rows")
    print("rows by source:", dict(sorted(by_source.items())))
    print("operators per row:", dict(sorted(n_ops.items())))
    print("rows by noise operator:")
    for op, n in sorted(by_op.items(), key=lambda t: (-t[1], t[0])):
        print(f"  {op:18s} {n}")
    print(f"namesake rows: {len(namesake_rows)} "
          f"({len({(r[1], light_key(r[7])) for r in namesake_rows})} names)")
    print(f"eligible places: {meta['eligible_places']} in {meta['categories']} categories "
          f"(landmark rows cover {len(meta['covered'])}); "
          f"places without region: {meta['null_region_places']}; stations outside the city: "
          f"{meta['null_region_stations']}")
    print(f"rows without a containing district: {sum(1 for r in rows if not r[3])}; "
          f"district of another region than osm_region_no: {region_mismatch}")
    if meta["no_address"]:
        print("in-city stations without address_fa:", ", ".join(meta["no_address"]))
    if meta["skipped"]:
        print("skipped (no unique query found):", meta["skipped"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
