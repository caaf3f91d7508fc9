"""Parts failing under the product, on a throw-away stack of their own: a Redis server this test starts (cache and
Celery broker) and stops. With Redis gone, pages are still served and a citizen's request is still registered —
committed with its follow-ups due — and once Redis is back the sweep queues them and they run once."""

import shutil
import socket
import subprocess
import time

import pytest
from django.test import override_settings
from django.urls import reverse
from rest_framework.test import APIClient

from intake.models import ServiceRequest, SmsMessage
from tests.intake.factories import CENTRE, categories_make, city_make
from tests.personas import PASSWORD

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ThrowAwayRedis:
    def __init__(self, tmp_path):
        self.port = _free_port()
        self.dir = tmp_path
        self.process = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}"

    def start(self) -> None:
        binary = shutil.which("redis-server") or "/usr/bin/redis-server"
        self.process = subprocess.Popen([binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
                                         "--appendonly", "no", "--dir", str(self.dir)],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.1).close()
                return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("the throw-away redis-server did not start")

    def stop(self) -> None:
        if self.process is not None:
            self.process.kill()
            self.process.wait(timeout=10)
            self.process = None


@pytest.fixture
def redis_stack(tmp_path):
    """Cache and broker on a Redis of the test's own."""
    from config.celery import app

    redis = ThrowAwayRedis(tmp_path)
    redis.start()
    old_broker = app.conf.broker_url
    caches = {"default": {"BACKEND": "config.cache.TolerantRedisCache", "LOCATION": f"{redis.url}/0",
                          "OPTIONS": {"socket_connect_timeout": 0.3, "socket_timeout": 0.5}}}
    app.conf.broker_url = f"{redis.url}/1"
    _pools_reset(app)
    with override_settings(CACHES=caches):
        yield redis
    redis.stop()
    app.conf.broker_url = old_broker
    _pools_reset(app)


def _pools_reset(app) -> None:
    """Connections to the previous broker dropped, so the next task goes to the one now configured."""
    from kombu import pools

    app.pool.force_close_all()
    app._pool = None
    app.amqp._producer_pool = None
    pools.reset()


def test_it_serves_pages_and_registers_requests_with_redis_down_then_catches_up(redis_stack, operator, client):
    from intake import services
    from workflow.models import RequestCase

    city_make()
    categories_make()
    assert client.login(username=operator.username, password=PASSWORD)
    assert client.get(reverse("home")).status_code == 200  # warm: Redis up

    redis_stack.stop()
    for name in ("home", "intake", "inbox-receipt", "map"):
        assert client.get(reverse(name)).status_code == 200, name
    api = APIClient()
    api.force_authenticate(operator)
    created = api.post("/api/v1/requests/", {"category": "roads.pothole", "text": "چاله عمیق", "phone": "09121234567",
                                             "lon": CENTRE[0], "lat": CENTRE[1], "channel": "app"}, format="json")
    assert created.status_code == 201, created.content  # the citizen's message is kept and answered
    request = ServiceRequest.objects.get(tracking_code=created.json()["tracking_code"])
    assert request.followups == ServiceRequest.Followups.NOTIFY  # committed with its follow-ups still due
    assert not RequestCase.objects.filter(request=request).exists()

    redis_stack.start()
    ServiceRequest.objects.filter(pk=request.pk).update(created_at=request.created_at - services.FOLLOWUPS_SWEEP_AFTER)
    assert services.followups_sweep() == 1  # queued again on the broker that came back
    for _ in range(2):  # what the worker does with it; a redelivery does nothing twice
        services.request_registered_followups(request_id=request.pk, actor_id=operator.pk, notify=True)
    request.refresh_from_db()
    assert request.followups == ServiceRequest.Followups.NONE
    assert RequestCase.objects.filter(request=request).count() == 1
    assert SmsMessage.objects.filter(request=request, direction=SmsMessage.Direction.OUTBOUND).count() == 1
    assert services.followups_sweep() == 0


def test_it_runs_the_local_postgresql_durably():
    """`make up`'s cluster syncs every commit to disk (an acknowledged create survives a crash); only the test
    suite's own sessions relax that."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("select setting from pg_settings where name = 'fsync'")
        assert cursor.fetchone()[0] == "on"
        cursor.execute("select setting from pg_file_settings where name = 'synchronous_commit' and applied "
                       "order by seqno desc limit 1")
        row = cursor.fetchone()
        assert row is None or row[0] == "on"  # none: the default, on
