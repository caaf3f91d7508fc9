"""Entry points of the channels: SMS and IVR webhooks (shared secret), the citizens' web form and the public
tracking page. Each parses its input and calls one service."""

import hmac
import json

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from intake.attachments import IncomingFile
from intake.channels.ivr import ivr_call_receive
from intake.channels.sms import sms_adapter, sms_inbound_receive
from intake.errors import IntakeError
from intake.forms import files_from_post
from intake.models import Attachment, Category, Status
from intake.selectors import request_by_tracking_code
from intake.services import UNCLASSIFIED_CODE, request_register

ACTION_LABELS = {
    "register": _("Registered"), "draft": _("Received, waiting for review"),
    "co_reporter": _("Reported again by another citizen"), "citizen_reply": _("The citizen replied"),
    "workflow_start": _("Entered the receipt inbox"), "attach": _("Files attached"),
    "draft_edit": _("Received, waiting for review"), "confirm": _("Registered"), "confirm_answered": _("Registered"),
    "draft_linked": _("Joined an open case that reports the same problem"),
    "attachment_quarantined": _("A file was set aside by the virus scan"),
}


def _error(error: IntakeError) -> JsonResponse:
    return JsonResponse(error.as_payload(), status=error.status)


def _secret_ok(request, setting: str) -> bool:
    expected = getattr(settings, setting, "") or ""
    given = request.headers.get("X-Webhook-Secret") or request.GET.get("secret", "")
    return bool(expected) and hmac.compare_digest(expected.encode(), given.encode())


def _forbidden() -> JsonResponse:
    return _error(IntakeError.on("secret", _("Wrong or missing webhook secret."), status=403))


@csrf_exempt
@require_POST
def sms_inbound(request, provider: str = "generic"):
    if not _secret_ok(request, "SMS_INBOUND_SECRET"):
        return _forbidden()
    try:
        adapter = sms_adapter(provider)
        if request.content_type == "application/json":
            try:
                data = json.loads(request.body or b"{}")
            except (ValueError, UnicodeDecodeError):
                raise IntakeError.on("__all__", _("The body is not valid JSON.")) from None
            if not isinstance(data, dict):
                raise IntakeError.on("__all__", _("The body is not valid JSON."))
        else:
            data = request.POST
        sms, service_request, is_reply = sms_inbound_receive(message=adapter.parse(data))
    except IntakeError as error:
        return _error(error)
    return JsonResponse({"ok": True, "reply": is_reply, "tracking_code": service_request.tracking_code})


@csrf_exempt
@require_POST
def ivr_call(request):
    if not _secret_ok(request, "IVR_WEBHOOK_SECRET"):
        return _forbidden()
    upload = request.FILES.get("recording")
    recording = IncomingFile(name=upload.name, content=upload, kind=Attachment.Kind.RECORDING) if upload else None
    try:
        registration = ivr_call_receive(caller=request.POST.get("caller", ""), choices=request.POST.get("choices", ""),
                                        call_id=request.POST.get("call_id", ""), recording=recording)
    except IntakeError as error:
        return _error(error)
    return JsonResponse({"ok": True, "tracking_code": registration.tracking_code},
                        status=201 if registration.created else 200)


def _web_subjects():
    subjects = (Category.objects.filter(parent__isnull=True, is_active=True).exclude(code=UNCLASSIFIED_CODE)
                .prefetch_related("children").order_by("sort_order", "code"))
    return [(s, [c for c in s.children.all() if c.is_active]) for s in subjects]


def web_report(request):
    """The citizens' form: map pin or address, category, photo, description → tracking code."""
    context = {"subjects": _web_subjects(), "values": request.POST}
    if request.method == "POST":
        post = request.POST
        try:
            registration = request_register(
                channel="web", category=post.get("category", ""), text=post.get("text", ""),
                phone=post.get("phone", ""), citizen_name=post.get("name", ""), lon=post.get("lon") or None,
                lat=post.get("lat") or None, address_text=post.get("address_text", ""),
                files=files_from_post(request, channel="web"),
            )
        except IntakeError as error:
            context["error"] = error
            return render(request, "intake/web_report.html", context, status=error.status)
        return render(request, "intake/web_report_done.html", {"registration": registration}, status=201)
    return render(request, "intake/web_report.html", context)


def public_tracking(request):
    """Status and history by tracking code; nothing that identifies the citizen or the staff."""
    code = request.GET.get("code", "").strip()
    service_request = request_by_tracking_code(code=code) if code else None
    history = []
    if service_request is not None:
        labels = dict(Status.choices)
        history = [{"created_at": h["created_at"], "action": ACTION_LABELS.get(h["action"], h["action"]),
                    "to_status": labels.get(h["to_status"], "")}
                   for h in (service_request.history.order_by("created_at", "id")
                             .values("action", "to_status", "created_at"))]
    status = 404 if code and service_request is None else 200
    return render(request, "intake/tracking.html",
                  {"code": code, "request_obj": service_request, "history": history}, status=status)
