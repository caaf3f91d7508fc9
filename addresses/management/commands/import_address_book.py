"""`python manage.py import_address_book FILE.csv` — columns name, kind, parent, region, district, lon, lat,
aliases (see addresses/importers/address_book.py)."""

from django.core.management.base import BaseCommand

from addresses.importers.address_book import address_book_import
from addresses.management.commands._importing import run_import


class Command(BaseCommand):
    help = "Import a CSV address book (name, kind, parent, region, district, lon, lat, aliases)."

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--strict", action="store_true", help="import nothing if any row fails")

    def handle(self, *args, **options):
        run_import(self, address_book_import, options["path"], strict=options["strict"],
                   verbosity=options["verbosity"])
