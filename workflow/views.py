"""Pages of the workflow: inboxes, the case page (history, operations, answer, survey), site visit, supervision."""

from __future__ import annotations

import datetime
from functools import wraps

import jdatetime
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponseNotFound
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from addresses.models import District, Region
from intake.errors import IntakeError
from intake.models import Category, Channel, ServiceRequest, Status, Urgency
from intake.privacy import citizen_as_seen
from organization.models import Official, Reference
from organization.roles import user_roles
from organization.scopes import visible_requests
from text.bidi import strip_bidi_controls
from text.jalali import localized_digits
from workflow import selectors
from workflow.drafts import request_draft_confirm, request_draft_link, request_draft_update
from workflow.followup import (
    cases_refer_bulk,
    letter_record,
    official_answer_record,
    official_rating_record,
    site_visit_record,
)
from workflow.models import Box, CannedText, Correspondence, OfficialAnswer, SavedFilter, SiteVisit, Survey
from workflow.response import survey_record
from workflow.services import (
    TransitionRefused,
    allowed_relations,
    draft_review_check,
    transition_execute,
)
from workflow.services import case_reassign as case_reassign_service

BOX_URL_NAMES = {"receipt": "inbox-receipt", "followup": "inbox-followup", "response": "inbox-response",
                 "feedback": "inbox-feedback", "archive": "inbox-archive"}


def _forbidden(request, message: str):
    return render(request, "workflow/forbidden.html", {"message": message}, status=403)


def _int_or_none(value):
    try:
        return int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None


def _user_or_none(value):
    pk = _int_or_none(value)
    return get_user_model().objects.filter(pk=pk, is_active=True).first() if pk else None


def box_url(code: str) -> str:
    name = BOX_URL_NAMES.get(code)
    return reverse(name) if name else reverse("workflow-inbox", args=[code])


@login_required
def inbox(request, code: str):
    box = selectors.box_for_user(request.user, code)
    if box is None:
        if not Box.objects.filter(code=code, is_active=True).exists():
            return HttpResponseNotFound(_("No such inbox."))
        return _forbidden(request, _("Your roles do not include this inbox."))

    if request.method == "POST":
        return _inbox_post(request, box)

    params = {k: v for k, v in request.GET.items() if k in selectors.FILTER_KEYS and v}
    if box.code == "feedback" and "feedback_date" not in params:
        params["feedback_date"] = jdatetime.date.fromgregorian(date=timezone.localdate()).strftime("%Y/%m/%d")
    status = 200
    try:
        qs = selectors.inbox_for_user(request.user, box, params)
        page = Paginator(qs, selectors.PAGE_SIZE).get_page(request.GET.get("page"))
        selectors.visible_duplicates_attach(request.user, page.object_list)
        error = ""
    except selectors.BadFilter as exc:
        page, error, status = None, str(exc), 400

    context = {
        "box": box, "page": page, "error": error, "params": params,
        "query": urlencode(params),
        "counts": selectors.inbox_counts(request.user),
        "boxes": selectors.user_boxes(request.user),
        "box_urls": {b.code: box_url(b.code) for b in Box.objects.filter(is_active=True)},
        "saved_filters": SavedFilter.objects.filter(user=request.user, box=box.code),
        "relations": selectors.relation_choices(box=box, user=request.user),
        "receivers": {},
        "categories": Category.objects.filter(parent__isnull=False, is_active=True).order_by("name_fa"),
        "regions": Region.objects.order_by("number") if hasattr(Region, "number") else Region.objects.all(),
        "districts": District.objects.all()[:500],
        "references": Reference.objects.filter(is_active=True),
        "officials": Official.objects.filter(is_active=True).select_related("unit"),
        "channels": Channel.choices, "statuses": Status.choices,
        "now": timezone.now(),
        "draft_counts": selectors.inbox_draft_counts(request.user, box) if box.is_start else None,
    }
    relation_targets = {r.to_box for r in context["relations"]}
    context["assignees"] = sorted(
        {u for target in relation_targets for u in selectors.receivers_for(target)}, key=lambda u: u.username,
    )
    return render(request, "workflow/inbox.html", context, status=status)


def _inbox_post(request, box: Box):
    action = request.POST.get("action")
    if action == "save_filter":
        name = (request.POST.get("name") or "").strip()[:100]
        params = {k: v for k, v in request.POST.items() if k in selectors.FILTER_KEYS and v}
        if not name:
            messages.error(request, _("Give the filter a name."))
        else:
            SavedFilter.objects.update_or_create(user=request.user, box=box.code, name=name,
                                                 defaults={"params": params})
            messages.success(request, _("Filter saved."))
        return redirect(box_url(box.code) + "?" + urlencode(params))
    if action == "bulk":
        codes = request.POST.getlist("selected")
        operation = request.POST.get("operation", "")
        if not codes or not operation:
            messages.error(request, _("Select messages and an operation."))
            return redirect(box_url(box.code))
        requests = list(visible_requests(request.user, ServiceRequest.objects.filter(
            tracking_code__in=codes, workflow_case__box=box)))
        done, refused = cases_refer_bulk(
            requests=requests, operation=operation, actor=request.user, text=request.POST.get("text", ""),
            assignee=_user_or_none(request.POST.get("assignee")),
            data={"reference": _int_or_none(request.POST.get("reference")),
                  "official": _int_or_none(request.POST.get("official"))},
        )
        if done:
            messages.success(request, _("%(n)s messages sent.") % {"n": len(done)})
        for code, reason in refused:
            messages.error(request, f"{code}: {reason}")
        missing = set(codes) - {r.tracking_code for r in requests}
        for code in sorted(missing):
            messages.error(request, _("%(code)s is not in this inbox.") % {"code": code})
        return redirect(box_url(box.code))
    return render(request, "workflow/forbidden.html", {"message": _("Unknown action.")}, status=400)


@login_required
def case_detail(request, tracking_code: str):
    """The case page (GET). Its forms post to one URL per action (`case_transition`, `case_draft_save`, …)."""
    if request.method not in ("GET", "HEAD"):
        response = render(request, "workflow/forbidden.html", {
            "message": _("This form is out of date: reload the case page and send it again."),
        }, status=405)
        response["Allow"] = "GET, HEAD"
        return response
    service_request = selectors.case_for_user(request.user, tracking_code)
    if service_request is None:
        return HttpResponseNotFound(_("No request with this tracking code in your scope."))
    return _case_page(request, service_request)


def _case_page(request, service_request: ServiceRequest, *, status: int = 200, posted=None):
    """The case page; after a refused action with the status of the refusal and, for the draft form and the
    official's answer, what was posted."""
    case = getattr(service_request, "workflow_case", None)
    relations = allowed_relations(request=service_request, actor=request.user) if case else []
    canned = {}
    for text in CannedText.objects.filter(operation__in=[r.operation for r in relations]).select_related("operation"):
        if text.category_id in (None, service_request.category_id):
            canned.setdefault(text.operation.code, []).append(text.text)
    context = {
        "req": service_request, "case": case,
        "timeline": selectors.request_timeline(service_request),
        "chain": selectors.referral_chain(service_request),
        "relations": relations,
        "receivers": {r.operation.code: list(selectors.receivers_for(r.to_box)) for r in relations},
        "canned": canned,
        "other_open": selectors.citizen_open_requests(service_request, request.user),
        # in full for the roles that call citizens, masked for planners and managers
        "citizen_contact": (citizen_as_seen(request.user, service_request.citizen)
                            if service_request.citizen else None),
        "answers": OfficialAnswer.objects.filter(request=service_request).select_related("official", "recorded_by")
        .prefetch_related("attachments"),
        "surveys": Survey.objects.filter(request=service_request),
        "letters": Correspondence.objects.filter(request=service_request),
        "visits": SiteVisit.objects.filter(request=service_request).prefetch_related("photos"),
        "references": Reference.objects.filter(is_active=True),
        "officials": Official.objects.filter(is_active=True).select_related("unit__reference"),
        "is_supervisor": request.user.is_superuser or "supervisor" in user_roles(request.user),
        "box_url": box_url(case.box.code) if case else reverse("home"),
        "now": timezone.now(),
        "directions": Correspondence.Direction.choices,
        "draft": (_draft_context(request, service_request, posted or {})
                  if service_request.status == Status.DRAFT else None),
        # a refused answer (a file refused or found infected) keeps what was typed, to send again
        "answer_text": (posted.get("text", "") if posted is not None and request.resolver_match
                        and request.resolver_match.url_name == "workflow-case-answer" else ""),
    }
    return render(request, "workflow/case.html", context, status=status)


def _draft_context(request, service_request: ServiceRequest, posted) -> dict:
    """What the draft review panel needs: whether the user may review it, duplicate candidates, the choices."""
    from intake.selectors import category_tree
    from matching.candidates import draft_candidates

    try:
        draft_review_check(request=service_request, actor=request.user)
        allowed, reason = True, ""
    except TransitionRefused as exc:
        allowed, reason = False, str(exc.message)
    intake = getattr(service_request, "intake", None)
    selectors.visible_duplicates_attach(request.user, [service_request])
    return {
        "allowed": allowed, "reason": reason, "intake": intake, "values": posted,
        "stored_duplicates": service_request.visible_duplicates,
        "candidates": draft_candidates(request=service_request, user=request.user) if allowed else [],
        "subjects": category_tree(), "urgencies": Urgency.choices,
    }


def case_action(handler):
    """One action of the case page as its own view: POST only, for a case in the user's scope. `handler(request,
    service_request)` does the action and returns where to go next; a refusal shows the case page again with
    the message and the refusal's status (a draft's form keeps what was typed, whatever the refusal)."""

    @login_required
    @require_POST
    @wraps(handler)
    def view(request, tracking_code: str):
        service_request = selectors.case_for_user(request.user, tracking_code)
        if service_request is None:
            return HttpResponseNotFound(_("No request with this tracking code in your scope."))
        try:
            return redirect(handler(request, service_request))
        except TransitionRefused as exc:
            messages.error(request, str(exc.message))
            status, posted = exc.status, request.POST
        except IntakeError as exc:
            messages.error(request, exc.as_text(get_language() or "fa"))
            status, posted = exc.status, request.POST
        service_request = selectors.case_for_user(request.user, tracking_code)
        if service_request is None:
            return HttpResponseNotFound(_("No request with this tracking code in your scope."))
        return _case_page(request, service_request, status=status, posted=posted)

    return view


def _case_url(service_request: ServiceRequest) -> str:
    return reverse("workflow-case", args=[service_request.tracking_code])


def _came_from(service_request: ServiceRequest) -> str:
    """The inbox the case is in (before the action moves it), or the receipt inbox."""
    case = getattr(service_request, "workflow_case", None)
    return box_url(case.box.code) if case is not None else reverse("inbox-receipt")


@case_action
def case_transition(request, service_request: ServiceRequest) -> str:
    back = _came_from(service_request)
    post = request.POST
    transition_execute(
        request=service_request, operation=post.get("operation", ""), actor=request.user,
        text=post.get("text", ""), assignee=_user_or_none(post.get("assignee")),
        data={"reference": _int_or_none(post.get("reference")), "official": _int_or_none(post.get("official"))},
    )
    messages.success(request, _("Done."))
    return back


@case_action
def case_draft_save(request, service_request: ServiceRequest) -> str:
    request_draft_update(request=service_request, actor=request.user, **_draft_fields(request.POST))
    messages.success(request, _("Draft saved."))
    return _case_url(service_request)


@case_action
def case_draft_confirm(request, service_request: ServiceRequest) -> str:
    post = request.POST
    confirmed = request_draft_confirm(request=service_request, actor=request.user,
                                      answer_text=post.get("answer_text", ""),
                                      register_anyway_reason=post.get("register_anyway_reason", ""),
                                      **_draft_fields(post))
    messages.success(request, _("Registered with tracking code %(code)s.")
                     % {"code": localized_digits(confirmed.tracking_code)})
    return _case_url(service_request)


@case_action
def case_draft_link(request, service_request: ServiceRequest) -> str:
    back = _came_from(service_request)
    target = request_draft_link(request=service_request, actor=request.user, target=request.POST.get("target", ""),
                                phone=request.POST.get("phone", ""))
    messages.success(request, _("Linked to %(code)s: the sender is now a co-reporter; the draft is closed.")
                     % {"code": localized_digits(target.tracking_code)})
    return back


@case_action
def case_answer(request, service_request: ServiceRequest) -> str:
    back = _came_from(service_request)
    official = Official.objects.filter(pk=_int_or_none(request.POST.get("official"))).first()
    official_answer_record(request=service_request, actor=request.user, text=request.POST.get("text", ""),
                           official=official, files=request.FILES.getlist("files"))
    messages.success(request, _("The official's answer is recorded and the case went to the response inbox."))
    return back


@case_action
def case_survey(request, service_request: ServiceRequest) -> str:
    back = _came_from(service_request)
    post = request.POST
    done = post.get("done")
    if done not in ("yes", "no"):
        raise TransitionRefused(_("Choose done or not done."), status=400, code="bad_done")
    satisfaction = _int_or_none(post.get("satisfaction")) or 0
    survey_record(request=service_request, actor=request.user, satisfaction=satisfaction, done=done == "yes",
                  comment=post.get("comment", ""))
    messages.success(request, _("Survey recorded."))
    return back


@case_action
def case_rating(request, service_request: ServiceRequest) -> str:
    post = request.POST
    official = Official.objects.filter(pk=_int_or_none(post.get("official"))).first()
    if official is None:
        raise TransitionRefused(_("Choose the official."), status=400, code="bad_official")
    official_rating_record(request=service_request, actor=request.user, official=official,
                           timeliness=_int_or_none(post.get("timeliness")) or 0,
                           quality=_int_or_none(post.get("quality")) or 0)
    messages.success(request, _("Rating recorded."))
    return _case_url(service_request)


@case_action
def case_letter(request, service_request: ServiceRequest) -> str:
    post = request.POST
    try:
        letter_date = selectors.parse_jalali_date(post.get("letter_date", ""))
    except selectors.BadFilter as exc:
        raise TransitionRefused(str(exc), status=400, code="bad_date") from exc
    letter_record(request=service_request, letter_number=post.get("letter_number", ""), letter_date=letter_date,
                  subject=post.get("subject", ""), direction=post.get("direction", ""), actor=request.user)
    messages.success(request, _("Letter recorded."))
    return _case_url(service_request)


@case_action
def case_reassign(request, service_request: ServiceRequest) -> str:
    assignee = _user_or_none(request.POST.get("assignee"))
    if assignee is None:
        raise TransitionRefused(_("Choose who receives the request."), status=400, code="assignee_required")
    case_reassign_service(request=service_request, actor=request.user, assignee=assignee)
    messages.success(request, _("Reassigned."))
    return _case_url(service_request)


def _draft_fields(post) -> dict:
    """The draft form's fields as the draft services' arguments: the address widget's hidden inputs give the
    point and its label; a typed address without a choice is resolved by the gazetteer."""
    return {
        "category": post.get("category") or None,
        "text": strip_bidi_controls(post.get("text")) if "text" in post else None,
        "urgency": post.get("urgency") or None,
        "lon": post.get("lon") or post.get("address_lon") or None,
        "lat": post.get("lat") or post.get("address_lat") or None,
        "address_text": strip_bidi_controls(post.get("address_text") or post.get("address_label") or None),
    }


@login_required
def site_visit(request, tracking_code: str):
    """A phone-friendly page: note + photos uploaded in resumable chunks through the API."""
    service_request = selectors.case_for_user(request.user, tracking_code)
    if service_request is None:
        return HttpResponseNotFound(_("No request with this tracking code in your scope."))
    if request.method == "POST":
        ids = [i for i in (_int_or_none(x) for x in request.POST.getlist("photo")) if i]
        try:
            site_visit_record(request=service_request, actor=request.user, note=request.POST.get("note", ""),
                              photo_ids=ids)
        except TransitionRefused as exc:
            messages.error(request, str(exc.message))
            return render(request, "workflow/visit.html", {"req": service_request}, status=exc.status)
        messages.success(request, _("Site visit recorded."))
        return redirect("workflow-case", tracking_code)
    return render(request, "workflow/visit.html", {"req": service_request})


@login_required
def supervision(request):
    roles = user_roles(request.user)
    supervises = request.user.supervised_units.exists()
    if not (request.user.is_superuser or "supervisor" in roles or "manager" in roles or supervises):
        return _forbidden(request, _("Supervision is for supervisors."))
    from organization.selectors import online_users

    overdue = selectors.inbox_overdue_for_supervisor(request.user)
    context = {
        "overview": selectors.supervision_overview(request.user),
        "overdue": overdue[:50],
        "online": online_users(),
        "answers": selectors.recent_official_answers(request.user)[:30],
        "today": datetime.date.today(),
    }
    return render(request, "workflow/supervision.html", context)
