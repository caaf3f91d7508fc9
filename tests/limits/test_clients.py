from django.test import RequestFactory

from limits.clients import client_ip, client_key


def request_from(ip, **meta):
    return RequestFactory().get("/", REMOTE_ADDR=ip, **meta)


def test_it_counts_an_ipv4_client_by_its_address_and_ignores_forwarded_headers():
    request = request_from("203.0.113.5", HTTP_X_FORWARDED_FOR="1.2.3.4")
    assert client_ip(request) == "203.0.113.5" and client_key(request) == "203.0.113.5"


def test_it_counts_an_ipv6_client_by_its_64_network():
    assert client_key(request_from("2001:db8:aa:bb:1:2:3:4")) == "2001:db8:aa:bb::/64"
    assert client_key(request_from("::ffff:198.51.100.7")) == "198.51.100.7"


def test_it_names_a_client_without_an_address_unknown():
    request = RequestFactory().get("/")
    request.META.pop("REMOTE_ADDR", None)
    assert client_ip(request) is None and client_key(request) == "unknown"
