import shutil
import subprocess
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from addresses.bridge import gazetteer_current
from addresses.models import AddressDataVersion, Alias, District, Landmark, Region, Street
from tests.addresses.small_city import square

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
HELSINKI = FIXTURES / "osm" / "helsinki.osm.pbf"
BOUNDARIES = FIXTURES / "boundaries"
needs_ogr2ogr = pytest.mark.skipif(shutil.which("ogr2ogr") is None, reason="ogr2ogr (gdal-bin) is not installed")


def run(command, *args):
    out, err = StringIO(), StringIO()
    call_command(command, *args, stdout=out, stderr=err, verbosity=0)
    return out.getvalue(), err.getvalue()


def version():
    row = AddressDataVersion.objects.filter(name="addresses").first()
    return row.version if row else 0


REGION_MAP = ["--level", "region", "--map", "number=REG_NO", "--map", "name_fa=NAME", "--map", "name_en=NAME_EN"]


def test_it_imports_regions_from_geojson_reporting_the_bad_feature_by_number():
    out, err = run("import_boundaries", str(BOUNDARIES / "regions.geojson"), *REGION_MAP)
    assert "regions created: 3" in out and "errors: 1" in out
    assert "feature 3: empty number" in err
    assert sorted(Region.objects.values_list("number", flat=True)) == [1, 2, 3]
    assert Region.objects.get(number=2).name_en == "Region 2"


def test_it_is_idempotent_and_bumps_the_data_version():
    run("import_boundaries", str(BOUNDARIES / "regions.geojson"), *REGION_MAP)
    before = version()
    out, _ = run("import_boundaries", str(BOUNDARIES / "regions.geojson"), *REGION_MAP)
    assert "regions updated: 3" in out and Region.objects.count() == 3 and version() == before + 1


def test_it_rolls_everything_back_in_strict_mode():
    with pytest.raises(CommandError, match="strict"):
        run("import_boundaries", str(BOUNDARIES / "regions.geojson"), *REGION_MAP, "--strict")
    assert Region.objects.count() == 0


def test_it_explains_a_wrong_field_mapping():
    with pytest.raises(CommandError, match="fields not in the file: REGION"):
        run("import_boundaries", str(BOUNDARIES / "regions.geojson"), "--level", "region",
            "--map", "number=REGION", "--map", "name_fa=NAME")
    with pytest.raises(CommandError, match="map these fields"):
        run("import_boundaries", str(BOUNDARIES / "regions.geojson"), "--level", "region", "--map", "number=REG_NO")


@needs_ogr2ogr
def test_it_imports_a_shapefile_and_a_geopackage_finding_parents_by_geometry(tmp_path):
    shp = tmp_path / "regions.shp"
    gpkg = tmp_path / "districts.gpkg"
    subprocess.run(["ogr2ogr", "-f", "ESRI Shapefile", "-lco", "ENCODING=UTF-8", str(shp),
                    str(BOUNDARIES / "regions.geojson")], check=True)
    subprocess.run(["ogr2ogr", "-f", "GPKG", "-nln", "districts", str(gpkg), str(BOUNDARIES / "districts.geojson")],
                   check=True)
    run("import_boundaries", str(shp), *REGION_MAP)
    assert Region.objects.get(number=1).name_fa == "منطقه ۱"  # Persian survives the DBF
    out, _ = run("import_boundaries", str(gpkg), "--level", "district", "--layer", "districts",
                 "--map", "code=CODE", "--map", "name_fa=NAME")
    assert "districts created: 3" in out
    assert {d.code: d.region.number for d in District.objects.select_related("region")} == {
        "1-1": 1, "1-2": 1, "2-1": 2}


@pytest.mark.slow
def test_it_imports_helsinki_streets_with_finnish_and_swedish_names_and_places():
    # a region drawn around central Helsinki: imported features get it by geometry
    from addresses.models import City

    city = City.objects.create(slug="helsinki", name_fa="هلسینکی")
    Region.objects.create(city=city, number=1, name_fa="Keskusta", geom=square(24.90, 60.15, 24.98, 60.19))
    before = version()
    out, _ = run("import_osm", str(HELSINKI))
    assert version() == before + 1
    streets = Street.objects.filter(source="osm")
    assert streets.count() > 300
    street = streets.filter(name_fa="Erottajankatu").first()
    assert street is not None and street.region.number == 1
    assert set(street.aliases.values_list("name", flat=True)) >= {"Skillnadsgatan"}
    assert Landmark.objects.filter(source="osm").count() > 20
    # the Swedish name finds the Finnish street through the gazetteer
    best = gazetteer_current().gazetteer.suggest("Skillnadsgatan", limit=1)[0]
    assert best.label.endswith("Erottajankatu") and best.region_no == 1
    # importing again changes nothing but the counts' wording
    streets_before, aliases_before = streets.count(), Alias.objects.count()
    out2, _ = run("import_osm", str(HELSINKI))
    assert "streets updated" in out2 and "streets created" in out2
    assert Street.objects.filter(source="osm").count() == streets_before and Alias.objects.count() == aliases_before


def test_it_refuses_a_file_that_is_not_osm(tmp_path):
    with pytest.raises(CommandError, match="not an OpenStreetMap file|cannot open"):
        run("import_osm", str(BOUNDARIES / "regions.geojson"))


@pytest.fixture
def boundaries():
    run("import_boundaries", str(BOUNDARIES / "regions.geojson"), *REGION_MAP)
    run("import_boundaries", str(BOUNDARIES / "districts.geojson"), "--level", "district", "--map", "code=CODE",
        "--map", "name_fa=NAME")


def test_it_imports_an_address_book_with_line_numbered_errors(boundaries):
    book = FIXTURES / "address_books" / "small_city.csv"
    out, err = run("import_address_book", str(book))
    assert "streets: 2" in out and "landmarks: 3" in out and "errors: 4" in out
    assert "line 6: unknown kind 'tower'" in err
    assert "line 7: no region '9'" in err
    assert "line 8: give both lon and lat" in err
    assert "line 9: no street called 'خیابان ناشناس'" in err
    alley = Street.objects.get(name_fa="کوچه نیلوفر")
    assert alley.parent.name_fa == "خیابان ولیعصر" and alley.kind == "alley"
    metro = Landmark.objects.get(name_fa="ایستگاه مترو قلهک")  # Persian digits in lon/lat
    assert (metro.region.number, metro.district.code) == (2, "2-1")  # placed by geometry
    assert set(Street.objects.get(name_fa="خیابان ولیعصر").aliases.values_list("name", flat=True)) == {"پهلوی", "مصدق"}
    best = gazetteer_current().gazetteer.suggest("میدون ونک", limit=1)[0]
    assert best.district_code == "1-1"


def test_it_updates_instead_of_duplicating_an_address_book(boundaries):
    book = FIXTURES / "address_books" / "small_city.csv"
    run("import_address_book", str(book))
    counts = (Street.objects.count(), Landmark.objects.count(), Alias.objects.count())
    run("import_address_book", str(book))
    assert (Street.objects.count(), Landmark.objects.count(), Alias.objects.count()) == counts


def test_it_refuses_a_book_without_the_needed_columns(tmp_path):
    book = tmp_path / "bad.csv"
    book.write_text("title,lon,lat\nx,1,2\n", encoding="utf-8")
    with pytest.raises(CommandError, match="name and kind"):
        run("import_address_book", str(book))


def test_it_reads_persian_and_arabic_indic_digits_in_an_address_book(boundaries, tmp_path):
    book = tmp_path / "digits.csv"
    book.write_text(
        "name,kind,parent,region,district,lon,lat,aliases\n"
        "پارک لاله,landmark,,۱,,,,\n"  # region in Persian digits
        "مسجد جامع,landmark,,,٢-١,٥١٫٤٨,٣٥٫٧١,\n",  # district and coordinates in Arabic-Indic digits
        encoding="utf-8",
    )
    out, err = run("import_address_book", str(book))
    assert "landmarks: 2" in out and "errors" not in out, (out, err)
    assert Landmark.objects.get(name_fa="پارک لاله").region.number == 1
    mosque = Landmark.objects.get(name_fa="مسجد جامع")
    assert mosque.district.code == "2-1"
    assert (round(mosque.geom.x, 2), round(mosque.geom.y, 2)) == (51.48, 35.71)
