"""A small hand-made test city for the gazetteer (no Django anywhere).

Layout (lon east, lat north), three regions and five districts::

    35.762  ══════════ بزرگراه همت ══════════
    35.758            ● میدان ونک   ── میرداماد ──
    35.755              ◆ پارک ملت
    35.752     کوچه نیلوفر ──┤ (child of ولیعصر)
    35.747   ✚ بیمارستان شهید رجایی
    35.740                 ║                    ● مترو قلهک
    35.730  ─────────── شهید بهشتی ────────────╫── کوچه نیلوفر (child of شریعتی)
    35.725  ------------ district 3-1 | 6-2 boundary on ولیعصر (one street, two segment records)
    35.718  ─ فاطمی ─┤ (ends 27 m short of ولیعصر)
    35.712                 ● میدان ولیعصر, مترو ولیعصر
    35.708  ═ بلوار کشاورز ═╡
    35.700  ● میدان انقلاب ── انقلاب ──╫── (crosses ولیعصر at 51.410) ──╫ شریعتی
    35.690                 ║ ولیعصر (x = 51.410)               x = 51.440
    35.675  بهار (region 12) — رجایی (region 12) — حسین‌آباد (region 12)

Two streets called بهار live in regions 6 and 12.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from gazetteer.records import GazetteerRecord

R6 = {"region_no": 6, "region_name": "منطقه ۶"}
R3 = {"region_no": 3, "region_name": "منطقه ۳"}
R12 = {"region_no": 12, "region_name": "منطقه ۱۲"}
D61 = dict(R6, district_code="6-1", district_name="ناحیه ۱")
D62 = dict(R6, district_code="6-2", district_name="ناحیه ۲")
D31 = dict(R3, district_code="3-1", district_name="ناحیه ۱")
D32 = dict(R3, district_code="3-2", district_name="ناحیه ۲")
D121 = dict(R12, district_code="12-1", district_name="ناحیه ۱")


def _street(id_, name, line, where, kind="street", **extra):
    pts = [p for part in ([line] if isinstance(line[0][0], float) else line) for p in part]
    if len(pts) % 2:
        mid = pts[len(pts) // 2]
    else:
        (x1, y1), (x2, y2) = pts[len(pts) // 2 - 1], pts[len(pts) // 2]
        mid = ((x1 + x2) / 2, (y1 + y2) / 2)
    return GazetteerRecord(id=id_, name=name, kind=kind, lon=mid[0], lat=mid[1], line=line, **where, **extra)


def _place(id_, name, kind, lon, lat, where, **extra):
    return GazetteerRecord(id=id_, name=name, kind=kind, lon=lon, lat=lat, **where, **extra)


def build_test_city() -> list[GazetteerRecord]:
    return [
        # ولیعصر: one street, two district segments sharing group_id "valiasr"
        _street(
            "valiasr-6",
            "خیابان ولیعصر",
            ((51.4100, 35.6900), (51.4100, 35.7000), (51.4100, 35.7250)),
            D62,
            group_id="valiasr",
            aliases=("پهلوی",),
            name_en="Valiasr Street",
        ),
        _street(
            "valiasr-3",
            "خیابان ولیعصر",
            ((51.4100, 35.7250), (51.4100, 35.7450), (51.4105, 35.7600)),
            D31,
            group_id="valiasr",
            aliases=("پهلوی",),
            name_en="Valiasr Street",
        ),
        _street("enghelab", "خیابان انقلاب", ((51.3800, 35.7000), (51.3950, 35.7002), (51.4400, 35.7001)), D61),
        _street("shariati", "خیابان شریعتی", ((51.4400, 35.7000), (51.4400, 35.7700)), D32),
        _street("beheshti", "خیابان شهید بهشتی", ((51.4000, 35.7300), (51.4500, 35.7300)), D31),
        _street("bahar-6", "خیابان بهار", ((51.4250, 35.7050), (51.4250, 35.7150)), D62),
        _street("bahar-12", "خیابان بهار", ((51.4150, 35.6750), (51.4250, 35.6750)), D121),
        _street("rajaei-st", "خیابان رجایی", ((51.4200, 35.6700), (51.4300, 35.6700)), D121),
        _street("hosseinabad", "خیابان حسین‌آباد", ((51.4300, 35.6800), (51.4400, 35.6800)), D121),
        _street("azadi", "خیابان آزادی", ((51.3500, 35.6950), (51.3790, 35.6950)), D121),
        _street("mirdamad", "خیابان میرداماد", ((51.4200, 35.7580), (51.4350, 35.7580)), D31),
        # فاطمی stops 27 m short of ولیعصر: the two never cross but do meet
        _street("fatemi", "خیابان فاطمی", ((51.3950, 35.7180), (51.4097, 35.7180)), D62),
        _street("keshavarz", "بلوار کشاورز", ((51.3850, 35.7080), (51.4100, 35.7080)), D61, kind="boulevard"),
        _street("hemmat", "بزرگراه شهید همت", ((51.3800, 35.7620), (51.4500, 35.7615)), D31, kind="highway"),
        # alleys
        _street(
            "niloufar-v",
            "کوچه نیلوفر",
            ((51.4100, 35.7520), (51.4060, 35.7520)),
            D31,
            kind="alley",
            parent_id="valiasr",
        ),
        _street(
            "niloufar-s",
            "کوچه نیلوفر",
            ((51.4400, 35.7300), (51.4440, 35.7300)),
            D32,
            kind="alley",
            parent_id="shariati",
        ),
        _street(
            "alley5-e",
            "کوچه ۵",
            ((51.4000, 35.7001), (51.4000, 35.7040)),
            D61,
            kind="alley",
            parent_id="enghelab",
        ),
        _street(
            "alley5-s",
            "کوچه پنجم",
            ((51.4400, 35.7500), (51.4450, 35.7500)),
            D32,
            kind="alley",
            parent_id="shariati",
        ),
        # squares
        _place("sq-vanak", "میدان ونک", "square", 51.4108, 35.7580, D31),
        _place("sq-valiasr", "میدان ولیعصر", "square", 51.4102, 35.7120, D62),
        _place("sq-enghelab", "میدان انقلاب", "square", 51.3890, 35.7003, D61),
        # metro stations
        _place("m-gholhak", "ایستگاه مترو قلهک", "metro", 51.4405, 35.7400, D32),
        _place("m-valiasr", "ایستگاه مترو ولیعصر", "metro", 51.4104, 35.7118, D62),
        _place("m-beheshti", "ایستگاه مترو شهید بهشتی", "metro", 51.4200, 35.7302, D31),
        # landmarks
        _place("h-rajaei", "بیمارستان شهید رجایی", "landmark", 51.4060, 35.7470, D31, subkind="hospital"),
        _place("p-mellat", "پارک ملت", "landmark", 51.4130, 35.7550, D31, subkind="park"),
        _place("office-6", "شهرداری منطقه ۶", "landmark", 51.4050, 35.7150, D62, subkind="municipal_office"),
        # areas
        _place("region-6", "منطقه ۶", "region", 51.4100, 35.7100, R6),
        _place("region-3", "منطقه ۳", "region", 51.4300, 35.7450, R3),
        _place("region-12", "منطقه ۱۲", "region", 51.4200, 35.6750, R12),
        _place("nb-vanak", "محله ونک", "neighbourhood", 51.4150, 35.7600, D31),
    ]


@pytest.fixture(scope="session")
def city() -> list[GazetteerRecord]:
    return build_test_city()


@pytest.fixture(scope="session")
def gazetteer(city):
    from gazetteer.matcher import Gazetteer

    return Gazetteer(city)
