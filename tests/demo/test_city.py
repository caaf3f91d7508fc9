"""The demo city, loaded once for this module inside a transaction that is rolled back afterwards."""

import pytest
from django.core.management import call_command
from django.db import transaction

from addresses.models import DatasetLoad, District, Landmark, Neighbourhood, Region, Street
from intake.models import RequestHistory, ServiceRequest
from tests.personas import login_verified

pytestmark = [pytest.mark.slow]


@pytest.fixture(scope="module")
def demo_city(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            call_command("demo_load", "--force-insecure", verbosity=0)
            yield
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture
def admin_client_logged_in(client, django_user_model):
    admin = django_user_model.objects.create_superuser("root", "root@example.org", "pw-for-tests-only")
    return login_verified(client, admin)  # the admin asks superusers for a second factor


def test_it_loads_the_22_real_regions_and_every_landmark(demo_city, db):
    assert Region.objects.count() == 22
    assert Region.objects.filter(synthetic=False).count() == 22
    assert Landmark.objects.count() >= 1054
    assert Landmark.objects.filter(kind="metro").count() == 150
    assert Landmark.objects.filter(name_fa__contains="تجریش").exists()


def test_it_flags_every_synthesised_district_neighbourhood_and_street(demo_city, db):
    assert District.objects.count() >= 100
    assert not District.objects.filter(synthetic=False).exists()
    assert not Neighbourhood.objects.filter(synthetic=False).exists()
    assert Street.objects.count() > 10_000
    assert not Street.objects.filter(synthetic=False).exists()
    alley = Street.objects.filter(kind="alley").select_related("parent").first()
    assert alley.parent is not None and alley.parent.kind != "alley"
    # Region 1 has its ten known districts.
    assert District.objects.filter(region__number=1).count() == 10


def test_it_gives_every_demo_request_a_region_district_and_h3_cells(demo_city, db):
    requests = ServiceRequest.objects.filter(is_demo=True)
    assert requests.count() >= 50_000
    assert not requests.filter(region__isnull=True).exists()
    assert not requests.filter(district__isnull=True).exists()
    assert not requests.filter(h3_r7__isnull=True).exists()
    assert not requests.filter(h3_r10__isnull=True).exists()
    assert requests.values("channel").distinct().count() == 8
    assert RequestHistory.objects.filter(action="register").count() == requests.count()
    # Every demo request sits in the inbox matching its status, so the demo inboxes are not empty.
    assert not requests.filter(workflow_case__isnull=True).exists()
    assert requests.filter(status="in_followup", workflow_case__box__code="followup").exists()
    assert len(set(requests.values_list("tracking_code", flat=True)[:5000])) == 5000


def test_it_reloads_the_demo_without_touching_other_requests(demo_city, db):
    from demo.request_load import demo_requests_load

    real = ServiceRequest.objects.filter(is_demo=True).first()
    real.pk = None
    real.is_demo = False
    real.tracking_code = "100000009"
    real.save()
    RequestHistory.objects.create(request=real, action="register", to_status="registered", created_at=real.created_at)
    assert demo_requests_load(count=500) == 500
    assert ServiceRequest.objects.filter(is_demo=True).count() == 500
    assert ServiceRequest.objects.filter(pk=real.pk).exists()
    assert RequestHistory.objects.filter(request=real).count() == 1


def test_it_skips_a_second_load_of_the_same_demo(demo_city, db, capsys):
    before = ServiceRequest.objects.count()
    call_command("demo_load", "--force-insecure")
    assert "already loaded" in capsys.readouterr().out
    assert ServiceRequest.objects.count() == before
    assert DatasetLoad.objects.get(name="demo").counts["requests"] == before


def test_it_lists_the_regions_and_landmarks_in_the_admin_in_persian(demo_city, admin_client_logged_in):
    response = admin_client_logged_in.get("/admin/addresses/region/", HTTP_ACCEPT_LANGUAGE="fa")
    html = response.content.decode()
    assert response.status_code == 200
    assert "۲۲ منطقه" in html or "22 منطقه" in html or "22 مناطق" in html or "۲۲ مناطق" in html
    assert "منطقه ۱" in html
    response = admin_client_logged_in.get("/admin/addresses/landmark/?q=تجریش", HTTP_ACCEPT_LANGUAGE="fa")
    assert response.status_code == 200
    assert "تجریش" in response.content.decode()


def test_it_shows_the_admin_in_english_too(demo_city, admin_client_logged_in):
    response = admin_client_logged_in.get("/admin/addresses/region/", HTTP_ACCEPT_LANGUAGE="en")
    assert "22 regions" in response.content.decode()
