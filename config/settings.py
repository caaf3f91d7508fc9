"""Django settings, read from environment variables (and .env, written by `make up`) with safe defaults."""

from pathlib import Path

from django.utils.translation import gettext_lazy as _

from config.env import database_from_url, envbool, envint, envlist, envstr, load_dotenv

BASE_DIR = Path(__file__).resolve().parent.parent
load_dotenv(BASE_DIR / ".env")

DEBUG = envbool("DJANGO_DEBUG", False)
SECRET_KEY = envstr("DJANGO_SECRET_KEY") or ("insecure-dev-key" if DEBUG else "")
if not SECRET_KEY:
    raise RuntimeError("DJANGO_SECRET_KEY is not set: run `make up` (writes .env) or set it in the environment.")
ALLOWED_HOSTS = envlist("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1],testserver")
CSRF_TRUSTED_ORIGINS = envlist("DJANGO_CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.gis",
    "django.contrib.postgres",
    "rest_framework",
    "rest_framework_gis",
    "drf_spectacular",
    "gis",
    "addresses",
    "organization",
    "intake.legacy",
    "intake",
    "matching",
    "workflow",
    "tiles",
    "clustering",
    "reports",
    "api",
    "frontend_map",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "config.middleware.RejectNulBytesMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "frontend_map" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "frontend_map.context_processors.shell",
            ],
        },
    }
]

DATABASES = {
    "default": database_from_url(envstr("DATABASE_URL", "postgresql://civic@127.0.0.1:5433/civic137")),
}
DATABASES["default"]["CONN_MAX_AGE"] = envint("DB_CONN_MAX_AGE", 60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = envstr("REDIS_URL", "redis://127.0.0.1:6380/0")
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": envstr("CACHE_URL", REDIS_URL.rsplit("/", 1)[0] + "/1"),
        "KEY_PREFIX": envstr("CACHE_KEY_PREFIX", "civic137"),
        "TIMEOUT": 300,
    }
}

if envstr("GDAL_LIBRARY_PATH"):
    GDAL_LIBRARY_PATH = envstr("GDAL_LIBRARY_PATH")
if envstr("GEOS_LIBRARY_PATH"):
    GEOS_LIBRARY_PATH = envstr("GEOS_LIBRARY_PATH")

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
SESSION_COOKIE_AGE = envint("SESSION_COOKIE_AGE", 8 * 3600)
# Domain login through LDAP / Active Directory (organization/ldap.py); off while LDAP_SERVER_URI is empty.
# Local accounts keep working through ModelBackend.
AUTHENTICATION_BACKENDS = ["organization.ldap.PlatformLDAPBackend", "django.contrib.auth.backends.ModelBackend"]
AUTH_LDAP_SERVER_URI = envstr("LDAP_SERVER_URI", "")
AUTH_LDAP_BIND_DN = envstr("LDAP_BIND_DN", "")
AUTH_LDAP_BIND_PASSWORD = envstr("LDAP_BIND_PASSWORD", "")
AUTH_LDAP_START_TLS = envbool("LDAP_START_TLS", False)
AUTH_LDAP_USER_ATTR_MAP = {"first_name": "givenName", "last_name": "sn", "email": "mail"}
AUTH_LDAP_ALWAYS_UPDATE_USER = True
AUTH_LDAP_CACHE_TIMEOUT = 0
LDAP_USER_SEARCH_BASE = envstr("LDAP_USER_SEARCH_BASE", "")
LDAP_USER_FILTER = envstr("LDAP_USER_FILTER", "(uid=%(user)s)")
LDAP_GROUP_SEARCH_BASE = envstr("LDAP_GROUP_SEARCH_BASE", "")
LDAP_GROUP_TYPE = envstr("LDAP_GROUP_TYPE", "groupOfNames")
LDAP_ROLE_GROUPS = envstr("LDAP_ROLE_GROUPS", "")
SESSION_EXPIRE_AT_BROWSER_CLOSE = envbool("SESSION_EXPIRE_AT_BROWSER_CLOSE", True)
SESSION_COOKIE_SECURE = envbool("SESSION_COOKIE_SECURE", False)
CSRF_COOKIE_SECURE = envbool("CSRF_COOKIE_SECURE", False)

# Persian first; English as the second language.
LANGUAGE_CODE = envstr("LANGUAGE_CODE", "fa")
LANGUAGES = [("fa", _("Persian")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = envstr("TIME_ZONE", "Asia/Tehran")

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "staticfiles"
STATICFILES_DIRS = [
    ("vendor/vazirmatn", BASE_DIR / "node_modules" / "vazirmatn" / "fonts" / "webfonts"),
    ("vendor/maplibre", BASE_DIR / "node_modules" / "maplibre-gl" / "dist"),
    ("vendor/rtl-text", BASE_DIR / "node_modules" / "@mapbox" / "mapbox-gl-rtl-text" / "dist"),
    ("vendor/htmx", BASE_DIR / "node_modules" / "htmx.org" / "dist"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = DEBUG
# Uploaded files (attachments, call recordings) live outside the web root and have no public URL:
# they are served only through views that check permissions.
MEDIA_ROOT = Path(envstr("MEDIA_ROOT", str(BASE_DIR / "var" / "media")))
MEDIA_URL = "/private-media/"  # never routed: no view serves this prefix
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
ATTACHMENT_MAX_BYTES = envint("ATTACHMENT_MAX_BYTES", 25 * 1024 * 1024)
# The one upload policy (intake/attachments.py) for every channel: images re-encoded (no metadata, upright, the
# longest side bounded, a pixel-count guard against decompression bombs), PDFs without scripts or actions and
# audio recordings kept as sent, everything else refused; every file scanned by ClamAV's clamd first.
ATTACHMENT_IMAGE_MAX_SIDE = envint("ATTACHMENT_IMAGE_MAX_SIDE", 2560)
ATTACHMENT_IMAGE_MAX_PIXELS = envint("ATTACHMENT_IMAGE_MAX_PIXELS", 50_000_000)
ATTACHMENT_PDF_MAX_BYTES = envint("ATTACHMENT_PDF_MAX_BYTES", 10 * 1024 * 1024)
ATTACHMENT_AUDIO_MAX_BYTES = envint("ATTACHMENT_AUDIO_MAX_BYTES", 25 * 1024 * 1024)
# required: a file clamd could not scan is held (stored, never served) until a beat task scans it;
# optional: it is served unscanned (and scanned later); off: nothing is scanned.
UPLOAD_SCAN = envstr("UPLOAD_SCAN", "required").strip().lower()
if UPLOAD_SCAN not in {"required", "optional", "off"}:
    raise RuntimeError(f"UPLOAD_SCAN is required, optional or off, not {UPLOAD_SCAN!r}.")
# clamd's unix socket (the local one `make up` starts) or tcp://host:port
CLAMD_SOCKET = envstr("CLAMD_SOCKET", str(BASE_DIR / "var" / "run" / "clamd.sock"))
CLAMD_TIMEOUT = envint("CLAMD_TIMEOUT", 30)

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.LimitOffsetPagination",
    "PAGE_SIZE": 50,
    # every API error in one shape, {"errors": {field: [messages]}, "message": "…"}, in the request's language
    "EXCEPTION_HANDLER": "api.errors.exception_handler",
    "NON_FIELD_ERRORS_KEY": "__all__",  # as intake and Django name errors not tied to a field
}
SPECTACULAR_SETTINGS = {"TITLE": "137 citizen-request platform API", "VERSION": "1.0.0"}

CELERY_BROKER_URL = envstr("CELERY_BROKER_URL", REDIS_URL)
CELERY_RESULT_BACKEND = envstr("CELERY_RESULT_BACKEND", REDIS_URL)
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULE = {
    "beat-heartbeat": {"task": "config.tasks.beat_heartbeat", "schedule": 30.0},
    "workflow-escalate-overdue": {"task": "workflow.tasks.escalate_overdue_cases", "schedule": 300.0},
    "intake-sms-requeue-stale": {"task": "intake.sms_requeue_stale", "schedule": 300.0},
    "intake-attachments-rescan": {"task": "intake.attachments_rescan", "schedule": 120.0},
    "matching-duplicate-model-fit": {"task": "matching.duplicate_model_fit", "schedule": 86400.0},
}

# Demo data (never enable in production): demo users share this password.
DEMO_PASSWORD = envstr("DEMO_PASSWORD", "demo1234")
DEMO_REQUEST_COUNT = envint("DEMO_REQUEST_COUNT", 50_000)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": envstr("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}

if not DEBUG:
    SECURE_CONTENT_TYPE_NOSNIFF = True
    X_FRAME_OPTIONS = "DENY"

# Debian 12 ships GDAL 3.6, which cannot block file/network access while parsing spatial references.
# Spatial references here come only from administrators' import files, never from citizens.
SILENCED_SYSTEM_CHECKS = ["gis.W001"]

# --- Intake channels ---------------------------------------------------------------------------------------------
# Webhooks refuse every call until their shared secret is set (header X-Webhook-Secret).
SMS_INBOUND_SECRET = envstr("SMS_INBOUND_SECRET", "")
IVR_WEBHOOK_SECRET = envstr("IVR_WEBHOOK_SECRET", "")
# Outbound SMS: console (development), file, or the HTTP provider adapter.
SMS_BACKEND = envstr("SMS_BACKEND", "intake.channels.sms_backends.ConsoleBackend")
SMS_FILE_PATH = Path(envstr("SMS_FILE_PATH", str(BASE_DIR / "var" / "sms" / "outbox.jsonl")))
SMS_HTTP_BASE_URL = envstr("SMS_HTTP_BASE_URL", "")
SMS_HTTP_API_KEY = envstr("SMS_HTTP_API_KEY", "")
SMS_HTTP_SENDER = envstr("SMS_HTTP_SENDER", "")
SMS_RETRY_BASE_SECONDS = envint("SMS_RETRY_BASE_SECONDS", 30)
# An SMS left `sending` (its worker died mid-call) or `queued` and never tried this long is queued again.
SMS_STALE_SECONDS = envint("SMS_STALE_SECONDS", 600)

# --- Working calendar for deadlines -----------------------------------------------------------------------------
WORKFLOW_DAY_START_HOUR = envint("WORKFLOW_DAY_START_HOUR", 8)
WORKFLOW_DAY_HOURS = envint("WORKFLOW_DAY_HOURS", 8)
WORKFLOW_THURSDAY_HOURS = envint("WORKFLOW_THURSDAY_HOURS", 0)  # 0 = Thursday off
