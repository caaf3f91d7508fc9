"""Citizens' contact details: masked for roles that do not call citizens and for scoped users looking up a citizen
with no message in their scope; every lookup recorded."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from intake.models import Citizen, CitizenAccess
from intake.privacy import mask_name, mask_phone
from tests.intake.factories import categories_make, city_make, region_beside, request_make
from tests.personas import PASSWORD, persona_scope

pytestmark = pytest.mark.django_db


def test_it_masks_a_phone_number_and_a_name_keeping_what_tells_them_apart():
    assert mask_phone("09121234567") == "0912•••••67"
    assert mask_name("سارا محمدی") == "س••• م•••"
    assert mask_phone("") == "" and mask_name("") == ""


@pytest.fixture
def region_seven_citizen():
    """A citizen whose only message lies in region 7, and the region-6 scope of the operator."""
    from addresses.models import Region

    city_make()
    cats = categories_make()
    region6 = Region.objects.get(number=6)
    citizen = Citizen.objects.create(phone="09121234567", name="سارا محمدی")
    request_make(cats["pothole"], region=region_beside(region6), citizen=citizen)
    return citizen, region6


def test_it_hides_a_citizen_of_another_region_from_a_scoped_operators_caller_lookup(client, operator,
                                                                                     region_seven_citizen):
    citizen, region6 = region_seven_citizen
    persona_scope(operator, regions=[region6])
    client.login(username=operator.username, password=PASSWORD)
    body = client.get(reverse("intake-caller"), {"q": "09121234567"}).content.decode()
    assert "سارا" not in body and 'data-testid="citizen-masked"' in body
    assert f'data-citizen="{citizen.pk}"' in body  # the call can still be registered for them
    access = CitizenAccess.objects.get()
    assert (access.user, access.citizen, access.source, access.masked) == (operator, citizen, "caller_lookup", True)


def test_it_pops_a_citizen_of_another_region_masked_and_records_the_lookup(operator, region_seven_citizen):
    citizen, region6 = region_seven_citizen
    persona_scope(operator, regions=[region6])
    api = APIClient()
    api.force_authenticate(operator)
    answer = api.get("/api/v1/requests/screen-pop", {"phone": "09121234567"}).json()
    assert answer["citizen"]["masked"] is True and answer["citizen"]["name"] == "س••• م•••"
    assert answer["citizen"]["phone"] == "0912•••••67" and answer["requests"] == []
    assert CitizenAccess.objects.get().source == "screen_pop"


def test_it_shows_a_city_wide_operator_the_citizen_in_full(client, operator, region_seven_citizen):
    client.login(username=operator.username, password=PASSWORD)
    body = client.get(reverse("intake-caller"), {"q": "09121234567"}).content.decode()
    assert "سارا محمدی" in body and 'data-testid="citizen-masked"' not in body
    assert CitizenAccess.objects.get().masked is False
