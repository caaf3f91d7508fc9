"""A replay through the API: `GET /api/v1/requests/duplicates?at=` answers with what was open at that moment."""

from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from intake.models import Status
from tests.intake.factories import CENTRE, categories_make, city_make, request_make

pytestmark = pytest.mark.django_db
URL = "/api/v1/requests/duplicates"


@pytest.fixture
def cats():
    city_make()
    return categories_make()


@pytest.fixture
def client(operator):
    client = APIClient()
    client.force_authenticate(operator)
    return client


def codes(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [row["tracking_code"] for row in response.json()["candidates"]]


def test_it_answers_with_what_was_open_at_the_moment_given(cats, client):
    now = timezone.now()
    closed_since = request_make(cats["pothole"], east_m=20, days_ago=0.25, status=Status.CLOSED,
                                closed_at=now - timedelta(hours=1))  # open 6 h ago to 1 h ago
    newer = request_make(cats["pothole"], east_m=40, days_ago=0.02)  # registered about half an hour ago
    query = {"lon": CENTRE[0], "lat": CENTRE[1], "category": "roads.pothole", "text": "چاله"}

    assert codes(client.get(URL, query)) == [newer.tracking_code]
    two_hours_ago = (now - timedelta(hours=2)).isoformat()
    then = client.get(URL, {**query, "at": two_hours_ago})
    assert codes(then) == [closed_since.tracking_code]
    assert then.json()["at"] == two_hours_ago
    row = then.json()["candidates"][0]
    assert 3.9 < row["age_days"] * 24 < 4.1  # its age as it was then
    before_both = (now - timedelta(hours=7)).astimezone(timezone.get_fixed_timezone(-300)).isoformat()
    assert codes(client.get(URL, {**query, "at": before_both})) == []  # another offset, the same instant rules


def test_it_reads_a_time_without_an_offset_in_the_servers_time_zone(cats, client):
    now = timezone.localtime()
    request_make(cats["pothole"], east_m=20, days_ago=0.25, status=Status.CLOSED, closed_at=now - timedelta(hours=1))
    query = {"lon": CENTRE[0], "lat": CENTRE[1], "category": "roads.pothole"}
    local = (now - timedelta(hours=2)).replace(tzinfo=None).isoformat(timespec="seconds")
    response = client.get(URL, {**query, "at": local})
    assert len(codes(response)) == 1
    assert response.json()["at"].startswith(local)


@pytest.mark.parametrize("value", ["yesterday", "2026-13-01T10:00:00", "2026-02-30T10:00:00", "10:00",
                                   "0001-01-05T00:00:00+00:00", "9999-01-01T00:00:00"])  # no window before year 1
def test_it_refuses_a_bad_at_with_a_400_in_the_api_error_shape(cats, client, value):
    response = client.get(URL, {"lon": CENTRE[0], "lat": CENTRE[1], "at": value})
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid" and list(body["errors"]) == ["at"]
    assert "ISO 8601" in body["errors"]["at"][0] and body["message"]
    assert body["detail"]["fa"] != body["detail"]["en"] and "ISO 8601" in body["detail"]["en"]
