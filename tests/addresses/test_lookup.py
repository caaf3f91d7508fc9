import pytest

from addresses.lookup import address_reverse, address_suggest, answer_json
from tests.addresses.small_city import build_small_city

pytestmark = pytest.mark.django_db


@pytest.fixture
def city():
    return build_small_city()


def test_it_reverse_geocodes_a_click_to_the_nearest_street_with_region_and_district(city):
    result = address_reverse(lon=51.44, lat=35.7203)
    assert result["street"]["name"] == "خیابان ولیعصر" and result["street"]["distance_m"] < 40
    assert result["region"]["number"] == 1 and result["district"]["code"] == "1-2"
    assert result["synthetic"] is True and "خیابان ولیعصر" in result["label"]


def test_it_mentions_a_landmark_next_to_the_click(city):
    result = address_reverse(lon=51.4701, lat=35.7249)
    assert result["landmark"]["name"] == "ایستگاه مترو قلهک" and result["landmark"]["distance_m"] < 20
    assert result["district"]["code"] == "2-1"


def test_it_finds_nothing_near_a_click_far_outside_the_city(city):
    result = address_reverse(lon=52.5, lat=36.5)
    assert result["street"] is None and result["landmark"] is None and result["region"]["number"] is None


def test_it_answers_arabic_letters_and_colloquial_forms_with_region_and_district(city):
    answer = address_suggest(query="بيمارستان شهيد رجايي", limit=3)
    best = answer_json(answer)["results"][0]
    assert best["label"] == "بیمارستان شهید رجایی"
    assert best["region"] == {"number": 2, "name": "منطقه ۲"} and best["district"]["code"] == "2-1"
    assert best["synthetic"] is False and answer.ms < 1000


def test_it_returns_nothing_for_an_empty_query(city):
    assert address_suggest(query="   ").suggestions == []
