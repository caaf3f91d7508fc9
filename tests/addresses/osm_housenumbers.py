"""The Helsinki house-number yardstick (data/osm_housenumbers.tsv, built by data/build_osm_housenumbers.py from
the extract itself) and how a lookup is scored against it.

Shared by the accuracy test and the benchmark: `score(lookup)` runs every query through `lookup(query)`, which
returns the top answer as (lon, lat) or None; an answer is right within 50 m of any point bearing the address.
"""

from __future__ import annotations

import csv
import math
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

YARDSTICK_TSV = Path(__file__).parent / "data" / "osm_housenumbers.tsv"
WITHIN_M = 50.0
NOISE_KINDS = ("clean", "typo", "abbreviation", "format", "mixed")


@dataclass(frozen=True)
class Case:
    query: str
    noise: str
    street: str
    housenumber: str
    truth: tuple[tuple[float, float], ...]


def load_cases(path: Path = YARDSTICK_TSV) -> list[Case]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        return [Case(r["query"], r["noise"], r["street"], r["housenumber"],
                     tuple(tuple(map(float, pair.split())) for pair in r["truth"].split(";")))  # type: ignore[misc]
                for r in reader]


def metres(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    k = math.cos(math.radians((lat1 + lat2) / 2))
    return math.hypot((lon1 - lon2) * k, lat1 - lat2) * 111_195.0


@dataclass
class Tally:
    n: int = 0
    within: int = 0
    answered: int = 0
    failures: list = field(default_factory=list)

    @property
    def share(self) -> float:
        return self.within / self.n if self.n else 0.0


@dataclass
class Scores:
    overall: Tally
    by_noise: dict[str, Tally]

    def line(self) -> str:
        parts = [f"all {self.overall.share:.3f} (n={self.overall.n})"]
        parts += [f"{k} {self.by_noise[k].share:.3f}" for k in NOISE_KINDS if k in self.by_noise]
        return ", ".join(parts)


def distance_to_truth(case: Case, answer: tuple[float, float] | None) -> float:
    if answer is None:
        return math.inf
    return min(metres(answer[0], answer[1], x, y) for x, y in case.truth)


def score(lookup: Callable[[str], tuple[float, float] | None], cases: list[Case] | None = None) -> Scores:
    cases = cases if cases is not None else load_cases()
    overall = Tally()
    by_noise: dict[str, Tally] = defaultdict(Tally)
    for case in cases:
        answer = lookup(case.query)
        ok = distance_to_truth(case, answer) <= WITHIN_M
        for tally in (overall, by_noise[case.noise]):
            tally.n += 1
            tally.within += ok
            tally.answered += answer is not None
            if not ok:
                tally.failures.append((case, answer))
    return Scores(overall, dict(by_noise))


def report(scores: Scores, *, failures: int = 25) -> str:
    lines = [scores.line()]
    for case, answer in scores.overall.failures[:failures]:
        where = "nothing" if answer is None else f"{distance_to_truth(case, answer):.0f} m off"
        lines.append(f"  [{case.noise}] {case.query!r}: {where}")
    return "\n".join(lines)
