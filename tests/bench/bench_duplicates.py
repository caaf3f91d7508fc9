"""Duplicate check on 1,000,000 requests: `duplicate_candidates` (H3 pre-filter + ST_DWithin + scoring) beside the
plain indexed ST_DWithin query over the same radius, window and open statuses, interleaved in one run."""

import random
from datetime import timedelta

from tests.bench.common import ensure_requests_1m, interleaved, percentile

N = 400
SEED = 44


def run(ctx) -> None:
    from django.db.models import Max

    from intake.models import OPEN_STATUSES, Category, ServiceRequest
    from matching.candidates import duplicate_candidates, duplicate_settings
    from matching.selectors import requests_plain_dwithin

    count = ensure_requests_1m()
    now = ServiceRequest.objects.filter(is_demo=True).aggregate(Max("created_at"))["created_at__max"]
    rng = random.Random(SEED)
    # Half the probes sit on recent open requests (candidates exist), half on any request of the year.
    recent = list(ServiceRequest.objects.filter(is_demo=True, status__in=OPEN_STATUSES,
                                                created_at__gte=now - timedelta(days=14))
                  .order_by("?").values_list("location", "category_id", "text", "address_text")[:N // 2])
    anywhere = list(ServiceRequest.objects.filter(is_demo=True,
                                                  pk__in=[rng.randint(1, count * 2) for _ in range(N * 3)])
                    .values_list("location", "category_id", "text", "address_text")[:N // 2])
    categories = {c.pk: c for c in Category.objects.all()}
    probes = []
    for location, category_id, text, address_text in recent + anywhere:
        lon = location.x + rng.uniform(-0.0008, 0.0008)
        lat = location.y + rng.uniform(-0.0008, 0.0008)
        probes.append((lon, lat, categories[category_id], text[:60], address_text))
    rng.shuffle(probes)
    found = []

    def ours(i):
        lon, lat, category, text, address_text = probes[i % len(probes)]
        found.append(len(duplicate_candidates(lon=lon, lat=lat, category=category, text=text,
                                              address_text=address_text, now=now)))

    def peer(i):
        lon, lat, category, _text, _address = probes[i % len(probes)]
        _kind, radius, window = duplicate_settings(category)
        requests_plain_dwithin(lon=lon, lat=lat, radius_m=radius, since=now - timedelta(days=window))

    mine, theirs = interleaved(ours, peer, n=len(probes), warmup=30)
    note = f"{len(probes)} probes, mean {sum(found) / max(1, len(found)):.1f} candidates per check"
    ctx.record("duplicates.check_p50_ms", percentile(mine, 50), "ms", n=len(mine), peer="st_dwithin",
               peer_value=percentile(theirs, 50), dataset="1m", note=note)
    ctx.record("duplicates.check_p95_ms", percentile(mine, 95), "ms", n=len(mine), peer="st_dwithin",
               peer_value=percentile(theirs, 95), dataset="1m", note=note)
