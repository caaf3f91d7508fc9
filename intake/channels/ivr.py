"""IVR / telephony in: a call's number, menu choices and recording become a draft."""

import re

from django.utils.translation import gettext_lazy as _

from intake.attachments import IncomingFile, attachments_unattended_check
from intake.errors import IntakeError
from intake.models import Category, RequestIntake
from intake.phones import to_ascii_digits
from intake.services import Registration, phone_check, request_draft_register

_MENU = re.compile(r"^[0-9*#]+(-[0-9*#]+)*$")


def ivr_call_receive(*, caller: str, choices: str, call_id: str, recording: IncomingFile | None) -> Registration:
    phone = phone_check(caller, "caller")
    choices = to_ascii_digits((choices or "").strip()).replace(",", "-").replace(" ", "")
    if choices and (len(choices) > 20 or not _MENU.match(choices)):
        raise IntakeError.on("choices", _("Menu choices are digits separated by dashes, e.g. 2-3."))
    call_id = (call_id or "").strip()[:150]
    if not call_id:
        raise IntakeError.on("call_id", _("The call id is missing."))
    known = RequestIntake.objects.filter(external_ref=f"ivr:{call_id}").select_related("request").first()
    if known is not None:
        return Registration(request=known.request, created=False)
    category = Category.objects.filter(ivr_menu=choices, is_active=True).first() if choices else None
    # A recording the policy refuses (or finds infected) is left out and said so: the call is never lost.
    files, notes = attachments_unattended_check([recording] if recording is not None else [])
    text = "\n".join([f"تماس تلفن گویا — گزینه‌های منو: {choices or '—'}", *notes])
    return request_draft_register(channel="ivr", text=text, phone=phone, category=category, files=files,
                                  external_ref=f"ivr:{call_id}", notify=False)
