"""`python manage.py import_osm FILE.osm.pbf` — named streets, places and amenities from OpenStreetMap."""

from django.core.management.base import BaseCommand

from addresses.importers.osm import osm_import
from addresses.management.commands._importing import run_import


class Command(BaseCommand):
    help = "Import named highway=* ways, places and amenities from an OpenStreetMap .osm or .osm.pbf file."

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--strict", action="store_true", help="import nothing if any feature fails")

    def handle(self, *args, **options):
        run_import(self, osm_import, options["path"], strict=options["strict"], verbosity=options["verbosity"])
