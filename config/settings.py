"""Django settings, read from environment variables (and .env, written by `make up`) with safe defaults."""

from pathlib import Path

from csp.constants import NONE, SELF, WASM_UNSAFE_EVAL
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
    "organization.admin_app.PlatformAdminConfig",  # django.contrib.admin, asking staff for a second factor
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
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "csp",
    "gis",
    "limits",
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
    "config.proxy.TrustedProxyMiddleware",  # first: forwarding headers only from TRUSTED_PROXIES
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "config.middleware.RejectNulBytesMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "organization.middleware.LoginThrottleMiddleware",
    "organization.middleware.MfaMiddleware",
    "config.middleware.NoStoreForSignedInMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
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
        "BACKEND": "config.cache.TolerantRedisCache",  # a Redis outage must not take pages down
        "LOCATION": envstr("CACHE_URL", REDIS_URL.rsplit("/", 1)[0] + "/1"),
        "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 1.0},
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
# The lockout backend comes first: a locked account is refused before any other backend (LDAP too) is asked.
AUTHENTICATION_BACKENDS = ["organization.lockout.LoginLockoutBackend", "organization.ldap.PlatformLDAPBackend",
                           "django.contrib.auth.backends.ModelBackend"]
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

# --- HTTPS, proxies and security headers (README: "Deploying behind HTTPS") -------------------------------------
# DJANGO_HTTPS=1: the site is served only over HTTPS. Plain HTTP is redirected (except /healthz, which load
# balancers probe on the backend directly), cookies are Secure, and browsers are told to come back only over HTTPS
# (HSTS) for a year, subdomains included.
HTTPS = envbool("DJANGO_HTTPS", False)
SECURE_SSL_REDIRECT = envbool("DJANGO_SSL_REDIRECT", HTTPS)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_SECURE = envbool("SESSION_COOKIE_SECURE", HTTPS)
CSRF_COOKIE_SECURE = envbool("CSRF_COOKIE_SECURE", HTTPS)
SECURE_HSTS_SECONDS = envint("DJANGO_HSTS_SECONDS", 365 * 24 * 3600 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = envbool("DJANGO_HSTS_PRELOAD", False)
# Reverse proxies (addresses or networks) whose X-Forwarded-Proto / X-Forwarded-For are believed; from any other
# address those headers are dropped (config.proxy.TrustedProxyMiddleware).
TRUSTED_PROXIES = envlist("TRUSTED_PROXIES", "")
if TRUSTED_PROXIES:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Addresses or networks of monitoring systems that may read /healthz in full (so may staff and this machine).
HEALTHZ_MONITORS = envlist("HEALTHZ_MONITORS", "")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy (django-csp): scripts and styles only from our own static files; no inline script, no
# inline style, no eval. MapLibre GL builds its web workers from blob: URLs and draws images from data:/blob:; the
# RTL text plugin that shapes Persian map labels is ICU compiled to WebAssembly ('wasm-unsafe-eval' lets a page
# compile WebAssembly, not evaluate JavaScript).
CONTENT_SECURITY_POLICY_REPORT_URI = envstr("CSP_REPORT_URI", "")
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, WASM_UNSAFE_EVAL],
        "style-src": [SELF],
        "img-src": [SELF, "data:", "blob:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "worker-src": [SELF, "blob:"],
        "child-src": [SELF, "blob:"],
        "manifest-src": [SELF],
        "object-src": [NONE],
        "frame-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "upgrade-insecure-requests": HTTPS,
        "report-uri": [CONTENT_SECURITY_POLICY_REPORT_URI] if CONTENT_SECURITY_POLICY_REPORT_URI else None,
    },
}

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
    "DEFAULT_SCHEMA_CLASS": "api.schema.AutoSchema",  # documents the refusals each view answers
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.LimitOffsetPagination",
    # JSON bodies nested at most API_JSON_MAX_DEPTH deep (a 400 beyond), forms and multipart as usual
    "DEFAULT_PARSER_CLASSES": ["api.parsers.BoundedJSONParser", "rest_framework.parsers.FormParser",
                               "rest_framework.parsers.MultiPartParser"],
    # JSON only outside DEBUG: the browsable API is a developer's tool (its pages need inline styles)
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"]
    + (["rest_framework.renderers.BrowsableAPIRenderer"] if DEBUG else []),
    "PAGE_SIZE": 50,
    # every API error in one shape, {"errors": {field: [messages]}, "message": "…"}, in the request's language
    "EXCEPTION_HANDLER": "api.errors.exception_handler",
    "NON_FIELD_ERRORS_KEY": "__all__",  # as intake and Django name errors not tied to a field
}
API_JSON_MAX_DEPTH = envint("API_JSON_MAX_DEPTH", 32)
SPECTACULAR_SETTINGS = {"TITLE": "137 citizen-request platform API", "VERSION": "1.0.0"}
SPECTACULAR_SETTINGS = {
    "TITLE": "137 citizen-request platform API",
    "DESCRIPTION": "Internal API v1. Every refusal has one shape, `{\"errors\": {field: [messages]}, \"message\", "
                   "\"code\"}`, in the request's language (Persian by default; `Accept-Language: en`).",
    "VERSION": "1.0.0",
    "SCHEMA_PATH_PREFIX": r"/api/v1",
}

CELERY_BROKER_URL = envstr("CELERY_BROKER_URL", REDIS_URL)
CELERY_RESULT_BACKEND = envstr("CELERY_RESULT_BACKEND", REDIS_URL)
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# a task a killed worker held comes back after this many seconds, not Redis' default hour (every task that is
# redelivered so is idempotent: acks_late above)
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": envint("CELERY_VISIBILITY_TIMEOUT", 300)}
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULE = {
    "beat-heartbeat": {"task": "config.tasks.beat_heartbeat", "schedule": 30.0},
    "workflow-escalate-overdue": {"task": "workflow.tasks.escalate_overdue_cases", "schedule": 300.0},
    "intake-sms-requeue-stale": {"task": "intake.sms_requeue_stale", "schedule": 300.0},
    "intake-followups-sweep": {"task": "intake.followups_sweep", "schedule": 60.0},
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

# Debian 12 ships GDAL 3.6, which cannot block file/network access while parsing spatial references.
# Spatial references here come only from administrators' import files, never from citizens.
# HSTS preloading (security.W021) puts the whole domain into browsers' built-in lists, a commitment that takes
# months to undo: the city's operators decide it (DJANGO_HSTS_PRELOAD=1), it is not a default.
SILENCED_SYSTEM_CHECKS = ["gis.W001", "security.W021"]

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

# --- Abuse limits (README "Abuse limits") ---------------------------------------------------------------------------
# Rates are "N/s", "N/m", "N/h", "N/d", "N/15m" or "N/<seconds>"; "0" turns a limit off. Counters live in Redis
# (RATELIMIT_REDIS_URL, default: the cache's); while it is down, read limits let everything through and write
# limits count per web process.
RATELIMIT_REDIS_URL = envstr("RATELIMIT_REDIS_URL", "")
# Login: LOGIN_FAILURE_LIMIT wrong passwords lock the account (django-axes) for LOGIN_LOCKOUT_MINUTES (0: until an
# administrator unlocks it); LOGIN_IP_FAILURES failed logins from one address (any accounts) refuse that address.
LOGIN_FAILURE_LIMIT = envint("LOGIN_FAILURE_LIMIT", 20)
LOGIN_LOCKOUT_MINUTES = envint("LOGIN_LOCKOUT_MINUTES", 30)
LOGIN_IP_FAILURES = envstr("LOGIN_IP_FAILURES", "60/15m")
AXES_FAILURE_LIMIT = "organization.lockout.login_failure_limit"
AXES_COOLOFF_TIME = "organization.lockout.lockout_cool_off_for"
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_USERNAME_CALLABLE = "organization.lockout.login_username"
AXES_CLIENT_IP_CALLABLE = "limits.clients.client_ip"
AXES_LOCKOUT_CALLABLE = "organization.lockout.lockout_response"
AXES_RESET_ON_SUCCESS = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False  # the lock lasts its time from the last counted failure
AXES_SENSITIVE_PARAMETERS = ["password"]
AXES_VERBOSE = False
# Two-factor login (TOTP apps, recovery codes): always for superusers; for staff (admin site) while
# MFA_REQUIRED_FOR_STAFF; for holders of the roles in MFA_REQUIRED_ROLES (comma-separated, "*" = every role).
MFA_REQUIRED_FOR_STAFF = envbool("MFA_REQUIRED_FOR_STAFF", True)
MFA_REQUIRED_ROLES = envlist("MFA_REQUIRED_ROLES", "")
MFA_FAILURES = envstr("MFA_FAILURES", "10/15m")
OTP_TOTP_ISSUER = envstr("MFA_ISSUER", "137")
# The citizens' form and the public tracking page.
REPORT_RATE_PER_IP = envstr("REPORT_RATE_PER_IP", "30/h")
REPORT_RATE_PER_PHONE = envstr("REPORT_RATE_PER_PHONE", "5/h")
REPORT_POW_AFTER = envstr("REPORT_POW_AFTER", "3/h")  # posts from one address before the proof-of-work is asked
POW_DIFFICULTY = envint("POW_DIFFICULTY", 16)  # zero bits at the threshold; one more per post beyond it
POW_MAX_DIFFICULTY = envint("POW_MAX_DIFFICULTY", 22)
POW_MAX_AGE = envint("POW_MAX_AGE", 600)
REPORT_PHONE_VERIFICATION = envbool("REPORT_PHONE_VERIFICATION", True)
CONTACT_CODE_MINUTES = envint("CONTACT_CODE_MINUTES", 15)
CONTACT_CODE_ATTEMPTS = envint("CONTACT_CODE_ATTEMPTS", 5)
CONTACT_CODE_SENDS = envint("CONTACT_CODE_SENDS", 3)
TRACK_RATE_PER_IP = envstr("TRACK_RATE_PER_IP", "10/m")
TRACK_MISSES_PER_IP = envstr("TRACK_MISSES_PER_IP", "30/h")
# API creates, per token (or per user for a browser session).
API_CREATE_RATE = envstr("API_CREATE_RATE", "60/m")
# Outbound SMS per destination number, across all requests; more are kept as "suppressed", never sent.
SMS_PER_NUMBER_PER_HOUR = envint("SMS_PER_NUMBER_PER_HOUR", 5)
SMS_PER_NUMBER_PER_DAY = envint("SMS_PER_NUMBER_PER_DAY", 20)
# Axes warns that locking by username alone lets one address try many accounts: that is the per-address throttle's
# job here (LOGIN_IP_FAILURES, organization.middleware.LoginThrottleMiddleware), not axes'.
SILENCED_SYSTEM_CHECKS += ["axes.W006"]
LOGGING["loggers"]["axes"] = {"level": "WARNING"}  # failures and lockouts; not every successful login
