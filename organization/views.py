"""Organisation pages: heartbeat (online/offline), the online users list and the two-factor login pages."""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from limits.responses import too_many
from organization import mfa
from organization.roles import user_roles
from organization.selectors import online_users
from organization.services import user_heartbeat


@require_POST
def heartbeat(request):
    if not request.user.is_authenticated:
        return JsonResponse({"error": "login required", "error_fa": "ابتدا وارد شوید."}, status=401)
    user_heartbeat(user=request.user)
    return JsonResponse({"ok": True})


@login_required
def online(request):
    roles = user_roles(request.user)
    if not (request.user.is_superuser or roles & {"supervisor", "manager"}):
        return render(request, "workflow/forbidden.html", {"message": "—"}, status=403)
    users = online_users()
    if request.headers.get("Accept", "").startswith("application/json"):
        return JsonResponse({"online": [{"username": u.username, "name": u.get_full_name(),
                                         "last_seen_at": u.profile.last_seen_at.isoformat()} for u in users]})
    return render(request, "organization/online.html", {"users": users})


# ----------------------------------------------------------------------------------------------- two-factor login


def _next_url(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                  require_https=request.is_secure()):
        return target
    return reverse(settings.LOGIN_REDIRECT_URL)


def _mfa_render(request, template: str, context: dict, status: int = 200):
    # No navigation while the second factor is owed: its links would only lead back here.
    owed = bool(mfa.mfa_pending(request))
    response = render(request, template, {"next": _next_url(request), **({"nav_items": []} if owed else {}),
                                          **context}, status=status)
    response["Cache-Control"] = "no-store"
    return response


@login_required
def mfa_verify_page(request):
    """The step after the password for a user with an authenticator app: a code from it, or a recovery code."""
    if not mfa.mfa_enrolled(request.user):
        return redirect(f"{reverse('mfa-setup')}?{urlencode({'next': _next_url(request)})}")
    if request.method == "POST":
        refused = mfa.mfa_verify_refused(user=request.user)
        if refused is not None:
            return too_many(request, refused.retry_after, what_fa="کدهای نادرست زیادی وارد شد",
                            what_en="Too many wrong codes")
        if mfa.mfa_verify(request=request, token=request.POST.get("token", "")):
            return redirect(_next_url(request))
        return _mfa_render(request, "organization/mfa_verify.html", {"error": True}, status=400)
    return _mfa_render(request, "organization/mfa_verify.html", {})


@login_required
def mfa_setup_page(request):
    """Enrol an authenticator app: its QR code (drawn here) and secret, then a code from it to confirm; the
    recovery codes are shown once, right after."""
    if mfa.mfa_enrolled(request.user):
        if not request.user.is_verified():
            return redirect(f"{reverse('mfa-verify')}?{urlencode({'next': _next_url(request)})}")
        return redirect("mfa-security")
    device = mfa.totp_enrolment_start(user=request.user)
    context = {"qr_svg": mark_safe(mfa.totp_qr_svg(device)), "secret": mfa.totp_secret(device),
               "otpauth_url": mfa.totp_url(device), "required": mfa.mfa_required(request.user)}
    if request.method == "POST":
        codes = mfa.totp_enrolment_confirm(request=request, device=device, token=request.POST.get("token", ""))
        if codes is None:
            return _mfa_render(request, "organization/mfa_setup.html", {**context, "error": True}, status=400)
        return _mfa_render(request, "organization/mfa_codes.html", {"codes": codes, "enrolled": True})
    return _mfa_render(request, "organization/mfa_setup.html", context)


@login_required
def mfa_security_page(request):
    """The user's two-factor status; new recovery codes (the old ones stop working)."""
    enrolled = mfa.mfa_enrolled(request.user)
    if request.method == "POST" and enrolled:
        return _mfa_render(request, "organization/mfa_codes.html",
                           {"codes": mfa.recovery_codes_issue(user=request.user)})
    return _mfa_render(request, "organization/mfa_security.html", {
        "enrolled": enrolled, "required": mfa.mfa_required(request.user),
        "codes_left": mfa.recovery_codes_left(user=request.user) if enrolled else 0})
