"""Login guards that run on every request: the failed-login throttle per client address, and the two-factor step a
logged-in session still owes (verify a code, or enrol an app) before it may open anything else."""

from urllib.parse import urlencode

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse

from organization.lockout import login_ip_throttled, login_paths
from organization.mfa import SETUP, mfa_pending

MFA_MESSAGE = {
    "code": "mfa_required",
    "message_fa": "ورود دومرحله‌ای کامل نشده است: کد برنامهٔ احراز هویت را وارد کنید.",
    "message_en": "Two-factor login is not complete: enter the code from your authenticator app.",
}


class LoginThrottleMiddleware:
    """A login POST from an address past its failed-login budget gets the 429 page before any password is checked."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "POST" and request.path in login_paths():
            refused = login_ip_throttled(request)
            if refused is not None:
                return refused
        return self.get_response(request)


def _exempt_paths() -> tuple[frozenset[str], tuple[str, ...]]:
    names = ("login", "logout", "mfa-verify", "mfa-setup", "set_language", "admin:logout")
    exact = frozenset(reverse(name) for name in names) | login_paths()
    prefixes = tuple(p for p in (settings.STATIC_URL, "/healthz") if p)
    return exact, prefixes


class MfaMiddleware:
    """After the password, a session that owes a second factor can only verify it (or enrol), log out or switch
    language: pages redirect there (keeping where the user was going), API and script calls get a JSON 403."""

    def __init__(self, get_response):
        self.get_response = get_response
        self._exempt = None

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            step = self._owed(request)
            if step:
                return self._refuse(request, step)
        return self.get_response(request)

    def _owed(self, request) -> str:
        if self._exempt is None:
            self._exempt = _exempt_paths()
        exact, prefixes = self._exempt
        if request.path in exact or request.path.startswith(prefixes):
            return ""
        return mfa_pending(request)

    @staticmethod
    def _refuse(request, step: str):
        wants_page = request.method in ("GET", "HEAD") and not request.path.startswith("/api/") and \
            "application/json" not in request.headers.get("Accept", "")
        if not wants_page:
            return JsonResponse({**MFA_MESSAGE, "step": step}, status=403, json_dumps_params={"ensure_ascii": False})
        target = reverse("mfa-setup" if step == SETUP else "mfa-verify")
        return redirect(f"{target}?{urlencode({'next': request.get_full_path()})}")
