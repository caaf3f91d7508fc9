
import pytest
from rest_framework.test import APIClient

from intake.models import IdempotencyRecord, ServiceRequest
from intake.tokens import api_token_create
from tests.intake.factories import CENTRE, categories_make, city_make, request_make

pytestmark = pytest.mark.django_db


@pytest.fixture
def cats():
    city_make()
    return categories_make()


@pytest.fixture
def client_for():
    def make(user):
        client = APIClient()
        client.force_authenticate(user)
        return client
    return make


@pytest.fixture
def token_client(operator):
    _token, key = api_token_create(user=operator, name="mobile app")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def body(cats, **extra):
    data = {"category": "roads.pothole", "text": "چاله عمیق", "phone": "09121234567", "lon": CENTRE[0],
            "lat": CENTRE[1], "channel": "app"}
    data.update(extra)
    return data


# ---- duplicates


def test_it_ranks_duplicate_candidates_with_distance_age_score_and_reason(cats, operator, client_for):
    near = request_make(cats["pothole"], east_m=25, days_ago=2)
    far = request_make(cats["pothole"], east_m=110, days_ago=10)
    request_make(cats["pothole"], east_m=400)
    response = client_for(operator).get("/api/v1/requests/duplicates", {
        "lon": CENTRE[0], "lat": CENTRE[1], "category": "roads.pothole", "text": "چاله"})
    assert response.status_code == 200
    rows = response.json()["candidates"]
    assert [r["tracking_code"] for r in rows] == [near.tracking_code, far.tracking_code]
    assert 20 < rows[0]["distance_m"] < 30 and 1.9 < rows[0]["age_days"] < 2.1
    assert rows[0]["score"] > rows[1]["score"]
    assert "متر" in rows[0]["reason"] and "m away" in rows[0]["reason_en"]


def test_it_weighs_the_address_and_keeps_other_regions_cases_out_of_a_scoped_users_duplicates(cats, operator,
                                                                                             client_for):
    from addresses.models import Region
    from tests.intake.factories import region_beside
    from tests.personas import persona_scope

    region6 = Region.objects.get(number=6)
    region7 = region_beside(region6)
    nearer = request_make(cats["pothole"], east_m=5, region=region6, address_text="خیابان آزادی پلاک ۹")
    same = request_make(cats["pothole"], east_m=45, region=region6, address_text="خ آزادی پ ۱۲")
    hidden = request_make(cats["pothole"], east_m=10, region=region7, address_text="خیابان آزادی پلاک ۱۲")
    persona_scope(operator, regions=[region6])
    response = client_for(operator).get("/api/v1/requests/duplicates", {
        "lon": CENTRE[0], "lat": CENTRE[1], "category": "roads.pothole", "address": "خیابان آزادی، پلاک ۱۲"})
    body = response.json()
    assert [r["tracking_code"] for r in body["candidates"]] == [same.tracking_code, nearer.tracking_code]
    assert body["candidates"][0]["address_match"] == "same" and "same address" in body["candidates"][0]["reason_en"]
    assert hidden.tracking_code not in response.content.decode()
    assert (body["kind"], body["radius_m"], body["window_days"]) == ("street", 150, 14)


def test_it_builds_both_languages_reasons_from_one_duplicate_search(cats, operator, client_for):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    request_make(cats["pothole"], east_m=25, days_ago=2)
    with CaptureQueriesContext(connection) as queries:
        response = client_for(operator).get("/api/v1/requests/duplicates", {
            "lon": CENTRE[0], "lat": CENTRE[1], "category": "roads.pothole", "text": "چاله"})
    searches = [q["sql"] for q in queries.captured_queries if "st_dwithin" in q["sql"].lower()]
    assert len(searches) == 1
    row = response.json()["candidates"][0]
    assert "۲۵ متر" in row["reason"] and row["reason_en"].startswith("25 m away")


@pytest.mark.parametrize("params", [
    {"lat": "35.7"}, {"lon": "x", "lat": "35.7"}, {"lon": "51.41", "lat": "95"},
    {"lon": "51.41", "lat": "35.7", "category": "nope"},
])
def test_it_answers_bad_duplicate_queries_with_a_bilingual_400(cats, operator, client_for, params):
    response = client_for(operator).get("/api/v1/requests/duplicates", params)
    assert response.status_code == 400
    detail = response.json()["detail"]
    assert detail["fa"] and detail["en"] and detail["fa"] != detail["en"]


def test_it_shows_duplicate_candidates_only_to_platform_staff(cats, outsider, client_for):
    request_make(cats["pothole"], east_m=25)
    assert APIClient().get("/api/v1/requests/duplicates",
                           {"lon": CENTRE[0], "lat": CENTRE[1]}).status_code in (401, 403)
    assert client_for(outsider).get("/api/v1/requests/duplicates",
                                    {"lon": CENTRE[0], "lat": CENTRE[1]}).status_code == 403


# ---- create


def test_it_creates_a_request_through_the_api_with_a_token(cats, token_client):
    response = token_client.post("/api/v1/requests/", body(cats), format="json")
    assert response.status_code == 201, response.content
    request = ServiceRequest.objects.get(tracking_code=response.json()["tracking_code"])
    assert request.channel == "app" and request.citizen.phone == "09121234567"


def test_it_refuses_the_api_without_a_valid_token(cats):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    assert client.post("/api/v1/requests/", body(cats), format="json").status_code == 401
    assert not ServiceRequest.objects.exists()


def test_it_never_creates_two_requests_for_the_same_idempotency_key_and_body(cats, token_client):
    first = token_client.post("/api/v1/requests/", body(cats), format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    again = token_client.post("/api/v1/requests/", body(cats), format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    assert first.status_code == again.status_code == 201
    assert first.json()["tracking_code"] == again.json()["tracking_code"]
    assert again["Idempotent-Replayed"] == "true"
    assert ServiceRequest.objects.count() == 1


def test_it_answers_422_when_an_idempotency_key_comes_back_with_another_body(cats, token_client):
    token_client.post("/api/v1/requests/", body(cats), format="json", HTTP_IDEMPOTENCY_KEY="k-2")
    other = token_client.post("/api/v1/requests/", body(cats, text="درخت افتاده"), format="json",
                              HTTP_IDEMPOTENCY_KEY="k-2")
    assert other.status_code == 422
    assert "Idempotency-Key" in other.json()["detail"]["en"]
    assert ServiceRequest.objects.count() == 1


def test_it_forgets_a_key_whose_request_was_refused_so_a_corrected_retry_works(cats, token_client):
    bad = token_client.post("/api/v1/requests/", body(cats, phone="123"), format="json", HTTP_IDEMPOTENCY_KEY="k-3")
    assert bad.status_code == 400 and not IdempotencyRecord.objects.exists()
    good = token_client.post("/api/v1/requests/", body(cats), format="json", HTTP_IDEMPOTENCY_KEY="k-3")
    assert good.status_code == 201


def test_it_keeps_keys_per_client(cats, token_client, followup_expert):
    _t, key = api_token_create(user=followup_expert, name="partner")
    other = APIClient()
    other.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    token_client.post("/api/v1/requests/", body(cats), format="json", HTTP_IDEMPOTENCY_KEY="same")
    other.post("/api/v1/requests/", body(cats), format="json", HTTP_IDEMPOTENCY_KEY="same")
    assert ServiceRequest.objects.count() == 2


@pytest.mark.parametrize(("data", "status"), [
    ({"category": "unknown.cat"}, 400),
    ({"phone": "0912"}, 400),
    ({"text": "x" * 4001}, 400),
    ({"lon": "abc"}, 400),
    ({"channel": "pigeon"}, 400),
])
def test_it_answers_bad_api_bodies_with_a_clear_4xx_and_saves_nothing(cats, token_client, data, status):
    response = token_client.post("/api/v1/requests/", body(cats, **data), format="json")
    assert response.status_code == status, response.content
    assert response.json()["detail"]["fa"]
    assert not ServiceRequest.objects.exists()


def test_it_answers_malformed_json_with_400(cats, token_client):
    response = token_client.generic("POST", "/api/v1/requests/", "{not json", content_type="application/json")
    assert response.status_code == 400
    assert not ServiceRequest.objects.exists()


# ---- screen pop


def test_it_pops_the_callers_record_with_earlier_messages(cats, operator, client_for):
    from intake.services import request_register

    code = request_register(channel="phone", category=cats["pothole"], text="چاله", phone="09121234567",
                            lon=CENTRE[0], lat=CENTRE[1]).tracking_code
    response = client_for(operator).get("/api/v1/requests/screen-pop", {"phone": "+989121234567"})
    data = response.json()
    assert data["found"] and data["citizen"]["phone"] == "09121234567"
    assert [r["tracking_code"] for r in data["requests"]] == [code]
    assert client_for(operator).get("/api/v1/requests/screen-pop", {"phone": "09350000000"}).json()["found"] is False


def test_it_hides_citizens_records_from_roles_outside_receipt(cats, planner, client_for):
    assert client_for(planner).get("/api/v1/requests/screen-pop", {"phone": "09121234567"}).status_code == 403


def test_it_lets_no_user_without_a_role_register_a_request(cats, outsider):
    _t, key = api_token_create(user=outsider, name="stray")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    response = client.post("/api/v1/requests/", body(cats), format="json")
    assert response.status_code == 403 and "نقشی" in response.content.decode("utf-8")
# ---- bidirectional control characters


def test_it_stores_api_text_without_bidi_overrides(cats, token_client):
    rlo, pdf = "\u202e", "\u202c"
    response = token_client.post("/api/v1/requests/", body(cats, text=f"چاله {rlo}gpj.exe{pdf}", name=f"{rlo}سارا",
                                                           address_text=f"کوچه{pdf} ۱۲"), format="json")
    assert response.status_code == 201, response.content
    request = ServiceRequest.objects.get(tracking_code=response.json()["tracking_code"])
    assert (request.text, request.address_text, request.citizen.name) == ("چاله gpj.exe", "کوچه ۱۲", "سارا")


def test_it_counts_a_text_of_only_bidi_controls_as_blank(cats, token_client):
    response = token_client.post("/api/v1/requests/", body(cats, category="\u202e\u202c"), format="json")
    assert response.status_code == 400 and "category" in response.json()["errors"]
    assert not ServiceRequest.objects.exists()
