"""Login lockout per account (django-axes) and the failed-login throttle per address, on the staff login page and
the admin login, for local accounts and domain (LDAP) accounts; every attempt audited; an administrator unlocks."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.urls import reverse

from organization.models import LoginEvent
from tests.personas import PASSWORD

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"
ADMIN_LOGIN = "/admin/login/"


def post_login(client, username, password, *, url=LOGIN, ip="127.0.0.1"):
    return client.post(url, {"username": username, "password": password}, REMOTE_ADDR=ip)


def logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def assert_locked_page(response):
    assert response.status_code == 429
    body = response.content.decode()
    assert "قفل" in body and "locked" in body  # Persian and English, not a bare 403
    assert int(response["Retry-After"]) > 0


def test_it_locks_an_account_after_20_wrong_passwords_and_refuses_the_right_one_next(client, operator):
    for attempt in range(1, 20):
        response = post_login(client, operator.username, f"wrong-{attempt}")
        assert response.status_code == 200 and not logged_in(client)
    assert_locked_page(post_login(client, operator.username, "wrong-20"))  # the 20th locks it
    response = post_login(client, operator.username, PASSWORD)  # the 21st, with the right password
    assert_locked_page(response)
    assert not logged_in(client)
    assert 1700 <= int(response["Retry-After"]) <= 1800  # LOGIN_LOCKOUT_MINUTES = 30


def test_it_counts_one_account_however_its_name_is_capitalised(client, operator):
    for attempt in range(20):
        post_login(client, operator.username.upper() if attempt % 2 else f" {operator.username} ", "wrong")
    assert_locked_page(post_login(client, operator.username, PASSWORD))


def test_it_locks_the_admin_login_the_same_way(client, django_user_model):
    django_user_model.objects.create_superuser(username="root", password=PASSWORD)
    for _ in range(20):
        response = post_login(client, "root", "wrong", url=ADMIN_LOGIN)
    assert_locked_page(response)
    assert_locked_page(post_login(client, "root", PASSWORD, url=ADMIN_LOGIN))
    assert_locked_page(post_login(client, "root", PASSWORD))  # one account, whichever login page


def test_it_resets_the_count_after_a_successful_login(client, operator, settings):
    for _ in range(19):
        post_login(client, operator.username, "wrong")
    assert post_login(client, operator.username, PASSWORD).status_code == 302
    client.logout()
    for _ in range(19):
        assert post_login(client, operator.username, "wrong").status_code == 200
    assert post_login(client, operator.username, PASSWORD).status_code == 302


def test_it_unlocks_by_itself_after_the_lockout_time(client, operator, settings):
    settings.LOGIN_LOCKOUT_MINUTES = 5
    settings.LOGIN_FAILURE_LIMIT = 3
    for _ in range(3):
        post_login(client, operator.username, "wrong")
    response = post_login(client, operator.username, PASSWORD)
    assert_locked_page(response)
    assert int(response["Retry-After"]) <= 300
    AccessAttempt.objects.update(attempt_time=AccessAttempt.objects.get().attempt_time - timedelta(minutes=6))
    assert post_login(client, operator.username, PASSWORD).status_code == 302


def test_it_lets_an_administrator_unlock_an_account(client, admin_client, operator):
    for _ in range(20):
        post_login(client, operator.username, "wrong")
    assert_locked_page(post_login(client, operator.username, PASSWORD))
    changelist = reverse("admin:auth_user_changelist")
    page = admin_client.get(changelist)
    assert page.status_code == 200 and "unlock_login" in page.content.decode()
    response = admin_client.post(changelist, {"action": "unlock_login", "_selected_action": [operator.pk]},
                                 follow=True)
    assert response.status_code == 200
    assert not AccessAttempt.objects.filter(username=operator.username).exists()
    assert post_login(client, operator.username, PASSWORD).status_code == 302


def test_it_shows_the_locked_attempts_in_the_admin(client, admin_client, operator):
    for _ in range(20):
        post_login(client, operator.username, "wrong")
    page = admin_client.get(reverse("admin:axes_accessattempt_changelist"))
    assert page.status_code == 200 and operator.username in page.content.decode()


def test_it_audits_every_failure_and_the_lockout(client, operator):
    for _ in range(21):
        post_login(client, operator.username, "wrong")
    kinds = list(LoginEvent.objects.filter(username__in=[operator.username]).values_list("kind", flat=True))
    assert kinds.count(LoginEvent.Kind.FAILED) == 21
    assert kinds.count(LoginEvent.Kind.LOCKED) >= 1


def test_it_throttles_an_address_that_tries_many_accounts(client, operator, settings):
    settings.LOGIN_IP_FAILURES = "10/15m"
    for number in range(10):
        assert post_login(client, f"guess{number}", "wrong", ip="203.0.113.7").status_code == 200
    refused = post_login(client, operator.username, PASSWORD, ip="203.0.113.7")  # even the right password
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    body = refused.content.decode()
    assert "ورودهای ناموفق" in body and "failed logins" in body
    assert not logged_in(client)
    assert post_login(client, operator.username, PASSWORD, ip="198.51.100.4").status_code == 302  # another address
    assert not AccessAttempt.objects.filter(username=operator.username).exists()  # the account was never locked


def test_it_throttles_an_ipv6_client_by_its_network(client, settings):
    settings.LOGIN_IP_FAILURES = "4/15m"
    for host in range(4):
        post_login(client, f"guess{host}", "wrong", ip=f"2001:db8:1:2::{host + 1}")
    assert post_login(client, "anyone", "x", ip="2001:db8:1:2:ffff::9").status_code == 429
    assert post_login(client, "anyone", "x", ip="2001:db8:1:3::1").status_code == 200


def test_it_keeps_locking_accounts_when_redis_is_down(client, operator, settings):
    settings.RATELIMIT_REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens there
    settings.LOGIN_IP_FAILURES = "2/15m"  # the address throttle steps aside without Redis
    for _ in range(20):
        assert post_login(client, operator.username, "wrong").status_code in (200, 429)
    assert_locked_page(post_login(client, operator.username, PASSWORD))


def test_it_locks_a_domain_account_after_20_wrong_ldap_passwords(client, ldap_settings):
    for _ in range(19):
        assert post_login(client, "sara", "not-sara-pass").status_code == 200
    assert_locked_page(post_login(client, "sara", "not-sara-pass"))
    assert_locked_page(post_login(client, "sara", "sara-pass"))  # the right domain password, refused
    assert not logged_in(client)
    assert post_login(client, "kaveh", "kaveh-pass").status_code == 302  # another domain account is not affected
