"""Entry points of the channels: SMS and IVR webhooks (shared secret). Each parses its input and calls one service.
The citizens' web form and the public tracking page are in intake/channels/web.py."""

import hmac
import json

from django.conf import settings
from django.http import JsonResponse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from intake.attachments import IncomingFile
from intake.channels.ivr import ivr_call_receive
from intake.channels.sms import sms_adapter, sms_inbound_receive
from intake.errors import IntakeError
from intake.models import Attachment


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
