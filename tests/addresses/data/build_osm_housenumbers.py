"""Build tests/addresses/data/osm_housenumbers.tsv: house-number queries over the Helsinki extract.

    .venv/bin/python tests/addresses/data/build_osm_housenumbers.py

Deterministic (seeded). Read straight from the extract with GDAL's `ogr2ogr` (not through our importer):
every node and area carrying `addr:street` + `addr:housenumber` is an address point (an area by a point on its
surface, or the middle of its bounding box when the outline is cut at the extract's edge). One address is one
street name and one house number as written before any comma (`2, 2. krs./Floor 2` is `2`). Its truth is every
point bearing it: an answer within 50 m of any of them is right (a building and the shops inside it all bear
the address).

For every address, one query per kind of noise that applies, written here without looking at the matcher:
- `clean`: "Mannerheimintie 12", "Aleksanterinkatu 15 B" (as OpenStreetMap writes it);
- `typo`: one slip in the street name — a neighbouring key on a Finnish keyboard, a dropped letter, a doubled
  letter, or two neighbouring letters swapped (never the first letter);
- `abbreviation`: the street-type ending shortened as Finns write it (`-katu` → `-k.`, `-tie` → `-t.`, `-kuja`
  → `-kj.`, `-polku` → `-p.`, `-tori` → `-t.`, `-puisto` → `-p.`, Swedish `-gatan` → `-g.`, `-vägen` → `-v.`),
  a third of them without the dot;
- `format`: lower or upper case, no space before the number, or the letter of the number written another way
  (`12 A` → `12a`, `12 a`, `12A`);
- `mixed`: all at once, as a hurried operator types — the ending shortened (when it can be), a slip in the rest
  of the name, and one of the format changes.
Columns: query, noise, street, housenumber, truth (`lon lat` pairs separated by `;`). Data © OpenStreetMap
contributors, ODbL 1.0 (see tests/fixtures/osm/ATTRIBUTION.md).
"""

from __future__ import annotations

import json
import random
import re
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

from shapely.geometry import shape

ROOT = Path(__file__).resolve().parents[3]
EXTRACT = ROOT / "tests" / "fixtures" / "osm" / "helsinki.osm.pbf"
OUT = Path(__file__).with_name("osm_housenumbers.tsv")
SEED = 12
HSTORE = re.compile(r'"((?:[^"\\]|\\.)*)"=>"((?:[^"\\]|\\.)*)"')

# Finnish keyboard (QWERTY with å ö ä): the keys around each letter
ROWS = ["qwertyuiopå", "asdfghjklöä", "zxcvbnm"]
ABBREVIATIONS = [("katu", "k."), ("tie", "t."), ("kuja", "kj."), ("polku", "p."), ("tori", "t."), ("puisto", "p."),
                 ("gatan", "g."), ("vägen", "v.")]


def neighbours() -> dict[str, str]:
    out: dict[str, str] = {}
    for r, row in enumerate(ROWS):
        for c, key in enumerate(row):
            near = [row[c + d] for d in (-1, 1) if 0 <= c + d < len(row)]
            for other in (r - 1, r + 1):
                if 0 <= other < len(ROWS):
                    near += [ROWS[other][c + d] for d in (-1, 0, 1) if 0 <= c + d < len(ROWS[other])]
            out[key] = "".join(near)
    return out


NEAR = neighbours()


def layer(name: str) -> list[dict]:
    where = "other_tags LIKE '%addr:housenumber%'"
    text = subprocess.run(["ogr2ogr", "-f", "GeoJSON", "/vsistdout/", str(EXTRACT), name, "-where", where],
                          check=True, capture_output=True, text=True).stdout
    return json.loads(text)["features"]


def _coords(value) -> list[tuple[float, float]]:
    if isinstance(value[0], (int, float)):
        return [(value[0], value[1])]
    return [c for part in value for c in _coords(part)]


def point_of(feature: dict) -> tuple[float, float]:
    try:
        geom = shape(feature["geometry"])
        if geom.geom_type != "Point":
            geom = geom.representative_point() if geom.is_valid else geom.envelope.centroid
        return round(geom.x, 7), round(geom.y, 7)
    except ValueError:  # an outline cut at the extract's edge: the middle of its bounding box
        xs, ys = zip(*_coords(feature["geometry"]["coordinates"]))
        return round((min(xs) + max(xs)) / 2, 7), round((min(ys) + max(ys)) / 2, 7)


def addresses() -> dict[tuple[str, str], list[tuple[float, float]]]:
    found: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
    for name in ("points", "multipolygons"):
        for feature in layer(name):
            tags = dict(HSTORE.findall(feature["properties"].get("other_tags") or ""))
            street = tags.get("addr:street", "").strip()
            number = tags.get("addr:housenumber", "").split(",")[0].strip()
            if street and re.match(r"\d", number):
                found[(street, number)].append(point_of(feature))
    return dict(sorted(found.items()))


def typo(rnd: random.Random, word: str, upto: int | None = None) -> str:
    letters = [i for i in range(1, upto or len(word)) if word[i].isalpha()]
    i = rnd.choice(letters)
    kind = rnd.choice(["neighbour", "drop", "double", "swap"])
    low = word[i].lower()
    if kind == "neighbour" and low in NEAR:
        return word[:i] + rnd.choice(NEAR[low]) + word[i + 1:]
    if kind == "swap" and i + 1 < len(word) and word[i + 1] != word[i]:
        return word[:i] + word[i + 1] + word[i] + word[i + 2:]
    if kind == "double":
        return word[:i] + word[i] + word[i:]
    return word[:i] + word[i + 1:]


def abbreviated(rnd: random.Random, street: str) -> tuple[str, int] | None:
    """The street with its ending shortened, and where the shortened ending starts."""
    for ending, short in ABBREVIATIONS:
        if street.endswith(ending) and len(street) > len(ending) + 2:
            if rnd.random() < 1 / 3:
                short = short.rstrip(".")
            return street[: -len(ending)] + short, len(street) - len(ending)
    return None


def formatted(rnd: random.Random, street: str, number: str) -> str:
    lettered = re.fullmatch(r"(\d+)\s*([A-Za-z])", number)
    ways = ["lower", "upper", "glued"] + (["letter"] * 3 if lettered else [])
    way = rnd.choice(ways)
    if way == "lower":
        return f"{street} {number}".lower()
    if way == "upper":
        return f"{street} {number}".upper()
    if way == "glued":
        return f"{street}{number}"
    digits, letter = lettered.groups()  # type: ignore[union-attr]
    forms = [f"{digits}{letter.lower()}", f"{digits} {letter.lower()}", f"{digits}{letter.upper()}",
             f"{digits} {letter.upper()}"]
    forms = [f for f in forms if f != number]
    return f"{street} {rnd.choice(forms)}"


def main() -> int:
    rnd = random.Random(SEED)
    rows = []
    for (street, number), points in addresses().items():
        truth = ";".join(f"{x} {y}" for x, y in points)
        queries = [("clean", f"{street} {number}"), ("typo", f"{typo(rnd, street)} {number}")]
        short = abbreviated(rnd, street)
        if short:
            queries.append(("abbreviation", f"{short[0]} {number}"))
        queries.append(("format", formatted(rnd, street, number)))
        hurried, stem = abbreviated(rnd, street) or (street, len(street))
        queries.append(("mixed", formatted(rnd, typo(rnd, hurried, stem), number)))
        for noise, query in queries:
            rows.append((query, noise, street, number, truth))
    with OUT.open("w", encoding="utf-8") as handle:
        handle.write("query\tnoise\tstreet\thousenumber\ttruth\n")
        for row in rows:
            handle.write("\t".join(row) + "\n")
    kinds = defaultdict(int)
    for row in rows:
        kinds[row[1]] += 1
    print(f"{len(rows)} queries over {len(addresses())} addresses: {dict(kinds)} -> {OUT}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
