"""The real-source yardstick (data/gazetteer_real_eval.tsv, built by data/build_real_eval.py from the real Tehran
landmarks, metro station names and the stations' real address lines, with noise written apart from the gazetteer)
and how a lookup is scored against it, beside the simplest rival: a pg_trgm KNN search over the product's own
street and landmark tables (`ORDER BY name <-> query LIMIT k`).

A lookup takes a query and returns up to five answers, best first, each (region, district, lon, lat, other
regions it shows: the alternatives of that answer). Figures per source kind: top-1 region, top-1 district, top-1
within the tolerance, top-5 region; and for queries naming a place that several places share (namesakes), whether
the answers show every namesake's region (top 5 and their alternatives).
"""

from __future__ import annotations

import csv
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from tests.addresses.gazetteer_eval import metres

REAL_EVAL_TSV = Path(__file__).parent / "data" / "gazetteer_real_eval.tsv"
TOLERANCE_M = 300.0
SOURCES = ("landmark", "metro", "address_line")

Answer = tuple  # (region, district, lon, lat, frozenset of other regions shown)


@dataclass(frozen=True)
class RealCase:
    query: str
    source: str
    region: int
    district: str
    lon: float
    lat: float
    noise: tuple[str, ...]
    truth: str
    namesake_regions: frozenset[int]

    @property
    def ambiguous(self) -> bool:
        return len(self.namesake_regions) > 1


def load_real_cases(path: Path = REAL_EVAL_TSV) -> list[RealCase]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        return [RealCase(r["query"], r["source"], int(r["region"]), r["district"], float(r["lon"]), float(r["lat"]),
                         tuple(op for op in r["noise"].split(",") if op), r["truth"],
                         frozenset(int(x) for x in r["namesake_regions"].split(",") if x)) for r in reader]


@dataclass
class RealTally:
    n: int = 0
    region: int = 0
    district: int = 0
    within: int = 0
    top5_region: int = 0
    ambiguous: int = 0
    alternatives_shown: int = 0
    failures: list = field(default_factory=list)

    def share(self, attr: str) -> float:
        if attr == "alternatives_shown":
            return self.alternatives_shown / self.ambiguous if self.ambiguous else 1.0
        return getattr(self, attr) / self.n if self.n else 0.0


@dataclass
class RealScores:
    overall: RealTally
    by_source: dict[str, RealTally]
    by_noise: dict[str, RealTally]


def _regions_shown(answers: Sequence[Answer]) -> set[int]:
    shown: set[int] = set()
    for region, _, _, _, others in answers:
        if region is not None:
            shown.add(region)
        shown.update(others)
    return shown


def score_real(lookup: Callable[[str], Sequence[Answer]], cases: list[RealCase] | None = None) -> RealScores:
    cases = cases if cases is not None else load_real_cases()
    overall = RealTally()
    by_source: dict[str, RealTally] = defaultdict(RealTally)
    by_noise: dict[str, RealTally] = defaultdict(RealTally)
    for case in cases:
        answers = list(lookup(case.query))[:5]
        top = answers[0] if answers else None
        region_ok = top is not None and top[0] == case.region
        district_ok = top is not None and top[1] == case.district
        near = top is not None and metres(top[2], top[3], case.lon, case.lat) <= TOLERANCE_M
        top5 = any(a[0] == case.region for a in answers)
        shown = case.ambiguous and case.namesake_regions <= _regions_shown(answers)
        for tally in [overall, by_source[case.source]] + [by_noise[op] for op in case.noise]:
            tally.n += 1
            tally.region += region_ok
            tally.district += district_ok
            tally.within += near
            tally.top5_region += top5
            tally.ambiguous += case.ambiguous
            tally.alternatives_shown += shown
            if not region_ok:
                tally.failures.append((case, top))
    return RealScores(overall, dict(by_source), dict(by_noise))


def real_report(mine: RealScores, theirs: RealScores | None = None, peer: str = "pg_trgm") -> str:
    """A table: per source kind (and noise operator) ours, and the peer's figure beside it."""
    figures = (("region", "region"), ("district", "district"), ("≤300m", "within"), ("top5", "top5_region"),
               ("namesakes", "alternatives_shown"))
    head = f"{'':20} {'n':>4} " + " ".join(f"{label:>9}" for label, _ in figures)
    lines = [head + (f"   ({peer} beside each)" if theirs else "")]
    rows = [("all", mine.overall, theirs.overall if theirs else None)]
    rows += [(k, mine.by_source[k], theirs.by_source.get(k) if theirs else None) for k in SOURCES
             if k in mine.by_source]
    rows += [("· " + k, t, theirs.by_noise.get(k) if theirs else None) for k, t in sorted(mine.by_noise.items())]
    for name, tally, peer_tally in rows:
        cells = []
        for _, attr in figures:
            cell = f"{tally.share(attr):.3f}"
            if peer_tally is not None:
                cell += f"/{peer_tally.share(attr):.2f}"
            cells.append(f"{cell:>9}")
        lines.append(f"{name:20} {tally.n:4} " + " ".join(cells))
    return "\n".join(lines)


def gazetteer_lookup(gazetteer, limit: int = 5) -> Callable[[str], list[Answer]]:
    """Ours: the gazetteer's top five suggestions, each with the regions of its alternatives (other district
    segments of a street, namesakes elsewhere)."""

    def lookup(query: str) -> list[Answer]:
        return [(s.region_no, s.district_code, s.lon, s.lat,
                 frozenset(a.region_no for a in (*s.alternatives, *s.elsewhere) if a.region_no is not None))
                for s in gazetteer.suggest(query, limit=limit)]

    return lookup


TRGM_TABLE = "eval_trgm_names"


def trgm_table_build(cursor, table: str = TRGM_TABLE) -> int:
    """The peer's data, from the product's own tables: every street's and landmark's name and alias, one row each,
    with the street's or landmark's region, district and point; a GiST trigram index for KNN. Returns the rows."""
    cursor.execute("create extension if not exists pg_trgm")
    cursor.execute(f"drop table if exists {table}")
    cursor.execute(f"""
        create table {table} as
        with places as (
            select s.id as sid, null::bigint as lid, s.name_fa as name, s.region_id, s.district_id,
                   st_closestpoint(s.geom, st_centroid(s.geom)) as p
            from addresses_street s
            union all
            select null, l.id, l.name_fa, l.region_id, l.district_id, l.geom from addresses_landmark l
        ), named as (
            select name, region_id, district_id, p from places
            union all
            select a.name, pl.region_id, pl.district_id, pl.p from addresses_alias a
            join places pl on (a.street_id is not null and pl.sid = a.street_id)
                           or (a.landmark_id is not null and pl.lid = a.landmark_id)
        )
        select n.name, r.number as region_no, coalesce(d.code, '') as district_code,
               st_x(n.p) as lon, st_y(n.p) as lat
        from named n left join addresses_region r on r.id = n.region_id
        left join addresses_district d on d.id = n.district_id
        where n.name <> ''""")
    cursor.execute(f"create index {table}_knn on {table} using gist (name gist_trgm_ops)")
    cursor.execute(f"analyze {table}")
    cursor.execute(f"select count(*) from {table}")
    return cursor.fetchone()[0]


def trgm_lookup(cursor, table: str = TRGM_TABLE, limit: int = 5) -> Callable[[str], list[Answer]]:
    """The peer: `ORDER BY name <-> query LIMIT k` over that table (no alternatives of its own)."""

    def lookup(query: str) -> list[Answer]:
        # KNN through the index; equal distances in a fixed order, so every run (and database) gives one answer
        cursor.execute(f"""select region_no, district_code, lon, lat from (
                               select *, name <-> %s as d from {table} order by name <-> %s limit %s) knn
                           order by d, name, region_no nulls last, lon, lat limit %s""",
                       [query, query, limit + 20, limit])
        return [(*row, frozenset()) for row in cursor.fetchall()]

    return lookup
