"""Small data for intake tests: a one-region city, categories, open requests at chosen distances."""

import math
from datetime import timedelta
from itertools import count

from django.contrib.gis.geos import MultiPolygon, Point, Polygon
from django.utils import timezone

from addresses.models import City, District, Neighbourhood, Region
from intake.models import Category, ServiceRequest, Status
from intake.tracking import luhn_check_digit

CENTRE = (51.4100, 35.7000)  # lon, lat inside the test region
_codes = count(20_000_000)


def square(lon: float, lat: float, half: float) -> MultiPolygon:
    return MultiPolygon(Polygon.from_bbox((lon - half, lat - half, lon + half, lat + half)), srid=4326)


def city_make() -> Region:
    """One region (number 6) with one district and one neighbourhood around CENTRE (about ±5 km)."""
    city, _ = City.objects.get_or_create(slug="tehran", defaults={"name_fa": "تهران"})
    region = Region.objects.create(city=city, number=6, name_fa="منطقه ۶", geom=square(*CENTRE, 0.05))
    district = District.objects.create(region=region, number=1, code="6-1", name_fa="ناحیه ۱",
                                       geom=square(*CENTRE, 0.05))
    Neighbourhood.objects.create(district=district, code="6-1-1", name_fa="یوسف‌آباد", geom=square(*CENTRE, 0.05))
    return region


def region_beside(region: Region, *, number: int = 7) -> Region:
    """Another region of the same city, a tiny square at CENTRE: requests in it sit among `region`'s but belong
    to another scope (for tests of what a region-scoped user may see)."""
    return Region.objects.create(city=region.city, number=number, name_fa=f"منطقه {number}",
                                 geom=square(*CENTRE, 0.001))


def categories_make() -> dict[str, Category]:
    roads = Category.objects.create(code="roads", name_fa="معابر", name_en="Roads")
    lights = Category.objects.create(code="lights", name_fa="روشنایی", name_en="Lighting")
    return {
        "roads": roads,
        "pothole": Category.objects.create(code="roads.pothole", name_fa="چاله", name_en="Pothole", parent=roads),
        "asphalt": Category.objects.create(code="roads.asphalt", name_fa="آسفالت", name_en="Asphalt", parent=roads),
        "lights": lights,
        "lamp": Category.objects.create(code="lights.lamp", name_fa="چراغ خاموش", name_en="Lamp out", parent=lights),
    }


def offset(lon: float, lat: float, east_m: float = 0.0, north_m: float = 0.0) -> tuple[float, float]:
    """A point east_m metres east and north_m metres north of (lon, lat)."""
    return (lon + east_m / (111_320 * math.cos(math.radians(lat))), lat + north_m / 110_574)


def tracking_code_next() -> str:
    body = str(next(_codes))
    return body + luhn_check_digit(body)


def request_make(category: Category, *, east_m: float = 0, north_m: float = 0, days_ago: float = 0,
                 status: str = Status.REGISTERED, text: str = "چاله بزرگ وسط خیابان", **extra) -> ServiceRequest:
    lon, lat = offset(*CENTRE, east_m=east_m, north_m=north_m)
    return ServiceRequest.objects.create(
        tracking_code=tracking_code_next(), channel="phone", category=category, text=text,
        location=Point(lon, lat, srid=4326), status=status,
        created_at=timezone.now() - timedelta(days=days_ago), **extra,
    )
