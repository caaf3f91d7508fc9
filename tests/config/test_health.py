import time

import pytest
from django.core.cache import cache
from django.test import override_settings

from config import health
from config.health import BEAT_KEY
from config.tasks import beat_heartbeat, ping

REMOTE = "203.0.113.9"
MONITOR = "198.51.100.7"
DEAD_REDIS = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                          "LOCATION": "redis://127.0.0.1:1/0"}}


@pytest.fixture(autouse=True)
def fresh_report():
    health._last_report = None
    yield
    health._last_report = None


@pytest.mark.celery
def test_it_reports_every_part_green_when_worker_and_beat_are_alive(client, celery_worker):
    assert ping.delay().get(timeout=20) == "pong"
    cache.delete(BEAT_KEY)
    beat_heartbeat.delay()
    for _ in range(100):
        if cache.get(BEAT_KEY):
            break
        time.sleep(0.1)
    response = client.get("/healthz")
    body = response.json()
    assert response.status_code == 200, body
    assert body["ok"] is True
    assert set(body["checks"]) == {"database", "redis", "celery", "beat"}
    assert body["checks"]["database"]["postgis"].startswith("3.")
    assert body["checks"]["celery"]["workers"]
    assert body["status"] == "ok" and body["versions"]["postgis"].startswith("3.") and body["versions"]["redis"]


@pytest.mark.celery
def test_it_answers_503_and_names_the_missing_part_when_beat_is_silent(client, celery_worker):
    cache.delete(BEAT_KEY)
    response = client.get("/healthz")
    body = response.json()
    assert response.status_code == 503
    assert body["checks"]["beat"]["ok"] is False
    assert "beat" in body["checks"]["beat"]["error"]
    assert body["checks"]["database"]["ok"] is True


@pytest.mark.celery
def test_it_tells_a_remote_anonymous_caller_only_ok(client, celery_worker):
    assert ping.delay().get(timeout=20) == "pong"
    health.beat_heartbeat_record()
    response = client.get("/healthz", REMOTE_ADDR=REMOTE)
    assert response.status_code == 200 and response.json() == {"status": "ok"}


@override_settings(CACHES=DEAD_REDIS)
def test_it_tells_a_remote_anonymous_caller_only_degraded_and_never_the_error(client, db):
    response = client.get("/healthz", REMOTE_ADDR=REMOTE)
    assert response.status_code == 503 and response.json() == {"status": "degraded"}


@override_settings(CACHES=DEAD_REDIS)
def test_it_shows_staff_which_part_failed_without_the_exceptions_text(client, django_user_model, caplog):
    staff = django_user_model.objects.create_user("nazanin", password="x", is_staff=True)
    client.force_login(staff)
    response = client.get("/healthz", REMOTE_ADDR=REMOTE)
    body = response.json()
    assert response.status_code == 503 and body["status"] == "degraded"
    assert body["checks"]["redis"] == {"ok": False, "error": "Redis did not answer (ConnectionError)"}
    assert body["checks"]["database"]["ok"] is True and body["versions"]["django"]
    assert "127.0.0.1:1" not in response.content.decode()  # the exception's own text stays in the server log
    assert "127.0.0.1:1" in caplog.text


@override_settings(CACHES=DEAD_REDIS, HEALTHZ_MONITORS=[MONITOR, "192.0.2.0/28"])
def test_it_shows_details_to_configured_monitors_and_not_to_a_forged_forwarded_for(client, db):
    for address in (MONITOR, "192.0.2.3"):
        assert "checks" in client.get("/healthz", REMOTE_ADDR=address).json()
    forged = client.get("/healthz", REMOTE_ADDR=REMOTE, HTTP_X_FORWARDED_FOR=MONITOR)
    assert forged.json() == {"status": "degraded"}


@override_settings(CACHES=DEAD_REDIS)
def test_it_treats_a_request_relayed_by_a_proxy_on_this_machine_as_remote(client, db):
    assert "checks" in client.get("/healthz").json()  # this machine itself, directly
    relayed = client.get("/healthz", HTTP_X_FORWARDED_FOR=REMOTE)  # a local proxy nobody put in TRUSTED_PROXIES
    assert relayed.json() == {"status": "degraded"}
    with override_settings(TRUSTED_PROXIES=["127.0.0.1"]):
        assert client.get("/healthz", HTTP_X_FORWARDED_FOR=REMOTE).json() == {"status": "degraded"}
        assert client.get("/healthz").json() == {"status": "degraded"}  # a trusted proxy that names no client
