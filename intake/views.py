"""The operator console (`intake`), attachment downloads. Thin: everything goes through services and selectors."""

from functools import wraps
from itertools import count

from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse, HttpResponseForbidden
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from intake.answers import questions_for
from intake.errors import DuplicateDecisionNeeded, IntakeError
from intake.forms import message_kwargs_from_post, plain_text
from intake.models import Attachment, Category, Channel, Citizen, CitizenAccess, ServiceRequest, Urgency
from intake.privacy import citizen_as_seen
from intake.selectors import citizen_lookup, citizen_requests
from intake.services import (
    UNCLASSIFIED_CODE,
    category_resolve,
    citizen_access_record,
    citizen_register,
    request_register,
)
from organization.roles import Role, user_roles
from organization.scopes import visible_requests

_message_numbers = count(1)
INTAKE_ROLES = {Role.OPERATOR, Role.SUPERVISOR}


def intake_role_required(view):
    @wraps(view)
    @login_required
    def wrapped(request, *args, **kwargs):
        if not (request.user.is_superuser or user_roles(request.user) & INTAKE_ROLES):
            return HttpResponseForbidden(render(request, "intake/forbidden.html").content)
        return view(request, *args, **kwargs)
    return wrapped


def _subjects():
    subjects = (Category.objects.filter(parent__isnull=True, is_active=True).exclude(code=UNCLASSIFIED_CODE)
                .prefetch_related("children").order_by("sort_order", "code"))
    return [(s, [c for c in s.children.all() if c.is_active]) for s in subjects]


def _receivers():
    return (get_user_model().objects.filter(is_active=True, groups__name__in=[Role.OPERATOR, Role.FOLLOWUP])
            .distinct().order_by("last_name", "first_name", "username"))


@intake_role_required
def intake(request):
    return render(request, "intake/intake.html", {"query": request.GET.get("q", "")})


@intake_role_required
@require_GET
def caller(request):
    query = request.GET.get("q", "").strip()
    citizen = citizen_lookup(query=query) if query else None
    if citizen is None:
        return render(request, "intake/partials/citizen_new.html", {"query": query})
    return _citizen_card(request, citizen, looked_up=query)


def _citizen_card(request, citizen: Citizen, status: int = 200, looked_up: str | None = None):
    rows = citizen_requests(citizen=citizen)
    visible = set(visible_requests(request.user, ServiceRequest.objects.filter(id__in=[r.id for r in rows]))
                  .values_list("id", flat=True))
    shown = citizen_as_seen(request.user, citizen, has_visible_request=bool(visible), has_requests=bool(rows))
    if looked_up is not None:
        citizen_access_record(user=request.user, citizen=citizen, source=CitizenAccess.Source.CALLER_LOOKUP,
                              query=looked_up, masked=shown.masked)
    return render(request, "intake/partials/citizen_card.html",
                  {"citizen": shown, "requests": [r for r in rows if r.id in visible]}, status=status)


@intake_role_required
@require_POST
def citizen_create(request):
    post = request.POST
    try:
        citizen = citizen_register(
            phone=plain_text(post, "phone"), name=plain_text(post, "name"),
            national_id=plain_text(post, "national_id"), email=plain_text(post, "email"),
            address=plain_text(post, "address"),
            subscription_code=plain_text(post, "subscription_code") if post.get("subscriber") else "",
        )
    except IntakeError as error:
        return render(request, "intake/partials/citizen_new.html",
                      {"query": post.get("phone", ""), "error": error, "values": post}, status=error.status)
    return _citizen_card(request, citizen, status=201)


@intake_role_required
@require_GET
def message_form(request):
    citizen = None
    if request.GET.get("citizen", "").isdigit():
        citizen = Citizen.objects.filter(pk=request.GET["citizen"]).first()
    return render(request, "intake/partials/message_form.html", {
        "n": next(_message_numbers), "citizen": citizen, "channels": Channel.choices, "subjects": _subjects(),
        "urgencies": Urgency.choices, "receivers": _receivers(),
    })


@intake_role_required
@require_GET
def questions(request):
    try:
        category = category_resolve(request.GET.get("category", ""))
    except IntakeError:
        return render(request, "intake/partials/questions.html", {"questions": []})
    channel = request.GET.get("channel", Channel.PHONE)
    return render(request, "intake/partials/questions.html",
                  {"questions": questions_for(channel=channel, category=category)})


@intake_role_required
@require_POST
def message_register(request):
    """One message of the call. Errors and duplicate candidates go into the form's decision area (the form, and
    the files chosen in it, stay as they are); success replaces the whole form with the result."""
    n = request.POST.get("n", "0")
    try:
        kwargs = message_kwargs_from_post(request)
        registration = request_register(actor=request.user, decide_duplicates=True, **kwargs)
    except DuplicateDecisionNeeded as decision:
        return render(request, "intake/partials/duplicates.html", {"candidates": decision.candidates, "n": n},
                      status=200)
    except IntakeError as error:  # 4xx: the console's htmx swaps these into the decision area too
        return render(request, "intake/partials/errors.html", {"error": error, "n": n}, status=error.status)
    response = render(request, "intake/partials/message_done.html", {"registration": registration, "n": n},
                      status=201)
    response["HX-Retarget"] = f"#message-{int(n) if n.isdigit() else 0}"
    response["HX-Reswap"] = "outerHTML"
    return response


@login_required
def attachment_download(request, pk: int):
    """Files are never public: served only to users who may see the request, always as a download."""
    attachment = get_object_or_404(Attachment.objects.select_related("request"), pk=pk)
    if not visible_requests(request.user, ServiceRequest.objects.filter(pk=attachment.request_id)).exists():
        raise Http404
    if not attachment.servable:  # waiting for its virus scan, or found infected and quarantined
        message = (_("This file was found infected and is quarantined.")
                   if attachment.scan_status == Attachment.ScanStatus.INFECTED
                   else _("This file is waiting for its virus scan; try again in a few minutes."))
        return HttpResponse(message, status=409, content_type="text/plain; charset=utf-8")
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, as_attachment=True, filename=attachment.original_name,
                            content_type=attachment.content_type or "application/octet-stream")
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
