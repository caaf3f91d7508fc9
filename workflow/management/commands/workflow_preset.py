"""Load a workflow preset: `manage.py workflow_preset default` or `manage.py workflow_preset small_city`."""

from django.core.management.base import BaseCommand, CommandError

from workflow.presets import PRESETS, preset_apply


class Command(BaseCommand):
    help = ("Make the workflow configuration equal to a preset "
            "(default: the three-role cycle; small_city: merged roles).")

    def add_arguments(self, parser):
        parser.add_argument("preset", choices=sorted(PRESETS))

    def handle(self, *args, preset, **options):
        try:
            preset_apply(preset)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(f"workflow preset {preset!r} applied"))
