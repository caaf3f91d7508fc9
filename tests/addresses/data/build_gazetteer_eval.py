"""Build tests/addresses/data/gazetteer_eval.tsv: labelled noisy operator queries over the demo city.

    .venv/bin/python tests/addresses/data/build_gazetteer_eval.py

Deterministic (seeded). The truth comes from data/demo/*.geojson: the place's point (a landmark's point, a
line's midpoint, the crossing point of two streets, the point of a street nearest the named landmark) and the
region and district containing that point. Only places an operator could mean unambiguously are used: a name
(or street + alley pair, or crossing pair) whose every namesake lies in the same district. Names are compared by
their compact key (`gazetteer.normalize.compact_key`: normalised, without spaces), so "ولی عصر" and "ولیعصر" are
one name, as they are to an operator.

The noise is what operators type: abbreviations (خ ک م بل), colloquial forms (میدون, خیابون), Arabic ي ك,
missing spaces and ZWNJ, one or two typos in longer words, dropped honorifics and type words, relational phrases
(روبروی, جنب, نرسیده به, بعد از, پشت, حوالی), plaque/floor/unit numbers, Persian or ASCII digits. Columns:
query, region, district, lon, lat, kind, noise (the operators applied, for the failure report).
"""

from __future__ import annotations

import json
import random
import sys
from collections import defaultdict
from pathlib import Path

from shapely.geometry import Point, shape
from shapely.strtree import STRtree

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT))

from gazetteer.normalize import compact_key  # noqa: E402

DEMO = ROOT / "data" / "demo"
OUT = Path(__file__).with_name("gazetteer_eval.tsv")
SEED = 137
FA_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
HONORIFICS = ("شهید ", "دکتر ", "آیت الله ", "آیت‌الله ", "امام ", "سردار ", "استاد ", "حاج ")
TYPE_WORDS = ("خیابان ", "کوچه ", "بلوار ", "بزرگراه ", "میدان ", "بن بست ", "بن‌بست ")
ABBREVIATIONS = {"خیابان": ["خ", "خ.", "خیابون"], "کوچه": ["ک", "ک."], "میدان": ["م", "میدون", "م."],
                 "بلوار": ["بل", "بلوار"], "بزرگراه": ["اتوبان", "بزرگراه"]}
NEAR_KEYS = {"ا": "آ", "س": "ش", "ز": "ر", "ت": "ط", "ه": "ح", "ی": "ب", "ن": "ت", "ر": "ز", "د": "ذ", "و": "ئ"}
RELATIONS_POINT = ["روبروی", "جنب", "پشت", "کنار", "نزدیک", "حوالی", "روبرو"]
RELATIONS_STREET = ["نرسیده به", "بعد از", "بالاتر از", "پایین تر از", "قبل از", "نبش"]


def features(name):
    return json.loads((DEMO / name).read_text(encoding="utf-8"))["features"]


class Places:
    def __init__(self):
        self.districts = [(shape(f["geometry"]), f["properties"]) for f in features("districts.geojson")]
        self.tree = STRtree([g for g, _ in self.districts])

    def locate(self, point: Point):
        for i in self.tree.query(point):
            geom, props = self.districts[i]
            if geom.covers(point):
                return props["region_no"], props["code"]
        return None, None


def core(name: str) -> str:
    for word in TYPE_WORDS:
        if name.startswith(word):
            return name[len(word):]
    return name


def type_word(name: str) -> str:
    for word in TYPE_WORDS:
        if name.startswith(word):
            return word.strip()
    return ""


# --- noise operators -------------------------------------------------------------------------------------

def typo(rnd: random.Random, text: str) -> str:
    words = text.split(" ")
    long_words = [i for i, w in enumerate(words) if len(w) >= 5 and not any(c.isdigit() for c in w)]
    if not long_words:
        return text
    i = rnd.choice(long_words)
    w = words[i]
    j = rnd.randrange(1, len(w) - 1)
    op = rnd.choice(["swap", "drop", "near", "double"])
    if op == "swap":
        w = w[:j] + w[j + 1] + w[j] + w[j + 2:]
    elif op == "drop":
        w = w[:j] + w[j + 1:]
    elif op == "near" and w[j] in NEAR_KEYS:
        w = w[:j] + NEAR_KEYS[w[j]] + w[j + 1:]
    else:
        w = w[:j] + w[j] + w[j:]
    words[i] = w
    return " ".join(words)


def arabic(text: str) -> str:
    return text.replace("ی", "ي").replace("ک", "ك")


def drop_honorific(text: str) -> str:
    for h in HONORIFICS:
        text = text.replace(h, "")
    return text


def zwnj(rnd: random.Random, text: str) -> str:
    if "\u200c" in text:
        return text.replace("\u200c", rnd.choice(["", " "]))
    for suffix in ("آباد", "ها", "ی"):
        pos = text.find(" " + suffix)
        if pos > 0 and suffix == "آباد":
            return text.replace(" آباد", "آباد")
    return text


def digits(rnd: random.Random, n: int) -> str:
    s = str(n)
    return s.translate(FA_DIGITS) if rnd.random() < 0.6 else s


def unit(rnd: random.Random) -> str:
    choice = rnd.random()
    if choice < 0.5:
        return f"{rnd.choice(['پلاک', 'پ', 'پلاك'])} {digits(rnd, rnd.randint(1, 240))}"
    if choice < 0.75:
        return f"پلاک {digits(rnd, rnd.randint(1, 90))} طبقه {digits(rnd, rnd.randint(1, 6))}"
    return f"پ {digits(rnd, rnd.randint(1, 90))} واحد {digits(rnd, rnd.randint(1, 12))}"


def abbreviate(rnd: random.Random, word: str) -> str:
    return rnd.choice(ABBREVIATIONS.get(word, [word]))


def noisy_name(rnd: random.Random, name: str, ops: list[str]) -> str:
    """Noise inside a name: honorific dropped, ZWNJ lost, typo, digits."""
    text = name
    if any(text.startswith(h) or f" {h}" in text for h in HONORIFICS) and rnd.random() < 0.45:
        stripped = drop_honorific(text)
        if len(stripped.replace(" ", "")) >= 5:  # "امام علی" → "علی" is no longer the same name
            text = stripped
            ops.append("honorific-dropped")
    if ("\u200c" in text or " آباد" in text) and rnd.random() < 0.7:
        text = zwnj(rnd, text)
        ops.append("zwnj")
    if "typo" not in ops and rnd.random() < 0.3:  # at most one typo per query
        changed = typo(rnd, text)
        if changed != text:
            text = changed
            ops.append("typo")
    if any(c.isdigit() for c in text) and rnd.random() < 0.5:
        text = text.translate(FA_DIGITS)
        ops.append("digits")
    return " ".join(text.split())


def finish(rnd: random.Random, text: str, ops: list[str]) -> str:
    if rnd.random() < 0.2:
        text = arabic(text)
        ops.append("arabic-letters")
    if rnd.random() < 0.08:
        text = text.replace(" ", "", 1)
        ops.append("missing-space")
    return " ".join(text.split())


# --- the places --------------------------------------------------------------------------------------------

def unique_by_district(items):
    """Keep names whose namesakes all fall in one district: {normalized name: [items]} → list of items."""
    return [group[0] for group in items.values() if len({g["district"] for g in group}) == 1]


def build() -> list[tuple]:
    rnd = random.Random(SEED)
    places = Places()
    rows: list[tuple] = []

    def add(query, region, district, point: Point, kind, ops):
        rows.append((query, region, district, round(point.x, 6), round(point.y, 6), kind, ",".join(ops) or "clean"))

    # landmarks, squares, metro stations
    lm_by_name: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for f in features("landmarks.geojson"):
        p = f["properties"]
        pt = shape(f["geometry"])
        region, district = places.locate(pt)
        item = {"name": p["name_fa"], "district": district, "region": region, "point": pt, "props": p}
        lm_by_name[p["kind"]][compact_key(core(p["name_fa"]))].append(item)
    # every name's namesakes across kinds must agree too
    all_names: dict[str, set] = defaultdict(set)
    for kind, groups in lm_by_name.items():
        for key, group in groups.items():
            all_names[key] |= {g["district"] for g in group}

    def pick(kind, n):
        items = [i for i in unique_by_district(lm_by_name[kind]) if len(all_names[compact_key(core(i["name"]))]) == 1]
        items = [i for i in items if len(compact_key(core(i["name"]))) >= 3 and "-" not in i["name"] and i["region"]]
        rnd.shuffle(items)
        return items[:n]

    for item in pick("metro", 75):
        ops: list[str] = []
        bare = item["name"].replace("ایستگاه مترو ", "")
        name = noisy_name(rnd, bare, ops)
        form = rnd.choice(["مترو {}", "ایستگاه {}", "ایستگاه مترو {}", "مترو {}"])
        query = form.format(name)
        if rnd.random() < 0.35:
            query = f"{rnd.choice(RELATIONS_POINT)} {query}"
            ops.append("relation")
        if rnd.random() < 0.3:
            query = f"{query} {unit(rnd)}"
            ops.append("plaque")
        add(finish(rnd, query, ops), item["region"], item["district"], item["point"], "metro", ops)

    for item in pick("square", 45):
        ops = []
        name = noisy_name(rnd, core(item["name"]), ops)
        word = abbreviate(rnd, "میدان")
        if word != "میدان":
            ops.append("abbreviation" if word.startswith("م") and len(word) <= 2 else "colloquial")
        query = f"{word} {name}"
        if rnd.random() < 0.3:
            query = f"{rnd.choice(RELATIONS_POINT)} {query}"
            ops.append("relation")
        add(finish(rnd, query, ops), item["region"], item["district"], item["point"], "square", ops)

    for item in pick("landmark", 100):
        ops = []
        query = noisy_name(rnd, item["name"], ops)
        if rnd.random() < 0.35:
            query = f"{rnd.choice(RELATIONS_POINT)} {query}"
            ops.append("relation")
        if rnd.random() < 0.25:
            query = f"{query} {unit(rnd)}"
            ops.append("plaque")
        add(finish(rnd, query, ops), item["region"], item["district"], item["point"], "landmark", ops)

    # streets and alleys
    streets = features("streets.geojson")
    by_id = {f["properties"]["id"]: f for f in streets}
    lines = {f["properties"]["id"]: shape(f["geometry"]) for f in streets}
    named_streets: dict[str, list] = defaultdict(list)
    for f in streets:
        p = f["properties"]
        if p["kind"] == "alley":
            continue
        named_streets[compact_key(core(p["name_fa"]))].append(f)
    all_street_names = defaultdict(set)
    for f in streets:
        all_street_names[compact_key(core(f["properties"]["name_fa"]))].add(f["properties"]["id"])

    def midpoint(fid):
        line = lines[fid]
        return line.interpolate(0.5, normalized=True)

    # single-district streets whose name is unique among every street, alley and landmark
    unique_streets = [
        group[0] for key, group in named_streets.items()
        if len(group) == 1 and key not in all_names
        and len(group[0]["properties"]["district_codes"]) == 1 and len(key) >= 4
    ]
    rnd.shuffle(unique_streets)
    for f in unique_streets[:20]:
        p = f["properties"]
        ops = []
        word = type_word(p["name_fa"])
        name = noisy_name(rnd, core(p["name_fa"]), ops)
        r = rnd.random()
        if r < 0.55:
            shown = abbreviate(rnd, word)
            if shown != word:
                ops.append("abbreviation" if len(shown.rstrip(".")) <= 2 else "colloquial")
            query = f"{shown} {name}"
        elif r < 0.8:
            query = f"{word} {name}"
        elif len(all_street_names[compact_key(core(p["name_fa"]))]) == 1:
            query = name
            ops.append("type-word-dropped")
        else:
            query = f"{word} {name}"
        if rnd.random() < 0.4:
            query = f"{query} {unit(rnd)}"
            ops.append("plaque")
        pt = midpoint(p["id"])
        region, district = places.locate(pt)
        if region is None:
            continue
        add(finish(rnd, query, ops), region, district, pt, "street", ops)

    # side streets named beside a landmark (names repeat across the city; the landmark tells which one)
    landmark_items = [i for kind in ("landmark", "metro", "square") for i in unique_by_district(lm_by_name[kind])
                      if i["region"] and len(all_names[compact_key(core(i["name"]))]) == 1 and "-" not in i["name"]
                      and len(compact_key(core(i["name"]))) >= 4]
    side = [f for f in streets if f["properties"]["kind"] != "alley"]
    side_tree = STRtree([lines[f["properties"]["id"]] for f in side])
    beside = []
    for item in landmark_items:
        close = [side[j] for j in side_tree.query(item["point"].buffer(0.0016))]
        for f in close:
            line = lines[f["properties"]["id"]]
            if line.distance(item["point"]) > 0.0013:  # ≈ 120 m
                continue
            key = compact_key(core(f["properties"]["name_fa"]))
            if key in compact_key(item["name"]):
                continue
            namesakes = [g for g in close if compact_key(core(g["properties"]["name_fa"])) == key]
            if len(namesakes) == 1 and len(named_streets[key]) > 1:
                beside.append((f, item, line.interpolate(line.project(item["point"]))))
    rnd.shuffle(beside)
    for f, item, pt in beside[:75]:
        p = f["properties"]
        ops = []
        word = type_word(p["name_fa"])
        shown = abbreviate(rnd, word)
        if shown != word:
            ops.append("abbreviation")
        name = noisy_name(rnd, core(p["name_fa"]), ops)
        lname = noisy_name(rnd, item["name"].replace("ایستگاه مترو ", "مترو "), ops)
        rel = rnd.choice(RELATIONS_POINT[:6])
        query = f"{shown} {name} {rel} {lname}"
        ops.append("relation")
        if rnd.random() < 0.3:
            query = f"{query} {unit(rnd)}"
            ops.append("plaque")
        region, district = places.locate(pt)
        if region is None:
            continue
        add(finish(rnd, query, ops), region, district, pt, "street", ops)

    # street + alley, the pair unique in the city
    pairs: dict[tuple[str, str], list] = defaultdict(list)
    for f in streets:
        p = f["properties"]
        if p["kind"] != "alley" or not p["parent_id"] or len(p["district_codes"]) != 1:
            continue
        parent = by_id[p["parent_id"]]["properties"]
        pairs[(compact_key(core(parent["name_fa"])), compact_key(core(p["name_fa"])))].append(f)
    alley_items = [g[0] for g in pairs.values() if len(g) == 1]
    rnd.shuffle(alley_items)
    # favour named (not numbered) alleys and arteries a little, as operators say them
    alley_items.sort(key=lambda f: (core(f["properties"]["name_fa"]).strip("0123456789۰-۹ ") == "", rnd.random()))
    for f in alley_items[:95]:
        p = f["properties"]
        parent = by_id[p["parent_id"]]["properties"]
        ops = []
        pword = type_word(parent["name_fa"])
        pname = noisy_name(rnd, core(parent["name_fa"]), ops)
        aname = noisy_name(rnd, core(p["name_fa"]), ops)
        if rnd.random() < 0.7:
            pshown, ashown = abbreviate(rnd, pword), rnd.choice(["ک", "کوچه", "ک.", "کوچه"])
            ops.append("abbreviation")
        else:
            pshown, ashown = pword, "کوچه"
        if p["name_fa"].startswith("بن"):
            ashown = rnd.choice(["بن بست", "بنبست", "بن‌بست"])
        query = f"{pshown} {pname} {ashown} {aname}"
        if rnd.random() < 0.4:
            query = f"{query} {unit(rnd)}"
            ops.append("plaque")
        pt = midpoint(p["id"])
        region, district = places.locate(pt)
        if region is None:
            continue
        add(finish(rnd, query, ops), region, district, pt, "alley", ops)

    # intersections of two streets whose names are unique among streets, crossing once
    candidates = [g[0] for k, g in named_streets.items() if len(g) == 1 and len(k) >= 3]
    tree = STRtree([lines[f["properties"]["id"]] for f in candidates])
    crossings = []
    seen = set()
    for i, f in enumerate(candidates):
        a = lines[f["properties"]["id"]]
        for j in tree.query(a):
            if j <= i:
                continue
            b = lines[candidates[j]["properties"]["id"]]
            x = a.intersection(b)
            if x.geom_type == "Point" and (i, j) not in seen:
                seen.add((i, j))
                crossings.append((f, candidates[j], x))
    rnd.shuffle(crossings)
    for fa, fb, x in crossings[:60]:
        ops = []
        na = noisy_name(rnd, core(fa["properties"]["name_fa"]), ops)
        nb = noisy_name(rnd, core(fb["properties"]["name_fa"]), ops)
        wa, wb = type_word(fa["properties"]["name_fa"]), type_word(fb["properties"]["name_fa"])
        form = rnd.random()
        if form < 0.45:
            query = f"تقاطع {na} و {nb}"
        elif form < 0.7:
            query = f"{abbreviate(rnd, wa)} {na} تقاطع {abbreviate(rnd, wb)} {nb}"
            ops.append("abbreviation")
        elif form < 0.85:
            query = f"نبش {na} و {nb}"
        else:
            query = f"{abbreviate(rnd, wa)} {na} نبش {nb}"
            ops.append("abbreviation")
        region, district = places.locate(x)
        if region is None:
            continue
        add(finish(rnd, query, ops), region, district, x, "intersection", ops)

    # an artery near a named square or metro station: the segment near it
    near = []
    squares = [i for i in unique_by_district(lm_by_name["square"])
               if i["region"] and len(all_names[compact_key(core(i["name"]))]) == 1]
    arteries = [f for f in streets if len(f["properties"]["district_codes"]) > 1 and f["properties"]["kind"] != "alley"
                and len(named_streets[compact_key(core(f["properties"]["name_fa"]))]) == 1]
    for sq in squares:
        for f in arteries:
            line = lines[f["properties"]["id"]]
            sname, qname = compact_key(core(f["properties"]["name_fa"])), compact_key(core(sq["name"]))
            if sname in qname or qname in sname:
                continue
            if line.distance(sq["point"]) < 0.0012:  # ≈ 110 m
                near.append((f, sq, line.interpolate(line.project(sq["point"]))))
    rnd.shuffle(near)
    for f, sq, pt in near[:40]:
        ops = []
        sname = noisy_name(rnd, core(f["properties"]["name_fa"]), ops)
        qname = noisy_name(rnd, core(sq["name"]), ops)
        rel = rnd.choice(RELATIONS_STREET)
        query = (f"{abbreviate(rnd, type_word(f['properties']['name_fa']))} {sname} {rel} "
                 f"{abbreviate(rnd, 'میدان')} {qname}")
        ops += ["abbreviation", "relation"]
        region, district = places.locate(pt)
        if region is None:
            continue
        add(finish(rnd, query, ops), region, district, pt, "street_near_landmark", ops)
    return rows


def main() -> None:
    rows = build()
    seen = set()
    unique = []
    for row in rows:
        if row[0] not in seen:
            seen.add(row[0])
            unique.append(row)
    with OUT.open("w", encoding="utf-8") as out:
        out.write("query\tregion\tdistrict\tlon\tlat\tkind\tnoise\n")
        for row in unique:
            out.write("\t".join(str(v) for v in row) + "\n")
    print(f"{len(unique)} queries → {OUT}")


if __name__ == "__main__":
    main()
