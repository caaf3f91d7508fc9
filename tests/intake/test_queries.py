"""Query counts of the operator's console: the caller's card lists 3 or 20 earlier messages in the same queries."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from intake.models import Citizen, CoReporter
from tests.intake.factories import categories_make, city_make, request_make
from tests.personas import PASSWORD

pytestmark = pytest.mark.django_db

BOUND = 15


def counted(client, url: str, params=None) -> tuple[int, str]:
    """Queries for one GET, the shared cache emptied first (so a cached flag expiring cannot change the count)."""
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(queries), response.content.decode()


def test_it_shows_the_callers_card_in_the_same_queries_for_3_and_20_earlier_messages(client, operator):
    city_make()
    cats = categories_make()
    caller = Citizen.objects.create(phone="09121234567", name="رضا")

    def add(n):
        for i in range(n):
            if i % 2:
                request_make(cats["pothole"], citizen=caller)
            else:  # a case the caller reported again
                other = request_make(cats["lamp"], citizen=Citizen.objects.create(phone=f"0935{i:03d}{n:04d}"))
                CoReporter.objects.create(request=other, citizen=caller, channel="phone")

    add(3)
    assert client.login(username=operator.username, password=PASSWORD)
    url = reverse("intake-caller")
    counted(client, url, {"q": caller.phone})
    few, _ = counted(client, url, {"q": caller.phone})
    add(17)
    many, body = counted(client, url, {"q": caller.phone})
    assert body.count("<tr><td") == 20
    print("QUERIES", "intake-caller", few, many)
    assert few == many <= BOUND


def test_it_opens_the_console_in_a_fixed_number_of_queries(client, operator):
    city_make()
    categories_make()
    assert client.login(username=operator.username, password=PASSWORD)
    counted(client, reverse("intake"))
    count, _ = counted(client, reverse("intake"))
    print("QUERIES", "intake-console", count, count)
    assert count <= BOUND
