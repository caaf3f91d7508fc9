"""Settings for `make bench`: a database of its own (<name>_bench), so the dev database is untouched."""

from config.settings import *  # noqa: F401,F403
from config.settings import DATABASES, REDIS_URL

DATABASES["default"]["NAME"] = DATABASES["default"]["NAME"] + "_bench"
_redis_base = REDIS_URL.rsplit("/", 1)[0]
CACHES = {
    "default": {
        "BACKEND": "config.cache.TolerantRedisCache",
        "LOCATION": f"{_redis_base}/20",
        "KEY_PREFIX": "civic137-bench",
    }
}
CELERY_BROKER_URL = CELERY_RESULT_BACKEND = f"{_redis_base}/21"
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}
