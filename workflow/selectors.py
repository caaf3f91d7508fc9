"""Reads for the workflow: inboxes (کارتابل) with filters and counts, a case's timeline and referral chain."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import jdatetime
from django.contrib.auth import get_user_model
from django.db.models import (
    BigIntegerField,
    BooleanField,
    Case,
    CharField,
    Count,
    F,
    Func,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    TextField,
    Value,
    When,
)
from django.db.models.expressions import RawSQL
from django.db.models.fields.json import KeyTextTransform, KeyTransform
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from intake.models import OPEN_STATUSES, RequestHistory, ServiceRequest, Status
from organization.roles import user_roles
from organization.scopes import visible_requests
from text import persian
from text.digits import to_ascii_digits
from workflow.models import WRITE_OPERATION_KINDS, Box, Operation, Relation, RequestCase

SUPERVISOR_ROLE = "supervisor"
PAGE_SIZE = 25

# Timeline colours for events that are not configured operations.
SYSTEM_COLORS = {
    "register": "#3949ab",
    "workflow_start": "#3949ab",
    "reassign": "#00897b",
    "escalate": "#d81b60",
    "answer_recorded": "#43a047",
    "site_visit": "#00acc1",
    "letter": "#795548",
    "survey": "#fdd835",
    "draft": "#9e9e9e",
    "draft_edit": "#9e9e9e",
    "confirm": "#3949ab",
    "draft_linked": "#00897b",
    "co_reporter": "#00897b",
    "citizen_reply": "#5e35b1",
    "attach": "#78909c",
    "official_rating": "#fb8c00",
}
SYSTEM_LABELS = {
    "register": _("registered"),
    "workflow_start": _("entered the receipt inbox"),
    "reassign": _("reassigned"),
    "escalate": _("escalated to the supervisor"),
    "answer_recorded": _("official's answer recorded"),
    "site_visit": _("site visit"),
    "letter": _("letter"),
    "survey": _("survey recorded"),
    "draft": _("received as a draft"),
    "draft_edit": _("draft edited"),
    "confirm": _("draft confirmed and registered"),
    "draft_linked": _("draft linked to an open case (duplicate)"),
    "co_reporter": _("reported again by another citizen"),
    "citizen_reply": _("the citizen replied"),
    "attach": _("files attached"),
    "official_rating": _("the official was rated"),
}

FILTER_KEYS = ("category", "region", "district", "reference", "official", "status", "overdue", "date_from",
               "date_to", "channel", "q", "feedback_date", "assignee", "draft", "possible_duplicate")
TRUE_VALUES = ("1", "true", "on", "yes")


class BadFilter(ValueError):
    """A filter value that cannot be understood (answered with 400)."""


def parse_jalali_date(value: str) -> datetime.date:
    """'1403/05/01' or '۱۴۰۳-۰۵-۰۱' → a Gregorian date."""
    text = to_ascii_digits((value or "").strip())
    parts = text.replace("-", "/").split("/")
    try:
        year, month, day = (int(p) for p in parts)
        return jdatetime.date(year, month, day).togregorian()
    except (ValueError, TypeError) as exc:
        raise BadFilter(_("Give the date as year/month/day on the Jalali calendar, e.g. 1403/05/01.")) from exc


def _may_open(user, box: Box) -> bool:
    """A receiving role of the box (its `receive_roles` prefetched), a supervisor, or a superuser."""
    if user.is_superuser:
        return True
    roles = user_roles(user)
    return SUPERVISOR_ROLE in roles or bool(roles & {g.name for g in box.receive_roles.all()})


def box_for_user(user, code: str) -> Box | None:
    """The active box, if the user may open its inbox (a receiving role, a supervisor, or a superuser)."""
    box = Box.objects.filter(code=code, is_active=True).prefetch_related("receive_roles").first()
    if box is None or not _may_open(user, box):
        return None
    return box


def user_boxes(user) -> list[Box]:
    """The active boxes whose inbox the user may open (two queries, whatever the number of boxes)."""
    return [box for box in Box.objects.filter(is_active=True).prefetch_related("receive_roles")
            if _may_open(user, box)]


def _int(value, name: str) -> int:
    try:
        return int(value)
    except (TypeError, ValueError) as exc:
        raise BadFilter(_("“%(name)s” must be a number.") % {"name": name}) from exc


def _works(user, qs: QuerySet) -> QuerySet:
    """What `_base` adds to the box filter: the user's scope, and colleagues' assigned cases left out."""
    qs = visible_requests(user, qs)
    is_supervisor = user.is_superuser or SUPERVISOR_ROLE in user_roles(user)
    if not is_supervisor:  # a case assigned to a colleague is theirs; unassigned cases are shared
        qs = qs.filter(Q(workflow_case__assignee=user) | Q(workflow_case__assignee__isnull=True))
    return qs


def _base(user, box: Box) -> QuerySet:
    return _works(user, ServiceRequest.objects.filter(workflow_case__box=box))


def inbox_for_user(user, box: Box | str, filters: dict | None = None) -> QuerySet:
    """The requests in `box` the user works, filtered. Raises BadFilter for a value it cannot read."""
    if isinstance(box, str):
        box = Box.objects.get(code=box)
    filters = {k: v for k, v in (filters or {}).items() if k in FILTER_KEYS and v not in (None, "", [])}
    qs = _base(user, box)
    if "category" in filters:
        qs = qs.filter(category_id=_int(filters["category"], "category"))
    if "region" in filters:
        qs = qs.filter(region_id=_int(filters["region"], "region"))
    if "district" in filters:
        qs = qs.filter(district_id=_int(filters["district"], "district"))
    if "reference" in filters:
        qs = qs.filter(workflow_case__reference_id=_int(filters["reference"], "reference"))
    if "official" in filters:
        qs = qs.filter(workflow_case__official_id=_int(filters["official"], "official"))
    if "assignee" in filters:
        qs = qs.filter(workflow_case__assignee_id=_int(filters["assignee"], "assignee"))
    if "status" in filters:
        qs = qs.filter(status=filters["status"])
    if "channel" in filters:
        qs = qs.filter(channel=filters["channel"])
    if str(filters.get("draft", "")).lower() in TRUE_VALUES:
        qs = qs.filter(status=Status.DRAFT)
    if str(filters.get("possible_duplicate", "")).lower() in TRUE_VALUES:
        qs = qs.annotate(visible_duplicate=visible_duplicate_flag(user)).filter(visible_duplicate=True)
    if str(filters.get("overdue", "")).lower() in TRUE_VALUES:
        qs = qs.filter(workflow_case__due_at__lt=timezone.now())
    if "date_from" in filters:
        qs = qs.filter(created_at__date__gte=parse_jalali_date(filters["date_from"]))
    if "date_to" in filters:
        qs = qs.filter(created_at__date__lte=parse_jalali_date(filters["date_to"]))
    if "feedback_date" in filters:
        qs = qs.filter(workflow_case__feedback_due_on=parse_jalali_date(filters["feedback_date"]))
    if "q" in filters:
        term = persian.normalize(str(filters["q"]))  # Arabic ي/ك, Arabic-Indic digits, ZWNJ: as stored text is read
        qs = qs.annotate(text_folded=_folded("text")).filter(Q(tracking_code=term) | Q(text_folded__icontains=term))
    return (
        qs.select_related("category", "region", "citizen", "intake", "workflow_case__assignee",
                          "workflow_case__reference", "workflow_case__official")
        .order_by("workflow_case__due_at", "created_at", "id")
    )


_FOLD_FROM, _FOLD_TO = persian.sql_translate_args()


def _folded(column: str) -> Func:
    """The column's text as `text.persian.fold` reads it, in SQL (one letter form, ASCII digits, no marks)."""
    return Func(F(column), Value(_FOLD_FROM), Value(_FOLD_TO), function="translate", output_field=TextField())


def inbox_counts(user) -> dict[str, int]:
    """Open cases per inbox the user works: the boxes, then one grouped count for all of them."""
    boxes = user_boxes(user)
    if not boxes:
        return {}
    grouped = dict(
        _works(user, ServiceRequest.objects.filter(workflow_case__box__in=[b.pk for b in boxes]))
        .order_by().values("workflow_case__box_id").annotate(n=Count("id")).values_list("workflow_case__box_id", "n")
    )
    return {box.code: grouped.get(box.pk, 0) for box in boxes}


def inbox_draft_counts(user, box: Box) -> dict[str, int]:
    """Drafts waiting for review and messages flagged "possible duplicate" in the box (one query)."""
    return _base(user, box).annotate(visible_duplicate=visible_duplicate_flag(user)).aggregate(
        drafts=Count("id", filter=Q(status=Status.DRAFT)),
        possible_duplicates=Count("id", filter=Q(visible_duplicate=True)),
    )


def visible_duplicate_flag(user) -> RawSQL:
    """True for a request flagged "possible duplicate" whose stored candidates include a case `user` may see: a
    draft from an unattended channel is checked against every region, and a scoped user must not learn from a
    count or a filter that another region has its duplicate."""
    visible_sql, params = visible_requests(user, ServiceRequest.objects.all()).values("id").query.sql_with_params()
    return RawSQL(
        "exists (select 1 from requests_app_requestintake flagged, "
        "jsonb_array_elements(flagged.duplicate_candidates) candidate "
        "where flagged.request_id = requests_app_servicerequest.id and flagged.possible_duplicate "
        f"and (candidate->>'id')::bigint in ({visible_sql}))",
        params, output_field=BooleanField())


def case_for_user(user, tracking_code: str) -> ServiceRequest | None:
    """A request by tracking code, only if the user may see it."""
    return (
        visible_requests(user, ServiceRequest.objects.filter(tracking_code=tracking_code))
        .select_related("category__parent", "citizen", "region", "district", "workflow_case__box",
                        "workflow_case__assignee", "workflow_case__reference", "workflow_case__unit__supervisor",
                        "workflow_case__official")
        .first()
    )


@dataclass(frozen=True)
class TimelineEntry:
    action: str
    label: str
    color: str
    kind: str
    actor: str
    text: str
    at: datetime.datetime
    from_box: str
    to_box: str
    assignee: str


def request_timeline(request: ServiceRequest) -> list[TimelineEntry]:
    """Every history row as a coloured entry: the operation's colour, or a fixed one for system events."""
    operations = {op.code: op for op in Operation.objects.all()}
    boxes = {b.code: b.name_fa for b in Box.objects.all()}
    rows = list(RequestHistory.objects.filter(request=request).select_related("actor").order_by("created_at", "id"))
    User = get_user_model()
    assignee_ids = {r.data.get("assignee") for r in rows if isinstance(r.data, dict) and r.data.get("assignee")}
    names = {u.pk: (u.get_full_name() or u.username) for u in User.objects.filter(pk__in=assignee_ids)}
    entries = []
    for row in rows:
        data = row.data if isinstance(row.data, dict) else {}
        op = operations.get(row.action)
        entries.append(TimelineEntry(
            action=row.action,
            label=str(op if op else SYSTEM_LABELS.get(row.action, row.action)),
            color=op.color if op else SYSTEM_COLORS.get(row.action, "#9e9e9e"),
            kind=op.kind if op else "system",
            actor=(row.actor.get_full_name() or row.actor.username) if row.actor else str(_("system")),
            text=row.text,
            at=row.created_at,
            from_box=boxes.get(data.get("from_box", ""), ""),
            to_box=boxes.get(data.get("to_box", ""), ""),
            assignee=names.get(data.get("assignee"), ""),
        ))
    return entries


def _display_name(first: str | None, last: str | None, username: str | None) -> str:
    """What `User.get_full_name() or username` gives, from the three columns."""
    return f"{first or ''} {last or ''}".strip() or (username or "")


def referral_chain(request: ServiceRequest) -> list[dict]:
    """Who held the case, in order, with the role they acted in: [{box, assignee, actor, roles, at}]. One query:
    the history rows with the box name, the assignee's name and the operation's colour joined in SQL."""
    users = get_user_model().objects.filter(pk=OuterRef("assignee_pk"))
    assignee_type = Func(KeyTransform("assignee", "data"), function="jsonb_typeof", output_field=CharField())
    rows = (
        RequestHistory.objects.filter(request=request).select_related("actor")
        .alias(to_box_code=KeyTextTransform("to_box", "data"), assignee_type=assignee_type)
        .alias(assignee_pk=Case(When(assignee_type="number",
                                     then=Cast(KeyTextTransform("assignee", "data"), BigIntegerField()))))
        .annotate(
            to_box_name=Subquery(Box.objects.filter(code=OuterRef("to_box_code")).values("name_fa")[:1]),
            operation_color=Subquery(Operation.objects.filter(code=OuterRef("action")).values("color")[:1]),
            assignee_first=Subquery(users.values("first_name")[:1]),
            assignee_last=Subquery(users.values("last_name")[:1]),
            assignee_username=Subquery(users.values("username")[:1]),
        )
        .order_by("created_at", "id")
    )
    chain = []
    for row in rows:
        data = row.data if isinstance(row.data, dict) else {}
        if not data.get("to_box"):
            continue
        actor = (row.actor.get_full_name() or row.actor.username) if row.actor else str(_("system"))
        name = ""
        if row.assignee_username is not None:
            name = _display_name(row.assignee_first, row.assignee_last, row.assignee_username)
        chain.append({"box": row.to_box_name or "", "assignee": name, "actor": actor,
                      "roles": ", ".join(data.get("actor_roles", [])), "at": row.created_at,
                      "color": row.operation_color if row.operation_color is not None
                      else SYSTEM_COLORS.get(row.action, "#9e9e9e")})
    return chain


def citizen_open_requests(request: ServiceRequest, user) -> QuerySet:
    """The same citizen's other open tracking codes (the responder answers them in one call)."""
    if not request.citizen_id:
        return ServiceRequest.objects.none()
    return visible_requests(
        user, ServiceRequest.objects.filter(citizen_id=request.citizen_id, status__in=OPEN_STATUSES)
        .exclude(pk=request.pk).select_related("category", "workflow_case__box"),
    ).order_by("-created_at")


def relation_choices(*, box: Box, user) -> list[Relation]:
    roles = user_roles(user)
    return [r for r in Relation.objects.filter(from_box=box, is_active=True, to_box__is_active=True,
                                               operation__is_active=True)
            .exclude(operation__kind__in=WRITE_OPERATION_KINDS)
            .select_related("operation", "to_box").prefetch_related("roles")
            if user.is_superuser or roles & {g.name for g in r.roles.all()}]


def receivers_for(box: Box):
    """Active users holding a role that receives in `box` (for the 'refer to' list)."""
    User = get_user_model()
    return (User.objects.filter(is_active=True, groups__in=box.receive_roles.all()).distinct()
            .order_by("last_name", "first_name", "username"))


def supervision_overview(user) -> QuerySet:
    """Open cases per assignee for the users the supervisor oversees (their units' members, or all in scope)."""
    qs = visible_requests(user, ServiceRequest.objects.filter(status__in=OPEN_STATUSES))
    if not (user.is_superuser or SUPERVISOR_ROLE in user_roles(user)):
        qs = qs.filter(workflow_case__unit__supervisor=user)
    return (qs.values("workflow_case__assignee", "workflow_case__assignee__username",
                      "workflow_case__assignee__first_name", "workflow_case__assignee__last_name",
                      "workflow_case__box__code")
            .annotate(open=Count("id"),
                      overdue=Count("id", filter=Q(workflow_case__due_at__lt=timezone.now())))
            .order_by("workflow_case__assignee__username", "workflow_case__box__code"))


def cases_due_for_escalation(now: datetime.datetime | None = None) -> QuerySet:
    now = now or timezone.now()
    return RequestCase.objects.filter(due_at__lt=now, escalated_at__isnull=True, box__is_terminal=False) \
        .values_list("id", flat=True)


def inbox_overdue_for_supervisor(user) -> QuerySet:
    """Overdue open cases the supervisor oversees (all in scope for the supervisor role; else their units')."""
    qs = visible_requests(user, ServiceRequest.objects.filter(
        status__in=OPEN_STATUSES, workflow_case__due_at__lt=timezone.now()))
    if not (user.is_superuser or SUPERVISOR_ROLE in user_roles(user)):
        qs = qs.filter(workflow_case__unit__supervisor=user)
    return qs.select_related("category", "workflow_case__box", "workflow_case__assignee").order_by(
        "workflow_case__due_at")


def recent_official_answers(user):
    from workflow.models import OfficialAnswer

    requests = visible_requests(user, ServiceRequest.objects.all())
    if not (user.is_superuser or SUPERVISOR_ROLE in user_roles(user)):
        requests = requests.filter(workflow_case__unit__supervisor=user)
    return (OfficialAnswer.objects.filter(request__in=requests)
            .select_related("request", "official", "recorded_by").order_by("-created_at"))


def visible_duplicates_attach(user, requests) -> None:
    """Give each request of an inbox page `visible_duplicates`: the candidates stored at its registration that
    `user` may see (one query for the whole page), so a badge never names another region's case."""
    from matching.candidates import visible_candidates

    requests = list(requests)
    stored = [c for r in requests for c in _stored_candidates(r)]
    visible = {c["id"] for c in visible_candidates(stored, user)}
    for r in requests:
        r.visible_duplicates = [c for c in _stored_candidates(r) if c["id"] in visible]


def _stored_candidates(request) -> list[dict]:
    intake = getattr(request, "intake", None)
    rows = intake.duplicate_candidates if intake is not None and intake.possible_duplicate else []
    return [c for c in rows if isinstance(c, dict) and "id" in c]
