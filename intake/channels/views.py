"""Entry points of the channels: SMS and IVR webhooks (shared secret in a header or an HMAC signature, see
intake.channels.webhooks). Each parses its input and calls one service. The citizens' web form and the public
tracking page are in intake/channels/web.py."""

import json

from django.conf import settings
from django.http import JsonResponse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from intake.attachments import IncomingFile
from intake.channels.ivr import ivr_call_receive
from intake.channels.sms import sms_adapter, sms_inbound_receive
from intake.channels.webhooks import webhook_check
from intake.errors import IntakeError
from intake.forms import plain_text
from intake.models import Attachment


def _error(error: IntakeError) -> JsonResponse:
    return JsonResponse(error.as_payload(), status=error.status)


def _refused(request, setting: str, *, signed_body: bool = False) -> JsonResponse | None:
    """The webhook's refusal (a credential in the URL, a wrong secret or signature), or None when it may go on."""
    try:
        webhook_check(request, secret=getattr(settings, setting, "") or "", signed_body=signed_body)
    except IntakeError as error:
        return _error(error)
    return None


@csrf_exempt
@require_POST
def sms_inbound(request, provider: str = "generic"):
    if refused := _refused(request, "SMS_INBOUND_SECRET", signed_body=True):
        return refused
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
    if refused := _refused(request, "IVR_WEBHOOK_SECRET"):  # its body holds the recording: secret header only
        return refused
    upload = request.FILES.get("recording")
    recording = IncomingFile(name=upload.name, content=upload, kind=Attachment.Kind.RECORDING) if upload else None
    try:
        registration = ivr_call_receive(caller=plain_text(request.POST, "caller"),
                                        choices=plain_text(request.POST, "choices"),
                                        call_id=plain_text(request.POST, "call_id"), recording=recording)
    except IntakeError as error:
        return _error(error)
    return JsonResponse({"ok": True, "tracking_code": registration.tracking_code},
                        status=201 if registration.created else 200)
