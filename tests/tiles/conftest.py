"""Small request data for tile tests: a few requests at known places in Tehran, and tile helpers."""

import gzip
import itertools
import math
from datetime import datetime, timedelta

import mapbox_vector_tile
import pytest
from django.contrib.gis.geos import Point
from django.core.cache import cache
from django.utils import timezone

from intake.models import Category, ServiceRequest

AZADI = (51.3381, 35.6997)  # Azadi square
TAJRISH = (51.4335, 35.8040)
_codes = itertools.count(1)


def tile_of(lon: float, lat: float, z: int) -> tuple[int, int, int]:
    n = 2 ** z
    x = int((lon + 180) / 360 * n)
    lat_r = math.radians(lat)
    y = int((1 - math.asinh(math.tan(lat_r)) / math.pi) / 2 * n)
    return z, x, y


def decode(response) -> dict:
    body = response.content
    if response.get("Content-Encoding") == "gzip":
        body = gzip.decompress(body)
    return mapbox_vector_tile.decode(body) if body else {}


def features(response, layer: str = "requests") -> list[dict]:
    return decode(response).get(layer, {}).get("features", [])


def total(response, field: str = "count") -> int:
    return sum(f["properties"][field] for f in features(response))


@pytest.fixture(autouse=True)
def fresh_tile_cache():
    """Tests share one Redis database: start each with an empty tile cache and fresh data versions."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def categories(db):
    roads = Category.objects.create(code="roads", name_fa="راه و ترابری", name_en="Roads")
    pothole = Category.objects.create(code="pothole", name_fa="چاله در آسفالت", parent=roads, sla_hours=48)
    lighting = Category.objects.create(code="lighting", name_fa="روشنایی معابر", parent=roads)
    waste = Category.objects.create(code="waste", name_fa="پسماند", name_en="Waste")
    bins = Category.objects.create(code="bins", name_fa="سطل زباله", parent=waste, sla_hours=24)
    return {"roads": roads, "pothole": pothole, "lighting": lighting, "waste": waste, "bins": bins}


@pytest.fixture
def make_request(db, categories):
    def make(lon_lat=AZADI, *, category="pothole", status="registered", channel="phone", created_at=None,
             region=None, offset_m=0.0):
        lon, lat = lon_lat
        lon += offset_m / 90_000  # a few metres apart, same H3 cell for small offsets
        return ServiceRequest.objects.create(
            tracking_code=f"T{next(_codes):08d}", channel=channel, category=categories[category],
            text="چاله بزرگ", address_text="میدان آزادی", location=Point(lon, lat, srid=4326), status=status,
            region=region, created_at=created_at or timezone.now() - timedelta(hours=1),
        )
    return make


def jalali_now_days_ago(days: int) -> datetime:
    return timezone.now() - timedelta(days=days)
