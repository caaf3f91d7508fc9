"""HTTPS behind a reverse proxy: X-Forwarded-Proto and X-Forwarded-For are believed only from TRUSTED_PROXIES."""

import pytest
from django.test import override_settings

from config.proxy import forwarded_client
from tests.personas import PASSWORD

pytestmark = pytest.mark.django_db

PROXY, CLIENT, STRANGER = "10.0.0.5", "203.0.113.9", "198.51.100.20"
BEHIND_PROXY = {"DEBUG": False, "SECURE_SSL_REDIRECT": True, "SECURE_HSTS_SECONDS": 31536000,
                "SECURE_HSTS_INCLUDE_SUBDOMAINS": True, "TRUSTED_PROXIES": [PROXY, "172.18.0.0/16"],
                "SECURE_PROXY_SSL_HEADER": ("HTTP_X_FORWARDED_PROTO", "https")}


@override_settings(**BEHIND_PROXY)
def test_it_serves_https_from_the_trusted_proxy_with_hsts(client):
    response = client.get("/accounts/login/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_PROTO="https",
                          HTTP_X_FORWARDED_FOR=CLIENT)
    assert response.status_code == 200
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


@override_settings(**BEHIND_PROXY)
def test_it_redirects_plain_http_to_https(client):
    response = client.get("/accounts/login/?next=/map/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_PROTO="http")
    assert response.status_code == 301 and response["Location"] == "https://testserver/accounts/login/?next=/map/"


@override_settings(**BEHIND_PROXY)
def test_it_ignores_a_forwarded_proto_from_any_other_address(client):
    response = client.get("/accounts/login/", REMOTE_ADDR=STRANGER, HTTP_X_FORWARDED_PROTO="https")
    assert response.status_code == 301 and response["Location"].startswith("https://")
    assert "Strict-Transport-Security" not in response


@override_settings(**BEHIND_PROXY)
def test_it_lets_load_balancers_probe_healthz_over_plain_http(client):
    assert client.get("/healthz", REMOTE_ADDR=PROXY).status_code in (200, 503)


@override_settings(**BEHIND_PROXY, SESSION_COOKIE_SECURE=True, CSRF_COOKIE_SECURE=True)
def test_it_sets_secure_cookies_behind_https(client, operator):
    page = client.get("/accounts/login/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_PROTO="https")
    assert page.cookies["csrftoken"]["secure"]
    login = client.post("/accounts/login/", {"username": operator.username, "password": PASSWORD},
                        REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_PROTO="https")
    assert login.status_code == 302 and login.cookies["sessionid"]["secure"]
    assert login.cookies["sessionid"]["httponly"]


@override_settings(**BEHIND_PROXY)
def test_it_sees_the_client_address_through_the_proxy_and_not_a_forged_one():
    from django.http import HttpResponse
    from django.test import RequestFactory

    from config.proxy import TrustedProxyMiddleware

    seen = {}

    def view(request):
        seen.update(remote=request.META["REMOTE_ADDR"], proxy=request.META.get("PROXY_ADDR"),
                    forwarded=request.META.get("HTTP_X_FORWARDED_FOR"), secure=request.is_secure())
        return HttpResponse()

    middleware = TrustedProxyMiddleware(view)
    factory = RequestFactory()
    middleware(factory.get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=f"1.2.3.4, {CLIENT}",
                           HTTP_X_FORWARDED_PROTO="https"))
    assert seen == {"remote": CLIENT, "proxy": PROXY, "forwarded": f"1.2.3.4, {CLIENT}", "secure": True}
    middleware(factory.get("/", REMOTE_ADDR=STRANGER, HTTP_X_FORWARDED_FOR=CLIENT, HTTP_X_FORWARDED_PROTO="https"))
    assert seen == {"remote": STRANGER, "proxy": None, "forwarded": None, "secure": False}


def test_it_takes_the_last_hop_that_is_not_a_proxy_as_the_client():
    proxies = ["10.0.0.0/8"]
    assert forwarded_client(f"{CLIENT}", proxies) == CLIENT
    assert forwarded_client(f"6.6.6.6, {CLIENT}, 10.0.0.7", proxies) == CLIENT  # the leftmost is the client's word
    assert forwarded_client("10.0.0.9, 10.0.0.7", proxies) == "10.0.0.9"
    assert forwarded_client("garbage", proxies) is None and forwarded_client("", proxies) is None
    assert forwarded_client("2001:db8::1", proxies) == "2001:db8::1"
