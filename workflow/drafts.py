"""Draft review through the workflow: what the receiving expert does with a draft from an unattended channel
(SMS, e-mail, IVR) waiting in the receipt inbox — fill in what it lacks, confirm it (draft → registered, tracking
code issued) or link it to an open case (the sender becomes a co-reporter, the draft is closed as a duplicate).

Each function locks the draft, checks the actor (`draft_review_check`), lets intake write the request
(`intake.drafts`), moves the case and writes the history row in one transaction; the tracking-code SMS is queued
after commit, and the tiles follow the `case_transitioned` event."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from intake.drafts import draft_fields_save, draft_link_write, draft_lock, draft_registration_write
from intake.models import RequestHistory, ServiceRequest, Status
from intake.services import request_tracking_sms_queue
from workflow.services import draft_review_check, workflow_draft_closed, workflow_draft_confirmed


def request_draft_update(*, request: ServiceRequest, actor, category=None, text: str | None = None,
                         urgency: str | None = None, lon=None, lat=None, address_text: str | None = None
                         ) -> ServiceRequest:
    """Save what the expert filled in on a draft (it stays a draft, in the receipt inbox)."""
    with transaction.atomic():
        request = draft_lock(request)
        draft_review_check(request=request, actor=actor)
        draft_fields_save(request=request, actor=actor, category=category, text=text, urgency=urgency, lon=lon,
                          lat=lat, address_text=address_text)
    return request


def request_draft_confirm(*, request: ServiceRequest, actor, category=None, text: str | None = None,
                          urgency: str | None = None, lon=None, lat=None, address_text: str | None = None,
                          answer_text: str = "", register_anyway_reason: str = "") -> ServiceRequest:
    """Draft → registered (or closed, when answered on the spot); its case stays in the receipt inbox with a fresh
    deadline (or goes to the terminal one). The citizen is texted the tracking code after commit."""
    with transaction.atomic():
        request = draft_lock(request)
        draft_review_check(request=request, actor=actor)
        confirmation = draft_registration_write(
            request=request, actor=actor, category=category, text=text, urgency=urgency, lon=lon, lat=lat,
            address_text=address_text, answer_text=answer_text, register_anyway_reason=register_anyway_reason)
        case = workflow_draft_confirmed(request=request, actor=actor)
        RequestHistory.objects.create(
            request=request, action="confirm", from_status=Status.DRAFT, to_status=request.status, actor=actor,
            text=confirmation.note, created_at=timezone.now(),
            data={"tracking_code": request.tracking_code, "to_box": case.box.code if case.box_id else "",
                  **confirmation.history_data},
        )
        if request.citizen_id and request.status != Status.CLOSED:
            phone = request.citizen.phone
            transaction.on_commit(lambda: request_tracking_sms_queue(request_id=request.pk, phone=phone))
    return request


def request_draft_link(*, request: ServiceRequest, actor, target, phone: str = "") -> ServiceRequest:
    """The draft reports a case the city already has: its sender becomes a co-reporter of `target` (an open case,
    by instance or tracking code) and gets its tracking code; the draft is closed as a duplicate and its case
    leaves the receipt inbox. Both requests get a history row. Returns the target."""
    with transaction.atomic():
        draft = draft_lock(request)
        draft_review_check(request=draft, actor=actor)
        link = draft_link_write(request=draft, actor=actor, target=target, phone=phone)
        case = workflow_draft_closed(request=draft, actor=actor)
        RequestHistory.objects.create(
            request=draft, action="draft_linked", from_status=Status.DRAFT, to_status=Status.CLOSED, actor=actor,
            created_at=timezone.now(), text=link.target.tracking_code,
            data={"linked_to": link.target.pk, "linked_to_tracking_code": link.target.tracking_code,
                  "to_box": case.box.code if case is not None and case.pk else ""},
        )
        if link.new_co_reporter:
            target_id, phone_number = link.target.pk, link.citizen.phone
            transaction.on_commit(lambda: request_tracking_sms_queue(request_id=target_id, phone=phone_number))
    return link.target
