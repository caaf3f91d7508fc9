#!/usr/bin/env python3
"""Report product functions whose cyclomatic complexity (radon) is above the limit (25 by default).

    python scripts/complexity.py [--max 25] [--strict]

Prints one line per function, worst first. `--strict` exits 1 when any is found (the goal: none)."""

import argparse
import sys
from pathlib import Path

from radon.complexity import cc_visit

REPO = Path(__file__).resolve().parents[1]
PACKAGES = ("config", "gis", "text", "limits", "gazetteer", "addresses", "organization", "intake", "matching",
            "workflow", "tiles", "clustering", "reports", "api", "frontend_map", "demo")


def offenders(limit: int) -> list[tuple[int, str]]:
    found = []
    for package in PACKAGES:
        for path in sorted((REPO / package).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            for block in cc_visit(path.read_text(encoding="utf-8")):
                if block.complexity > limit:
                    name = f"{block.classname}.{block.name}" if getattr(block, "classname", None) else block.name
                    found.append((block.complexity, f"{path.relative_to(REPO)}:{block.lineno} {name}"))
    return sorted(found, reverse=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max", type=int, default=25)
    parser.add_argument("--strict", action="store_true")
    args = parser.parse_args()
    found = offenders(args.max)
    for complexity, where in found:
        print(f"complexity {complexity:3d}  {where}")
    print(f"{len(found)} product function(s) above complexity {args.max}")
    return 1 if (found and args.strict) else 0


if __name__ == "__main__":
    sys.exit(main())
