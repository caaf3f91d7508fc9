"""Two-factor login with real TOTP codes computed from the device's secret: enrolment with a QR code drawn here,
the code after the password, recovery codes, the admin site closed to unverified staff, per-role enforcement."""

import re
import time

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from organization.models import LoginEvent
from tests.personas import PASSWORD, mfa_device

pytestmark = pytest.mark.django_db


def code_for(device, *, steps_ahead: int = 0) -> str:
    """The code an authenticator app shows for `device` now (or `steps_ahead` 30-second steps later)."""
    device.refresh_from_db()
    value = totp(device.bin_key, step=device.step, t0=device.t0 - steps_ahead * device.step, digits=device.digits)
    return f"{value:0{device.digits}d}"


def password_login(client, username):
    response = client.post("/accounts/login/", {"username": username, "password": PASSWORD})
    assert response.status_code == 302, response.content[:300]
    return response


@pytest.fixture
def root(django_user_model):
    return django_user_model.objects.create_superuser(username="root", password=PASSWORD)


@pytest.fixture(autouse=True)
def _no_backoff(settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # django-otp's doubling delay after a wrong code is tested on its own
    settings.OTP_STATIC_THROTTLE_FACTOR = 0


def test_it_sends_a_superuser_to_enrolment_and_then_into_the_admin(client, root):
    password_login(client, "root")
    response = client.get("/admin/")
    assert response.status_code == 302 and response["Location"].startswith(reverse("mfa-setup"))
    page = client.get(response["Location"])
    body = page.content.decode()
    assert page.status_code == 200 and "<svg" in body and "otpauth://totp/137%3Aroot" in body
    assert "googleapis" not in body and not re.search(r'<img[^>]+src="https?://', body)  # drawn here, not fetched
    device = TOTPDevice.objects.get(user=root, confirmed=False)
    secret = re.search(r'data-testid="mfa-secret">([A-Z2-7 ]+)<', body).group(1).replace(" ", "")
    import base64

    assert base64.b32decode(secret + "=" * (-len(secret) % 8)) == device.bin_key
    wrong = client.post(reverse("mfa-setup"), {"token": "000000", "next": "/admin/"})
    assert wrong.status_code == 400 and client.get("/admin/").status_code == 302
    done = client.post(reverse("mfa-setup"), {"token": code_for(device), "next": "/admin/"})
    assert done.status_code == 200
    codes = re.findall(r"<li><code>([0-9a-f]{5}-[0-9a-f]{5})</code></li>", done.content.decode())
    assert len(codes) == 10
    assert client.get("/admin/").status_code == 200
    assert LoginEvent.objects.filter(username="root", kind=LoginEvent.Kind.MFA_ENROLLED).exists()


def test_it_asks_an_enrolled_user_for_a_code_after_the_password(client, operator):
    device = mfa_device(operator)
    password_login(client, operator.username)
    response = client.get(reverse("inbox-receipt"))
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('mfa-verify')}?next=%2Finbox%2Freceipt%2F"
    page = client.get(response["Location"])
    assert page.status_code == 200 and 'data-testid="mfa-verify-form"' in page.content.decode()
    assert 'class="sidebar"' not in page.content.decode()  # no navigation until the code is given
    verified = client.post(reverse("mfa-verify"), {"token": code_for(device), "next": "/inbox/receipt/"})
    assert verified.status_code == 302 and verified["Location"] == "/inbox/receipt/"
    assert client.get(reverse("inbox-receipt")).status_code == 200
    assert LoginEvent.objects.filter(username=operator.username, kind=LoginEvent.Kind.MFA_OK).count() == 1


def test_it_refuses_a_wrong_code_and_a_code_used_twice(client, operator):
    device = mfa_device(operator)
    password_login(client, operator.username)
    assert client.post(reverse("mfa-verify"), {"token": "123456"}).status_code == 400
    code = code_for(device)
    assert client.post(reverse("mfa-verify"), {"token": code}).status_code == 302
    client.logout()
    password_login(client, operator.username)
    assert client.post(reverse("mfa-verify"), {"token": code}).status_code == 400  # replayed within its step
    assert LoginEvent.objects.filter(username=operator.username, kind=LoginEvent.Kind.MFA_FAILED).count() == 2


def test_it_accepts_persian_digits_in_a_code(client, operator):
    device = mfa_device(operator)
    password_login(client, operator.username)
    persian = code_for(device).translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))
    assert client.post(reverse("mfa-verify"), {"token": persian}).status_code == 302


def test_it_accepts_each_recovery_code_once(client, operator):
    from organization.mfa import recovery_codes_issue

    mfa_device(operator)
    codes = recovery_codes_issue(user=operator)
    password_login(client, operator.username)
    assert client.post(reverse("mfa-verify"), {"token": codes[0].upper()}).status_code == 302
    client.logout()
    password_login(client, operator.username)
    assert client.post(reverse("mfa-verify"), {"token": codes[0]}).status_code == 400
    assert client.post(reverse("mfa-verify"), {"token": codes[1]}).status_code == 302


def test_it_issues_new_recovery_codes_and_the_old_ones_stop_working(client, operator):
    from organization.mfa import recovery_codes_issue

    device = mfa_device(operator)
    old = recovery_codes_issue(user=operator)
    password_login(client, operator.username)
    client.post(reverse("mfa-verify"), {"token": code_for(device)})
    page = client.post(reverse("mfa-security"))
    new = re.findall(r"<li><code>([0-9a-f]{5}-[0-9a-f]{5})</code></li>", page.content.decode())
    assert len(new) == 10 and not set(new) & set(old)
    client.logout()
    password_login(client, operator.username)
    assert client.post(reverse("mfa-verify"), {"token": old[0]}).status_code == 400


def test_it_keeps_the_admin_closed_to_a_superuser_who_has_not_given_the_code(client, root, rf):
    from organization.admin_site import VerifiedAdminSite

    mfa_device(root)
    password_login(client, "root")
    response = client.get("/admin/auth/user/")
    assert response.status_code == 302 and response["Location"].startswith(reverse("mfa-verify"))
    request = rf.get("/admin/")
    request.user, request.session = root, client.session
    root.is_verified = lambda: False
    assert not VerifiedAdminSite().has_permission(request)


def test_it_answers_an_unverified_sessions_api_calls_with_a_json_403(client, root):
    password_login(client, "root")
    response = client.get("/api/v1/workflow/inbox/receipt/")
    assert response.status_code == 403
    assert response.json()["code"] == "mfa_required" and response.json()["message_fa"]
    assert client.post("/organization/heartbeat").status_code == 403


def test_it_does_not_let_an_unverified_session_enrol_a_second_device(client, operator):
    mfa_device(operator)
    password_login(client, operator.username)
    response = client.get(reverse("mfa-setup"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("mfa-verify"))
    assert TOTPDevice.objects.filter(user=operator).count() == 1


def test_it_requires_enrolment_for_the_roles_a_city_lists(client, operator, followup_expert, settings):
    settings.MFA_REQUIRED_ROLES = ["operator"]
    password_login(client, operator.username)
    assert client.get("/").status_code == 302
    client.logout()
    password_login(client, followup_expert.username)
    assert client.get("/").status_code == 200


def test_it_requires_enrolment_for_every_role_with_a_star(client, planner, settings):
    settings.MFA_REQUIRED_ROLES = ["*"]
    password_login(client, planner.username)
    assert client.get("/")["Location"].startswith(reverse("mfa-setup"))


def test_it_logs_users_without_a_requirement_in_with_the_password_alone(client, operator):
    password_login(client, operator.username)
    assert client.get(reverse("inbox-receipt")).status_code == 200


def test_it_lets_anyone_enrol_voluntarily(client, operator):
    password_login(client, operator.username)
    assert "mfa-setup" in client.get(reverse("mfa-security")).content.decode() or \
        reverse("mfa-setup") in client.get(reverse("mfa-security")).content.decode()
    client.get(reverse("mfa-setup"))
    device = TOTPDevice.objects.get(user=operator, confirmed=False)
    assert client.post(reverse("mfa-setup"), {"token": code_for(device)}).status_code == 200
    client.logout()
    password_login(client, operator.username)
    assert client.get("/")["Location"].startswith(reverse("mfa-verify"))


def test_it_lets_an_administrator_reset_a_users_two_factor_login(client, admin_client, operator):
    mfa_device(operator)
    response = admin_client.post(reverse("admin:auth_user_changelist"),
                                 {"action": "reset_two_factor", "_selected_action": [operator.pk]}, follow=True)
    assert response.status_code == 200
    assert not TOTPDevice.objects.filter(user=operator).exists()
    password_login(client, operator.username)
    assert client.get("/").status_code == 200  # not required for an operator: back to the password alone


def test_it_refuses_codes_for_a_while_after_too_many_wrong_ones(client, operator, settings):
    settings.MFA_FAILURES = "3/15m"
    device = mfa_device(operator)
    password_login(client, operator.username)
    for _ in range(3):
        assert client.post(reverse("mfa-verify"), {"token": "000000"}).status_code == 400
    refused = client.post(reverse("mfa-verify"), {"token": code_for(device)})
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    assert "کدهای نادرست" in refused.content.decode() and "wrong codes" in refused.content.decode()


def test_it_backs_off_after_a_wrong_code_as_django_otp_does(client, operator, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 1
    device = mfa_device(operator)
    password_login(client, operator.username)
    client.post(reverse("mfa-verify"), {"token": "000000"})
    assert client.post(reverse("mfa-verify"), {"token": code_for(device)}).status_code == 400  # within 1 s
    time.sleep(1.1)
    assert client.post(reverse("mfa-verify"), {"token": code_for(device)}).status_code == 302


def test_it_checks_codes_for_a_domain_login_too(client, ldap_settings, django_user_model):
    sara = django_user_model.objects.create_user(username="sara")
    device = mfa_device(sara)
    assert client.post("/accounts/login/", {"username": "sara", "password": "sara-pass"}).status_code == 302
    assert client.get("/")["Location"].startswith(reverse("mfa-verify"))
    assert client.post(reverse("mfa-verify"), {"token": code_for(device)}).status_code == 302
    assert client.get("/").status_code == 200


def test_it_ignores_a_next_that_leaves_the_site(client, operator):
    device = mfa_device(operator)
    password_login(client, operator.username)
    response = client.post(reverse("mfa-verify"), {"token": code_for(device), "next": "https://evil.example/"})
    assert response.status_code == 302 and response["Location"] == "/"


def test_it_costs_a_page_no_query_for_a_user_without_two_factor(client, operator, settings):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    password_login(client, operator.username)

    def queries() -> int:
        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("inbox-receipt")).status_code == 200
        return len(captured)

    with_mfa = queries()
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if not m.endswith("MfaMiddleware")]
    assert queries() == with_mfa  # the step owed was decided at login and kept in the session
