"""Query counts of the organisation's list page: who is online, for 3 or 30 online users, in the same queries."""

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from organization.services import user_heartbeat
from tests.personas import PASSWORD, login_verified

pytestmark = pytest.mark.django_db

BOUND = 10


def counted(client, url: str, **headers) -> tuple[int, object]:
    """Queries for one GET, the shared cache emptied first (so a cached flag expiring cannot change the count)."""
    cache.clear()
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


def _organisation(n: int, tag: str) -> None:
    """n references (each under a parent, in a region, under a deputy) with a unit, an official, a post and a
    profile, and n roles."""
    from django.contrib.auth.models import Group

    from addresses.models import City, Region
    from organization.models import Deputy, Official, Position, Reference, RoleDefinition, Unit, UserProfile
    from tests.intake.factories import CENTRE, square

    User = get_user_model()
    city, _ = City.objects.get_or_create(slug="q", defaults={"name_fa": "شهر"})
    for i in range(n):
        key = f"{tag}-{i}"
        region = Region.objects.create(city=city, number=100 + Region.objects.count(), name_fa=f"منطقه {key}",
                                       geom=square(*CENTRE, 0.01))
        deputy = Deputy.objects.create(code=f"d-{key}", name_fa=f"معاونت {key}")
        parent = Reference.objects.create(code=f"p-{key}", name=f"سازمان {key}", kind="organisation")
        ref = Reference.objects.create(code=f"r-{key}", name=f"اداره {key}", kind="organisation", parent=parent,
                                       deputy=deputy, region=region)
        boss = User.objects.create_user(username=f"boss-{key}")
        top = Unit.objects.create(reference=ref, name=f"واحد {key}", supervisor=boss)
        unit = Unit.objects.create(reference=ref, name=f"زیرواحد {key}", parent=top, supervisor=boss)
        Official.objects.create(unit=unit, first_name="کامران", last_name=key, title="مدیر")
        head = Position.objects.create(name=f"رئیس {key}", unit=top)
        post = Position.objects.create(name=f"کارشناس {key}", unit=unit, reports_to=head)
        UserProfile.objects.create(user=User.objects.create_user(username=f"staff-{key}"), position=post, unit=unit)
        RoleDefinition.objects.create(group=Group.objects.create(name=f"role-{key}"), label_fa=f"نقش {key}")


@pytest.mark.parametrize("changelist", ["reference", "unit", "official", "position", "roledefinition",
                                        "userprofile", "deputy", "loginevent"])
def test_it_lists_the_organisation_in_the_admin_in_the_same_queries_for_3_and_30(client, django_user_model,
                                                                                 changelist):
    root = django_user_model.objects.create_superuser(username="root", password=PASSWORD)
    login_verified(client, root)  # the admin asks superusers for a second factor
    url = reverse(f"admin:organization_{changelist}_changelist")
    _organisation(3, "a")
    counted(client, url)
    few, _ = counted(client, url)
    _organisation(27, "b")
    many, _ = counted(client, url)
    assert root.is_superuser
    print("QUERIES", f"admin-organization/{changelist}", few, many)
    assert few == many <= BOUND
