"""The workflow reacts to intake's events: a draft takes its place in the receipt inbox, a registered request is
routed into the workflow."""

import logging

from django.db import transaction

from intake import events
from intake.models import ServiceRequest, Status
from workflow.services import TransitionRefused, workflow_draft_enter, workflow_start

log = logging.getLogger(__name__)


def draft_enter_receipt_inbox(sender, *, request: ServiceRequest, **kwargs) -> None:
    """Inside the registering transaction: the draft waits in the start inbox. A workflow with no start inbox
    keeps the draft all the same (it is logged; `workflow_backfill` gives it a case later)."""
    try:
        with transaction.atomic():
            workflow_draft_enter(request=request)
    except TransitionRefused as refused:
        log.warning("draft %s waits without an inbox: %s", request.pk, refused)


def registered_request_route(sender, *, request: ServiceRequest, actor=None, assignee=None, **kwargs) -> None:
    """Into the receipt inbox, or straight to the named receiving expert when they may take it (else the receipt
    inbox). Drafts wait for review and messages answered on the spot are closed: neither is routed here."""
    if request.status != Status.REGISTERED:
        return
    try:
        workflow_start(request=request, actor=actor, assignee=assignee)
    except TransitionRefused as refused:
        if assignee is None:
            raise
        log.warning("request %s: %s; routed to the receipt inbox instead", request.pk, refused)
        workflow_start(request=request, actor=actor, assignee=None)


def connect() -> None:
    events.draft_received.connect(draft_enter_receipt_inbox, dispatch_uid="workflow-draft-receipt-inbox")
    events.request_registered.connect(registered_request_route, dispatch_uid="workflow-route-registered")
