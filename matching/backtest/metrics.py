"""Figures of a backtest from what each detector answered (pure Python, no database).

A detector *flags* a call when it returns a candidate it calls strong. Over calls: precision (flagged repeats ÷
flagged), recall (flagged repeats ÷ repeats), F1, false-alarm rate (flagged non-repeats ÷ non-repeats); on repeats:
top-1 / top-3 hit rate (the first / first three candidates returned include a true match); per check: p50 / p95
latency in milliseconds. A ratio without a denominator is None."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class Outcome:
    """What one detector answered for one call."""

    candidates: tuple[int, ...]  # positions of the calls returned, best first
    flagged: bool
    ms: float


@dataclass(frozen=True)
class Scores:
    calls: int
    repeats: int
    flagged: int
    true_positives: int
    false_positives: int
    precision: float | None
    recall: float | None
    f1: float | None
    false_alarm_rate: float | None
    top1: float | None
    top3: float | None
    p50_ms: float | None
    p95_ms: float | None

    def as_dict(self) -> dict:
        return {key: (round(value, 4) if isinstance(value, float) else value) for key, value in asdict(self).items()}


def percentile(values: Sequence[float], q: float) -> float | None:
    """The nearest-rank percentile (as the benchmarks quote it); None for no values."""
    ordered = sorted(values)
    if not ordered:
        return None
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))]


def _ratio(numerator: int, denominator: int) -> float | None:
    return numerator / denominator if denominator else None


def scores(outcomes: Sequence[Outcome], matches: Sequence[frozenset[int]],
           only: Iterable[int] | None = None) -> Scores:
    """The figures of one detector over every call (or the calls at positions `only`)."""
    positions = range(len(matches)) if only is None else list(only)
    calls = repeats = flagged = tp = fp = top1 = top3 = 0
    latencies = []
    for position in positions:
        outcome, truth = outcomes[position], matches[position]
        calls += 1
        latencies.append(outcome.ms)
        flagged += outcome.flagged
        if truth:
            repeats += 1
            tp += outcome.flagged
            top1 += bool(truth.intersection(outcome.candidates[:1]))
            top3 += bool(truth.intersection(outcome.candidates[:3]))
        else:
            fp += outcome.flagged
    fn = repeats - tp
    return Scores(
        calls=calls, repeats=repeats, flagged=flagged, true_positives=tp, false_positives=fp,
        precision=_ratio(tp, flagged), recall=_ratio(tp, repeats), f1=_ratio(2 * tp, 2 * tp + fp + fn),
        false_alarm_rate=_ratio(fp, calls - repeats), top1=_ratio(top1, repeats), top3=_ratio(top3, repeats),
        p50_ms=percentile(latencies, 50), p95_ms=percentile(latencies, 95),
    )


def types_by_repeats(types: Sequence[str], matches: Sequence[frozenset[int]], count: int) -> list[str]:
    """The `count` complaint types with the most repeats (then the most calls, then by name); none without one."""
    repeats = Counter(kind for kind, truth in zip(types, matches) if truth)
    calls = Counter(types)
    return sorted(repeats, key=lambda kind: (-repeats[kind], -calls[kind], kind))[:count]


def summary(outcomes: dict[str, Sequence[Outcome]], matches: Sequence[frozenset[int]], types: Sequence[str], *,
            per_type: int = 8) -> dict:
    """Every detector's figures overall, then for the complaint types with the most repeats."""
    overall = {name: scores(found, matches).as_dict() for name, found in outcomes.items()}
    rows = []
    for kind in types_by_repeats(types, matches, per_type):
        positions = [position for position, other in enumerate(types) if other == kind]
        rows.append({"type": kind, "calls": len(positions), "repeats": sum(1 for p in positions if matches[p]),
                     "detectors": {name: scores(found, matches, positions).as_dict()
                                   for name, found in outcomes.items()}})
    return {"detectors": overall, "per_type": rows}


def _cell(value, width: int, digits: int = 3) -> str:
    if value is None:
        return "—".rjust(width)
    if isinstance(value, float):
        return f"{value:.{digits}f}".rjust(width)
    return f"{value:,}".rjust(width)


_COLUMNS = (("flagged", 8, 0), ("precision", 10, 3), ("recall", 7, 3), ("f1", 6, 3), ("false_alarm_rate", 12, 3),
            ("top1", 6, 3), ("top3", 6, 3), ("p50_ms", 7, 1), ("p95_ms", 7, 1))
_HEADINGS = {"flagged": "flagged", "precision": "precision", "recall": "recall", "f1": "F1",
             "false_alarm_rate": "false alarm", "top1": "top-1", "top3": "top-3", "p50_ms": "p50 ms",
             "p95_ms": "p95 ms"}


def _line(label: str, width: int, figures: dict) -> str:
    return label.ljust(width) + "".join(_cell(figures[key], size, digits) for key, size, digits in _COLUMNS)


def render(report: dict) -> str:
    """The report as a plain-text table: one row per detector, then per complaint type."""
    heading = "".join(_HEADINGS[key].rjust(size) for key, size, _ in _COLUMNS)
    skipped = report["skipped_no_coordinates"] + report["skipped_unreadable"]
    lines = [
        f"Duplicate backtest of {report['file']} ({report['format']}): {report['calls']:,} calls replayed in time "
        f"order ({report['rows']:,} rows, {skipped:,} skipped: {report['skipped_no_coordinates']:,} without "
        f"coordinates, {report['skipped_unreadable']:,} unreadable; {report['calls_sharing_a_time']:,} share their "
        f"recorded time, ordered by arrival), {report['repeats']:,} repeats by address truth, "
        f"jitter {report['jitter_m']:g} m (seed {report['seed']}), database {report['database']}",
        "",
        "detector".ljust(12) + heading,
    ]
    lines += [_line(name, 12, figures) for name, figures in report["detectors"].items()]
    if report["per_type"]:
        lines += ["", f"Per complaint type (the {len(report['per_type'])} with the most repeats)", ""]
        width = min(40, max(len(row["type"]) for row in report["per_type"])) + 2
        lines.append("complaint type".ljust(width) + "calls".rjust(7) + "repeats".rjust(8) + "  "
                     + "detector".ljust(11) + heading)
        for row in report["per_type"]:
            for index, (name, figures) in enumerate(row["detectors"].items()):
                label = (row["type"][:width - 2].ljust(width) + _cell(row["calls"], 7) + _cell(row["repeats"], 8)
                         if index == 0 else " " * (width + 15))
                lines.append(_line(label + "  " + name, width + 15 + 2 + 11, figures))
    return "\n".join(lines)
