"""The demo logins: every role logs in with the password alone; the demo administrator, a superuser, passes
two-factor login with a device the demo enrols in DEBUG (its secret printed then only) or at its first login."""

import re

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django_otp.plugins.otp_totp.models import TOTPDevice

pytestmark = pytest.mark.django_db


def output(*args) -> str:
    from io import StringIO

    out = StringIO()
    call_command("demo_users", "--force-insecure", *args, stdout=out)  # the tests run with DEBUG off
    return out.getvalue()


def test_it_lets_every_demo_role_log_in_with_the_password_alone(client, settings):
    call_command("demo_users", "--force-insecure", stdout=open("/dev/null", "w"))
    for username in ("operator", "followup", "responder", "supervisor", "manager", "planner"):
        assert client.post("/accounts/login/", {"username": username, "password": settings.DEMO_PASSWORD}).status_code \
            == 302
        assert client.get("/").status_code == 200, username
        client.logout()


def test_it_enrols_the_demo_administrator_in_debug_and_prints_its_secret_then_only(client, settings):
    settings.DEBUG = True
    listing = output()
    device = TOTPDevice.objects.get(user__username="admin", confirmed=True)
    assert "two-factor secret" in listing and "otpauth://totp/" in listing
    code = output("--mfa-code").strip()
    assert re.fullmatch(r"\d{6}", code)
    client.post("/accounts/login/", {"username": "admin", "password": settings.DEMO_PASSWORD})
    assert client.post("/accounts/mfa/verify/", {"token": code, "next": "/admin/"})["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200
    settings.DEBUG = False
    assert "otpauth" not in output("--list") and device.key not in output("--list")


def test_it_sends_the_demo_administrator_to_enrolment_outside_debug(client, settings):
    settings.DEBUG = False
    assert "QR code" in output()
    assert not TOTPDevice.objects.exists()
    with pytest.raises(CommandError):
        output("--mfa-code")
    client.post("/accounts/login/", {"username": "admin", "password": settings.DEMO_PASSWORD})
    client.get("/accounts/mfa/setup/")
    assert client.post("/accounts/mfa/setup/", {"token": output("--mfa-code").strip()}).status_code == 200
    assert client.get("/admin/").status_code == 200


def test_it_prints_no_code_for_an_admin_account_with_a_real_password(settings, django_user_model):
    settings.DEBUG = True
    output()
    admin = django_user_model.objects.get(username="admin")
    admin.set_password("a real password, not the demo one")
    admin.save()
    with pytest.raises(CommandError):
        output("--mfa-code")
