"""The one workflow engine. Every change of a request's inbox goes through `transition_execute`; a newly registered
request enters through `workflow_start`. Both lock the request row, write an append-only history row and fire
`case_transitioned` after commit."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from intake.models import RequestHistory, ServiceRequest, Status
from organization.roles import groups_holding, user_roles
from organization.scopes import users_seeing, visible_requests
from workflow.events import case_transitioned
from workflow.models import WRITE_OPERATION_KINDS, Box, CategoryPolicy, Operation, Relation, RequestCase
from workflow.worktime import work_calendar

SUPERVISOR_ROLE = "supervisor"
# What may happen to a draft: discarding it (archive), or confirming / linking it. Those two change the request
# itself (workflow.drafts passes intake's write to transition_execute), so they are done from the draft form.
DRAFT_OPERATION_KINDS = (Operation.Kind.ARCHIVE, *WRITE_OPERATION_KINDS)
DRAFT_REFUSAL = _("This message is still a draft: confirm it (or link it to an open case) before referring it.")
DRAFT_ROLE_REFUSAL = _("Your roles do not include reviewing drafts.")


class TransitionRefused(Exception):
    """A transition the configuration or the user's rights do not allow. `status` is the HTTP status to answer."""

    def __init__(self, message, *, status: int = 400, code: str = "refused"):
        super().__init__(str(message))
        self.message = message
        self.status = status
        self.code = code


@dataclass(frozen=True)
class TransitionResult:
    case: RequestCase
    history: RequestHistory
    relation: Relation | None


# ---------------------------------------------------------------------------------------------------------- helpers

def _lock(request: ServiceRequest) -> ServiceRequest:
    return ServiceRequest.objects.select_for_update().select_related("category").get(pk=request.pk)


def _role_names(box: Box) -> set[str]:
    """The names of the roles that receive in `box` (from the prefetched `receive_roles` when loaded)."""
    return {group.name for group in box.receive_roles.all()}


def user_may_receive(user, box: Box, request: ServiceRequest) -> bool:
    """May `user` hold a case in `box` for this request (a receiving role, and the request in their scope)?"""
    if user is None or not user.is_active:
        return False
    if not (user.is_superuser or user_roles(user) & _role_names(box)):
        return False
    return visible_requests(user, ServiceRequest.objects.filter(pk=request.pk)).exists()


def _deadline(box: Box, request: ServiceRequest, now: datetime.datetime, *, policies: dict | None = None,
              calendar=None) -> datetime.datetime | None:
    """When the case is due in `box` if it enters at `now`: the box's hours, or the sub-subject's for a box that
    uses them, in working time. `policies` (category id → CategoryPolicy) and `calendar`: loaded once by a caller
    that computes many deadlines."""
    hours = box.deadline_hours
    if box.uses_category_deadline:
        if policies is None:
            policy = CategoryPolicy.objects.filter(category_id=request.category_id).first()
        else:
            policy = policies.get(request.category_id)
        if policy and policy.followup_hours:
            hours = policy.followup_hours
        elif request.category.sla_hours:
            hours = request.category.sla_hours
    if not hours:
        return None
    return (work_calendar() if calendar is None else calendar).add_hours(timezone.localtime(now), hours)


def _feedback_date(request: ServiceRequest, now: datetime.datetime) -> datetime.date:
    policy = CategoryPolicy.objects.filter(category_id=request.category_id).first()
    delay = policy.feedback_delay_days if policy else 3
    return work_calendar().add_working_days(timezone.localdate(now), delay)


def _default_reference(request: ServiceRequest):
    from organization.models import Reference

    policy = CategoryPolicy.objects.filter(category_id=request.category_id).select_related("default_reference").first()
    if policy and policy.default_reference_id:
        return policy.default_reference
    candidates = Reference.objects.filter(is_active=True, categories=request.category_id)
    if request.region_id:
        regional = candidates.filter(region_id=request.region_id).first()
        if regional:
            return regional
    return candidates.filter(region__isnull=True).first() or candidates.first()


def _auto_assignee(box: Box, case: RequestCase, request: ServiceRequest):
    """For a box assigned by scope: the expert who held the case here before, else the least-loaded expert whose
    scope covers the request's reference (or region). Of the 20 least-loaded candidates, the first for whom
    `user_may_receive` holds, found in one query (roles and scope checked in SQL)."""
    from organization.models import Reference, UserProfile

    User = get_user_model()
    previous = (
        RequestHistory.objects.filter(request_id=request.pk, data__to_box=box.code, data__assignee__isnull=False)
        .order_by("-created_at", "-id").values_list("data__assignee", flat=True).first()
    )
    if previous:
        user = User.objects.filter(pk=previous).first()
        if user and user_may_receive(user, box, request):
            return user
    scoped = Q()
    if case.reference_id:
        ancestors, ref_id = [], case.reference_id
        while ref_id is not None and ref_id not in ancestors:
            ancestors.append(ref_id)
            ref_id = Reference.objects.filter(pk=ref_id).values_list("parent_id", flat=True).first()
        scoped |= Q(scope_references__in=ancestors)
    if request.region_id:
        scoped |= Q(scope_regions=request.region_id)
    if not scoped:
        return None
    members = User.groups.through.objects
    load = Coalesce(Subquery(
        RequestCase.objects.filter(assignee_id=OuterRef("pk"), box=box).order_by().values("assignee_id")
        .annotate(n=Count("pk")).values("n")[:1]
    ), 0)
    candidates = (
        User.objects.filter(Q(pk__in=UserProfile.objects.filter(scoped).values("user_id")),
                            Q(pk__in=members.filter(group__in=box.receive_roles.all()).values("user_id")),
                            is_active=True)
        .annotate(load=load).order_by("load", "id")
    )
    stored = (ServiceRequest.objects.filter(pk=request.pk)
              .values("region_id", "created_by_id", "workflow_case__reference_id", "workflow_case__assignee_id")
              .first())
    if stored is None:
        return None
    seeing = users_seeing(reference_id=stored["workflow_case__reference_id"], region_id=stored["region_id"],
                          assignee_id=stored["workflow_case__assignee_id"], created_by_id=stored["created_by_id"])
    may_receive = seeing & (
        Q(is_superuser=True)
        | Q(pk__in=members.filter(group__name__in=sorted(groups_holding(_role_names(box)))).values("user_id"))
    )
    return (User.objects.filter(may_receive, pk__in=candidates.values("pk")[:20])
            .annotate(load=load).order_by("load", "id").first())


def _history(*, request, action, from_status, to_status, actor, text, data, now) -> RequestHistory:
    return RequestHistory.objects.create(
        request=request, action=action, from_status=from_status, to_status=to_status, actor=actor, text=text,
        data=data, created_at=now,
    )


def _fire(request_id: int, operation: str, from_box: str, to_box: str, actor_id: int | None) -> None:
    transaction.on_commit(lambda: case_transitioned.send(
        sender=RequestCase, request_id=request_id, operation=operation, from_box=from_box, to_box=to_box,
        actor_id=actor_id,
    ))


# ---------------------------------------------------------------------------------------------------------- start

def workflow_start(*, request: ServiceRequest, actor=None, assignee=None) -> RequestCase:
    """Put a newly registered request into the start (receipt) inbox, or straight to `assignee` when given: the
    receipt inbox if they work it, else the box a `refer` from receipt leads to whose receivers include them.
    Idempotent: a request that already has a case keeps it."""
    with transaction.atomic():
        request = _lock(request)
        existing = RequestCase.objects.filter(request=request).select_related("box").first()
        if existing is not None:
            return existing
        start = Box.objects.filter(is_start=True, is_active=True).first()
        if start is None:
            raise TransitionRefused(_("The workflow has no start inbox: load a preset."), status=409, code="no_start")
        now = timezone.now()
        reference = _default_reference(request)
        case = RequestCase.objects.create(
            request=request, box=start, reference=reference, entered_box_at=now,
            due_at=_deadline(start, request, now),
        )
        from_status = request.status
        if request.status != start.status:
            request.status = start.status
            request.save(update_fields=["status", "updated_at"])
        _history(
            request=request, action="workflow_start", from_status=from_status, to_status=start.status, actor=actor,
            text="", data={"to_box": start.code, "reference": reference.pk if reference else None}, now=now,
        )
        _fire(request.pk, "workflow_start", "", start.code, getattr(actor, "pk", None))
        if assignee is not None:
            if user_may_receive(assignee, start, request):
                case.assignee = assignee
                case.save(update_fields=["assignee", "updated_at"])
            else:
                relation = next(
                    (r for r in Relation.objects.filter(from_box=start, is_active=True, to_box__is_active=True,
                                                        operation__kind=Operation.Kind.REFER)
                     .select_related("to_box", "operation") if user_may_receive(assignee, r.to_box, request)),
                    None,
                )
                if relation is None:
                    raise TransitionRefused(
                        _("%(user)s cannot receive this request.") % {"user": assignee.get_username()},
                        status=400, code="bad_assignee",
                    )
                _apply(request=request, case=case, relation=relation, actor=actor, text="", assignee=assignee,
                       data={}, check_actor=False)
        return case


# ---------------------------------------------------------------------------------------------------------- engine

def allowed_relations(*, request: ServiceRequest, actor) -> list[Relation]:
    """The active relations `actor` may use on the request now (what the detail page offers). Confirming or
    linking a draft is offered by the draft form, not here."""
    case = RequestCase.objects.filter(request=request).first()
    if case is None or not visible_requests(actor, ServiceRequest.objects.filter(pk=request.pk)).exists():
        return []
    roles = user_roles(actor)
    relations = (
        Relation.objects.filter(from_box_id=case.box_id, is_active=True, operation__is_active=True,
                                to_box__is_active=True)
        .exclude(operation__kind__in=WRITE_OPERATION_KINDS)
        .select_related("operation", "to_box").prefetch_related("roles")
    )
    if not _may_touch(case, actor):
        return []
    if request.status == Status.DRAFT:  # a draft is confirmed or linked first; only discarding it is offered here
        relations = [r for r in relations if r.operation.kind in DRAFT_OPERATION_KINDS]
    return [r for r in relations if actor.is_superuser or roles & {g.name for g in r.roles.all()}]


def _may_touch(case: RequestCase, actor) -> bool:
    """A case assigned to someone else is theirs; a supervisor (role, or of the case's unit) may still act."""
    if case.assignee_id is None or case.assignee_id == actor.pk or actor.is_superuser:
        return True
    if SUPERVISOR_ROLE in user_roles(actor):
        return True
    return bool(case.unit_id and case.unit.supervisor_id == actor.pk)


@dataclass(frozen=True)
class CaseWrite:
    """What an operation's own write (`transition_execute(write=…)`) changed, for the history row."""

    text: str = ""
    data: dict = field(default_factory=dict)


def transition_execute(*, request: ServiceRequest, operation: Operation | str, actor, text: str = "",
                       assignee=None, data: dict | None = None,
                       write: Callable[[ServiceRequest], CaseWrite] | None = None) -> TransitionResult:
    """Move the request's case along the configured relation for `operation`, if `actor` may.

    `write` is the operation's own change to the request (confirming a draft registers it; linking a draft closes
    it as a duplicate): it is called with the locked request once the relation and the actor are checked, inside
    the same transaction, before the case moves. Operations of those kinds need it, others must not have it."""
    text = (text or "").strip()
    data = dict(data or {})
    with transaction.atomic():
        request = _lock(request)
        case = (RequestCase.objects.select_for_update(of=("self",)).select_related("box", "unit")
                .filter(request=request).first())
        if case is None:
            raise TransitionRefused(_("This request has not entered the workflow."), status=409, code="no_case")
        relation = _relation_for(case, operation, write)
        _operation_check(request, relation, write)
        return _apply(request=request, case=case, relation=relation, actor=actor, text=text, assignee=assignee,
                      data=data, check_actor=True, write=write)


def _relation_for(case: RequestCase, operation: Operation | str, write=None) -> Relation:
    op_code = operation if isinstance(operation, str) else operation.code
    relation = (
        Relation.objects.filter(from_box=case.box, operation__code=op_code, is_active=True,
                                operation__is_active=True, to_box__is_active=True)
        .select_related("operation", "to_box", "from_box").first()
    )
    if relation is None and write is not None:
        raise TransitionRefused(
            _("The workflow has no draft-review step “%(operation)s” from the %(box)s inbox; ask an administrator "
              "to configure it.") % {"operation": op_code, "box": case.box},
            status=409, code="no_relation",
        )
    if relation is None:
        raise TransitionRefused(
            _("“%(operation)s” is not allowed from the %(box)s inbox.") % {"operation": op_code, "box": case.box},
            status=409, code="no_relation",
        )
    return relation


def _operation_check(request: ServiceRequest, relation: Relation, write) -> None:
    """A draft may only be discarded, confirmed or linked; confirming and linking come with their write."""
    kind = relation.operation.kind
    if kind in WRITE_OPERATION_KINDS:
        if write is None:
            raise TransitionRefused(
                _("“%(operation)s” is done from the draft form.") % {"operation": relation.operation},
                status=409, code="needs_form",
            )
        if request.status != Status.DRAFT:
            raise TransitionRefused(_("This message is no longer a draft."), status=409, code="not_draft")
    elif write is not None:  # e.g. a city gave the operation code "confirm" to an operation of another kind
        raise TransitionRefused(
            _("The workflow's “%(operation)s” is not a draft-review operation; ask an administrator to fix it.")
            % {"operation": relation.operation.code}, status=409, code="misconfigured")
    elif request.status == Status.DRAFT and kind not in DRAFT_OPERATION_KINDS:
        raise TransitionRefused(DRAFT_REFUSAL, status=409, code="draft")


def _actor_check(request: ServiceRequest, case: RequestCase, relation: Relation, actor) -> None:
    if actor is None or not actor.is_authenticated or not actor.is_active:
        raise TransitionRefused(_("Log in first."), status=403, code="anonymous")
    if not visible_requests(actor, ServiceRequest.objects.filter(pk=request.pk)).exists():
        raise TransitionRefused(_("This request is outside your scope."), status=403, code="out_of_scope")
    allowed = set(relation.roles.values_list("name", flat=True))
    if not (actor.is_superuser or user_roles(actor) & allowed):
        if relation.operation.kind in WRITE_OPERATION_KINDS:
            raise TransitionRefused(DRAFT_ROLE_REFUSAL, status=403, code="role")
        raise TransitionRefused(
            _("Your roles do not allow “%(operation)s” here.") % {"operation": relation.operation},
            status=403, code="role",
        )
    if not _may_touch(case, actor):
        raise TransitionRefused(_("This request is assigned to someone else."), status=403, code="assigned")


def _input_check(relation: Relation, text: str, assignee):
    """The operation's description and the receiver the sending policy allows; returns the assignee to use."""
    operation, policy = relation.operation, relation.assignee_policy
    if operation.requires_text and not text:
        raise TransitionRefused(_("Write a description for “%(operation)s”.") % {"operation": operation},
                                status=400, code="text_required")
    if policy == Relation.AssigneePolicy.NONE:
        return None
    if policy == Relation.AssigneePolicy.REQUIRED and assignee is None:
        raise TransitionRefused(_("Choose who receives the request."), status=400, code="assignee_required")
    return assignee


ORGANIZATION_TARGETS = (("reference", "Reference"), ("unit", "Unit"), ("official", "Official"))


def _organization_apply(case: RequestCase, data: dict) -> set[str]:
    """The reference / unit / official chosen with a referral (ids in `data`); the unit and reference follow
    from the official and unit when not given. Returns the case fields changed."""
    from django.apps import apps

    changed = set()
    for key, model_name in ORGANIZATION_TARGETS:
        value = data.get(key)
        if value in (None, ""):
            continue
        obj = apps.get_model("organization", model_name).objects.filter(pk=value, is_active=True).first()
        if obj is None:
            raise TransitionRefused(_("Unknown %(what)s.") % {"what": key}, status=400, code=f"bad_{key}")
        setattr(case, key, obj)
        changed.add(key)
    if case.official_id and case.unit_id is None:
        case.unit_id = case.official.unit_id
        changed.add("unit")
    if case.unit_id and case.reference_id is None:
        case.reference_id = case.unit.reference_id
        changed.add("reference")
    return changed


def _receiver_resolve(*, relation: Relation, case: RequestCase, request: ServiceRequest, assignee):
    """Who holds the case in the target box: the named receiver (checked), the current one (`keep` in the same
    box), or the expert chosen by scope for an auto-assigned box."""
    to_box = relation.to_box
    if assignee is not None and not user_may_receive(assignee, to_box, request):
        raise TransitionRefused(
            _("%(user)s cannot receive requests in the %(box)s inbox or does not cover this request.")
            % {"user": assignee.get_full_name() or assignee.get_username(), "box": to_box},
            status=400, code="bad_assignee",
        )
    if relation.assignee_policy == Relation.AssigneePolicy.KEEP and relation.from_box_id == to_box.pk:
        assignee = case.assignee
    if assignee is None and to_box.receive_policy == Box.ReceivePolicy.AUTO_SCOPE:
        assignee = _auto_assignee(to_box, case, request)
    return assignee


def _case_move(*, case: RequestCase, relation: Relation, request: ServiceRequest, assignee, now) -> set[str]:
    operation, from_box, to_box = relation.operation, case.box, relation.to_box
    changed = {"box", "entered_box_at", "due_at", "assignee", "last_operation", "updated_at", "escalated_at"}
    if to_box.pk != from_box.pk and operation.kind in (Operation.Kind.RETURN, Operation.Kind.REOPEN):
        case.round += 1
        changed.add("round")
    if operation.kind == Operation.Kind.CONFIRM:
        case.reference = _default_reference(request) or case.reference  # the sub-subject may have changed
        changed.add("reference")
    case.box = to_box
    case.assignee = assignee
    case.entered_box_at = now
    case.due_at = None if to_box.is_terminal else _deadline(to_box, request, now)
    case.last_operation = operation
    case.escalated_at = None
    if relation.schedules_feedback:
        case.feedback_due_on = _feedback_date(request, now)
        changed.add("feedback_due_on")
    return changed


def _request_status_apply(request: ServiceRequest, relation: Relation, now) -> None:
    """The request takes the target box's status; confirming or linking a draft keeps the status its write gave
    (registered, or closed when answered on the spot or joined to an open case)."""
    to_box = relation.to_box
    if relation.operation.kind in WRITE_OPERATION_KINDS:
        if to_box.is_terminal != (request.status in (Status.CLOSED, Status.ARCHIVED)):
            raise TransitionRefused(
                _("The workflow sends “%(operation)s” to the %(box)s inbox, which does not fit a request that is "
                  "now %(status)s; ask an administrator to fix the relation.")
                % {"operation": relation.operation, "box": to_box, "status": request.get_status_display()},
                status=409, code="misconfigured")
    else:
        request.status = to_box.status
    fields = ["status", "updated_at"]
    if to_box.is_terminal and request.closed_at is None:
        request.closed_at = now
        fields.append("closed_at")
    elif not to_box.is_terminal and request.closed_at is not None:
        request.closed_at = None
        fields.append("closed_at")
    request.save(update_fields=fields)


def _apply(*, request, case, relation, actor, text, assignee, data, check_actor, write=None) -> TransitionResult:
    if check_actor:
        _actor_check(request, case, relation, actor)
    assignee = _input_check(relation, text, assignee)
    now = timezone.now()
    from_box, from_status = case.box, request.status
    written = write(request) if write is not None else CaseWrite()  # the request as the target box will see it
    changed = _organization_apply(case, data)
    assignee = _receiver_resolve(relation=relation, case=case, request=request, assignee=assignee)
    changed |= _case_move(case=case, relation=relation, request=request, assignee=assignee, now=now)
    case.save(update_fields=sorted(changed))
    _request_status_apply(request, relation, now)

    operation, to_box = relation.operation, relation.to_box
    history_data = {
        "operation": operation.code, "kind": operation.kind, "color": operation.color,
        "from_box": from_box.code, "to_box": to_box.code,
        "assignee": assignee.pk if assignee else None,
        "reference": case.reference_id, "unit": case.unit_id, "official": case.official_id,
        "actor_roles": sorted(user_roles(actor)) if actor is not None else [],
    }
    extra = {**data, **written.data}
    history_data.update({k: v for k, v in extra.items() if k not in history_data and _jsonable(v)})
    history = _history(request=request, action=operation.code, from_status=from_status, to_status=request.status,
                       actor=actor, text=written.text or text, data=history_data, now=now)
    _fire(request.pk, operation.code, from_box.code, to_box.code, getattr(actor, "pk", None))
    return TransitionResult(case=case, history=history, relation=relation)


def _jsonable(value) -> bool:
    return isinstance(value, (str, int, float, bool, type(None), list, dict))


def case_reassign(*, request: ServiceRequest, actor, assignee) -> RequestCase:
    """A supervisor hands a case to another receiver of the same inbox (a history row records it)."""
    with transaction.atomic():
        request = _lock(request)
        case = RequestCase.objects.select_for_update(of=("self",)).select_related("box", "unit").get(request=request)
        is_unit_supervisor = bool(case.unit_id and case.unit.supervisor_id == actor.pk)
        if not (actor.is_superuser or SUPERVISOR_ROLE in user_roles(actor) or is_unit_supervisor):
            raise TransitionRefused(_("Only a supervisor may reassign."), status=403, code="role")
        if not visible_requests(actor, ServiceRequest.objects.filter(pk=request.pk)).exists():
            raise TransitionRefused(_("This request is outside your scope."), status=403, code="out_of_scope")
        if not user_may_receive(assignee, case.box, request):
            raise TransitionRefused(_("%(user)s cannot receive this request.") % {"user": assignee.get_username()},
                                    status=400, code="bad_assignee")
        previous = case.assignee_id
        case.assignee = assignee
        case.save(update_fields=["assignee", "updated_at"])
        _history(request=request, action="reassign", from_status=request.status, to_status=request.status,
                 actor=actor, text="", now=timezone.now(),
                 data={"from_box": case.box.code, "to_box": case.box.code, "assignee": assignee.pk,
                       "previous_assignee": previous})
        _fire(request.pk, "reassign", case.box.code, case.box.code, actor.pk)
        return case


def case_escalate(*, case_id: int, now: datetime.datetime | None = None) -> bool:
    """Mark an overdue case escalated to its unit supervisor (history row; once per stay in a box)."""
    now = now or timezone.now()
    with transaction.atomic():
        case = (RequestCase.objects.select_for_update(of=("self",)).select_related("unit", "box", "request")
                .filter(pk=case_id, escalated_at__isnull=True, due_at__lt=now, box__is_terminal=False).first())
        if case is None:
            return False
        case.escalated_at = now
        case.save(update_fields=["escalated_at", "updated_at"])
        supervisor_id = case.unit.supervisor_id if case.unit_id else None
        _history(request=case.request, action="escalate", from_status=case.request.status,
                 to_status=case.request.status, actor=None, text="", now=now,
                 data={"from_box": case.box.code, "to_box": case.box.code, "supervisor": supervisor_id,
                       "due_at": case.due_at.isoformat()})
        _fire(case.request_id, "escalate", case.box.code, case.box.code, None)
        return True


# ---------------------------------------------------------------------------------------------------------- drafts

def _start_box() -> Box:
    start = Box.objects.filter(is_start=True, is_active=True).first()
    if start is None:
        raise TransitionRefused(_("The workflow has no start inbox: load a preset."), status=409, code="no_start")
    return start


def workflow_draft_enter(*, request: ServiceRequest) -> RequestCase:
    """A draft from an unattended channel (SMS, e-mail, IVR) waits in the start (receipt) inbox for review. Its
    status stays `draft`: it is not registered until a receiving expert confirms it. Idempotent."""
    with transaction.atomic():
        request = _lock(request)
        existing = RequestCase.objects.filter(request=request).select_related("box").first()
        if existing is not None:
            return existing
        if request.status != Status.DRAFT:
            raise TransitionRefused(_("Only a draft waits for review."), status=409, code="not_draft")
        start = _start_box()
        now = timezone.now()
        reference = _default_reference(request)
        case = RequestCase.objects.create(request=request, box=start, reference=reference, entered_box_at=now,
                                          due_at=_deadline(start, request, now))
        _history(request=request, action="workflow_start", from_status=request.status, to_status=request.status,
                 actor=None, text="", now=now,
                 data={"to_box": start.code, "draft": True, "reference": reference.pk if reference else None})
        _fire(request.pk, "workflow_start", "", start.code, None)
        return case


def draft_review_check(*, request: ServiceRequest, actor) -> None:
    """May `actor` review this draft (edit, confirm, link)? Logged in, the request in their scope, a role the
    draft-review relations of its inbox allow (`draft_review_roles`), and the case not assigned to a colleague.
    The same rules as the engine's for confirming and linking, so the draft form offers what the engine accepts."""
    if actor is None or not getattr(actor, "is_authenticated", False) or not actor.is_active:
        raise TransitionRefused(_("Log in first."), status=403, code="anonymous")
    if not visible_requests(actor, ServiceRequest.objects.filter(pk=request.pk)).exists():
        raise TransitionRefused(_("This request is outside your scope."), status=403, code="out_of_scope")
    case = RequestCase.objects.filter(request_id=request.pk).select_related("box", "unit").first()
    box = case.box if case is not None else Box.objects.filter(is_start=True, is_active=True).first()
    if not (actor.is_superuser or (box is not None and user_roles(actor) & draft_review_roles(box))):
        raise TransitionRefused(DRAFT_ROLE_REFUSAL, status=403, code="role")
    if case is not None and not _may_touch(case, actor):
        raise TransitionRefused(_("This request is assigned to someone else."), status=403, code="assigned")


def draft_review_roles(box: Box) -> set[str]:
    """The roles the active confirm / link relations of `box` allow; a workflow without them falls back to the
    box's receiving roles and the supervisor (they may still edit a draft)."""
    names = set(
        Relation.objects.filter(from_box=box, is_active=True, operation__is_active=True, to_box__is_active=True,
                                operation__kind__in=WRITE_OPERATION_KINDS, roles__isnull=False)
        .values_list("roles__name", flat=True)
    )
    return names or _role_names(box) | {SUPERVISOR_ROLE}


__all__ = [
    "TransitionRefused", "TransitionResult", "workflow_start", "transition_execute", "allowed_relations",
    "case_reassign", "case_escalate", "user_may_receive", "Status", "workflow_draft_enter", "draft_review_check",
    "CaseWrite",
]


def cases_backfill(*, batch_size: int = 5000) -> int:
    """Create a case for each request that has none, in the active box whose status matches (the start box for
    an unknown status). A case still open entered its box when the request was registered and gets that box's
    deadline from then, so overdue work shows as such. Bulk writes, no history rows: the requests' own history
    stays as it was. Idempotent. A constant number of queries per batch (policies and holidays read once)."""
    boxes = {}
    for box in Box.objects.filter(is_active=True).order_by("-is_start", "sort_order"):
        boxes.setdefault(box.status, box)
        if box.is_terminal:
            boxes.setdefault(Status.CLOSED, box)
    start = Box.objects.filter(is_start=True, is_active=True).first()
    if start is None:
        raise TransitionRefused(_("The workflow has no start inbox: load a preset."), status=409, code="no_start")
    created = 0
    while True:
        requests = list(
            ServiceRequest.objects.filter(workflow_case__isnull=True).select_related("category")[:batch_size]
        )
        if not requests:
            return created
        policies = {p.category_id: p for p in CategoryPolicy.objects.filter(
            category_id__in={r.category_id for r in requests})}
        calendar = work_calendar()
        cases = []
        for request in requests:
            box = boxes.get(request.status, start)
            entered = request.created_at
            due = None if box.is_terminal else _deadline(box, request, entered, policies=policies,
                                                         calendar=calendar)
            cases.append(RequestCase(request_id=request.pk, box=box, entered_box_at=entered, due_at=due))
        RequestCase.objects.bulk_create(cases, ignore_conflicts=True)
        created += len(requests)
