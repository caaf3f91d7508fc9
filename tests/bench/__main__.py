"""`make bench` — run the benchmarks, print one line per figure beside its peer, write var/bench/results.json.

Each group is a module tests/bench/bench_<group>.py with `run(ctx: BenchContext) -> None`.
`python -m tests.bench --only tiles` runs one group.
"""

import argparse
import importlib
import json
import os
import pkgutil
import sys
import time
from pathlib import Path

os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings_bench"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--only",
                        help="run only this group (e.g. gazetteer, osm, duplicates, backtest, intake, tiles, hotspots)")
    args = parser.parse_args()

    from tests.bench.common import BenchContext, ensure_bench_database

    ensure_bench_database()
    package = Path(__file__).parent
    groups = sorted(name[len("bench_"):] for _, name, _ in pkgutil.iter_modules([str(package)])
                    if name.startswith("bench_"))
    if args.only:
        if args.only not in groups:
            print(f"unknown group {args.only!r}; groups: {', '.join(groups)}", file=sys.stderr)
            return 2
        groups = [args.only]
    ctx = BenchContext()
    for group in groups:
        module = importlib.import_module(f"tests.bench.bench_{group}")
        print(f"== {group}", flush=True)
        started = time.monotonic()
        module.run(ctx)
        print(f"   ({time.monotonic() - started:.0f} s)", flush=True)
    out = Path("var/bench/results.json")
    out.parent.mkdir(parents=True, exist_ok=True)
    previous = json.loads(out.read_text()) if out.exists() and args.only else []
    measured = {(record["name"], record["dataset"]) for record in ctx.records}
    records = [r for r in previous if (r["name"], r.get("dataset", "")) not in measured] + ctx.records
    out.write_text(json.dumps(records, ensure_ascii=False, indent=1))
    print(f"\n{len(ctx.records)} figures written to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
