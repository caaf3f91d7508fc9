"""Login lockout and throttling, for the staff login page and the admin login alike (both go through
`django.contrib.auth.authenticate`, so every backend — local accounts and LDAP — is covered):

- per account: django-axes counts failed passwords per username (case-folded, so `Sara` and `sara` are one
  account, as in LDAP); LOGIN_FAILURE_LIMIT failures lock it for LOGIN_LOCKOUT_MINUTES (0: until an administrator
  unlocks it), even for the right password; a success resets the count;
- per client address: more than LOGIN_IP_FAILURES failed logins from one address (many accounts tried) and that
  address is refused for the rest of the window (LoginThrottleMiddleware), on Redis; if Redis is down this throttle
  steps aside (the per-account lockout, in the database, still holds).

Both refusals are a 429 page in Persian and English with Retry-After; every attempt is in the login audit
(organization.LoginEvent) and in axes' access attempts (admin)."""

from __future__ import annotations

import math
from datetime import timedelta

from axes.backends import AxesStandaloneBackend
from axes.handlers.proxy import AxesProxyHandler
from axes.models import AccessAttempt
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from limits.clients import client_key
from limits.limiter import Limit
from limits.responses import too_many

# Failed logins per client address (all accounts together); Redis down → not counted (the lockout still holds).
login_ip_failures = Limit("login-ip-failures", setting="LOGIN_IP_FAILURES", outage="open")


class LoginLockoutBackend(AxesStandaloneBackend):
    """First in AUTHENTICATION_BACKENDS: refuses a locked account before any backend (LDAP included) is asked.

    An authentication without a request (the shell, a management command, `Client.login` in tests) is no web login
    and is not counted here; every login page passes its request."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def login_username(request, credentials) -> str | None:
    """AXES_USERNAME_CALLABLE: the username a failure counts against, trimmed and case-folded."""
    field = str(settings.AXES_USERNAME_FORM_FIELD)
    value = (credentials or {}).get(field)
    if value is None and request is not None:
        value = request.POST.get(field)
    return str(value).strip().casefold()[:150] if value else None


def lockout_cool_off() -> timedelta | None:
    minutes = int(getattr(settings, "LOGIN_LOCKOUT_MINUTES", 30))
    return timedelta(minutes=minutes) if minutes > 0 else None


def lockout_remaining_seconds(username: str, *, now=None) -> int | None:
    """How long the account stays locked (None: until an administrator unlocks it)."""
    cool_off = lockout_cool_off()
    if cool_off is None:
        return None
    now = now or timezone.now()
    last = (AccessAttempt.objects.filter(username=username).order_by("-attempt_time")
            .values_list("attempt_time", flat=True).first())
    if last is None:
        return 1
    return max(1, math.ceil((last + cool_off - now).total_seconds()))


def lockout_response(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: the locked account's page, 429 with Retry-After, in Persian and English."""
    username = login_username(request, credentials) or ""
    remaining = lockout_remaining_seconds(username)
    if remaining is None:
        return too_many(
            request, 3600, template="organization/locked.html", context={"permanent": True},
            what_fa="این حساب پس از چند رمز نادرست پشت سر هم قفل شد و تنها مدیر سامانه می‌تواند آن را باز کند",
            what_en="This account was locked after repeated wrong passwords; only an administrator can unlock it")
    return too_many(
        request, remaining, template="organization/locked.html",
        what_fa="این حساب پس از چند رمز نادرست پشت سر هم موقتاً قفل شد (مدیر سامانه می‌تواند زودتر بازش کند)",
        what_en="This account is locked for a while after repeated wrong passwords (an administrator can unlock "
                "it sooner)")


def login_paths() -> frozenset[str]:
    return frozenset({reverse("login"), reverse("admin:login")})


def login_ip_failure_count(request) -> None:
    """A failed login from this request's address (called from the login-failed signal)."""
    login_ip_failures.hit(client_key(request))


def login_ip_throttled(request):
    """The 429 for an address past its failed-login budget, or None."""
    decision = login_ip_failures.peek(client_key(request))
    if decision.allowed:
        return None
    return too_many(
        request, decision.retry_after, template="organization/locked.html", context={"ip_throttled": True},
        what_fa="از این نشانی اینترنتی ورودهای ناموفق زیادی شده است", what_en="Too many failed logins from this "
        "address")


def login_unlock(*, username: str) -> int:
    """An administrator unlocks an account: its failed attempts are forgotten. Returns how many were removed."""
    return AxesProxyHandler.reset_attempts(username=str(username).strip().casefold())


def login_locked(*, username: str) -> bool:
    """Whether the account is locked now."""
    username = str(username).strip().casefold()
    cool_off = lockout_cool_off()
    attempts = AccessAttempt.objects.filter(username=username)
    if cool_off is not None:
        attempts = attempts.filter(attempt_time__gte=timezone.now() - cool_off)
    failures = sum(attempts.values_list("failures_since_start", flat=True))
    return failures >= login_failure_limit()


def lockout_cool_off_for(request=None) -> timedelta | None:
    """AXES_COOLOFF_TIME: LOGIN_LOCKOUT_MINUTES (read when asked, so a changed setting holds at once)."""
    return lockout_cool_off()


def login_failure_limit(request=None, credentials=None) -> int:
    """AXES_FAILURE_LIMIT: LOGIN_FAILURE_LIMIT wrong passwords lock an account."""
    return int(getattr(settings, "LOGIN_FAILURE_LIMIT", 20))
