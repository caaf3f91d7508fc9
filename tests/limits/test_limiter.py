"""Limits on the real test Redis, and what each outage policy does when Redis cannot be reached."""

import time

import pytest

from limits import store
from limits.limiter import Limit

DEAD_REDIS = "redis://127.0.0.1:1/0"


def test_it_allows_up_to_the_limit_in_a_window_then_refuses_until_it_ends():
    limit = Limit("t-basic", rate="3/m")
    decisions = [limit.hit("a") for _ in range(4)]
    assert [d.allowed for d in decisions] == [True, True, True, False]
    assert [d.count for d in decisions] == [1, 2, 3, 4]
    assert 0 < decisions[-1].retry_after <= 60 and not decisions[-1].degraded
    assert limit.hit("b").allowed  # per identifier


def test_it_peeks_without_counting():
    limit = Limit("t-peek", rate="2/m")
    assert limit.peek("a").allowed and limit.peek("a").count == 0
    limit.hit("a")
    limit.hit("a")
    assert not limit.peek("a").allowed and limit.peek("a").count == 2


def test_it_forgets_an_identifier_on_reset():
    limit = Limit("t-reset", rate="1/h")
    limit.hit("a")
    limit.hit("a")
    limit.reset("a")
    assert limit.hit("a").allowed


def test_it_counts_in_redis_so_every_web_process_shares_the_count(settings):
    limit = Limit("t-shared", rate="5/m")
    limit.hit("a")
    store.local.clear()  # what another process would see: only Redis
    assert Limit("t-shared", rate="5/m").peek("a").count == 1


def test_it_never_stores_the_identifier_itself():
    import redis
    from django.conf import settings

    Limit("t-private", rate="5/m").hit("09121234567")
    client = redis.Redis.from_url(settings.CACHES["default"]["LOCATION"])
    keys = [k.decode() for k in client.scan_iter(match="*t-private*")]
    assert keys and not any("0912" in k for k in keys)


def test_it_lets_everything_through_when_redis_is_down_for_an_open_limit(settings):
    settings.RATELIMIT_REDIS_URL = DEAD_REDIS
    limit = Limit("t-open", rate="1/m", outage="open")
    decisions = [limit.hit("a") for _ in range(5)]
    assert all(d.allowed and d.degraded for d in decisions)


def test_it_counts_in_the_process_when_redis_is_down_for_a_local_limit(settings):
    settings.RATELIMIT_REDIS_URL = DEAD_REDIS
    limit = Limit("t-local", rate="2/m", outage="local")
    assert [limit.hit("a").allowed for _ in range(3)] == [True, True, False]
    assert limit.hit("a").degraded


def test_it_asks_a_dead_redis_once_and_not_at_every_request(settings):
    settings.RATELIMIT_REDIS_URL = "redis://10.255.255.1:6379/0"  # unroutable: each try would wait the time-out
    settings.RATELIMIT_REDIS_TIMEOUT = 0.2
    limit = Limit("t-breaker", rate="100/m")
    started = time.monotonic()
    for _ in range(50):
        limit.hit("a")
    assert time.monotonic() - started < 1.0


def test_it_turns_a_limit_off_with_a_zero_rate():
    limit = Limit("t-off", rate="0")
    assert all(limit.hit("a").allowed for _ in range(100))


def test_it_reads_its_rate_from_the_setting_when_asked(settings):
    settings.TRACK_RATE_PER_IP = "1/m"
    limit = Limit("t-setting", setting="TRACK_RATE_PER_IP")
    limit.hit("a")
    assert not limit.hit("a").allowed
    settings.TRACK_RATE_PER_IP = "5/m"
    assert limit.hit("a").allowed


def test_it_refuses_an_unknown_outage_policy():
    with pytest.raises(ValueError):
        Limit("t-bad", rate="1/m", outage="closed-ish")
