"""The citizens' channel on the web: the report form, the one-time code that proves the sender's phone number, and
the public tracking page, each behind its abuse limits (README "Abuse limits"):

- the form: at most REPORT_RATE_PER_IP posts per address and REPORT_RATE_PER_PHONE per phone number; past
  REPORT_POW_AFTER posts from one address, a proof-of-work computed by the browser (limits.pow), one bit harder for
  each further post; the phone number is proven by an SMS code before the report joins its citizen record or the
  number is texted its tracking code;
- tracking: TRACK_RATE_PER_IP lookups per address and TRACK_MISSES_PER_IP codes that find nothing (a mistyped check
  digit counts as one), so guessing codes is impractical.

While Redis is down the form's limits count per web process and the tracking page's let everything through."""

from __future__ import annotations

from django.conf import settings
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from intake.errors import IntakeError
from intake.forms import files_from_post, plain_text
from intake.models import Category, Status
from intake.phones import InvalidPhoneNumber, normalize_phone
from intake.selectors import request_by_tracking_code
from intake.services import UNCLASSIFIED_CODE, request_register
from intake.tracking import is_valid_tracking_code
from intake.verification import (
    contact_code_resend,
    contact_verification_by_token,
    contact_verification_start,
    contact_verify,
)
from limits import pow as proof_of_work
from limits.clients import client_key
from limits.limiter import Limit
from limits.responses import too_many_messages

ACTION_LABELS = {
    "register": _("Registered"), "draft": _("Received, waiting for review"),
    "co_reporter": _("Reported again by another citizen"), "citizen_reply": _("The citizen replied"),
    "workflow_start": _("Entered the receipt inbox"), "attach": _("Files attached"),
    "draft_edit": _("Received, waiting for review"), "confirm": _("Registered"), "confirm_answered": _("Registered"),
    "draft_linked": _("Joined an open case that reports the same problem"),
    "attachment_quarantined": _("A file was set aside by the virus scan"),
    "contact_verified": _("The citizen's phone number was confirmed"),
}

report_per_ip = Limit("report-ip", setting="REPORT_RATE_PER_IP", outage="local")
report_per_phone = Limit("report-phone", setting="REPORT_RATE_PER_PHONE", outage="local")
report_posts = Limit("report-posts", setting="REPORT_POW_AFTER", outage="local")  # the proof-of-work threshold
track_per_ip = Limit("track-ip", setting="TRACK_RATE_PER_IP", outage="open")
track_misses = Limit("track-misses", setting="TRACK_MISSES_PER_IP", outage="open")


def _web_subjects():
    subjects = (Category.objects.filter(parent__isnull=True, is_active=True).exclude(code=UNCLASSIFIED_CODE)
                .prefetch_related("children").order_by("sort_order", "code"))
    return [(s, [c for c in s.children.all() if c.is_active]) for s in subjects]


def _pow_difficulty(posts_before: int, threshold: int) -> int | None:
    """The zero bits asked of the next post after `posts_before` posts from its address (None: none asked)."""
    if threshold <= 0 or posts_before < threshold:
        return None
    return min(settings.POW_DIFFICULTY + posts_before - threshold, settings.POW_MAX_DIFFICULTY)


def _form(request, *, status: int = 200, error=None, throttled: tuple[str, str] | None = None, retry_after=None):
    """The form (with the citizen's values kept), and a fresh proof-of-work challenge when the address owes one."""
    decision = report_posts.peek(client_key(request))
    difficulty = _pow_difficulty(decision.count, decision.limit)
    context = {"subjects": _web_subjects(), "values": request.POST, "error": error, "throttled": throttled,
               "pow_challenge": proof_of_work.challenge_issue(difficulty) if difficulty is not None else "",
               "pow_difficulty": difficulty or 0}
    response = render(request, "intake/web_report.html", context, status=status)
    if retry_after:
        response["Retry-After"] = str(retry_after)
    return response


def _throttled(request, decision, what_fa: str, what_en: str):
    messages = too_many_messages(decision.retry_after, what_fa, what_en)
    return _form(request, status=429, throttled=messages, retry_after=decision.retry_after)


def _phone_of(post) -> str:
    try:
        phone = plain_text(post, "phone")
        return normalize_phone(phone) if phone.strip() else ""
    except InvalidPhoneNumber:
        return ""  # the registration says what is wrong with it


def _pow_refusal(request, ip: str):
    """The form again (the browser solves the new challenge) when this post owes a proof-of-work it lacks."""
    decision = report_posts.peek(ip)
    difficulty = _pow_difficulty(decision.count, decision.limit)
    if difficulty is None:
        return None
    if proof_of_work.solution_check(request.POST.get("pow_challenge", ""), request.POST.get("pow_counter", ""),
                                    min_difficulty=difficulty):
        return None
    error = IntakeError.on("__all__", _("Your browser has to confirm this message first (it does so by itself "
                                        "within seconds; JavaScript must be on). Send it again."))
    return _form(request, status=400, error=error)


def web_report(request):
    """The citizens' form: map pin or address, category, photo, description → tracking code."""
    if request.method != "POST":
        return _form(request)
    ip = client_key(request)
    decision = report_per_ip.hit(ip)
    if not decision.allowed:
        return _throttled(request, decision, "از این نشانی اینترنتی پیام‌های زیادی فرستاده شده است",
                          "Too many messages were sent from this address")
    refused = _pow_refusal(request, ip)
    if refused is not None:
        return refused
    report_posts.hit(ip)
    phone = _phone_of(request.POST)
    if phone:
        decision = report_per_phone.hit(phone)
        if not decision.allowed:
            return _throttled(request, decision, "برای این شمارهٔ تلفن پیام‌های زیادی فرستاده شده است",
                              "Too many messages were sent for this phone number")
    verify = bool(phone) and settings.REPORT_PHONE_VERIFICATION
    post = request.POST
    try:
        registration = request_register(
            channel="web", category=plain_text(post, "category"), text=plain_text(post, "text"),
            phone=plain_text(post, "phone"), citizen_name=plain_text(post, "name"), lon=post.get("lon") or None,
            lat=post.get("lat") or None, address_text=plain_text(post, "address_text"),
            files=files_from_post(request, channel="web"), contact_unverified=verify,
        )
    except IntakeError as error:
        return _form(request, status=error.status, error=error)
    verification = contact_verification_start(request=registration.request, phone=phone) if verify else None
    return render(request, "intake/web_report_done.html",
                  {"registration": registration, "verification": verification, "unverified": verify}, status=201)


VERIFY_ERRORS = {
    "wrong": _("That code is not right."),
    "expired": _("This code has expired: ask for a new one."),
    "spent": _("Too many wrong codes: ask for a new one."),
    "verified": _("This number is already confirmed."),
}


def web_report_verify(request, token: str):
    """Enter the code texted to the report's phone number (or ask for another)."""
    verification = contact_verification_by_token(token)
    if verification is None:
        return render(request, "intake/web_report_verify.html", {"missing": True}, status=404)
    context = {"verification": verification, "registration": {"tracking_code": verification.request.tracking_code}}
    if request.method == "POST":
        if request.POST.get("action") == "resend":
            context["resent"] = contact_code_resend(verification=verification)
            context["resend_refused"] = not context["resent"]
            return render(request, "intake/web_report_verify.html", context, status=200 if context["resent"] else 429)
        outcome = contact_verify(verification=verification, code=request.POST.get("code", ""))
        if outcome.ok:
            return render(request, "intake/web_report_verify.html", {**context, "verified": True})
        context.update(error=VERIFY_ERRORS[outcome.reason], attempts_left=outcome.attempts_left)
        return render(request, "intake/web_report_verify.html", context, status=400)
    if verification.verified_at is not None:
        context["verified"] = True
    return render(request, "intake/web_report_verify.html", context)


def _tracking_throttled(request, decision, code: str):
    fa, en = too_many_messages(decision.retry_after, "جست‌وجوهای زیادی از این نشانی اینترنتی شده است",
                               "Too many lookups from this address")
    response = render(request, "intake/tracking.html", {"code": code, "throttled": (fa, en)}, status=429)
    response["Retry-After"] = str(decision.retry_after)
    return response


def public_tracking(request):
    """Status and history by tracking code; nothing that identifies the citizen or the staff. Every lookup costs
    one indexed query whatever it finds (a code with a wrong check digit none: it is a miss all the same)."""
    code = request.GET.get("code", "").strip()[:20]
    service_request, history = None, []
    if code:
        ip = client_key(request)
        decision = track_per_ip.hit(ip)
        if decision.allowed:
            decision = track_misses.peek(ip)
        if not decision.allowed:
            return _tracking_throttled(request, decision, code)
        service_request = request_by_tracking_code(code=code) if is_valid_tracking_code(_ascii(code)) else None
        if service_request is None:
            track_misses.hit(ip)
    if service_request is not None:
        labels = dict(Status.choices)
        history = [{"created_at": h["created_at"], "action": ACTION_LABELS.get(h["action"], h["action"]),
                    "to_status": labels.get(h["to_status"], "")}
                   for h in (service_request.history.order_by("created_at", "id")
                             .values("action", "to_status", "created_at"))]
    status = 404 if code and service_request is None else 200
    return render(request, "intake/tracking.html",
                  {"code": code, "request_obj": service_request, "history": history}, status=status)


def _ascii(code: str) -> str:
    from intake.phones import to_ascii_digits

    return to_ascii_digits(code)
