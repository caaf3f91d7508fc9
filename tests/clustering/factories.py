"""Small synthetic request sets for the hotspot tests: scattered background plus a dense cluster."""

from datetime import timedelta

import numpy as np
from django.contrib.gis.geos import Point
from django.utils import timezone

from intake.models import Category, ServiceRequest

CENTRE = (35.70, 51.40)  # lat, lon
HOT = (35.72, 51.42)


def categories():
    subject, _ = Category.objects.get_or_create(code="roads", defaults={"name_fa": "معابر", "name_en": "Roads"})
    pothole, _ = Category.objects.get_or_create(
        code="roads.pothole", defaults={"name_fa": "چاله", "name_en": "Pothole", "parent": subject})
    flood, _ = Category.objects.get_or_create(
        code="roads.flood", defaults={"name_fa": "آب‌گرفتگی", "name_en": "Flooding", "parent": subject})
    return subject, pothole, flood


_counter = [0]


def make_requests(category, *, n=600, hot=HOT, n_hot=300, seed=1, days=60, hot_days=None, channel="phone",
                  spread=(0.02, 0.03), hot_spread=0.002, status="registered"):
    """n scattered requests over the last `days` days plus n_hot around `hot` (within `hot_days`, default all)."""
    rng = np.random.default_rng(seed)
    now = timezone.now()
    lat = np.concatenate([rng.normal(CENTRE[0], spread[0], n), rng.normal(hot[0], hot_spread, n_hot)])
    lon = np.concatenate([rng.normal(CENTRE[1], spread[1], n), rng.normal(hot[1], hot_spread, n_hot)])
    age = np.concatenate([rng.uniform(0, days, n), rng.uniform(0, hot_days or days, n_hot)])
    rows = []
    for a, b, d in zip(lat, lon, age):
        _counter[0] += 1
        request = ServiceRequest(
            tracking_code=f"T{seed:03d}{_counter[0]:07d}", channel=channel, category=category, text="آزمون",
            location=Point(float(b), float(a), srid=4326), created_at=now - timedelta(days=float(d)), status=status,
        )
        request.set_h3_cells()
        rows.append(request)
    ServiceRequest.objects.bulk_create(rows, batch_size=2000)
    return rows
