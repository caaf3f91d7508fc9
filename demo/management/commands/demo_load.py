import hashlib
import time

from django.conf import settings
from django.core.management.base import BaseCommand
from tqdm import tqdm

from addresses.models import DatasetLoad
from demo.city import DEMO_DIR, demo_city_load
from demo.request_load import DEMO_SEED, demo_requests_load
from demo.users import FORCE_FLAG, demo_insecure_check, demo_users_ensure
from tiles.services import h3_cells_fill_all, tiles_data_version_bump
from workflow.services import cases_backfill


def demo_fingerprint(count: int, seed: int) -> str:
    digest = hashlib.sha256(f"{count}:{seed}".encode())
    for path in sorted(DEMO_DIR.glob("*.json*")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


class Command(BaseCommand):
    help = "Load the demo city (regions, districts, streets, landmarks, categories, users, requests). Idempotent."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="reload even if this demo data is already loaded")
        parser.add_argument("--requests", type=int, default=None, help="how many demo requests (default 50,000)")
        parser.add_argument("--seed", type=int, default=DEMO_SEED)
        parser.add_argument(FORCE_FLAG, action="store_true", dest="force_insecure",
                            help="load even with DEBUG off (the demo users share a known password): only on a "
                                 "machine nobody else can reach, never in production")

    def handle(self, *args, **options):
        demo_insecure_check(forced=options["force_insecure"])
        if not settings.DEBUG:
            self.stderr.write(self.style.WARNING(
                f"{FORCE_FLAG}: loading demo data with DEBUG off; every demo user's password is DEMO_PASSWORD."))
        count = options["requests"] or settings.DEMO_REQUEST_COUNT
        fingerprint = demo_fingerprint(count, options["seed"])
        loaded = DatasetLoad.objects.filter(name="demo", fingerprint=fingerprint).first()
        if loaded and not options["force"]:
            demo_users_ensure()
            self.stdout.write(f"Demo city already loaded ({loaded.counts.get('requests', 0):,} requests); skipping.")
            return
        started = time.monotonic()
        bar = tqdm(total=8, desc="demo city", unit="step", disable=options["verbosity"] == 0)

        def progress(stage, done, total):
            bar.set_postfix_str(f"{stage} {done:,}")
            bar.update(1)

        counts = demo_city_load(progress=progress)
        counts["requests"] = demo_requests_load(count=count, seed=options["seed"], progress=progress)
        counts["workflow_cases"] = cases_backfill()  # every demo request sits in the inbox of its status
        h3_cells_fill_all()  # hexagon outlines for the map, so its first zoomed-out view is fast
        tiles_data_version_bump(layer="requests")
        bar.close()
        demo_users_ensure()
        DatasetLoad.objects.update_or_create(name="demo", defaults={"fingerprint": fingerprint, "counts": counts})
        summary = ", ".join(f"{key} {value:,}" for key, value in counts.items())
        self.stdout.write(self.style.SUCCESS(f"Demo city loaded in {time.monotonic() - started:.1f} s: {summary}"))
