"""House numbers from OpenStreetMap through `import_osm`: address points, interpolation ranges, re-imports, and
the gazetteer finding them (real PostGIS, real GDAL). The hand-made town is tests/fixtures/osm/housenumbers.osm
(its map is in the file); the real one is the Helsinki extract."""

import math
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from addresses.bridge import gazetteer_current
from addresses.models import AddressDataVersion, AddressPoint, AddressRange, Landmark, Street

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "osm"
TOWN = FIXTURES / "housenumbers.osm"
HELSINKI = FIXTURES / "helsinki.osm.pbf"


def import_osm(path):
    out, err = StringIO(), StringIO()
    call_command("import_osm", str(path), stdout=out, stderr=err, verbosity=0)
    return out.getvalue()


def metres(lon1, lat1, lon2, lat2):
    k = math.cos(math.radians((lat1 + lat2) / 2))
    return math.hypot((lon1 - lon2) * k, lat1 - lat2) * 111_195.0


def top(query):
    results = gazetteer_current().gazetteer.suggest(query, limit=3)
    assert results, f"no suggestion for {query!r}"
    return results[0]


def test_it_imports_numbered_nodes_and_buildings_tied_to_the_nearest_street_of_their_name():
    out = import_osm(TOWN)
    assert "address points created: 8" in out and "address points without their street: 1" in out
    points = {p.external_id: p for p in AddressPoint.objects.select_related("street")}
    assert points["osm:n101"].street.external_id == "osm:w1" and points["osm:n101"].number == "1"
    assert points["osm:n104"].street.external_id == "osm:w4"  # the other town's Koekatu, 30 m away, not 3 km
    assert (points["osm:n103"].housenumber, points["osm:n103"].number) == ("5 A", "5a")
    building = points["osm:a10"]  # a point on the building's surface
    assert 24.0034 <= building.geom.x <= 24.0036 and 60.0002 <= building.geom.y <= 60.0004
    assert building.street.external_id == "osm:w1"
    assert points["osm:n105"].street is None and points["osm:n105"].street_name == "Olematonkatu"
    assert Landmark.objects.filter(external_id="osm:n102", name_fa="Kahvila Kakkonen").exists()  # a cafe, too
    assert points["osm:n102"].source == "osm" and not points["osm:n102"].synthetic


def test_it_imports_an_interpolation_way_as_a_range_between_its_numbered_nodes():
    import_osm(TOWN)
    stretch = AddressRange.objects.select_related("street").get()
    assert (stretch.external_id, stretch.start_number, stretch.end_number, stretch.scheme) == (
        "osm:w20", "10", "20", "even")
    assert stretch.street.external_id == "osm:w2" and len(stretch.geom.coords) == 3
    # the end node that names no street takes the way's (here both name it)
    assert AddressPoint.objects.get(external_id="osm:n203").street.external_id == "osm:w2"


def test_it_reimports_without_duplicating_and_bumps_the_data_version():
    import_osm(TOWN)
    before = {p.external_id: (p.pk, p.street_id, p.number) for p in AddressPoint.objects.all()}
    ranges = list(AddressRange.objects.values_list("pk", "external_id", "street_id"))
    version = AddressDataVersion.objects.get(name="addresses").version
    out = import_osm(TOWN)
    assert "address points created: 0, address points updated: 8" in out
    assert {p.external_id: (p.pk, p.street_id, p.number) for p in AddressPoint.objects.all()} == before
    assert list(AddressRange.objects.values_list("pk", "external_id", "street_id")) == ranges
    assert AddressDataVersion.objects.get(name="addresses").version == version + 1


def test_it_finds_imported_numbers_through_the_gazetteer():
    import_osm(TOWN)
    seven = top("Koekatu 7")
    assert seven.kind == "address" and seven.house_number.found == "exact" and seven.label == "Koekatu 7"
    assert seven.record_id == f"street:{Street.objects.get(external_id='osm:w1').pk}"
    five = top("Provgatan 5a")  # the Swedish name of the street, the letter in lower case
    assert (five.house_number.found, five.label) == ("exact", "Koekatu 5 A")
    fourteen = top("Koekatu 14")  # only in the interpolation range 10–20, 40 % along it
    assert fourteen.house_number.found == "interpolated"
    assert metres(fourteen.lon, fourteen.lat, 24.0140, 59.9998) < 2
    unknown = top("Koekatu 99")
    assert unknown.kind == "street" and not unknown.house_number.number_found


def test_it_knows_a_street_by_its_numbers_alone():
    import_osm(TOWN)
    best = top("Olematonkatu 3")  # no highway of that name in the file
    assert (best.kind, best.label, best.house_number.found) == ("address", "Olematonkatu 3", "exact")
    assert metres(best.lon, best.lat, 24.0052, 60.0010) < 1


@pytest.mark.slow
def test_it_imports_helsinki_house_numbers_and_finds_them():
    out = import_osm(HELSINKI)
    assert AddressPoint.objects.filter(source="osm").count() > 1400
    linked = AddressPoint.objects.filter(street__isnull=False).count() / AddressPoint.objects.count()
    assert linked > 0.97, out
    twelve = top("Mannerheimintie 12")
    assert twelve.house_number.found == "exact" and twelve.label == "Mannerheimintie 12"
    for query in ("mannerheimint 12 A", "Mannerhiemintie 12"):
        best = top(query)
        assert best.kind == "address" and metres(best.lon, best.lat, twelve.lon, twelve.lat) < 30, query
    b = top("Aleksanterinkatu 15 b")
    assert (b.house_number.found, b.label) == ("exact", "Aleksanterinkatu 15 B")
    assert top("خیابان Mannerheimintie").house_number is None  # a Persian type word: read as before
