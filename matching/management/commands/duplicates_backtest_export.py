"""`manage.py duplicates_backtest_export FILE`: our requests as a file `duplicates_backtest` replays."""

from datetime import date, datetime, time

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from matching.backtest.export import EXPORT_COLUMNS, calls_export


def _day(value: str) -> datetime:
    try:
        return timezone.make_aware(datetime.combine(date.fromisoformat(value), time.min))
    except ValueError as error:
        raise CommandError(f"not a date (YYYY-MM-DD): {value!r}") from error


class Command(BaseCommand):
    help = (f"Write the requests with a location, oldest first, as a CSV of calls ({', '.join(EXPORT_COLUMNS)}) "
            "that `duplicates_backtest FILE --format civic` replays. Reads only.")

    def add_arguments(self, parser):
        parser.add_argument("file", help="the CSV file to write (- for standard output)")
        parser.add_argument("--since", type=_day, default=None, help="first day (YYYY-MM-DD, inclusive)")
        parser.add_argument("--until", type=_day, default=None, help="last day (YYYY-MM-DD, exclusive)")

    def handle(self, *args, **options):
        if options["file"] == "-":
            written = calls_export(self.stdout, since=options["since"], until=options["until"])
        else:
            try:
                with open(options["file"], "w", newline="", encoding="utf-8") as handle:
                    written = calls_export(handle, since=options["since"], until=options["until"])
            except OSError as error:
                raise CommandError(f"cannot write {options['file']}: {error}") from error
        self.stderr.write(f"{written} requests written")
