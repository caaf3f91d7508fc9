"""Settings for the test suite: the same services, but Redis databases of their own, so a running
`make run` (its worker and cache) never sees the tests' tasks or keys. TEST_REDIS_BROKER_DB and
TEST_REDIS_CACHE_DB let parallel test runs on one machine keep apart (the local Redis has 64 databases)."""

import os

from config.env import envint
from config.settings import *  # noqa: F401,F403
from config.settings import BASE_DIR, DATABASES, REDIS_URL, STATIC_ROOT

_redis_base = REDIS_URL.rsplit("/", 1)[0]
# pytest-xdist workers (gw0, gw1, …) each get their own pair of Redis databases.
_xdist_offset = 2 * int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").lstrip("gw") or 0)
CELERY_BROKER_URL = f"{_redis_base}/{envint('TEST_REDIS_BROKER_DB', 12) + _xdist_offset}"
CELERY_RESULT_BACKEND = CELERY_BROKER_URL
CACHES = {
    "default": {
        "BACKEND": "config.cache.TolerantRedisCache",
        "LOCATION": f"{_redis_base}/{envint('TEST_REDIS_CACHE_DB', 13) + _xdist_offset}",
        "KEY_PREFIX": f"civic137-test{_xdist_offset}",
    }
}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# the cluster is durable (fsync, synchronous_commit); the suite's own throw-away data need not wait for the disk
DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c synchronous_commit=off"
MEDIA_ROOT = BASE_DIR / "var" / "test-media"
DEMO_REQUEST_COUNT = 50_000
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
