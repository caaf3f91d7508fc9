"""Domain login against a real OpenLDAP server started by the tests; local accounts keep working; audit."""

import pytest
from django.contrib.auth import authenticate
from django.urls import reverse

from organization.models import LoginEvent
from organization.roles import user_roles
from tests.personas import PASSWORD

pytestmark = pytest.mark.django_db


def test_it_logs_in_a_domain_user_and_maps_ldap_groups_to_roles(ldap_settings):
    user = authenticate(username="sara", password="sara-pass")
    assert user is not None
    assert (user.first_name, user.last_name, user.email) == ("سارا", "امینی", "sara@city.test")
    assert user_roles(user) >= {"operator", "followup"}


def test_it_refuses_a_wrong_domain_password(ldap_settings):
    assert authenticate(username="sara", password="wrong") is None


def test_it_drops_a_role_when_the_ldap_group_no_longer_has_the_user(ldap_settings, django_user_model):
    from django.contrib.auth.models import Group

    kaveh = django_user_model.objects.create_user(username="kaveh")
    kaveh.groups.add(Group.objects.get(name="operator"), Group.objects.get(name="planner"))
    user = authenticate(username="kaveh", password="kaveh-pass")
    assert set(user.groups.values_list("name", flat=True)) == {"followup", "planner"}  # planner is not mapped


def test_it_keeps_local_accounts_working_next_to_ldap(ldap_settings, operator):
    assert authenticate(username=operator.username, password=PASSWORD) == operator


def test_it_logs_in_through_the_login_page_and_audits_it(ldap_settings, client):
    response = client.post(reverse("login"), {"username": "sara", "password": "sara-pass"})
    assert response.status_code == 302
    client.post(reverse("login"), {"username": "sara", "password": "nope"})
    kinds = list(LoginEvent.objects.filter(username="sara").order_by("at", "id").values_list("kind", flat=True))
    assert kinds == ["login", "failed"]
    assert LoginEvent.objects.filter(username="sara", kind="login").first().backend.endswith("PlatformLDAPBackend")


def test_it_steps_aside_when_ldap_is_not_configured(settings, operator):
    settings.AUTH_LDAP_SERVER_URI = ""
    assert authenticate(username="sara", password="sara-pass") is None
    assert authenticate(username=operator.username, password=PASSWORD) == operator


def test_it_expires_a_session_after_the_configured_age(client, operator, settings):
    from django.conf import settings as live

    assert live.SESSION_COOKIE_AGE > 0
    client.login(username=operator.username, password=PASSWORD)
    assert client.get(reverse("inbox-receipt")).status_code == 200
    client.session.set_expiry(-1)
    session = client.session
    session.set_expiry(-1)
    session.save()
    assert client.get(reverse("inbox-receipt")).status_code == 302
