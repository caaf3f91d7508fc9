"""`manage.py duplicates_backtest FILE`: replay historical calls and compare our detector with the simple rules."""

import json

import psycopg
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from matching.backtest.importers import CIVIC_COLUMNS, FORMATS, ImportFailed
from matching.backtest.metrics import render
from matching.backtest.replay import backtest_run


class Command(BaseCommand):
    help = (
        "Replay a CSV of historical calls in time order into a separate database (<name>_backtest; the configured "
        "database is not written) and print precision, recall, F1, false-alarm rate, top-1/top-3 hit rate and "
        "p50/p95 latency of our duplicate detector beside FixMyStreet's rule (fms_250m: same sub-subject, open, "
        "within 250 m) and a naive rule (naive_50m: same sub-subject, open, within 50 m), overall and per complaint "
        "type. Truth: a call repeats an earlier call still open at its time with the same complaint type and the "
        "same address (upper case, spaces collapsed). Formats: nyc311 (NYC Open Data 311 columns: Unique Key, "
        "Created Date, Closed Date, Agency, Complaint Type, Descriptor, Incident Address, Latitude, Longitude) and "
        f"civic (ours: {', '.join(CIVIC_COLUMNS)}; ISO 8601 times, closed_at empty while open, WGS84 lon/lat; "
        "an optional kind column: building, point, street, area or none)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="the CSV file of calls")
        parser.add_argument("--format", choices=FORMATS, default=None,
                            help="nyc311 or civic (default: told by the header)")
        parser.add_argument("--jitter", type=float, default=0.0, metavar="M",
                            help="move every stored and every probed point by up to M metres (hand-placed pins)")
        parser.add_argument("--seed", type=int, default=0, help="the seed of --jitter (default 0)")
        parser.add_argument("--limit", type=int, default=None, metavar="N", help="replay only the first N calls")
        parser.add_argument("--types", type=int, default=8, metavar="K",
                            help="show the K complaint types with the most repeats (default 8)")
        parser.add_argument("--json", action="store_true", help="print the report as JSON")
        parser.add_argument("--no-address", action="store_true",
                            help="keep the typed address from our detector (the truth is made of addresses)")

    def handle(self, *args, **options):
        if options["jitter"] < 0 or (options["limit"] is not None and options["limit"] < 1):
            raise CommandError("--jitter must be ≥ 0 and --limit ≥ 1")
        try:
            report = backtest_run(options["file"], file_format=options["format"], jitter_m=options["jitter"],
                                  seed=options["seed"], limit=options["limit"], per_type=options["types"],
                                  use_address=not options["no_address"])
        except (OSError, ImportFailed) as error:
            raise CommandError(str(error)) from error
        except (DatabaseError, psycopg.Error) as error:
            raise CommandError(f"the backtest database could not be created or used: {error}") from error
        self.stdout.write(json.dumps(report, ensure_ascii=False, indent=1) if options["json"] else render(report))
