"""`python manage.py import_boundaries FILE --level region|district|neighbourhood --map TARGET=FIELD …`

Reads any polygon file GDAL opens (GeoJSON, Shapefile, GeoPackage). Targets: region → number, name_fa
[, name_en, osm_id]; district → code, name_fa [, number, name_en, region]; neighbourhood → code, name_fa
[, name_en, district]. A parent not mapped is found by geometry."""

from django.core.management.base import BaseCommand, CommandError

from addresses.importers.boundaries import LEVELS, boundaries_import
from addresses.management.commands._importing import run_import


class Command(BaseCommand):
    help = "Import region, district or neighbourhood boundaries from GeoJSON, Shapefile or GeoPackage."

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--level", required=True, choices=sorted(LEVELS))
        parser.add_argument("--map", action="append", default=[], metavar="TARGET=FIELD",
                            help="field mapping, repeatable (e.g. --map number=REG_NO --map name_fa=NAME)")
        parser.add_argument("--layer", default="0", help="layer name or index (default: the first)")
        parser.add_argument("--city", default="tehran", help="city slug (created if missing)")
        parser.add_argument("--synthetic", action="store_true", help="mark the boundaries as made up")
        parser.add_argument("--strict", action="store_true", help="import nothing if any feature fails")

    def handle(self, *args, **options):
        mapping = {}
        for item in options["map"]:
            target, sep, field = item.partition("=")
            if not sep or not target.strip() or not field.strip():
                raise CommandError(f"--map wants TARGET=FIELD, got {item!r}")
            mapping[target.strip()] = field.strip()
        layer = int(options["layer"]) if options["layer"].isdigit() else options["layer"]
        run_import(self, boundaries_import, options["path"], level=options["level"], mapping=mapping, layer=layer,
                   city_slug=options["city"], synthetic=options["synthetic"], strict=options["strict"],
                   verbosity=options["verbosity"])
