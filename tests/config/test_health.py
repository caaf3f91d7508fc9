import time

import pytest
from django.core.cache import cache

from config.health import BEAT_KEY
from config.tasks import beat_heartbeat, ping

pytestmark = pytest.mark.celery


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


def test_it_answers_503_and_names_the_missing_part_when_beat_is_silent(client, celery_worker):
    cache.delete(BEAT_KEY)
    response = client.get("/healthz")
    body = response.json()
    assert response.status_code == 503
    assert body["checks"]["beat"]["ok"] is False
    assert "beat" in body["checks"]["beat"]["error"]
    assert body["checks"]["database"]["ok"] is True
