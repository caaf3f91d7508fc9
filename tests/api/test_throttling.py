"""API create endpoints are limited per token (API_CREATE_RATE): the next create answers 429 with Retry-After in
the common error shape, in Persian and English; another token, reads, and Redis being down are handled."""

import pytest
from rest_framework.test import APIClient

from intake.models import ServiceRequest
from intake.tokens import api_token_create
from tests.intake.factories import CENTRE, categories_make, city_make

pytestmark = pytest.mark.django_db


@pytest.fixture
def cats():
    city_make()
    return categories_make()


def token_client(user, name="app"):
    _token, key = api_token_create(user=user, name=name)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def create(client, n=0):
    return client.post("/api/v1/requests/", {"category": "roads.pothole", "text": f"چاله {n}", "lon": CENTRE[0],
                                             "lat": CENTRE[1], "channel": "app"}, format="json")


def test_it_refuses_creates_beyond_the_tokens_rate_with_a_bilingual_429(cats, operator, settings):
    settings.API_CREATE_RATE = "3/m"
    client = token_client(operator)
    assert [create(client, n).status_code for n in range(3)] == [201] * 3
    refused = create(client, 3)
    assert refused.status_code == 429 and 0 < int(refused["Retry-After"]) <= 60
    body = refused.json()
    assert body["code"] == "throttled" and body["errors"]["__all__"]
    assert "بیش از حد" in body["message_fa"] and "Too many requests" in body["message_en"]
    assert body["message"] == body["message_fa"]  # Persian by default
    assert ServiceRequest.objects.count() == 3
    assert create(token_client(operator, "second app"), 4).status_code == 201  # each token has its own budget


def test_it_does_not_count_reads_against_the_create_rate(cats, operator, settings):
    settings.API_CREATE_RATE = "1/m"
    client = token_client(operator)
    for _ in range(3):
        client.get("/api/v1/requests/duplicates", {"lon": CENTRE[0], "lat": CENTRE[1]})
    assert create(client).status_code == 201


def test_it_still_limits_creates_per_process_while_redis_is_down(cats, operator, settings):
    settings.RATELIMIT_REDIS_URL = "redis://127.0.0.1:1/0"
    settings.API_CREATE_RATE = "2/m"
    client = token_client(operator)
    assert [create(client, n).status_code for n in range(3)] == [201, 201, 429]


def test_it_limits_letters_pushed_per_integration_token(cats, settings):
    from workflow.followup import integration_token_create

    settings.API_CREATE_RATE = "2/m"
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {integration_token_create(name='oa')}")
    statuses = [client.post("/api/v1/workflow/letters/", {}, format="json").status_code for _ in range(3)]
    assert statuses == [400, 400, 429]
