"""Query counts of the shell: the home page (navigation, city summary) costs the same for any number of requests,
for every persona, under a fixed bound."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.personas import PASSWORD
from tests.workflow.factories import request_make
from workflow.services import workflow_start

pytestmark = pytest.mark.django_db

BOUND = 15


def counted(client, url: str) -> tuple[int, str]:
    """Queries for one GET, the shared cache emptied first (so a cached flag expiring cannot change the count)."""
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response.content.decode()


@pytest.mark.parametrize("persona", ["operator", "followup_expert", "responder", "supervisor", "manager", "planner"])
def test_it_shows_the_home_page_in_the_same_queries_for_3_and_30_requests(client, request, persona, operator):
    user = request.getfixturevalue(persona)
    for _ in range(3):
        workflow_start(request=request_make(), actor=operator)
    assert client.login(username=user.username, password=PASSWORD)
    counted(client, reverse("home"))
    few, _ = counted(client, reverse("home"))
    for _ in range(27):
        workflow_start(request=request_make(), actor=operator)
    many, body = counted(client, reverse("home"))
    assert 'href="/map/"' in body or persona in ("followup_expert", "responder")
    print("QUERIES", f"home-{persona}", few, many)
    assert few == many <= BOUND


def test_it_shows_the_data_attribution_page_in_a_fixed_number_of_queries(client, operator):
    assert client.login(username=operator.username, password=PASSWORD)
    counted(client, reverse("data-attribution"))
    count, _ = counted(client, reverse("data-attribution"))
    print("QUERIES", "data-attribution", count, count)
    assert count <= BOUND
