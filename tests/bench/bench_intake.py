"""Registrations per second through `request_register` (validation, place lookup, duplicate check, tracking code,
request + intake + history rows, commit) on the 1m data set. The rows it adds are removed afterwards."""

import random
import time

from tests.bench.common import ensure_requests_1m

N = 300
SEED = 45


def run(ctx) -> None:
    from addresses.models import Region
    from intake.models import Category, Citizen, ServiceRequest
    ensure_requests_1m()
    rng = random.Random(SEED)
    categories = list(Category.objects.filter(parent__isnull=False, is_active=True))
    sample = list(ServiceRequest.objects.filter(is_demo=True, location__isnull=False, neighbourhood__isnull=False)
                  .values_list("location", flat=True)[:: 1][: N * 10])
    region_ids = set(Region.objects.values_list("id", flat=True))
    assert region_ids, "the demo city is not loaded"
    points = [(p.x + rng.uniform(-0.0001, 0.0001), p.y + rng.uniform(-0.0001, 0.0001)) for p in rng.sample(sample, N)]
    phones = [f"0912{rng.randint(0, 9_999_999):07d}" for _ in range(N)]
    created: list[int] = []
    existing_citizens = set(Citizen.objects.filter(phone__in=phones).values_list("id", flat=True))
    try:
        _register_all(ctx, points, phones, categories, created)
    finally:
        _remove(created, phones, existing_citizens)


def _register_all(ctx, points, phones, categories, created) -> None:
    from intake.services import request_register

    started = time.perf_counter()
    for i, (lon, lat) in enumerate(points):
        registration = request_register(
            channel="api", category=categories[i % len(categories)], text=f"بنچمارک ثبت پیام شماره {i}",
            phone=phones[i], lon=lon, lat=lat, address_text="نشانی آزمایشی", notify=False,
            urgency="trackable", register_anyway_reason="benchmark",
        )
        created.append(registration.request.pk)
    elapsed = time.perf_counter() - started
    ctx.record("intake.registrations_per_s", N / elapsed, "1/s", n=N, dataset="1m",
               note="request_register end to end, one transaction per registration, sequential")


def _remove(created, phones, existing_citizens) -> None:
    from django.db import connection, transaction

    from demo.request_load import purge_rows_with_references

    # Remove what the benchmark added, with everything that refers to it (history, intake records, cases, the
    # duplicate decisions kept as labels …), through the demo purge: history is append-only but for that hatch.
    ids = ",".join(str(int(pk)) for pk in created) or "0"
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL civic.purge_demo_history = 'on'")
        cursor.execute(f"DELETE FROM matching_duplicatelabel WHERE request_id in ({ids})")  # the bench's decisions
        purge_rows_with_references(cursor, "requests_app_servicerequest", f"id in ({ids})")
        cursor.execute("DELETE FROM requests_app_citizen c WHERE c.phone = ANY(%s) AND NOT (c.id = ANY(%s)) "
                       "AND NOT EXISTS (SELECT 1 FROM requests_app_servicerequest r WHERE r.citizen_id = c.id)",
                       [phones, list(existing_citizens)])
