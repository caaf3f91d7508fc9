"""Our own tables of Persian address vocabulary: abbreviations, colloquial forms, type words,
relational words, unit words, honorifics and number words.

Every table is keyed by *folded* tokens (see ``normalize.fold``): Arabic letters already mapped to
Persian ones, آ/أ/إ folded to ا, diacritics gone, digits ASCII.  Multi-word expressions are keyed by
their space-free form, so the fused, spaced and ZWNJ-joined spellings all meet the same entry.

This module holds data only; the code that applies it lives in ``normalize`` and ``parse``.
"""

from __future__ import annotations

# --- multi-word expressions -------------------------------------------------------------------
# Space-free form -> canonical single token.  Matched against the concatenation of 1..4 adjacent
# tokens, longest first, so "نرسیده به", "پایین‌تر از" and "پایینتراز" all become one token.
COMPOUNDS: dict[str, str] = {
    # relations
    "نرسیدهبه": "نرسیدهبه",
    "نرسیده": "نرسیدهبه",
    "قبلاز": "قبلاز",
    "بعداز": "بعداز",
    "ردشدهاز": "بعداز",
    "گذشتهاز": "بعداز",
    "بالاتراز": "بالاتراز",
    "بالاتر": "بالاتراز",
    "پایینتراز": "پایینتراز",
    "پایینتر": "پایینتراز",
    "روبروی": "روبروی",
    "روبرو": "روبروی",
    "روبهروی": "روبروی",
    "روبهرو": "روبروی",
    "روبرویه": "روبروی",
    "نزدیکیهای": "نزدیک",
    "نزدیکی": "نزدیک",
    "انتهای": "انتهای",
    "انتها": "انتهای",
    "ابتدای": "ابتدای",
    "ابتدا": "ابتدای",
    # type words
    "بنبست": "بنبست",
    "چهارراه": "چهارراه",
    "چهاراه": "چهارراه",
    "سهراه": "سهراه",
    "سهراهی": "سهراه",
    "بزرگراه": "بزرگراه",
    "اتوبان": "بزرگراه",
    "ازادراه": "بزرگراه",
    "ایستگاهمترو": "مترو",
    "ایستگاهقطارشهری": "مترو",
    "قطارشهری": "مترو",
    "اتشنشانی": "اتشنشانی",
    "مرکزخرید": "پاساژ",
    "پمپبنزین": "پمپبنزین",
    "دوربرگردان": "دوربرگردان",
    # words that only look like a relation: بین‌المللی (international) is no بین (between)
    "بینالمللی": "بینالمللی",
    # unit words
    "کدپستی": "کدپستی",
    # honorifics
    "ایتالله": "ایتالله",
    "ایتاللهالعظمی": "ایتالله",
    "حجتالاسلام": "حجتالاسلام",
}
COMPOUND_MAX_TOKENS = 4

# Exact token sequences of abbreviations (not compared fused: "بر" alone is a word, "ب ر" is not).
ABBREVIATION_SEQUENCES: dict[tuple[str, ...], str] = {
    ("ب", "ر"): "بزرگراه",
    ("د", "ب"): "دوربرگردان",
}

# --- single-token abbreviations and colloquial forms --------------------------------------------
# Always expanded (when the token stands alone).
ALWAYS: dict[str, str] = {
    "خ": "خیابان",
    "خیابون": "خیابان",
    "خیا": "خیابان",
    "ک": "کوچه",
    "میدون": "میدان",
    "بل": "بلوار",
    "بولوار": "بلوار",
    "بولیوار": "بلوار",
    "ن": "نبش",
    "چ": "چهارراه",
    "بلاک": "پلاک",
    "ت": "تقاطع",
    "فل": "فلکه",
    "مج": "مجتمع",
    "بن": "بنبست",
    "ج": "جاده",
    "بیمارستون": "بیمارستان",
    "بوسان": "بوستان",
    "مقابل": "روبروی",
    "جلوی": "روبروی",
    "بغل": "کنار",
    "قبل": "قبلاز",
    "بعد": "بعداز",
    "ترمینال": "پایانه",  # one word for a terminal, in names and queries alike (ترمینال جنوبی = پایانه جنوبی)
}

# Expanded only when something follows and no number precedes ("م ۷ تیر" is میدان هفت تیر).
BEFORE_ANYTHING: dict[str, str] = {
    "م": "میدان",
}

# Expanded only when a name follows (the next token exists and is not a number).
BEFORE_NAME: dict[str, str] = {
    "ش": "شهید",
    "ح": "خیابان",  # a frequent slip for خ
    "گ": "کوچه",  # a frequent slip for ک
}

# Expanded only when a number follows.
BEFORE_NUMBER: dict[str, str] = {
    "پ": "پلاک",
    "ژ": "پلاک",
    "ط": "طبقه",
    "س": "ساختمان",
    "ب": "بلوک",
}

# Honorific suffixes written after saints' names, e.g. امام علی (ع); dropped.
DROPPED_SUFFIXES: frozenset[str] = frozenset({"ع", "عج", "ره", "رض", "ص", "سره"})
# "قدس سره" is dropped as a pair; قدس alone is a name (میدان قدس, سینما قدس).
# The ezafe written as its own token ("کوچه ی نیلوفر") and filler words; dropped.
DROPPED_TOKENS: frozenset[str] = frozenset({"ی", "ادرس", "نشانی", "واقع", "به", "از"})

# --- honorifics: optional in matching ---------------------------------------------------------------
HONORIFICS: frozenset[str] = frozenset(
    {
        "شهید",
        "شهدای",
        "دکتر",
        "ایتالله",
        "حجتالاسلام",
        "سردار",
        "سرلشکر",
        "سپهبد",
        "سرتیپ",
        "تیمسار",
        "امام",
        "سید",
        "حاج",
        "حاجی",
        "استاد",
        "مهندس",
        "حضرت",
        "علامه",
        "شیخ",
    }
)

# --- type words -------------------------------------------------------------------------------
# canonical token -> (kind, subkind).  "" subkind: any record of that kind agrees.
TYPE_WORDS: dict[str, tuple[str, str]] = {
    "خیابان": ("street", ""),
    "بلوار": ("boulevard", ""),
    "بزرگراه": ("highway", ""),
    "جاده": ("highway", "road"),
    "کوچه": ("alley", ""),
    "بنبست": ("alley", "dead_end"),
    "گذر": ("alley", ""),
    "میدان": ("square", ""),
    "فلکه": ("square", ""),
    "چهارراه": ("square", "crossroads"),
    "سهراه": ("square", "junction"),
    "مترو": ("metro", ""),
    "ایستگاه": ("metro", ""),
    "منطقه": ("region", ""),
    "ناحیه": ("district", ""),
    "محله": ("neighbourhood", ""),
    "کوی": ("neighbourhood", ""),
    "شهرک": ("neighbourhood", ""),
    "بیمارستان": ("landmark", "hospital"),
    "درمانگاه": ("landmark", "clinic"),
    "کلینیک": ("landmark", "clinic"),
    "پارک": ("landmark", "park"),
    "بوستان": ("landmark", "park"),
    "دانشگاه": ("landmark", "university"),
    "دانشکده": ("landmark", "university"),
    "فرهنگسرا": ("landmark", "cultural_centre"),
    "فرهنگسرای": ("landmark", "cultural_centre"),
    "شهرداری": ("landmark", "municipal_office"),
    "مسجد": ("landmark", "mosque"),
    "امامزاده": ("landmark", "shrine"),
    "مدرسه": ("landmark", "school"),
    "دبستان": ("landmark", "school"),
    "دبیرستان": ("landmark", "school"),
    "هنرستان": ("landmark", "school"),
    "بازار": ("landmark", "bazaar"),
    "پاساژ": ("landmark", "mall"),
    "هتل": ("landmark", "hotel"),
    "ترمینال": ("landmark", "terminal"),
    "پایانه": ("landmark", "terminal"),
    "فرودگاه": ("landmark", "airport"),
    "ورزشگاه": ("landmark", "stadium"),
    "استادیوم": ("landmark", "stadium"),
    "کلانتری": ("landmark", "police"),
    "اتشنشانی": ("landmark", "fire_station"),
    "پل": ("landmark", "bridge"),
    "سینما": ("landmark", "cinema"),
    "موزه": ("landmark", "museum"),
    "کتابخانه": ("landmark", "library"),
    "بانک": ("landmark", "bank"),
    "پمپبنزین": ("landmark", "fuel"),
    "برج": ("landmark", "tower"),
    "ساختمان": ("landmark", "building"),
    "مجتمع": ("landmark", "building"),
}

# Subkinds that answer for each other (a clinic is what an operator may call a hospital).
SUBKIND_FAMILIES: dict[str, frozenset[str]] = {
    "hospital": frozenset({"hospital", "clinic"}),
    "clinic": frozenset({"hospital", "clinic"}),
    "tower": frozenset({"tower", "building"}),
    "building": frozenset({"tower", "building"}),
}

# The word shown before a record's name in labels when its name carries none.
KIND_DISPLAY_WORD: dict[str, str] = {
    "street": "خیابان",
    "boulevard": "بلوار",
    "highway": "بزرگراه",
    "alley": "کوچه",
    "square": "میدان",
    "metro": "ایستگاه مترو",
    "region": "منطقه",
    "district": "ناحیه",
    "neighbourhood": "محله",
    "landmark": "",
}
SUBKIND_DISPLAY_WORD: dict[str, str] = {
    "hospital": "بیمارستان",
    "park": "پارک",
    "university": "دانشگاه",
    "municipal_office": "شهرداری",
    "mosque": "مسجد",
    "school": "مدرسه",
}

# --- relational words -------------------------------------------------------------------------
# canonical token -> relation code.  A relation links a part to the part before it.
RELATIONS: dict[str, str] = {
    "نرسیدهبه": "before",
    "قبلاز": "before",
    "بعداز": "after",
    "بالاتراز": "above",
    "بالای": "above",
    "پایینتراز": "below",
    "روبروی": "opposite",
    "جنب": "beside",
    "کنار": "beside",
    "مجاور": "beside",
    "نبش": "corner",
    "پشت": "behind",
    "حوالی": "near",
    "نزدیک": "near",
    "اطراف": "near",
    "محدوده": "near",
    "تقاطع": "intersection",
    "سر": "at",
    "انتهای": "end",
    "ته": "end",
    "ابتدای": "start",
    "اول": "start",
    "داخل": "inside",
    "درون": "inside",
    "توی": "inside",
    "در": "inside",
    "بین": "between",
    "مابین": "between",
}
# Relations that name a reference place next to the address rather than the address itself
# ("نرسیده به میدان ونک": the address is not the square).  The others (سر, انتهای, ابتدای, داخل)
# say where inside the named place the address lies, so that place is the address.
REFERENCE_RELATIONS: frozenset[str] = frozenset(
    {"before", "after", "above", "below", "opposite", "beside", "behind", "near", "corner", "between"}
)
# Reference relations that put the address at the reference place itself (جنب بیمارستان …), not along the street
# some way before or after it.
ADJACENT_RELATIONS: frozenset[str] = frozenset({"opposite", "beside", "corner", "behind"})
RELATION_DISPLAY: dict[str, str] = {
    "before": "نرسیده به",
    "after": "بعد از",
    "above": "بالاتر از",
    "below": "پایین‌تر از",
    "opposite": "روبروی",
    "beside": "جنب",
    "corner": "نبش",
    "behind": "پشت",
    "near": "حوالی",
    "intersection": "تقاطع",
    "at": "سر",
    "end": "انتهای",
    "start": "ابتدای",
    "inside": "داخل",
    "between": "بین",
}
# The word that joins the two streets of an intersection: تقاطع A و B.
CONJUNCTION = "و"

# --- unit details ---------------------------------------------------------------------------------
# canonical token -> unit field; recognised only when a number (or a floor word) follows.
UNIT_WORDS: dict[str, str] = {
    "پلاک": "plaque",
    "طبقه": "floor",
    "واحد": "unit",
    "ساختمان": "building",
    "برج": "building",
    "مجتمع": "building",
    "بلوک": "block",
    "ورودی": "entrance",
    "درب": "entrance",
    "کیلومتر": "km",
    "زنگ": "bell",
    "کدپستی": "postal_code",
}
FLOOR_WORDS: dict[str, str] = {"همکف": "0", "زیرزمین": "-1", "منفی": "-1"}
# After a place has been named, a unit word also takes a letter (بلوک ب), a side (درب شمالی, ساختمان مرکزی) or
# شماره + number (ساختمان شماره ۲) as its value.
UNIT_SIDE_WORDS: frozenset[str] = frozenset(
    {"شمالی", "جنوبی", "شرقی", "غربی", "مرکزی", "اصلی", "قدیم", "جدید", "اول", "دوم", "سوم", "پشتی", "اداری",
     "الف"}  # الف: the letter's name (بلوک الف)
)
UNIT_NUMBER_WORD = "شماره"
# «ضلع شمالی پارک لاله», «شمال مصلی», «شمال شرقی تقاطع …»: the side of a place, read as beside / near it.
SIDE_WORD = "ضلع"
DIRECTION_NOUNS: frozenset[str] = frozenset({"شمال", "جنوب", "شرق", "غرب"})
DIRECTION_ADJECTIVES: frozenset[str] = frozenset({"شمالی", "جنوبی", "شرقی", "غربی"})
# the plural ending written apart after a type word: «خیابان های آزادی و آذربایجان»
PLURAL_WORDS: frozenset[str] = frozenset({"ها", "های", "هاي"})
# A trailing "ساختمان …" after the place (…، ساختمان سبز) names the building, not another place.
BUILDING_WORD = "ساختمان"

# --- number words -----------------------------------------------------------------------------------
UNITS_WORDS: dict[str, int] = {
    "یک": 1,
    "دو": 2,
    "سه": 3,
    "چهار": 4,
    "پنج": 5,
    "شش": 6,
    "شیش": 6,
    "هفت": 7,
    "هشت": 8,
    "نه": 9,
}
TEENS_WORDS: dict[str, int] = {
    "ده": 10,
    "یازده": 11,
    "دوازده": 12,
    "سیزده": 13,
    "چهارده": 14,
    "پانزده": 15,
    "پونزده": 15,
    "شانزده": 16,
    "شونزده": 16,
    "هفده": 17,
    "هیفده": 17,
    "هجده": 18,
    "هیجده": 18,
    "نوزده": 19,
}
TENS_WORDS: dict[str, int] = {
    "بیست": 20,
    "سی": 30,
    "چهل": 40,
    "پنجاه": 50,
    "شصت": 60,
    "هفتاد": 70,
    "هشتاد": 80,
    "نود": 90,
    "صد": 100,
}


def _ordinal(word: str) -> str:
    if word == "سه":
        return "سوم"
    if word.endswith("ی"):
        return word + "ام"
    return word + "م"


CARDINALS: dict[str, int] = {**UNITS_WORDS, **TEENS_WORDS, **TENS_WORDS}
ORDINALS: dict[str, int] = {_ordinal(w): n for w, n in CARDINALS.items()}
ORDINALS.update({"یکم": 1, "نخست": 1})
# "اول" is a number only after a type word (کوچه اول); elsewhere it means "the start of".
FIRST_WORD = "اول"
ORDINAL_SUFFIX = "ام"  # "سی ام" written apart
