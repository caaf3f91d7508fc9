import pytest
from django.contrib.gis.geos import MultiPolygon, Polygon

from addresses.models import City, District, Neighbourhood, Region
from addresses.selectors import locate_point

pytestmark = pytest.mark.django_db


def square(x0, y0, x1, y1):
    return MultiPolygon(Polygon(((x0, y0), (x1, y0), (x1, y1), (x0, y1), (x0, y0))), srid=4326)


@pytest.fixture
def two_regions():
    city = City.objects.create(slug="t", name_fa="تهران")
    north = Region.objects.create(city=city, number=1, name_fa="منطقه ۱", geom=square(51.40, 35.75, 51.50, 35.80))
    south = Region.objects.create(city=city, number=2, name_fa="منطقه ۲", geom=square(51.40, 35.70, 51.50, 35.75))
    west = District.objects.create(region=north, number=1, code="1-1", name_fa="ناحیه ۱",
                                   geom=square(51.40, 35.75, 51.45, 35.80))
    District.objects.create(region=north, number=2, code="1-2", name_fa="ناحیه ۲",
                            geom=square(51.45, 35.75, 51.50, 35.80))
    Neighbourhood.objects.create(district=west, code="1-1-1", name_fa="دربند", geom=square(51.40, 35.75, 51.45, 35.80))
    return north, south


def test_it_places_a_point_in_its_region_district_and_neighbourhood(two_regions):
    place = locate_point(51.42, 35.77)
    assert (place.region_number, place.district_code, place.neighbourhood_name) == (1, "1-1", "دربند")
    assert locate_point(51.47, 35.77).district_code == "1-2"


def test_it_returns_an_empty_place_outside_the_city(two_regions):
    place = locate_point(50.0, 30.0)
    assert place.region_id is None and place.district_code == "" and place.neighbourhood_id is None
