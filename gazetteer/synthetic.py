"""A deterministic synthetic city for benchmarks and performance tests.

``generate_city(n, seed)`` returns ``n`` records (every one ``synthetic=True``) laid over Tehran's
extent: 22 regions in a grid, 3–6 district strips each, neighbourhoods, streets, boulevards and
highways as polylines split into per-district segments sharing a ``group_id``, alleys hanging off
street segments (``parent_id``), squares on street vertices, metro stations and landmarks.  Names are
drawn from Persian given names, surnames (often with شهید), nature words and well-known street names,
with the repetition real cities have (hundreds of alleys called نیلوفر or ۱۲).

``sample_queries(records, n, seed)`` turns records back into operator-style queries (abbreviations,
typos, dropped honorifics, street + alley, street near a square, as-you-type prefixes).
Nothing here is real geography.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence

from gazetteer.records import GazetteerRecord
from text.digits import to_persian_digits

__all__ = ["CITY_BBOX", "generate_city", "sample_queries"]

CITY_BBOX = (51.20, 35.56, 51.60, 35.80)  # lon_min, lat_min, lon_max, lat_max
_COLS, _ROWS = 6, 4


def _words(text: str) -> tuple[str, ...]:
    """Space-separated words, or |-separated phrases when the text has any |."""
    return tuple(text.split("|")) if "|" in text else tuple(text.split())


GIVEN = _words(
    "علی حسین محمد رضا مهدی احمد حسن جواد مصطفی مرتضی عباس مجید سعید حمید ناصر منصور کاظم هادی یوسف "
    "ابراهیم اسماعیل جعفر صادق باقر قاسم داوود سلیمان موسی یحیی زهرا فاطمه مریم زینب معصومه رقیه طاهره "
    "نرگس بهرام کوروش داریوش فرهاد شاهین بهمن سیاوش رستم سهراب بیژن پرویز جمشید فریدون هوشنگ ایرج "
    "منوچهر اکبر اصغر نادر کامران کیوان امید ابوالفضل حبیب غلامرضا"
)
SURNAMES = _words(
    "رضایی احمدی محمدی حسینی کریمی موسوی جعفری رحیمی صادقی قاسمی حیدری نوری کاظمی هاشمی عباسی ابراهیمی "
    "اکبری یوسفی طاهری نجفی شریفی بهرامی فرهادی سلیمانی زمانی مرادی قربانی نظری امیری شجاعی باقری رستمی "
    "خلیلی عزیزی کرمی میرزایی فتحی سلطانی غفاری اسدی منصوری نیکنام پاکزاد رفیعی توکلی مختاری بابایی "
    "فلاحی جلالی نادری شفیعی زارعی نصیری رنجبر تهرانی شیرازی اصفهانی تبریزی کرمانی یزدی همدانی قزوینی "
    "رشتی کاشانی لاهوتی مطهری بهشتی باهنر چمران رجایی مفتح طالقانی دستغیب مدنی صدوقی اشرفی همت باکری "
    "خرازی کلاهدوز نامجو فکوری ستاری کشوری دوران اردستانی بروجردی متوسلیان شهریاری خوش‌نیت وحیدی"
)
NATURE = _words(
    "نیلوفر لاله یاس نسترن بنفشه شقایق نرگس سوسن ارغوان اقاقیا سرو چنار کاج بید صنوبر افرا نارون "
    "گلستان بهار تابستان پاییز مهر آبان آذر بهمن اسفند فروردین اردیبهشت خرداد تیر مرداد شهریور آفتاب "
    "مهتاب ستاره کهکشان دریا ساحل جنگل کوهسار دماوند البرز الوند سبلان زاگرس کارون ارس آزادگان فردوس "
    "گلها صبا نسیم شبنم باران"
)
FAMOUS = _words(
    "انقلاب|آزادی|استقلال|جمهوری|ولیعصر|کشاورز|فاطمی|پاسداران|نیاوران|دولت|زعفرانیه|الهیه|فرشته|جردن|"
    "میرداماد|ظفر|یوسف‌آباد|امیرآباد|کارگر|نواب|خاوران|پیروزی|نارمک|تهرانپارس|هفت تیر|سی تیر|"
    "پانزده خرداد|بیست و دو بهمن|شانزده آذر|حافظ|سعدی|فردوسی|مولوی|خیام|عطار|نظامی|رودکی|باباطاهر|"
    "منوچهری|ناصرخسرو|ابوریحان|بوعلی|رازی|فارابی|خواجه نصیر|شیخ بهایی|ملاصدرا|گاندی|آفریقا|ونک|قلهک|"
    "تجریش|شمیران|سیدخندان|حسین‌آباد|علی‌آباد|نصیرآباد|شهرآرا|گیشا|سعادت‌آباد|پونک|جنت‌آباد|اکباتان|"
    "صادقیه|ستارخان|جیحون|منیریه|امین حضور|شوش|راه آهن|خراسان|افسریه|مسعودیه|نازی‌آباد|یافت‌آباد|"
    "دولت‌آباد|ابن بابویه|شهران|کن|وردآورد|چیتگر|دارآباد|اوین|درکه|فرحزاد|کامرانیه|اقدسیه|لویزان"
)
HONORIFICS = ("شهید", "شهید", "شهید", "دکتر", "سردار", "آیت‌الله", "حاج")
LANDMARK_KINDS = (
    ("hospital", "بیمارستان", 0.12),
    ("park", "پارک", 0.25),
    ("school", "مدرسه", 0.25),
    ("mosque", "مسجد", 0.2),
    ("university", "دانشگاه", 0.05),
    ("municipal_office", "شهرداری", 0.03),
    ("library", "کتابخانه", 0.05),
    ("cinema", "سینما", 0.05),
)


def _region_of(lon: float, lat: float) -> tuple[int, int, int]:
    """(region_no, district index, district count) of a point in the synthetic grid."""
    x0, y0, x1, y1 = CITY_BBOX
    fx = min(0.999999, max(0.0, (lon - x0) / (x1 - x0)))
    fy = min(0.999999, max(0.0, (lat - y0) / (y1 - y0)))
    col, row = int(fx * _COLS), int(fy * _ROWS)
    region = min(22, row * _COLS + col + 1)
    count = 3 + region % 4
    cell_fx = fx * _COLS - col
    return region, 1 + int(cell_fx * count), count


def _where(lon: float, lat: float) -> dict[str, object]:
    region, district, _ = _region_of(lon, lat)
    return {
        "region_no": region,
        "region_name": f"منطقه {to_persian_digits(region)}",
        "district_code": f"{region}-{district}",
        "district_name": f"ناحیه {to_persian_digits(district)}",
    }


class _Names:
    def __init__(self, rnd: random.Random) -> None:
        self.rnd = rnd

    def martyr(self) -> str:
        r = self.rnd
        hon = r.choice(HONORIFICS)
        if r.random() < 0.5:
            return f"{hon} {r.choice(GIVEN)} {r.choice(SURNAMES)}"
        return f"{hon} {r.choice(SURNAMES)}"

    def street(self) -> str:
        r = self.rnd.random()
        if r < 0.4:
            return self.martyr()
        if r < 0.65:
            return self.rnd.choice(FAMOUS)
        if r < 0.8:
            return self.rnd.choice(NATURE)
        if r < 0.92:
            return f"{self.rnd.choice(GIVEN)} {self.rnd.choice(SURNAMES)}"
        return f"{self.rnd.choice((12, 16, 20, 24, 30, 35, 45))} متری"

    def alley(self) -> str:
        r = self.rnd.random()
        if r < 0.4:
            n = str(self.rnd.randint(1, 60))
            return to_persian_digits(n) if self.rnd.random() < 0.5 else n
        if r < 0.6:
            return self.rnd.choice(NATURE)
        if r < 0.85:
            return self.martyr()
        return self.rnd.choice(GIVEN)


def _polyline(rnd: random.Random, lon: float, lat: float, length_m: float, heading: float) -> list[tuple[float, float]]:
    k = math.cos(math.radians(lat))
    n = max(2, int(length_m / 300.0) + 1)
    step = length_m / (n - 1) / 111_195.0
    pts = [(lon, lat)]
    for _ in range(n - 1):
        heading += rnd.uniform(-0.15, 0.15)
        lon += math.cos(heading) * step / k
        lat += math.sin(heading) * step
        pts.append((round(lon, 6), round(lat, 6)))
    return pts


def _inside(lon: float, lat: float) -> bool:
    x0, y0, x1, y1 = CITY_BBOX
    return x0 <= lon <= x1 and y0 <= lat <= y1


def _rand_point(rnd: random.Random) -> tuple[float, float]:
    x0, y0, x1, y1 = CITY_BBOX
    return round(rnd.uniform(x0, x1), 6), round(rnd.uniform(y0, y1), 6)


def _areas() -> list[GazetteerRecord]:
    """The 22 regions in a grid and their 3–6 district strips."""
    out: list[GazetteerRecord] = []
    x0, y0, x1, y1 = CITY_BBOX
    for region in range(1, 23):
        row, col = divmod(region - 1, _COLS)
        lon = x0 + (col + 0.5) * (x1 - x0) / _COLS
        lat = y0 + (row + 0.5) * (y1 - y0) / _ROWS
        out.append(
            GazetteerRecord(
                id=f"r{region}", name=f"منطقه {region}", kind="region", lon=lon, lat=lat,
                synthetic=True, **_where(lon, lat),  # type: ignore[arg-type]
            )
        )
        count = 3 + region % 4
        for d in range(1, count + 1):
            dlon = x0 + (col + (d - 0.5) / count) * (x1 - x0) / _COLS
            out.append(
                GazetteerRecord(
                    id=f"d{region}-{d}", name=f"ناحیه {d}", kind="district", lon=dlon, lat=lat,
                    synthetic=True, **_where(dlon, lat),  # type: ignore[arg-type]
                )
            )
    return out


def _neighbourhoods(rnd: random.Random, count: int) -> list[GazetteerRecord]:
    out: list[GazetteerRecord] = []
    for i in range(count):
        lon, lat = _rand_point(rnd)
        out.append(
            GazetteerRecord(
                id=f"nb{i}", name=f"محله {rnd.choice(FAMOUS + NATURE)}", kind="neighbourhood",
                lon=lon, lat=lat, synthetic=True, **_where(lon, lat),  # type: ignore[arg-type]
            )
        )
    return out


def _district_parts(pts: list[tuple[float, float]]) -> list[list[tuple[float, float]]]:
    """A polyline cut where it crosses into another district (pieces of fewer than two points dropped)."""
    parts: list[list[tuple[float, float]]] = [[pts[0]]]
    codes = [_where(*pts[0])["district_code"]]
    for p in pts[1:]:
        code = _where(*p)["district_code"]
        parts[-1].append(p)
        if code != codes[-1]:
            parts.append([p])
            codes.append(code)
    return [p for p in parts if len(p) >= 2]


def _streets(rnd: random.Random, names: _Names, count: int) -> list[GazetteerRecord]:
    """Streets, boulevards and highways, one record per district segment (sharing a ``group_id``)."""
    segments: list[GazetteerRecord] = []
    for i in range(count):
        r = rnd.random()
        kind, word = (("street", "خیابان") if r < 0.85
                      else ("boulevard", "بلوار") if r < 0.96
                      else ("highway", "بزرگراه"))
        length = rnd.uniform(600, 3500) if kind != "highway" else rnd.uniform(4000, 12000)
        lon, lat = _rand_point(rnd)
        heading = rnd.choice((0.0, math.pi / 2, math.pi, -math.pi / 2)) + rnd.uniform(-0.3, 0.3)
        pts = [p for p in _polyline(rnd, lon, lat, length, heading) if _inside(*p)]
        if len(pts) < 2:
            continue
        name = f"{word} {names.street()}"
        parts = _district_parts(pts)
        group = f"s{i}" if len(parts) > 1 else None
        for k, part in enumerate(parts):
            mid = part[len(part) // 2]
            rec = GazetteerRecord(
                id=f"s{i}-{k}" if group else f"s{i}",
                name=name,
                kind=kind,
                lon=mid[0],
                lat=mid[1],
                line=(tuple(part),),
                group_id=group,
                synthetic=True,
                **_where(*mid),  # type: ignore[arg-type]
            )
            segments.append(rec)
    return segments


def _squares(rnd: random.Random, names: _Names, segments: list[GazetteerRecord], count: int) -> list[GazetteerRecord]:
    """Squares at an end of a street segment."""
    out: list[GazetteerRecord] = []
    for i in range(count):
        street = rnd.choice(segments)
        assert street.line is not None
        lon, lat = rnd.choice((street.line[0][0], street.line[0][-1]))
        out.append(
            GazetteerRecord(
                id=f"q{i}", name=f"میدان {rnd.choice(FAMOUS + NATURE) if rnd.random() < 0.6 else names.martyr()}",
                kind="square", lon=lon, lat=lat, synthetic=True, **_where(lon, lat),  # type: ignore[arg-type]
            )
        )
    return out


def _metros(rnd: random.Random, names: _Names, count: int) -> list[GazetteerRecord]:
    out: list[GazetteerRecord] = []
    for i in range(count):
        lon, lat = _rand_point(rnd)
        out.append(
            GazetteerRecord(
                id=f"m{i}", name=f"ایستگاه مترو {rnd.choice(FAMOUS) if rnd.random() < 0.6 else names.martyr()}",
                kind="metro", lon=lon, lat=lat, synthetic=True, **_where(lon, lat),  # type: ignore[arg-type]
            )
        )
    return out


def _landmarks(rnd: random.Random, names: _Names, count: int) -> list[GazetteerRecord]:
    out: list[GazetteerRecord] = []
    weights = [w for _, _, w in LANDMARK_KINDS]
    for i in range(count):
        subkind, word, _ = rnd.choices(LANDMARK_KINDS, weights)[0]
        lon, lat = _rand_point(rnd)
        base = names.martyr() if rnd.random() < 0.5 else rnd.choice(FAMOUS + NATURE)
        out.append(
            GazetteerRecord(
                id=f"l{i}", name=f"{word} {base}", kind="landmark", subkind=subkind, lon=lon, lat=lat,
                synthetic=True, **_where(lon, lat),  # type: ignore[arg-type]
            )
        )
    return out


def _alley(rnd: random.Random, names: _Names, street: GazetteerRecord, i: int) -> GazetteerRecord:
    """Alley ``i``, leaving ``street`` at a right angle from a random point of it."""
    assert street.line is not None
    part = street.line[0]
    j = rnd.randrange(len(part) - 1)
    t = rnd.random()
    (ax, ay), (bx, by) = part[j], part[j + 1]
    lon, lat = ax + (bx - ax) * t, ay + (by - ay) * t
    heading = math.atan2(by - ay, (bx - ax) * math.cos(math.radians(ay))) + rnd.choice((1, -1)) * math.pi / 2
    pts = _polyline(rnd, lon, lat, rnd.uniform(80, 300), heading)
    mid = pts[len(pts) // 2]
    word = "بن‌بست" if rnd.random() < 0.1 else "کوچه"
    return GazetteerRecord(
        id=f"a{i}",
        name=f"{word} {names.alley()}",
        kind="alley",
        lon=mid[0],
        lat=mid[1],
        line=(tuple(pts),),
        parent_id=street.group_id if street.group_id and rnd.random() < 0.5 else street.id,
        synthetic=True,
        **_where(*mid),  # type: ignore[arg-type]
    )


def generate_city(n: int = 100_000, seed: int = 137) -> list[GazetteerRecord]:
    """``n`` deterministic synthetic records (fewer only if ``n`` < 200)."""
    rnd = random.Random(seed)
    names = _Names(rnd)
    out = _areas()
    budget = max(0, n - len(out))
    n_nb = min(370, budget // 250)
    n_metro = min(150, budget // 600)
    n_square = budget * 15 // 1000
    n_landmark = budget * 30 // 1000
    n_street = budget * 60 // 1000  # polylines; they become ~1.3 records each
    out.extend(_neighbourhoods(rnd, n_nb))
    segments = _streets(rnd, names, n_street)
    out.extend(segments)
    out.extend(_squares(rnd, names, segments, n_square))
    out.extend(_metros(rnd, names, n_metro))
    out.extend(_landmarks(rnd, names, n_landmark))
    i = 0
    while len(out) < n and segments:
        out.append(_alley(rnd, names, rnd.choice(segments), i))
        i += 1
    return out[:n]


_ABBREV = {
    "street": "خ",
    "alley": "ک",
    "square": "م",
    "boulevard": "بل",
    "highway": "اتوبان",
    "metro": "مترو",
}


def _core(name: str) -> str:
    words = name.split()
    if words[0] in ("خیابان", "کوچه", "میدان", "بلوار", "بزرگراه", "بن‌بست"):
        words = words[1:]
    if words[:2] == ["ایستگاه", "مترو"]:
        words = words[2:]
    return " ".join(words)


def _typo(rnd: random.Random, text: str) -> str:
    words = text.split()
    long_ones = [i for i, w in enumerate(words) if len(w) >= 5]
    if not long_ones:
        return text
    i = rnd.choice(long_ones)
    w = words[i]
    j = rnd.randrange(1, len(w) - 1)
    words[i] = w[:j] + rnd.choice("سشصزذضتطقغکگ") + w[j + 1 :]
    return " ".join(words)


class _QuerySource:
    """The records ``sample_queries`` draws from, indexed for the kinds of query it writes."""

    def __init__(self, records: Sequence[GazetteerRecord]) -> None:
        self.by_id = {r.id: r for r in records}
        self.by_group: dict[str, GazetteerRecord] = {}
        for r in records:
            if r.group_id:
                self.by_group.setdefault(r.group_id, r)
        self.named = [r for r in records if r.kind not in ("region", "district")]
        self.alleys = [r for r in records if r.kind == "alley" and r.parent_id]
        squares = {(r.lon, r.lat): r for r in records if r.kind == "square"}
        self.streets_at_squares = [
            (s, squares[p])
            for s in records
            if s.line and s.kind != "alley"
            for p in (s.line[0][0], s.line[0][-1])
            if p in squares
        ]

    def parent(self, alley: GazetteerRecord) -> GazetteerRecord | None:
        return self.by_id.get(alley.parent_id or "") or self.by_group.get(alley.parent_id or "")


def _abbreviated(rnd: random.Random, src: _QuerySource) -> str:
    rec = rnd.choice(src.named)
    abbr = _ABBREV.get(rec.kind)
    return f"{abbr} {_core(rec.name)}" if abbr else rec.name


def _without_honorifics(rnd: random.Random, src: _QuerySource) -> str:
    rec = rnd.choice(src.named)
    words = [w for w in _core(rec.name).split() if w not in HONORIFICS]
    return " ".join(words) or rec.name


def _street_and_alley(rnd: random.Random, src: _QuerySource) -> str | None:
    alley = rnd.choice(src.alleys)
    parent = src.parent(alley)
    if parent is None:
        return None
    return f"خ {_core(parent.name)} ک {_core(alley.name)}"


def _street_near_square(rnd: random.Random, src: _QuerySource) -> str:
    street, square = rnd.choice(src.streets_at_squares)
    return f"خ {_core(street.name)} نرسیده به م {_core(square.name)}"


def _prefix(rnd: random.Random, src: _QuerySource) -> str:
    core = _core(rnd.choice(src.named).name).replace(" ", "")
    return core[: max(2, min(len(core), rnd.randint(3, 6)))]


def _sample_query(rnd: random.Random, src: _QuerySource) -> str | None:
    """One operator-style query (None: the drawn alley has no parent record)."""
    r = rnd.random()
    if r < 0.3:
        return _abbreviated(rnd, src)
    if r < 0.5:
        return _typo(rnd, _core(rnd.choice(src.named).name))
    if r < 0.6:
        return _without_honorifics(rnd, src)
    if r < 0.8 and src.alleys:
        return _street_and_alley(rnd, src)
    if r < 0.92 and src.streets_at_squares:
        return _street_near_square(rnd, src)
    return _prefix(rnd, src)


def sample_queries(records: Sequence[GazetteerRecord], n: int = 1000, seed: int = 7) -> list[str]:
    """Operator-style queries built from ``records`` (deterministic)."""
    rnd = random.Random(seed)
    src = _QuerySource(records)
    out: list[str] = []
    while len(out) < n:
        query = _sample_query(rnd, src)
        if query is not None:
            out.append(query)
    return out


def benchmark(n: int = 100_000, queries: int = 1000, seed: int = 137, measure_memory: bool = True) -> dict[str, float]:
    """Build a gazetteer over ``n`` synthetic records and time ``queries`` sampled queries.

    Returns build seconds, index megabytes (tracemalloc, when ``measure_memory``) and latency
    percentiles in milliseconds, wall-clock and thread CPU time.
    """
    import gc
    import time
    import tracemalloc

    from gazetteer.index import GazetteerIndex
    from gazetteer.matcher import Gazetteer

    records = generate_city(n, seed=seed)
    gc.collect()
    if measure_memory:
        tracemalloc.start()
    started = time.perf_counter()
    index = GazetteerIndex.build(records)
    build_s = time.perf_counter() - started
    index_mb = 0.0
    if measure_memory:
        index_mb = tracemalloc.get_traced_memory()[0] / 1e6
        tracemalloc.stop()
    gazetteer = Gazetteer(index=index)
    sample = sample_queries(records, queries + 100, seed=7)
    gc.collect()
    gc.freeze()
    try:
        for q in sample[:100]:
            gazetteer.suggest(q)
        wall: list[float] = []
        cpu: list[float] = []
        for q in sample[100:]:
            w0, c0 = time.perf_counter(), time.thread_time()
            gazetteer.suggest(q)
            cpu.append((time.thread_time() - c0) * 1000)
            wall.append((time.perf_counter() - w0) * 1000)
    finally:
        gc.unfreeze()
    wall.sort()
    cpu.sort()

    def pct(values: list[float], p: float) -> float:
        return values[min(len(values) - 1, int(len(values) * p))]

    return {
        "records": float(len(records)),
        "build_s": build_s,
        "index_mb": index_mb,
        "wall_p50_ms": pct(wall, 0.5),
        "wall_p95_ms": pct(wall, 0.95),
        "wall_p99_ms": pct(wall, 0.99),
        "cpu_p50_ms": pct(cpu, 0.5),
        "cpu_p95_ms": pct(cpu, 0.95),
        "cpu_p99_ms": pct(cpu, 0.99),
    }


def main(argv: Sequence[str] | None = None) -> None:
    """``python -m gazetteer.synthetic [--n 100000] [--queries 1000]``: the stand-alone benchmark."""
    import argparse

    parser = argparse.ArgumentParser(description="Benchmark the gazetteer on a synthetic city.")
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=137)
    parser.add_argument("--no-memory", action="store_true", help="skip tracemalloc (faster build)")
    args = parser.parse_args(argv)
    result = benchmark(args.n, args.queries, args.seed, measure_memory=not args.no_memory)
    for key, value in result.items():
        print(f"{key:>12}: {value:,.2f}")


if __name__ == "__main__":
    main()
