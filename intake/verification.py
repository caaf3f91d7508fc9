"""The one-time SMS code of the public web form: a report naming a phone number is registered at once (a citizen's
message is never lost) but as an unverified contact; the code texted to that number, entered on the page the form
leads to, proves the sender holds it. Only then is the report linked to the number's citizen record (created on
first contact) and its tracking code texted.

Check, then do: `contact_verify` refuses an expired link, a used one, a wrong code (each counted; after
CONTACT_CODE_ATTEMPTS the link is spent) before it writes anything."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from intake.models import ContactVerification, RequestHistory, RequestIntake, ServiceRequest
from intake.phones import is_mobile, to_ascii_digits
from intake.services import citizen_get_or_create, request_tracking_sms_due, sms_queue

CODE_DIGITS = 6
CODE_PURPOSE = "contact_code"


def _code_hash(token: str, code: str) -> str:
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, f"{token}:{code}".encode(), hashlib.sha256).hexdigest()


def _new_code() -> str:
    return f"{secrets.randbelow(10 ** CODE_DIGITS):0{CODE_DIGITS}d}"


def _expiry():
    return timezone.now() + timedelta(minutes=settings.CONTACT_CODE_MINUTES)


def _code_text(code: str) -> str:
    return f"سامانه ۱۳۷: کد تأیید شمارهٔ شما {code} است. این کد را فقط در صفحهٔ ثبت پیام وارد کنید."


def _code_send(verification: ContactVerification, code: str) -> None:
    """Text `code` (counted against the number's SMS limit like every other message)."""
    sms_queue(phone=verification.phone, text=_code_text(code), request=verification.request,
              purpose=f"{CODE_PURPOSE}_{verification.sends}")


def contact_verification_start(*, request: ServiceRequest, phone: str) -> ContactVerification | None:
    """Text a code to the report's phone number; None when the number cannot get an SMS (a landline): the report
    then stays an unverified contact."""
    if not is_mobile(phone):
        return None
    code = _new_code()
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        verification = ContactVerification.objects.create(
            request=request, phone=phone, token=token, code_hash=_code_hash(token, code), sends=1,
            expires_at=_expiry())
        _code_send(verification, code)
    return verification


def contact_verification_by_token(token: str) -> ContactVerification | None:
    token = str(token or "")
    if not token or len(token) > 64:
        return None
    return ContactVerification.objects.select_related("request").filter(token=token).first()


@dataclass(frozen=True)
class VerifyOutcome:
    ok: bool
    reason: str = ""  # "", "wrong", "expired", "spent", "verified" (already)
    attempts_left: int = 0


def _refusal(verification: ContactVerification, now) -> VerifyOutcome | None:
    if verification.verified_at is not None:
        return VerifyOutcome(False, "verified")
    if verification.attempts >= settings.CONTACT_CODE_ATTEMPTS:
        return VerifyOutcome(False, "spent")
    if verification.expires_at <= now:
        return VerifyOutcome(False, "expired")
    return None


def contact_verify(*, verification: ContactVerification, code: str) -> VerifyOutcome:
    """Check the code; when right, link the report to the number's citizen record and text its tracking code."""
    code = to_ascii_digits(str(code or "")).strip().replace(" ", "")
    with transaction.atomic():
        verification = ContactVerification.objects.select_for_update().get(pk=verification.pk)
        now = timezone.now()
        refused = _refusal(verification, now)
        if refused is not None:
            return refused
        if not hmac.compare_digest(verification.code_hash, _code_hash(verification.token, code)):
            ContactVerification.objects.filter(pk=verification.pk).update(attempts=F("attempts") + 1)
            return VerifyOutcome(False, "wrong", max(0, settings.CONTACT_CODE_ATTEMPTS - verification.attempts - 1))
        _contact_link(verification, now)
    return VerifyOutcome(True)


def _contact_link(verification: ContactVerification, now) -> None:
    """The number is proven: the report joins its citizen record; the tracking code is texted after commit."""
    request = ServiceRequest.objects.select_for_update().get(pk=verification.request_id)
    intake = RequestIntake.objects.filter(request=request).first()
    citizen = citizen_get_or_create(phone=verification.phone, name=intake.contact_name if intake else "")
    request.citizen = citizen
    request.save(update_fields=["citizen"])
    RequestIntake.objects.filter(request=request).update(contact_verified_at=now)
    verification.verified_at = now
    verification.save(update_fields=["verified_at"])
    RequestHistory.objects.create(request=request, action="contact_verified", created_at=now,
                                  data={"channel": request.channel, "citizen": citizen.pk})
    request_tracking_sms_due(request=request)


def contact_code_resend(*, verification: ContactVerification) -> bool:
    """A new code (the old one stops working), at most CONTACT_CODE_SENDS in all; False when no more may be sent."""
    with transaction.atomic():
        verification = ContactVerification.objects.select_for_update().get(pk=verification.pk)
        if verification.verified_at is not None or verification.sends >= settings.CONTACT_CODE_SENDS:
            return False
        code = _new_code()
        verification.code_hash = _code_hash(verification.token, code)
        verification.sends += 1
        verification.attempts = 0
        verification.expires_at = _expiry()
        verification.save(update_fields=["code_hash", "sends", "attempts", "expires_at"])
        _code_send(verification, code)
    return True
