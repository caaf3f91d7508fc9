"""The labelled evaluation set (data/gazetteer_eval.tsv) and how a lookup is scored against it.

Shared by the accuracy test and the benchmark: `score(lookup)` runs every query through `lookup(query)`, which
returns the top result as (region number, district code, lon, lat) or None.
"""

import csv
import math
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

EVAL_TSV = Path(__file__).parent / "data" / "gazetteer_eval.tsv"


@dataclass(frozen=True)
class Case:
    query: str
    region: int
    district: str
    lon: float
    lat: float
    kind: str
    noise: str


def load_cases(path: Path = EVAL_TSV) -> list[Case]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        return [Case(r["query"], int(r["region"]), r["district"], float(r["lon"]), float(r["lat"]), r["kind"],
                     r.get("noise", "")) for r in reader]


def metres(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    k = math.cos(math.radians((lat1 + lat2) / 2))
    return math.hypot((lon1 - lon2) * k, lat1 - lat2) * 111_320


@dataclass
class Tally:
    n: int = 0
    region: int = 0
    district: int = 0
    within_300m: int = 0
    failures: list = field(default_factory=list)

    def share(self, attr: str) -> float:
        return getattr(self, attr) / self.n if self.n else 0.0


@dataclass
class Scores:
    overall: Tally
    by_kind: dict[str, Tally]
    by_noise: dict[str, Tally]


def score(lookup: Callable[[str], tuple | None], cases: list[Case] | None = None) -> Scores:
    cases = cases if cases is not None else load_cases()
    overall = Tally()
    by_kind: dict[str, Tally] = defaultdict(Tally)
    by_noise: dict[str, Tally] = defaultdict(Tally)
    for case in cases:
        top = lookup(case.query)
        region_ok = district_ok = near = False
        if top is not None:
            region, district, lon, lat = top
            region_ok = region == case.region
            district_ok = district == case.district
            near = metres(lon, lat, case.lon, case.lat) <= 300
        tallies = [overall, by_kind[case.kind]] + [by_noise[op] for op in case.noise.split(",") if op]
        for tally in tallies:
            tally.n += 1
            tally.region += region_ok
            tally.district += district_ok
            tally.within_300m += near
            if not district_ok:
                tally.failures.append((case, top))
    return Scores(overall, dict(by_kind), dict(by_noise))


def report(scores: Scores) -> str:
    lines = [f"{'':22} {'n':>4} {'region':>7} {'district':>8} {'≤300m':>6}"]
    for name, tally in [("all", scores.overall), *sorted(scores.by_kind.items()), ("--- noise", None),
                        *sorted(scores.by_noise.items())]:
        if tally is None:
            lines.append(name)
            continue
        lines.append(f"{name:22} {tally.n:4} {tally.share('region'):7.1%} {tally.share('district'):8.1%} "
                     f"{tally.share('within_300m'):6.1%}")
    return "\n".join(lines)
