"""Query counts of the organisation's list page: who is online, for 3 or 30 online users, in the same queries."""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from organization.services import user_heartbeat
from tests.personas import PASSWORD

pytestmark = pytest.mark.django_db

BOUND = 10


def counted(client, url: str, **headers) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, headers=headers)
    assert response.status_code == 200
    return len(queries), response


def beating(n: int) -> None:
    User = get_user_model()
    start = User.objects.count()
    for i in range(n):
        user_heartbeat(user=User.objects.create_user(username=f"online-{start + i}", first_name="پرستو",
                                                    last_name=str(i)))


@pytest.mark.parametrize("accept", ["text/html", "application/json"])
def test_it_lists_the_online_users_in_the_same_queries_for_3_and_30(client, supervisor, accept):
    beating(3)
    assert client.login(username=supervisor.username, password=PASSWORD)
    url = reverse("organization-online")
    counted(client, url, accept=accept)
    few, _ = counted(client, url, accept=accept)
    beating(27)
    many, response = counted(client, url, accept=accept)
    if accept == "application/json":
        assert len(response.json()["online"]) == 30
    else:
        assert response.content.decode().count("پرستو") == 30
    print("QUERIES", f"online-{accept}", few, many)
    assert few == many <= BOUND
