"""Two-factor login for staff: a TOTP app (django-otp) after the password, with one-time recovery codes.

Who must use it: superusers always; staff who can open the admin site while MFA_REQUIRED_FOR_STAFF is on (the
default); holders of a role listed in MFA_REQUIRED_ROLES (`*`: every role). Anyone else may enrol and is then asked
for a code at every login. The step a session still owes ("verify" or "setup") is decided at login and kept in the
session, so the pages it opens cost no extra query (organization.middleware.MfaMiddleware enforces it)."""

from __future__ import annotations

import secrets
from base64 import b32encode

import segno
from django.conf import settings
from django.db import transaction
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from limits.limiter import Limit
from organization.models import LoginEvent
from organization.roles import user_roles
from organization.services import login_event_record
from text.digits import to_ascii_digits

SESSION_STEP_KEY = "mfa_step"
VERIFY, SETUP = "verify", "setup"
RECOVERY_DEVICE_NAME = "recovery codes"
TOTP_DEVICE_NAME = "authenticator app"
RECOVERY_CODE_COUNT = 10

# Wrong codes per account; django-otp's own back-off (doubling delays) also applies to each TOTP device.
mfa_failures = Limit("mfa-failures", setting="MFA_FAILURES", outage="local")


def mfa_required_roles() -> frozenset[str]:
    value = getattr(settings, "MFA_REQUIRED_ROLES", ())
    if isinstance(value, str):
        value = value.split(",")
    return frozenset(v.strip() for v in value if v.strip())


def mfa_required(user) -> bool:
    """Whether this user must have a second factor."""
    if not getattr(user, "is_authenticated", False):
        return False
    if _always_required(user):
        return True
    wanted = mfa_required_roles()
    if not wanted:
        return False
    roles = user_roles(user)
    return bool(roles) and ("*" in wanted or bool(roles & wanted))


def mfa_enrolled(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def mfa_step_for(user) -> str:
    """What a fresh login still owes: "verify" (enrolled), "setup" (required, not enrolled) or ""."""
    if mfa_enrolled(user):
        return VERIFY
    return SETUP if mfa_required(user) else ""


def mfa_session_start(*, request, user) -> str:
    """At login: remember in the session which step it owes."""
    step = mfa_step_for(user)
    request.session[SESSION_STEP_KEY] = step
    return step


def mfa_pending(request) -> str:
    """The step this request's session still owes ("" when none): verified sessions owe nothing."""
    user = request.user
    if not user.is_authenticated:
        return ""
    if DEVICE_ID_SESSION_KEY in request.session and getattr(user, "is_verified", lambda: False)():
        return ""
    step = request.session.get(SESSION_STEP_KEY)
    if step is None or (not step and _always_required(user)):
        # a session from before two-factor login existed, or an administrator's device was removed since
        step = mfa_session_start(request=request, user=user)
    return step


def _always_required(user) -> bool:
    """Required whatever the roles (no query): superusers, and staff while MFA_REQUIRED_FOR_STAFF."""
    return user.is_superuser or (user.is_staff and getattr(settings, "MFA_REQUIRED_FOR_STAFF", True))


def mfa_satisfied(request) -> bool:
    """Whether this session may act as its user: nothing owed, or verified with a device."""
    user = request.user
    if getattr(user, "is_verified", lambda: False)():
        return True
    return not mfa_required(user) and not mfa_pending(request)


# ----------------------------------------------------------------------------------------------- enrolment


def totp_enrolment_start(*, user) -> TOTPDevice:
    """The device being enrolled: an unconfirmed TOTP device with a fresh secret (kept until confirmed)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-id").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=TOTP_DEVICE_NAME, confirmed=False)
    return device


def totp_secret(device: TOTPDevice) -> str:
    """The secret as authenticator apps take it when typed (base32, in groups of four)."""
    text = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(text[i:i + 4] for i in range(0, len(text), 4))


def totp_url(device: TOTPDevice) -> str:
    """The otpauth:// URL (issuer from OTP_TOTP_ISSUER) the QR code carries."""
    return device.config_url


def totp_qr_svg(device: TOTPDevice) -> str:
    """The QR code of the otpauth URL as inline SVG, drawn here (no outside service ever sees the secret)."""
    return segno.make(totp_url(device), error="m").svg_inline(scale=5, border=2, dark="#111", light="#fff",
                                                               title="otpauth")


def _code(token: str) -> str:
    return to_ascii_digits(str(token or "")).replace(" ", "").replace("-", "").strip().lower()


def totp_enrolment_confirm(*, request, device: TOTPDevice, token: str) -> list[str] | None:
    """Confirm the device with a code from the app: it replaces any earlier one, the session counts as verified,
    and a fresh set of recovery codes is returned (shown once). None when the code is wrong."""
    code = _code(token)
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
        if device.confirmed or not code.isdigit() or not device.verify_token(code):
            return None
        TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = recovery_codes_issue(user=device.user)
    otp_login(request, device)
    request.session[SESSION_STEP_KEY] = ""
    login_event_record(kind=LoginEvent.Kind.MFA_ENROLLED, username=device.user.get_username(), user=device.user,
                       request=request)
    return codes


def recovery_codes_issue(*, user) -> list[str]:
    """Ten new one-time recovery codes (each works once, in place of an app code); earlier ones stop working."""
    device, _created = StaticDevice.objects.get_or_create(user=user, name=RECOVERY_DEVICE_NAME,
                                                          defaults={"confirmed": True})
    device.token_set.all().delete()
    codes = [secrets.token_hex(5) for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return [f"{code[:5]}-{code[5:]}" for code in codes]


def recovery_codes_left(*, user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


# ----------------------------------------------------------------------------------------------- verification


def mfa_verify(*, request, token: str) -> bool:
    """Check a code from the app (or a recovery code) for the logged-in user; on success the session is verified.
    Every try is in the login audit; too many wrong ones in a row are refused for a while (MFA_FAILURES)."""
    user = request.user
    code = _code(token)
    device = None
    if code:
        with transaction.atomic():
            model = TOTPDevice if code.isdigit() and len(code) <= 8 else StaticDevice  # app codes have 6 digits
            candidates = model.objects.select_for_update().filter(user=user, confirmed=True)
            device = next((d for d in candidates if d.verify_token(code)), None)
    if device is None:
        mfa_failures.hit(str(user.pk))
        login_event_record(kind=LoginEvent.Kind.MFA_FAILED, username=user.get_username(), user=user, request=request)
        return False
    otp_login(request, device)
    request.session[SESSION_STEP_KEY] = ""
    mfa_failures.reset(str(user.pk))
    login_event_record(kind=LoginEvent.Kind.MFA_OK, username=user.get_username(), user=user, request=request,
                       backend=type(device).__name__)
    return True


def mfa_verify_refused(*, user):
    """The failure limit's decision when it refuses further codes now, else None."""
    decision = mfa_failures.peek(str(user.pk))
    return None if decision.allowed else decision


def mfa_reset(*, user) -> int:
    """An administrator removes a user's devices and recovery codes (a lost phone); the user enrols again at their
    next login. Returns how many devices were removed."""
    with transaction.atomic():
        removed = TOTPDevice.objects.filter(user=user).count() + StaticDevice.objects.filter(user=user).count()
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
    return removed
