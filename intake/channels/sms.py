"""SMS in: provider payload adapters and the inbound service. A reply to one of our SMS attaches to its request;
anything else becomes a draft for the receiving expert. Every inbound SMS is kept."""

import re
from dataclasses import dataclass
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from intake.errors import IntakeError
from intake.models import RequestHistory, ServiceRequest, SmsMessage, Status
from intake.phones import to_ascii_digits
from intake.services import phone_check, request_draft_register
from intake.tracking import is_valid_tracking_code
from text.bidi import strip_bidi_controls

REPLY_WINDOW = timedelta(days=3)
SMS_TEXT_MAX = 2000
_CODE = re.compile(r"\b\d{9}\b")


@dataclass
class InboundSms:
    """One inbound SMS as a provider delivered it; bidirectional control characters are removed here, at the
    channel's edge (text.bidi), whichever adapter read it."""

    phone: str
    text: str
    provider_ref: str = ""

    def __post_init__(self):
        self.phone, self.text = strip_bidi_controls(self.phone), strip_bidi_controls(self.text)
        self.provider_ref = strip_bidi_controls(self.provider_ref)


class GenericAdapter:
    """{"from": "...", "text": "...", "id": "..."} as JSON or form fields."""

    def parse(self, data) -> InboundSms:
        return InboundSms(phone=str(data.get("from", "")), text=str(data.get("text", "")),
                          provider_ref=str(data.get("id", "")))


class KavenegarAdapter:
    """Kavenegar-style receive callbacks: from, message, messageid, to."""

    def parse(self, data) -> InboundSms:
        return InboundSms(phone=str(data.get("from", "")), text=str(data.get("message", "")),
                          provider_ref=str(data.get("messageid", "")))


ADAPTERS = {"generic": GenericAdapter, "kavenegar": KavenegarAdapter}


def sms_adapter(provider: str):
    adapter = ADAPTERS.get(provider)
    if adapter is None:
        raise IntakeError.on("provider", _("Unknown SMS provider."), status=404)
    return adapter()


def _reply_target(phone: str, text: str) -> ServiceRequest | None:
    """The request this SMS answers: one whose tracking code it quotes, else the one we last texted this number."""
    for code in _CODE.findall(to_ascii_digits(text)):
        if is_valid_tracking_code(code):
            request = ServiceRequest.objects.filter(tracking_code=code).filter(citizen__phone=phone).first() or \
                ServiceRequest.objects.filter(tracking_code=code, co_reporters__citizen__phone=phone).first()
            if request is not None:
                return request
    last = (SmsMessage.objects.filter(direction=SmsMessage.Direction.OUTBOUND, phone=phone, request__isnull=False,
                                      created_at__gte=timezone.now() - REPLY_WINDOW)
            .exclude(request__status__in=[Status.ARCHIVED]).select_related("request").order_by("-created_at").first())
    return last.request if last else None


def sms_inbound_receive(*, message: InboundSms) -> tuple[SmsMessage, ServiceRequest, bool]:
    """Keep the SMS; attach it to the request it replies to, or register a draft. Returns (sms, request, is_reply).
    The same provider message delivered twice is kept once."""
    phone = phone_check(message.phone)
    text = (message.text or "").strip()
    if not text:
        raise IntakeError.on("text", _("The SMS has no text."))
    if len(text) > SMS_TEXT_MAX:
        raise IntakeError.on("text", _("The SMS is too long."))
    ref = (message.provider_ref or "")[:100]
    if ref:
        earlier = SmsMessage.objects.filter(direction=SmsMessage.Direction.INBOUND, provider_ref=ref).first()
        if earlier is not None:
            return earlier, earlier.request, False
    try:
        with transaction.atomic():
            target = _reply_target(phone, text)
            if target is not None:
                RequestHistory.objects.create(request=target, action="citizen_reply", text=text,
                                              created_at=timezone.now(), data={"channel": "sms", "phone": phone})
                request, is_reply = target, True
            else:
                request = request_draft_register(channel="sms", text=text, phone=phone, notify=False).request
                is_reply = False
            sms = SmsMessage.objects.create(direction=SmsMessage.Direction.INBOUND, phone=phone, text=text,
                                            request=request, state=SmsMessage.State.RECEIVED, provider_ref=ref)
    except IntegrityError:
        earlier = SmsMessage.objects.get(direction=SmsMessage.Direction.INBOUND, provider_ref=ref)
        return earlier, earlier.request, False
    return sms, request, is_reply
