"""Give every request without a workflow case one, in the inbox matching its status (for data loaded before the
workflow existed, such as the demo requests): `manage.py workflow_backfill`."""

from django.core.management.base import BaseCommand

from workflow.services import cases_backfill


class Command(BaseCommand):
    help = "Create workflow cases for requests that have none (status → inbox)."

    def handle(self, *args, **options):
        created = cases_backfill()
        self.stdout.write(self.style.SUCCESS(f"{created} cases created"))
