"""Every API error in one shape, {"errors": {field: [messages]}, "message": "…"}, in the request's language."""

import json
import uuid

import pytest
from django.core.cache import cache
from django.utils import translation
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.test import APIClient, APIRequestFactory
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView

from intake.api_support import IntakeRole
from intake.tokens import api_token_create
from tests.intake.factories import CENTRE, categories_make, city_make
from tests.workflow.factories import request_make
from workflow.followup import integration_token_create
from workflow.services import workflow_start

pytestmark = pytest.mark.django_db


def persian(text: str) -> bool:
    return any("\u0600" <= ch <= "\u06ff" for ch in text)


def shaped(response, status: int, *fields: str) -> dict:
    """The common shape: a status, one message, errors by field (the named ones, or "__all__")."""
    assert response.status_code == status, response.content
    body = json.loads(response.content)
    assert isinstance(body["message"], str) and body["message"]
    assert isinstance(body["errors"], dict) and body["errors"]
    assert all(isinstance(m, list) and m and all(isinstance(s, str) and s for s in m) for m in body["errors"].values())
    assert set(body["errors"]) == set(fields or ["__all__"])
    return body


@pytest.fixture
def api(operator):
    client = APIClient()
    client.force_authenticate(operator)
    return client


def test_it_answers_serializer_validation_errors_by_field(client):
    token = integration_token_create(name="automation")
    response = client.post("/api/v1/workflow/letters/", {"letter_date": "not a date"}, content_type="application/json",
                           HTTP_AUTHORIZATION=f"Token {token}")
    body = shaped(response, 400, "tracking_code", "letter_number", "letter_date", "subject", "direction")
    assert persian(body["message"])
    assert body["error"] == "invalid input" and body["fields"]["letter_date"]  # the keys clients read before


def test_it_answers_intake_refusals_by_field_with_their_status(operator):
    city_make()
    categories_make()
    _token, key = api_token_create(user=operator, name="app")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    response = client.post("/api/v1/requests/", {"category": "roads.pothole", "text": "چاله", "phone": "0912",
                                                 "lon": CENTRE[0], "lat": CENTRE[1]}, format="json")
    body = shaped(response, 400, "phone")
    assert body["message"] == body["errors"]["phone"][0] and persian(body["message"])
    assert body["detail"]["fa"] and body["detail"]["en"]  # intake's bilingual detail, kept
    bad_key = client.post("/api/v1/requests/", {"category": "roads.pothole", "text": "x", "lon": CENTRE[0],
                                                "lat": CENTRE[1]}, format="json", HTTP_IDEMPOTENCY_KEY="k")
    again = client.post("/api/v1/requests/", {"category": "roads.pothole", "text": "y", "lon": CENTRE[0],
                                              "lat": CENTRE[1]}, format="json", HTTP_IDEMPOTENCY_KEY="k")
    assert bad_key.status_code == 201
    shaped(again, 422, "Idempotency-Key")


def test_it_answers_an_anonymous_caller_with_401_or_403_and_asks_to_log_in():
    response = APIClient().get("/api/v1/requests/duplicates", {"lon": CENTRE[0], "lat": CENTRE[1]})
    body = shaped(response, response.status_code)
    assert response.status_code in (401, 403) and persian(body["message"]) and body["detail"] == body["message"]


def test_it_answers_a_bad_token_with_401():
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    shaped(client.post("/api/v1/requests/", {}, format="json"), 401)


def test_it_answers_permission_denied_with_the_permissions_own_message(outsider, planner):
    client = APIClient()
    client.force_authenticate(outsider)
    body = shaped(client.get("/api/v1/requests/duplicates", {"lon": CENTRE[0], "lat": CENTRE[1]}), 403)
    assert persian(body["message"])
    client.force_authenticate(planner)
    body = shaped(client.get("/api/v1/requests/screen-pop", {"phone": "09121234567"}), 403)
    with translation.override("fa"):
        assert body["message"] == str(IntakeRole.message)  # the permission's own words, in Persian


def test_it_answers_404_in_the_common_shape(api, planner):
    body = shaped(api.get(f"/api/v1/workflow/uploads/{uuid.uuid4()}/"), 404)
    assert body["code"] == "no_upload" and body["error_fa"]
    api.force_authenticate(planner)
    body = shaped(api.get("/api/v1/hotspots/runs/999999/"), 404)
    assert " / " in body["detail"]  # the hotspots API's older "fa / en" detail, kept


def test_it_answers_a_wrong_method_with_405(api):
    body = shaped(api.delete("/api/v1/requests/screen-pop"), 405)
    assert "DELETE" in body["message"] and persian(body["message"])


def test_it_answers_an_unsupported_content_type_with_415(api):
    body = shaped(api.post("/api/v1/requests/", "category=roads", content_type="text/plain"), 415)
    assert "text/plain" in body["message"]


def test_it_answers_a_body_that_is_not_json_with_400(api, planner):
    api.force_authenticate(planner)
    body = shaped(api.generic("POST", "/api/v1/hotspots/runs/", "{not json", content_type="application/json"), 400)
    assert body["code"] == "parse_error" and persian(body["message"])
    body = shaped(api.generic("POST", "/api/v1/requests/", "{not json", content_type="application/json"), 400)
    assert body["detail"]["en"] == "The body is not valid JSON."


class ThrottledView(APIView):
    """An endpoint allowed once a minute: what a throttled API answers."""

    permission_classes = [AllowAny]

    class Throttle(AnonRateThrottle):
        rate = "1/min"

    throttle_classes = [Throttle]

    def get(self, request):
        return Response({"ok": True})


def test_it_answers_throttling_with_429_and_when_to_retry():
    cache.clear()
    view = ThrottledView.as_view()
    factory = APIRequestFactory()
    assert view(factory.get("/throttled")).status_code == 200
    response = view(factory.get("/throttled"))
    response.render()
    body = shaped(response, 429)
    assert response["Retry-After"] and persian(body["message"]) and body["code"] == "throttled"


def test_it_answers_refused_transitions_with_their_status_and_older_keys(api, operator):
    request = request_make()
    workflow_start(request=request, actor=operator)
    response = api.post(f"/api/v1/workflow/cases/{request.tracking_code}/transitions/", {"operation": "teleport"},
                        format="json")
    body = shaped(response, 409)
    assert body["message"] == body["error_fa"] and body["error"] and body["code"]  # error / error_fa: kept


def test_it_answers_a_bad_inbox_filter_with_400_never_500(api):
    body = shaped(api.get("/api/v1/workflow/inbox/receipt/", {"date_from": "yesterday"}), 400)
    assert body["code"] == "bad_filter" and "۱۴۰۳" in body["message"]


def test_it_answers_bad_address_parameters_by_parameter(api):
    body = shaped(api.get("/api/v1/addresses/reverse", {"lon": "east", "lat": "35.7"}), 400, "lon")
    assert body["message"] == body["detail_fa"] and body["detail"].startswith(body["detail_fa"])


def test_it_answers_in_english_when_the_request_asks_for_english(client, planner, operator):
    token = integration_token_create(name="automation")
    response = client.post("/api/v1/workflow/letters/", {}, content_type="application/json",
                           HTTP_AUTHORIZATION=f"Token {token}", HTTP_ACCEPT_LANGUAGE="en")
    body = shaped(response, 400, "tracking_code", "letter_number", "letter_date", "subject", "direction")
    assert body["message"] == "Some values are not valid; see the errors of each field."
    assert body["errors"]["subject"] == ["This field is required."]
    client.force_login(operator)
    body = shaped(client.delete("/api/v1/requests/screen-pop", HTTP_ACCEPT_LANGUAGE="en"), 405)
    assert body["message"] == "The method DELETE is not allowed here."
    body = shaped(client.get("/api/v1/addresses/reverse", {"lat": "35.7"}, HTTP_ACCEPT_LANGUAGE="en"), 400, "lon")
    assert body["message"] == "The lon parameter is required."
    client.force_login(planner)
    body = shaped(client.get("/api/v1/hotspots/runs/999999/", HTTP_ACCEPT_LANGUAGE="en"), 404)
    assert body["message"] == "No such hotspot run."


def test_it_answers_an_unknown_api_path_with_a_json_404_in_the_common_shape(client, operator):
    client.force_login(operator)
    response = client.get("/api/v1/workflow/inbox/%F0%9F%98%80/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 404 and response["Content-Type"].startswith("application/json")
    assert response.json()["code"] == "not_found" and response.json()["errors"]["__all__"]
    assert "<html" in client.get("/no-such-page/").content.decode().lower()  # pages keep Django's page
