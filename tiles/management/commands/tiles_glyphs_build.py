"""Build the Vazirmatn glyph PBFs the map needs (var/glyphs); skips ranges already built."""

from django.core.management.base import BaseCommand

from tiles.glyphs import build_all


class Command(BaseCommand):
    help = "Render Vazirmatn glyph ranges (SDF PBF) for the map into var/glyphs."

    def handle(self, *args, **options):
        written = build_all()
        self.stdout.write(f"glyph ranges written: {written}")
