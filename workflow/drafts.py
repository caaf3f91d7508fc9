"""Draft review through the workflow: what the receiving expert does with a draft from an unattended channel
(SMS, e-mail, IVR) waiting in the receipt inbox — fill in what it lacks, confirm it (draft → registered, tracking
code issued) or link it to an open case (the sender becomes a co-reporter, the draft is closed as a duplicate).

Confirming and linking are configured operations (kinds `confirm` and `link`) run by `transition_execute`: the
engine checks the relation and the actor, locks the rows, runs intake's write (`intake.drafts`) inside its
transaction, moves the case, writes the history row and fires `case_transitioned`. The tracking-code SMS is queued
after commit."""

from __future__ import annotations

from django.db import transaction

from intake.drafts import draft_fields_save, draft_link_write, draft_lock, draft_registration_write
from intake.models import ServiceRequest, Status, Urgency
from intake.services import request_tracking_sms_queue
from workflow.services import CaseWrite, draft_review_check, transition_execute, workflow_draft_enter

CONFIRM_OPERATION = "confirm"
CONFIRM_ANSWERED_OPERATION = "confirm_answered"  # an immediate message answered on the spot: closed at once
LINK_OPERATION = "draft_linked"


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
    """Draft → registered: its case stays in the receipt inbox with a fresh deadline (operation `confirm`); an
    immediate message answered on the spot is closed and goes to the terminal inbox (`confirm_answered`). The
    citizen is texted the tracking code after commit."""
    fields = dict(category=category, text=text, urgency=urgency, lon=lon, lat=lat, address_text=address_text)

    def write(locked: ServiceRequest) -> CaseWrite:
        confirmation = draft_registration_write(request=locked, actor=actor, answer_text=answer_text,
                                                register_anyway_reason=register_anyway_reason, **fields)
        return CaseWrite(text=confirmation.note,
                         data={"tracking_code": locked.tracking_code, **confirmation.history_data})

    with transaction.atomic():
        request = _draft_in_review(request, actor)
        answered = (urgency or request.urgency) == Urgency.IMMEDIATE
        result = transition_execute(
            request=request, operation=CONFIRM_ANSWERED_OPERATION if answered else CONFIRM_OPERATION,
            actor=actor, write=write)
        confirmed = result.history.request
        if confirmed.citizen_id and confirmed.status != Status.CLOSED:
            request_id, phone = confirmed.pk, confirmed.citizen.phone
            transaction.on_commit(lambda: request_tracking_sms_queue(request_id=request_id, phone=phone))
    return confirmed


def request_draft_link(*, request: ServiceRequest, actor, target, phone: str = "") -> ServiceRequest:
    """The draft reports a case the city already has: its sender becomes a co-reporter of `target` (an open case,
    by instance or tracking code) and gets its tracking code; the draft is closed as a duplicate and its case
    leaves the receipt inbox (operation `draft_linked`). Both requests get a history row. Returns the target."""
    links = []

    def write(locked: ServiceRequest) -> CaseWrite:
        link = draft_link_write(request=locked, actor=actor, target=target, phone=phone)
        links.append(link)
        return CaseWrite(text=link.target.tracking_code,
                         data={"linked_to": link.target.pk, "linked_to_tracking_code": link.target.tracking_code})

    with transaction.atomic():
        request = _draft_in_review(request, actor)
        transition_execute(request=request, operation=LINK_OPERATION, actor=actor, write=write)
        link = links[0]
        if link.new_co_reporter:
            target_id, phone_number = link.target.pk, link.citizen.phone
            transaction.on_commit(lambda: request_tracking_sms_queue(request_id=target_id, phone=phone_number))
    return link.target


def _draft_in_review(request: ServiceRequest, actor) -> ServiceRequest:
    """The locked draft, checked for `actor`, with its case in the receipt inbox (a draft that never entered it
    enters now)."""
    request = draft_lock(request)
    draft_review_check(request=request, actor=actor)
    workflow_draft_enter(request=request)
    return request
