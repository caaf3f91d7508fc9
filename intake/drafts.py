"""Intake's writes of draft review: what changes on the request when the receiving expert fills in a draft from an
unattended channel (SMS, e-mail, IVR), confirms it (draft → registered, tracking code issued) or links it to an
open case (the sender becomes a co-reporter, the draft is closed as a duplicate).

These run inside the transaction of `workflow.drafts`, which checks the actor and moves the case; they never
touch the workflow themselves. Each returns what it changed, so the caller can write the history row."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from addresses.selectors import locate_point
from intake.errors import DuplicateDecisionNeeded, IntakeError, msg
from intake.models import (
    OPEN_STATUSES,
    Attachment,
    Channel,
    Citizen,
    CoReporter,
    RequestHistory,
    RequestIntake,
    ServiceRequest,
    Status,
    Urgency,
)
from intake.phones import to_ascii_digits
from intake.services import (
    ADDRESS_MAX,
    REASON_MAX,
    TEXT_MAX,
    UNCLASSIFIED_CODE,
    _address_point,
    _point_check,
    category_resolve,
    citizen_get_or_create,
)
from matching.candidates import duplicate_candidates
from matching.services import duplicate_decision_record
from organization.scopes import visible_requests


@dataclass
class DraftChanges:
    """Checked new values (only those given); `place` is the located point, when the point changed."""

    fields: dict
    point: tuple[float, float] | None = None
    place: object | None = None
    resolved_by: str = ""


def draft_lock(request: ServiceRequest) -> ServiceRequest:
    request = ServiceRequest.objects.select_for_update().select_related("category").get(pk=request.pk)
    if request.status != Status.DRAFT:
        raise IntakeError.on("__all__", _("This message is no longer a draft."), status=409)
    return request


def _changes_check(request: ServiceRequest, *, category, text, urgency, lon, lat, address_text,
                   answer_text) -> DraftChanges:
    """Validate what the expert gave (None: leave as it is). All problems are reported at once."""
    errors: dict[str, list] = {}

    def check(fn):
        try:
            return fn()
        except IntakeError as error:
            for key, messages in error.errors.items():
                errors.setdefault(key, []).extend(messages)
            return None

    fields: dict = {}
    if category not in (None, ""):
        category_obj = check(lambda: category_resolve(category))
        if category_obj is not None and category_obj.code == UNCLASSIFIED_CODE:
            errors.setdefault("category", []).append(_("Choose a sub-subject, not only a subject."))
        elif category_obj is not None and category_obj.pk != request.category_id:
            fields["category"] = category_obj
    _text_changes_check(request, fields, errors, text=text, urgency=urgency, address_text=address_text,
                        answer_text=answer_text)
    changes = DraftChanges(fields=fields)
    point = check(lambda: _point_check(lon, lat))
    if point is None and "address_text" in fields and fields["address_text"] and not errors:
        point, changes.resolved_by = _address_point(fields["address_text"])
    if point is not None:
        place = locate_point(*point)
        if place.region_id is None:
            errors.setdefault("location", []).append(_("The point is outside the city."))
        current = request.location
        if current is None or (round(current.x, 6), round(current.y, 6)) != (round(point[0], 6), round(point[1], 6)):
            changes.point, changes.place = point, place
    if errors:
        raise IntakeError(errors)
    return changes


def _text_changes_check(request: ServiceRequest, fields: dict, errors: dict, *, text, urgency, address_text,
                        answer_text) -> None:
    """The text, urgency, answer and address the expert gave: changed values into `fields`, problems into
    `errors`."""
    if text is not None:
        text = text.strip()
        if not text:
            errors["text"] = [_("Write what the problem is.")]
        elif len(text) > TEXT_MAX:
            errors["text"] = [msg(_("The description may have at most %(limit)s characters."), limit=TEXT_MAX)]
        elif text != request.text:
            fields["text"] = text
    if urgency not in (None, ""):
        if urgency not in Urgency.values:
            errors["urgency"] = [_("Urgency is either immediate or trackable.")]
        elif urgency != request.urgency:
            fields["urgency"] = urgency
    if answer_text is not None and len(answer_text) > TEXT_MAX:
        errors["answer_text"] = [msg(_("The answer may have at most %(limit)s characters."), limit=TEXT_MAX)]
    if address_text is not None:
        address_text = address_text.strip()
        if len(address_text) > ADDRESS_MAX:
            errors["address_text"] = [msg(_("The address may have at most %(limit)s characters."),
                                          limit=ADDRESS_MAX)]
        elif address_text != request.address_text:
            fields["address_text"] = address_text


def _apply(request: ServiceRequest, changes: DraftChanges) -> list[str]:
    """Set the changed values on the locked row (not saved); the names of what changed."""
    from django.contrib.gis.geos import Point

    changed = []
    for name, value in changes.fields.items():
        setattr(request, name, value)
        changed.append(name)
    if changes.point is not None:
        place = changes.place
        request.location = Point(*changes.point, srid=4326)
        request.region_id, request.district_id = place.region_id, place.district_id
        request.neighbourhood_id = place.neighbourhood_id
        changed.append("location")
    return changed


def _save(request: ServiceRequest, changed: list[str], extra: tuple = ()) -> None:
    update = {"updated_at", *extra}
    for name in changed:
        update |= {"location", "region", "district", "neighbourhood"} if name == "location" else {name}
    request.save(update_fields=sorted(update))


def _candidates_for(request: ServiceRequest, now, actor):
    """The draft's duplicate candidates among the cases the reviewing `actor` may see."""
    if request.location is None:
        return []
    category = None if request.category.code == UNCLASSIFIED_CODE else request.category
    return duplicate_candidates(lon=request.location.x, lat=request.location.y, category=category, text=request.text,
                                address_text=request.address_text, now=now, exclude_id=request.pk,
                                user=actor if getattr(actor, "is_authenticated", False) else None)


def _intake_of(request: ServiceRequest) -> RequestIntake:
    intake, _created = RequestIntake.objects.select_for_update().get_or_create(request=request)
    return intake


def _candidate_rows(candidates) -> list[dict]:
    return [{"id": c.id, "tracking_code": c.tracking_code, "score": c.score, "distance_m": round(c.distance_m, 1)}
            for c in candidates]


def draft_fields_save(*, request: ServiceRequest, actor, category=None, text: str | None = None,
                      urgency: str | None = None, lon=None, lat=None, address_text: str | None = None) -> bool:
    """Save what the expert filled in on a locked draft (it stays a draft); the duplicate check is run again on
    the new place, sub-subject and text, and the "possible duplicate" flag follows it. False: nothing changed."""
    now = timezone.now()
    changes = _changes_check(request, category=category, text=text, urgency=urgency, lon=lon, lat=lat,
                             address_text=address_text, answer_text=None)
    changed = _apply(request, changes)
    if not changed:
        return False
    _save(request, changed)
    candidates = _candidates_for(request, now, actor)
    intake = _intake_of(request)
    intake.duplicate_candidates = _candidate_rows(candidates)
    intake.possible_duplicate = any(c.is_strong for c in candidates)
    intake.save(update_fields=["duplicate_candidates", "possible_duplicate"])
    RequestHistory.objects.create(
        request=request, action="draft_edit", from_status=Status.DRAFT, to_status=Status.DRAFT, actor=actor,
        created_at=now, data={"fields": changed, "address_resolved_as": changes.resolved_by,
                              "possible_duplicate": intake.possible_duplicate,
                              "candidates": [c.id for c in candidates]},
    )
    return True


@dataclass
class DraftConfirmation:
    """What confirming a draft changed: for the history row the workflow writes once the case has moved."""

    changed: list[str]
    candidate_ids: list[int]
    resolved_by: str
    note: str  # the answer given (immediate) or the reason to register anyway

    @property
    def history_data(self) -> dict:
        return {"fields": self.changed, "candidates": self.candidate_ids, "address_resolved_as": self.resolved_by}


def draft_registration_write(*, request: ServiceRequest, actor, category=None, text: str | None = None,
                             urgency: str | None = None, lon=None, lat=None, address_text: str | None = None,
                             answer_text: str = "", register_anyway_reason: str = "") -> DraftConfirmation:
    """Draft → registered on a locked draft: it must now say what (a sub-subject), where (a point or an address)
    and what is wrong. Strong duplicate candidates need a reason to register anyway (else DuplicateDecisionNeeded,
    409). A message answered on the spot (immediate) is closed instead. The tracking code reserved on arrival is
    issued: the caller texts it after commit."""
    now = timezone.now()
    answer_text = (answer_text or "").strip()
    register_anyway_reason = (register_anyway_reason or "").strip()
    changes = _changes_check(request, category=category, text=text, urgency=urgency, lon=lon, lat=lat,
                             address_text=address_text, answer_text=answer_text)
    changed = _apply(request, changes)
    errors: dict[str, list] = {}
    if request.category.code == UNCLASSIFIED_CODE or request.category.parent_id is None:
        errors["category"] = [_("Choose a sub-subject, not only a subject.")]
    if not request.text.strip():
        errors["text"] = [_("Write what the problem is.")]
    if request.location is None and not request.address_text:
        errors["location"] = [_("Give an address or a point on the map.")]
    immediate = request.urgency == Urgency.IMMEDIATE
    if immediate and not answer_text:
        errors["answer_text"] = [_("An immediate message needs the answer given to the caller.")]
    if len(register_anyway_reason) > REASON_MAX:
        errors["register_anyway_reason"] = [msg(_("The reason may have at most %(limit)s characters."),
                                                limit=REASON_MAX)]
    if errors:
        raise IntakeError(errors)
    candidates = [] if immediate else _candidates_for(request, now, actor)
    if any(c.is_strong for c in candidates) and not register_anyway_reason:
        raise DuplicateDecisionNeeded(candidates)

    request.status = Status.CLOSED if immediate else Status.REGISTERED
    request.closed_at = now if immediate else None
    if request.created_by_id is None and getattr(actor, "is_authenticated", False):
        request.created_by = actor
        changed.append("created_by")
    _save(request, changed, extra=("status", "closed_at"))
    intake = _intake_of(request)
    intake.possible_duplicate = False
    intake.duplicate_candidates = _candidate_rows(candidates)
    intake.register_anyway_reason = register_anyway_reason if candidates else ""
    intake.answer_text = answer_text if immediate else intake.answer_text
    intake.save(update_fields=["possible_duplicate", "duplicate_candidates", "register_anyway_reason",
                               "answer_text"])
    if register_anyway_reason:
        duplicate_decision_record(candidates=candidates, source="draft_register_anyway", request=request,
                                  actor=actor)
    return DraftConfirmation(changed=changed, candidate_ids=[c.id for c in candidates],
                             resolved_by=changes.resolved_by,
                             note=answer_text if immediate else register_anyway_reason)


def _target_resolve(value, *, actor, draft: ServiceRequest) -> ServiceRequest:
    if isinstance(value, ServiceRequest):
        lookup = {"pk": value.pk}
    else:
        code = to_ascii_digits(str(value or "").strip())
        if not code:
            raise IntakeError.on("target", _("Give the tracking code of the open case to link to."))
        lookup = {"tracking_code": code}
    target = (visible_requests(actor, ServiceRequest.objects.filter(status__in=OPEN_STATUSES, **lookup))
              .exclude(pk=draft.pk).first())
    if target is None:
        raise IntakeError.on("target", _("The case to link to is not an open request in your scope."))
    return target


@dataclass
class DraftLink:
    """What linking a draft to an open case did: the target (locked), the co-reporter and the files copied."""

    target: ServiceRequest
    citizen: Citizen
    new_co_reporter: bool


def draft_link_write(*, request: ServiceRequest, actor, target, phone: str = "") -> DraftLink:
    """The locked draft reports a case the city already has: its sender becomes a co-reporter of `target` (an open
    case in the actor's scope, by instance or tracking code); the draft's files go along; the draft is closed as a
    duplicate. The target gets its history row here; the caller moves the draft's case and writes its row."""
    now = timezone.now()
    draft = request
    target = _target_resolve(target, actor=actor, draft=draft)
    citizen: Citizen | None = draft.citizen
    if citizen is None:
        if not (phone or "").strip():
            raise IntakeError.on("phone", _("A co-reporter needs a phone number."))
        citizen = citizen_get_or_create(phone=phone)
    target = ServiceRequest.objects.select_for_update().get(pk=target.pk)
    duplicate_decision_record(candidates=_candidates_for(draft, now, actor), source="draft_link", request=draft,
                              actor=actor, linked_id=target.pk)
    created = False
    if target.citizen_id != citizen.pk:
        _link, created = CoReporter.objects.get_or_create(
            request=target, citizen=citizen,
            defaults={"channel": draft.channel if draft.channel in Channel.values else Channel.PHONE,
                      "text": draft.text[:TEXT_MAX], "created_by": actor},
        )
    copied = [Attachment.objects.create(request=target, kind=a.kind, file=a.file.name, original_name=a.original_name,
                                        content_type=a.content_type, size=a.size, uploaded_by=a.uploaded_by,
                                        scan_status=a.scan_status, scanned_at=a.scanned_at)
              for a in draft.attachments.exclude(scan_status=Attachment.ScanStatus.INFECTED)]
    RequestHistory.objects.create(
        request=target, action="co_reporter", actor=actor, text=draft.text, created_at=now,
        data={"citizen": citizen.pk, "channel": draft.channel, "new": created, "draft": draft.pk,
              "attachments": [a.pk for a in copied]},
    )
    draft.status, draft.closed_at = Status.CLOSED, now
    if draft.citizen_id is None:
        draft.citizen = citizen
    draft.save(update_fields=["status", "closed_at", "citizen", "updated_at"])
    intake = _intake_of(draft)
    intake.possible_duplicate = False
    intake.save(update_fields=["possible_duplicate"])
    return DraftLink(target=target, citizen=citizen, new_co_reporter=created)
