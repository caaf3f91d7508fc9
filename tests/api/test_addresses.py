import pytest
from django.test import Client

from addresses.models import QueryReview
from tests.addresses.small_city import build_small_city

pytestmark = pytest.mark.django_db

SUGGEST = "/api/v1/addresses/suggest"
REVERSE = "/api/v1/addresses/reverse"


@pytest.fixture
def city():
    return build_small_city()


@pytest.fixture
def maryam(operator):
    client = Client()
    client.force_login(operator)
    return client


def test_it_requires_login(city):
    assert Client().get(SUGGEST, {"q": "ونک"}).status_code in (401, 403)
    assert Client().get(REVERSE, {"lon": 51.44, "lat": 35.72}).status_code in (401, 403)


def test_it_suggests_places_with_region_district_and_what_matched(city, maryam):
    response = maryam.get(SUGGEST, {"q": "خ ولیعصر ک نیلوفر", "limit": 3})
    assert response.status_code == 200
    body = response.json()
    assert body["query"] == "خ ولیعصر ک نیلوفر" and len(body["results"]) <= 3
    best = body["results"][0]
    assert best["kind"] == "alley" and best["region"]["number"] == 1 and best["district"]["code"] == "1-2"
    assert best["record_id"] == f"street:{city['niloufar'].pk}" and best["synthetic"] is True
    assert {m["label"] for m in best["matched"]} >= {"خیابان ولیعصر", "کوچه نیلوفر"}


def test_it_biases_toward_the_region_the_operator_chose(city, maryam):
    from addresses.models import Street
    from tests.addresses.small_city import line

    Street.objects.create(name_fa="خیابان بهار", geom=line((51.41, 35.73), (51.42, 35.73)))
    Street.objects.create(name_fa="خیابان بهار", geom=line((51.46, 35.73), (51.47, 35.73)))
    from addresses.services import address_data_version_bump

    address_data_version_bump()
    for region in (1, 2):
        best = maryam.get(SUGGEST, {"q": "خ بهار", "region": region}).json()["results"][0]
        assert best["region"]["number"] == region


@pytest.mark.parametrize("params, word", [
    ({}, "q"), ({"q": "   "}, "q"), ({"q": "ونک", "limit": "ten"}, "limit"), ({"q": "ونک", "limit": 500}, "limit"),
    ({"q": "ونک", "region": "x"}, "region"), ({"q": "ونک" * 200}, "300"),
])
def test_it_rejects_bad_suggest_input_in_persian_and_english(city, maryam, params, word):
    response = maryam.get(SUGGEST, params)
    assert response.status_code == 400
    body = response.json()
    assert word in body["detail_en"] and word in body["detail_fa"] and body["detail"].startswith(body["detail_fa"])
    assert any("\u0600" <= ch <= "\u06ff" for ch in body["detail_fa"])


def test_it_accepts_persian_digits_in_numbers(city, maryam):
    assert maryam.get(SUGGEST, {"q": "ونک", "limit": "۲"}).status_code == 200
    response = maryam.get(REVERSE, {"lon": "۵۱٫۴۴", "lat": "35.7203"})
    assert response.status_code == 200 and response.json()["district"]["code"] == "1-2"


@pytest.mark.parametrize("params, word", [
    ({"lat": 35.7}, "lon"), ({"lon": "east", "lat": 35.7}, "lon"), ({"lon": 51.4, "lat": 95}, "lat"),
    ({"lon": "nan", "lat": 35.7}, "lon"),
])
def test_it_rejects_bad_reverse_input(city, maryam, params, word):
    response = maryam.get(REVERSE, params)
    assert response.status_code == 400 and word in response.json()["detail_en"]


def test_it_reverse_geocodes_a_map_click(city, maryam):
    body = maryam.get(REVERSE, {"lon": 51.4701, "lat": 35.7249}).json()
    assert body["landmark"]["name"] == "ایستگاه مترو قلهک" and body["region"]["number"] == 2


def test_it_queues_a_query_that_matched_nothing_once_and_counts_repeats(city, maryam):
    for _ in range(2):
        assert maryam.get(SUGGEST, {"q": "ززززززز ققققق"}).json()["results"] == []
    review = QueryReview.objects.get()
    assert (review.reason, review.times, review.reported_by.username) == ("unmatched", 2, "maryam")
    maryam.get(SUGGEST, {"q": "ززززززز ققققق", "record": "0"})  # as-you-type: not queued
    assert QueryReview.objects.get().times == 2


def test_it_queues_an_operator_correction_with_the_place_chosen(city, maryam):
    response = maryam.post("/api/v1/addresses/corrections", {
        "query": "میدون ونک", "suggested_label": "خیابان ولیعصر", "suggested_record": "street:1",
        "chosen_label": "میدان ونک", "chosen_record": f"landmark:{city['vanak'].pk}",
    }, content_type="application/json")
    assert response.status_code == 201
    review = QueryReview.objects.get()
    assert review.reason == "corrected" and review.landmark == city["vanak"]
    bad = maryam.post("/api/v1/addresses/corrections", {"query": "x"}, content_type="application/json")
    assert bad.status_code == 400


def test_it_serves_region_outlines_for_the_widget_map(city, maryam):
    body = maryam.get("/api/v1/addresses/regions.geojson").json()
    assert [f["properties"]["number"] for f in body["features"]] == [1, 2]


@pytest.mark.parametrize("body", ["[]", "null", "42"])
def test_it_refuses_a_correction_that_is_not_a_json_object(client, operator, body):
    client.force_login(operator)
    response = client.post("/api/v1/addresses/corrections", data=body, content_type="application/json")
    assert response.status_code == 400
    assert "JSON" in response.content.decode()


def test_it_answers_a_street_and_house_number_with_how_the_number_was_placed(maryam):
    from io import StringIO
    from pathlib import Path

    from django.core.management import call_command

    town = Path(__file__).resolve().parents[1] / "fixtures" / "osm" / "housenumbers.osm"
    call_command("import_osm", str(town), stdout=StringIO(), stderr=StringIO(), verbosity=0)
    best = maryam.get(SUGGEST, {"q": "Koekatu 5a"}).json()["results"][0]
    assert (best["kind"], best["label"]) == ("address", "Koekatu 5 A")
    assert best["house_number"] == {"number": "5a", "found": "exact", "number_found": True, "housenumber": "5 A",
                                    "address_id": best["house_number"]["address_id"]}
    missing = maryam.get(SUGGEST, {"q": "Koekatu 99"}).json()["results"][0]
    assert missing["kind"] == "street" and missing["house_number"]["number_found"] is False
    persian = maryam.get(SUGGEST, {"q": "خ ولیعصر پلاک ۱۲"}).json()["results"]
    assert all("house_number" not in r for r in persian)
