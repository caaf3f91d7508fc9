"""E-mail in: a message (from a local SMTP server, `manage.py intake_smtp`) becomes a draft with its attachments."""

import email
import email.policy
import logging
from email.utils import parseaddr

from django.utils.translation import gettext as _

from intake.attachments import IncomingFile, attachments_unattended_check
from intake.models import RequestIntake
from intake.services import Registration, request_draft_register
from text.bidi import strip_bidi_controls

log = logging.getLogger(__name__)
BODY_MAX = 3500


def email_message_receive(*, raw: bytes) -> Registration:
    """Parse a raw RFC 5322 message into a draft. Unacceptable attachments are left out (and said so in the
    draft), never the message itself. The same Message-ID delivered twice is kept once."""
    message = email.message_from_bytes(raw, policy=email.policy.default)
    message_id = str(message.get("Message-ID", "")).strip()[:180]
    if message_id:
        known = RequestIntake.objects.filter(external_ref=f"email:{message_id}").select_related("request").first()
        if known is not None:
            return Registration(request=known.request, created=False)
    sender_name, sender = parseaddr(str(message.get("From", "")))
    subject = str(message.get("Subject", "")).strip()
    body_part = message.get_body(preferencelist=("plain", "html"))
    body = body_part.get_content().strip() if body_part is not None else ""
    files, refused = attachments_unattended_check([
        IncomingFile(name=part.get_filename() or "attachment", content=part.get_payload(decode=True) or b"")
        for part in message.iter_attachments()])
    from_label, subject_label = _("From"), _("Subject")
    lines = [f"{from_label}: {sender_name} <{sender}>".strip(), f"{subject_label}: {subject}", "", body[:BODY_MAX]]
    lines += refused
    text = strip_bidi_controls("\n".join(lines)).strip()[:4000]
    return request_draft_register(channel="email", text=text, files=files, external_ref=f"email:{message_id}",
                                  notify=False)


def _receive_in_thread(raw: bytes) -> None:
    from django.db import connection

    try:
        email_message_receive(raw=raw)
    finally:
        connection.close()  # the SMTP server's worker threads must not hold database connections


class EmailIntakeHandler:
    """An aiosmtpd handler: each accepted message becomes a draft; a failure asks the sender to retry later."""

    async def handle_DATA(self, server, session, envelope):
        from asgiref.sync import sync_to_async

        try:
            await sync_to_async(_receive_in_thread, thread_sensitive=False)(envelope.original_content
                                                                            or envelope.content)
        except Exception:  # the sending server keeps the message and retries: nothing is dropped
            log.exception("could not register an e-mail")
            return "451 Requested action aborted: local error in processing"
        return "250 Message accepted for delivery"
