"""Store hexagon outlines for every H3 cell used by requests (after a bulk load; tiles also fill on demand)."""

from django.core.management.base import BaseCommand

from tiles.services import h3_cells_fill_all


class Command(BaseCommand):
    help = "Fill tiles_h3cell with the outline of every H3 cell (r7–r10) that requests use."

    def handle(self, *args, **options):
        self.stdout.write(f"cells added: {h3_cells_fill_all()}")
