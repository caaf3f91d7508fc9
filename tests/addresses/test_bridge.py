import pytest

from addresses.bridge import gazetteer_current, gazetteer_records, record_source
from addresses.models import Alias, Landmark
from addresses.services import address_data_version_bump
from tests.addresses.small_city import build_small_city

pytestmark = pytest.mark.django_db


@pytest.fixture
def city():
    return build_small_city()


def by_name(records, name):
    return [r for r in records if r.name == name]


def test_it_cuts_a_street_crossing_two_districts_into_segments_of_one_group(city):
    segments = by_name(gazetteer_records(), "خیابان ولیعصر")
    assert sorted(s.district_code for s in segments) == ["1-1", "1-2"]
    assert {s.group_id for s in segments} == {f"street:{city['valiasr'].pk}"}
    west = next(s for s in segments if s.district_code == "1-1")
    # each segment has its own line inside its district and a representative point on it
    assert max(x for part in west.line for x, _ in part) == pytest.approx(51.425, abs=1e-6)
    assert 51.405 <= west.lon <= 51.425 and west.lat == pytest.approx(35.72)
    assert west.region_no == 1 and west.aliases == ("پهلوی",) and west.synthetic


def test_it_hangs_alleys_off_their_parent_and_places_them_by_geometry(city):
    (alley,) = by_name(gazetteer_records(), "کوچه نیلوفر")
    assert alley.kind == "alley" and alley.parent_id == f"street:{city['valiasr'].pk}"
    assert (alley.region_no, alley.district_code) == (1, "1-2")


def test_it_gives_landmarks_and_areas_their_region_and_district_from_geometry(city):
    records = gazetteer_records()
    (metro,) = by_name(records, "ایستگاه مترو قلهک")
    assert (metro.kind, metro.region_no, metro.district_code, metro.aliases) == ("metro", 2, "2-1", ("مترو قلهک",))
    assert not metro.synthetic
    (hood,) = by_name(records, "محله یوسف‌آباد")
    assert (hood.kind, hood.district_code, hood.synthetic) == ("neighbourhood", "1-1", True)
    assert {r.kind for r in records} >= {"street", "alley", "square", "metro", "landmark", "region", "district"}


def test_it_suggests_the_alley_inside_the_named_street_with_its_district(city):
    best = gazetteer_current().gazetteer.suggest("خ ولیعصر ک نیلوفر", limit=3)[0]
    assert best.kind == "alley" and (best.region_no, best.district_code) == (1, "1-2")
    assert record_source(best.record_id) == ("street", city["niloufar"].pk)


def test_it_resolves_the_street_segment_near_the_named_square(city):
    best = gazetteer_current().gazetteer.suggest("خیابون ولیعصر نرسیده به میدون ونک", limit=3)[0]
    assert best.district_code == "1-1"


def test_it_finds_a_street_by_its_old_name(city):
    best = gazetteer_current().gazetteer.suggest("پهلوی", limit=3)[0]
    assert best.label == "خیابان ولیعصر"


def test_it_rebuilds_the_index_when_the_address_data_version_moves(city):
    first = gazetteer_current()
    assert gazetteer_current() is first  # unchanged data: the same index
    assert not any(s.label == "میدان تجریش" for s in first.gazetteer.suggest("میدان تجریش"))
    Landmark.objects.create(name_fa="میدان تجریش", kind="square", geom=city["vanak"].geom)
    assert gazetteer_current() is first  # not yet announced
    address_data_version_bump()
    rebuilt = gazetteer_current()
    assert rebuilt is not first
    assert rebuilt.gazetteer.suggest("م تجریش")[0].label == "میدان تجریش"


def test_it_learns_a_new_alias_after_the_bump(city):
    Alias.objects.create(landmark=city["hospital"], name="بیمارستان قلب", kind=Alias.Kind.COLLOQUIAL)
    address_data_version_bump()
    best = gazetteer_current().gazetteer.suggest("بیمارستان قلب")[0]
    assert record_source(best.record_id) == ("landmark", city["hospital"].pk)


def test_it_maps_record_ids_back_to_database_rows():
    assert record_source("street:12@6-2") == ("street", 12)
    assert record_source("landmark:7") == ("landmark", 7)
    assert record_source("intersection") is None and record_source("") is None
