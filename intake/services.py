"""Writes of intake: one registration service every channel goes through (`request_register` and its draft
variant `request_draft_register`), citizens, co-reporters and outbound SMS."""

import logging
import math
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import partial

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from addresses.lookup import address_suggest
from addresses.selectors import locate_point
from intake import events, tracking
from intake.answers import answers_check
from intake.attachments import (
    CheckedFile,
    IncomingFile,
    attachment_check,
    attachment_quarantine,
    attachment_save,
    attachments_count_check,
)
from intake.errors import DuplicateDecisionNeeded, IntakeError, msg
from intake.models import (
    OPEN_STATUSES,
    UNCLASSIFIED_CODE,
    Answer,
    Attachment,
    Category,
    Channel,
    Citizen,
    CoReporter,
    RequestHistory,
    RequestIntake,
    ServiceRequest,
    SmsMessage,
    Status,
    Urgency,
)
from intake.phones import InvalidPhoneNumber, normalize_phone, to_ascii_digits
from matching.candidates import Candidate, duplicate_candidates
from matching.services import duplicate_decision_record
from organization.scopes import visible_requests

log = logging.getLogger(__name__)

TEXT_MAX = 4000
ADDRESS_MAX = 400
REASON_MAX = 500
TRACKING_ATTEMPTS = 8
TRACKING_SMS_PURPOSE = "tracking_code"
OPERATOR_CHANNELS = (Channel.PHONE, Channel.IN_PERSON, Channel.LETTER)


@dataclass
class Registration:
    """What a channel tells the citizen: the case (new, or the one they were linked to) and its tracking code."""

    request: ServiceRequest
    created: bool
    linked: bool = False
    candidates: list[Candidate] = field(default_factory=list)
    set_aside: list[CheckedFile] = field(default_factory=list)  # files found infected: quarantined, not attached

    @property
    def tracking_code(self) -> str:
        return self.request.tracking_code

    @property
    def possible_duplicate(self) -> bool:
        return self.created and any(c.is_strong for c in self.candidates) and not self.linked


# ----------------------------------------------------------------------------------------------- citizens


def phone_check(raw: str, field_name: str = "phone") -> str:
    try:
        return normalize_phone(raw)
    except InvalidPhoneNumber:
        raise IntakeError.on(field_name, _("Enter an Iranian mobile or landline number, e.g. 09121234567.")) from None


def citizen_get_or_create(*, phone: str, name: str = "", email: str = "") -> Citizen:
    """The citizen with this phone number, created on first contact (channels know little more than the number)."""
    phone = phone_check(phone)
    citizen, created = Citizen.objects.get_or_create(phone=phone, defaults={"name": name[:150], "email": email[:254]})
    if not created and name and not citizen.name:
        citizen.name = name[:150]
        citizen.save(update_fields=["name"])
    return citizen


def citizen_register(*, phone: str, name: str = "", national_id: str = "", email: str = "", address: str = "",
                     subscription_code: str = "") -> Citizen:
    """Register a new citizen (or a permanent subscriber, when a subscription code is given)."""
    errors: dict[str, list] = {}
    try:
        phone = normalize_phone(phone)
    except InvalidPhoneNumber:
        errors["phone"] = [_("Enter an Iranian mobile or landline number, e.g. 09121234567.")]
    national_id = to_ascii_digits(national_id.strip())
    subscription_code = to_ascii_digits(subscription_code.strip())
    if national_id and not (national_id.isdigit() and len(national_id) == 10):
        errors["national_id"] = [_("A national id has 10 digits.")]
    if len(name) > 150:
        errors["name"] = [_("A name may have at most 150 characters.")]
    if len(address) > 300:
        errors["address"] = [_("An address may have at most 300 characters.")]
    if len(subscription_code) > 20:
        errors["subscription_code"] = [_("A subscription code may have at most 20 characters.")]
    if email and ("@" not in email or len(email) > 254):
        errors["email"] = [_("Enter a valid e-mail address.")]
    if not errors and Citizen.objects.filter(phone=phone).exists():
        errors["phone"] = [_("A citizen with this phone number is already registered.")]
    if not errors and subscription_code and Citizen.objects.filter(subscription_code=subscription_code).exists():
        errors["subscription_code"] = [_("This subscription code is already in use.")]
    if errors:
        raise IntakeError(errors)
    try:
        with transaction.atomic():
            return Citizen.objects.create(phone=phone, name=name.strip(), national_id=national_id, email=email.strip(),
                                          address=address.strip(), subscription_code=subscription_code or None)
    except IntegrityError:
        raise IntakeError.on("phone", _("A citizen with this phone number is already registered."),
                             status=409) from None


# ----------------------------------------------------------------------------------------------- categories


def category_resolve(value, *, allow_subject: bool = False) -> Category:
    """A category from an instance, an id or a code; only active sub-subjects unless allow_subject."""
    if isinstance(value, Category):
        category = value
    else:
        text = to_ascii_digits(str(value or "").strip())
        if not text:
            raise IntakeError.on("category", _("Choose a subject and sub-subject."))
        lookup = {"pk": int(text)} if text.isdigit() else {"code": text}
        category = Category.objects.select_related("parent").filter(**lookup).first()
        if category is None:
            raise IntakeError.on("category", msg(_("Unknown category: %(value)s."), value=text[:60]))
    if not category.is_active:
        raise IntakeError.on("category", _("This category is no longer in use."))
    if category.parent_id is None and not allow_subject:
        raise IntakeError.on("category", _("Choose a sub-subject, not only a subject."))
    return category


def category_unclassified() -> Category:
    """Where a draft waits when its channel did not say what it is about."""
    category, _created = Category.objects.get_or_create(
        code=UNCLASSIFIED_CODE, defaults={"name_fa": "طبقه‌بندی‌نشده", "name_en": "Unclassified", "sort_order": 9999},
    )
    return category


# ----------------------------------------------------------------------------------------------- registration


def _point_check(lon, lat) -> tuple[float, float] | None:
    if lon in (None, "") and lat in (None, ""):
        return None
    try:
        lon, lat = float(to_ascii_digits(str(lon))), float(to_ascii_digits(str(lat)))
    except (TypeError, ValueError):
        raise IntakeError.on("location", _("Longitude and latitude must both be numbers.")) from None
    if not (math.isfinite(lon) and math.isfinite(lat) and -180 <= lon <= 180 and -90 <= lat <= 90):
        raise IntakeError.on("location", _("Longitude and latitude are out of range."))
    return lon, lat


ADDRESS_RESOLVE_MIN_SCORE = 75


def _address_point(address_text: str) -> tuple[tuple[float, float] | None, str]:
    """The gazetteer's confident reading of an address text: (lon, lat) and its label, or (None, "")."""
    try:
        suggestions = address_suggest(query=address_text, limit=1).suggestions
    except Exception:  # the gazetteer is optional here: no index yet means no automatic point
        log.exception("address suggest failed")
        return None, ""
    if suggestions and suggestions[0].score >= ADDRESS_RESOLVE_MIN_SCORE:
        return (suggestions[0].lon, suggestions[0].lat), suggestions[0].label
    return None, ""


def _request_insert(request: ServiceRequest) -> None:
    """Insert with a fresh tracking code; a (rare) collision with an existing code retries with another."""
    for _attempt in range(TRACKING_ATTEMPTS):
        request.tracking_code = tracking.new_tracking_code()
        try:
            with transaction.atomic():
                request.save(force_insert=True)
            return
        except IntegrityError as exc:
            if "tracking_code" not in str(exc):
                raise
            request.pk = None
            request._state.adding = True
    raise RuntimeError("could not issue a unique tracking code")


@dataclass
class RegistrationInput:
    """What a channel gives `request_register` (the keyword arguments, as they came)."""

    channel: str
    category: object = None
    text: str = ""
    actor: object = None
    citizen: Citizen | None = None
    phone: str = ""
    citizen_name: str = ""
    lon: object = None
    lat: object = None
    address_text: str = ""
    urgency: str | None = None
    answer_text: str = ""
    answers: dict | None = None
    files: list[IncomingFile | CheckedFile] | tuple = ()
    assignee: object = None
    link_to: int | None = None
    register_anyway_reason: str = ""
    decide_duplicates: bool = False
    letter_number: str = ""
    letter_date: date | None = None
    external_ref: str = ""
    draft: bool = False
    notify: bool = True
    contact_unverified: bool = False
    now: datetime | None = None


@dataclass
class CheckedRegistration:
    """A registration `request_register_check` accepted: cleaned values, the located place, the checked answers
    and files, the open case to link to (if any) and the duplicate candidates."""

    given: RegistrationInput
    now: datetime
    category: Category
    text: str
    address_text: str
    phone: str
    point: tuple[float, float] | None
    place: object | None
    resolved_by: str
    urgency: str
    immediate: bool
    answer_text: str
    register_anyway_reason: str
    letter_number: str
    answers: list
    files: list[CheckedFile]
    linked_request: ServiceRequest | None
    candidates: list[Candidate] = field(default_factory=list)

    @property
    def possible_duplicate(self) -> bool:
        return any(c.is_strong for c in self.candidates) and not self.register_anyway_reason

    @property
    def status(self) -> str:
        if self.given.draft:
            return Status.DRAFT
        return Status.CLOSED if self.immediate else Status.REGISTERED


class _FieldErrors:
    """Field errors collected over a whole check, so the caller hears of all of them at once."""

    def __init__(self):
        self.errors: dict[str, list] = {}
        self.status = 400

    def __bool__(self) -> bool:
        return bool(self.errors)

    def set(self, field_name: str, message) -> None:
        """This field's error (replacing one found before for it)."""
        self.errors[field_name] = [message]

    def add(self, field_name: str, message) -> None:
        self.errors.setdefault(field_name, []).append(message)

    def collect(self, fn):
        """fn(), or None with its IntakeError's messages (and a status other than 400) kept."""
        try:
            return fn()
        except IntakeError as error:
            for key, messages in error.errors.items():
                self.errors.setdefault(key, []).extend(messages)
            if error.status != 400:
                self.status = error.status
            return None

    def raise_any(self) -> None:
        if self.errors:
            raise IntakeError(self.errors, status=self.status)


def request_register(*, channel: str, category=None, text: str = "", actor=None, citizen: Citizen | None = None,
                     phone: str = "", citizen_name: str = "", lon=None, lat=None, address_text: str = "",
                     urgency: str | None = None, answer_text: str = "", answers: dict | None = None,
                     files: list[IncomingFile | CheckedFile] | tuple = (), assignee=None, link_to: int | None = None,
                     register_anyway_reason: str = "", decide_duplicates: bool = False, letter_number: str = "",
                     letter_date: date | None = None, external_ref: str = "", draft: bool = False,
                     notify: bool = True, contact_unverified: bool = False,
                     now: datetime | None = None) -> Registration:
    """Validate, resolve the place, check for duplicates, then write the request and its first history row in one
    transaction; side effects (SMS with the tracking code, tile cache, routing) are queued after commit.

    `decide_duplicates`: the caller is an operator who must link to a strong candidate (`link_to`) or give
    `register_anyway_reason`; other channels register and are flagged "possible duplicate".

    `contact_unverified`: nobody has proven to hold `phone` (the public web form): the request keeps the number
    and name as an unverified contact, is not linked to that number's citizen record and texts nothing, until
    `intake.verification.contact_verify` links it."""
    given = RegistrationInput(
        channel=channel, category=category, text=text, actor=actor, citizen=citizen, phone=phone,
        citizen_name=citizen_name, lon=lon, lat=lat, address_text=address_text, urgency=urgency,
        answer_text=answer_text, answers=answers, files=files, assignee=assignee, link_to=link_to,
        register_anyway_reason=register_anyway_reason, decide_duplicates=decide_duplicates,
        letter_number=letter_number, letter_date=letter_date, external_ref=external_ref, draft=draft, notify=notify,
        contact_unverified=contact_unverified, now=now,
    )
    return request_register_write(request_register_check(given))


def request_register_check(given: RegistrationInput) -> CheckedRegistration:
    """Check everything a channel gave, writing no request: an IntakeError with every field's problems, or
    DuplicateDecisionNeeded (409) when an operator must decide about a strong duplicate candidate.

    It reads (categories, the gazetteer, the open case to link to, duplicate candidates); the only thing it may
    create is the "unclassified" category a draft without one waits in."""
    now = given.now or timezone.now()
    errors = _FieldErrors()
    if given.channel not in Channel.values:
        errors.set("channel", msg(_("Unknown channel: %(value)s."), value=str(given.channel)[:30]))
    category = _category_check(given, errors)
    text = _text_check(given, errors)
    address_text = _address_text_check(given, errors)
    phone = _caller_check(given, errors)
    point, place, resolved_by = _place_check(given, address_text, errors)
    urgency, immediate = _urgency_check(given, category, errors)
    answer_text = _answer_text_check(given, immediate, errors)
    reason = _reason_check(given, errors)
    letter_number = _letter_check(given, errors)
    answers = _answers_check(given, category, errors)
    errors.collect(lambda: attachments_count_check(len(given.files)))
    files = [errors.collect(lambda incoming=incoming: attachment_check(incoming)) for incoming in given.files]
    linked_request = _link_check(given, phone, errors)
    errors.raise_any()
    checked = CheckedRegistration(
        given=given, now=now, category=category, text=text, address_text=address_text,
        phone=phone, point=point, place=place, resolved_by=resolved_by, urgency=urgency, immediate=immediate,
        answer_text=answer_text, register_anyway_reason=reason, letter_number=letter_number, answers=answers,
        files=files, linked_request=linked_request,
    )
    # Linking needs no decision, but the candidates shown are kept with it as the operator's labels.
    checked.candidates = _duplicates_check(checked) if linked_request is None else _candidates_of(checked)
    return checked


def _category_check(given: RegistrationInput, errors: _FieldErrors) -> Category | None:
    if given.draft and given.category in (None, ""):
        return category_unclassified()
    return errors.collect(lambda: category_resolve(given.category, allow_subject=given.draft))


def _text_check(given: RegistrationInput, errors: _FieldErrors) -> str:
    text = (given.text or "").strip()
    if not text and not (given.draft and given.files):
        errors.set("text", _("Write what the problem is."))
    elif len(text) > TEXT_MAX:
        errors.set("text", msg(_("The description may have at most %(limit)s characters."), limit=TEXT_MAX))
    return text


def _address_text_check(given: RegistrationInput, errors: _FieldErrors) -> str:
    address_text = (given.address_text or "").strip()
    if len(address_text) > ADDRESS_MAX:
        errors.set("address_text", msg(_("The address may have at most %(limit)s characters."), limit=ADDRESS_MAX))
    return address_text


def _caller_check(given: RegistrationInput, errors: _FieldErrors) -> str:
    """The caller's phone, normalised when there is no citizen yet; their name's length."""
    phone = given.phone
    if given.citizen is None and phone:
        phone = errors.collect(lambda: phone_check(phone)) or ""
    if len(given.citizen_name or "") > 150:
        errors.set("citizen_name", _("A name may have at most 150 characters."))
    return phone


def _place_check(given: RegistrationInput, address_text: str, errors: _FieldErrors):
    """(point, place, resolved_by): the point given, or the gazetteer's confident reading of the address when
    nothing else is wrong; a registered (not draft) request needs one or the other."""
    point = errors.collect(lambda: _point_check(given.lon, given.lat))
    place = None
    if point is not None:
        place = locate_point(*point)
        if place.region_id is None:
            errors.add("location", _("The point is outside the city."))
    resolved_by = ""
    if point is None and address_text and not errors:
        point, resolved_by = _address_point(address_text)
        if point is not None:
            place = locate_point(*point)
    if not given.draft and point is None and not address_text:
        errors.set("location", _("Give an address or a point on the map."))
    return point, place, resolved_by


def _urgency_check(given: RegistrationInput, category: Category | None, errors: _FieldErrors) -> tuple[str, bool]:
    """(urgency, immediate): the category's default urgency when none is given; a draft is never immediate."""
    urgency = given.urgency or (category.default_urgency if category else Urgency.TRACKABLE)
    if urgency not in Urgency.values:
        errors.set("urgency", _("Urgency is either immediate or trackable."))
    return urgency, urgency == Urgency.IMMEDIATE and not given.draft


def _answer_text_check(given: RegistrationInput, immediate: bool, errors: _FieldErrors) -> str:
    answer_text = given.answer_text or ""
    if immediate and not answer_text.strip():
        errors.set("answer_text", _("An immediate message needs the answer given to the caller."))
    if len(answer_text) > TEXT_MAX:
        errors.set("answer_text", msg(_("The answer may have at most %(limit)s characters."), limit=TEXT_MAX))
    return answer_text.strip()


def _reason_check(given: RegistrationInput, errors: _FieldErrors) -> str:
    reason = (given.register_anyway_reason or "").strip()
    if len(reason) > REASON_MAX:
        errors.set("register_anyway_reason",
                   msg(_("The reason may have at most %(limit)s characters."), limit=REASON_MAX))
    return reason


def _letter_check(given: RegistrationInput, errors: _FieldErrors) -> str:
    """A letter (not a draft) needs its number and date."""
    letter_number = given.letter_number or ""
    if given.channel == Channel.LETTER and not given.draft:
        if not letter_number.strip():
            errors.set("letter_number", _("A letter needs its number."))
        if not given.letter_date:
            errors.set("letter_date", _("A letter needs its date."))
    if len(letter_number) > 50:
        errors.set("letter_number", _("A letter number may have at most 50 characters."))
    return letter_number.strip()


def _answers_check(given: RegistrationInput, category: Category | None, errors: _FieldErrors) -> list:
    """The category's checklist answers (required unless a draft)."""
    if category is None or given.channel not in Channel.values:
        return []
    return errors.collect(lambda: answers_check(channel=given.channel, category=category,
                                                answers=given.answers or {}, required=not given.draft)) or []


def _link_check(given: RegistrationInput, phone: str, errors: _FieldErrors) -> ServiceRequest | None:
    """The open case the caller is linked to as a co-reporter (who needs a phone number), if `link_to` is given."""
    if given.link_to in (None, ""):
        return None
    linked_request = None
    # only among the cases the registering user may see: a case outside their scope answers as one that is not
    # there (ids are sequential; nothing may be learnt or written through them)
    visible = visible_requests(given.actor, ServiceRequest.objects.all())
    try:
        linked_request = visible.get(pk=int(given.link_to), status__in=OPEN_STATUSES)
    except (ValueError, TypeError, ServiceRequest.DoesNotExist):
        errors.set("link_to", _("The case to link to is not an open request in your scope."))
    if given.citizen is None and not phone:
        errors.set("phone", _("A co-reporter needs a phone number."))
    return linked_request


def _duplicates_check(checked: CheckedRegistration) -> list[Candidate]:
    """Open cases this one may repeat (none for an immediate message or one without a point); an operator
    (`decide_duplicates`) must decide about a strong one unless they gave a reason or it is a draft."""
    if checked.point is None or checked.immediate:
        return []
    given = checked.given
    candidates = _candidates_of(checked)
    if (given.decide_duplicates and any(c.is_strong for c in candidates) and not checked.register_anyway_reason
            and not given.draft):
        raise DuplicateDecisionNeeded(candidates)
    return candidates


def _candidates_of(checked: CheckedRegistration) -> list[Candidate]:
    """The duplicate candidates among what the registering user may see (a scoped operator learns nothing of
    other regions' cases); a message from an unattended channel is checked against every case, and its reviewer
    sees only their own part of them."""
    if checked.point is None:
        return []
    given = checked.given
    user = given.actor if getattr(given.actor, "is_authenticated", False) else None
    return duplicate_candidates(lon=checked.point[0], lat=checked.point[1], category=checked.category,
                                text=checked.text, address_text=checked.address_text, now=checked.now, user=user)


def request_register_write(checked: CheckedRegistration) -> Registration:
    """Write a checked registration: the caller as co-reporter of the case to link to, or a new request with
    its intake record, first history row, answers and files in one transaction (files stored are deleted if
    it fails); `request_registered` follow-ups (routing, SMS) are queued after commit."""
    given = checked.given
    if checked.linked_request is not None:
        with transaction.atomic():
            registration = _co_reporter_link(
                request=checked.linked_request, citizen=given.citizen, phone=checked.phone,
                citizen_name=given.citizen_name, channel=given.channel, text=checked.text, actor=given.actor,
                now=checked.now, notify=given.notify)
            duplicate_decision_record(candidates=checked.candidates, source="link", actor=given.actor,
                                      linked_id=checked.linked_request.pk)
        return registration
    stored_files: list = []
    try:
        with transaction.atomic():
            request = _request_create(checked)
            if checked.register_anyway_reason:  # the operator saw the strong candidates and said no
                duplicate_decision_record(candidates=checked.candidates, source="register_anyway", request=request,
                                          actor=given.actor)
            _files_store(request, checked.files, actor=request.created_by, channel=given.channel,
                         sender=checked.phone or getattr(given.citizen, "phone", ""), written=stored_files)
            if given.draft:
                _draft_to_receipt_inbox(request)
            transaction.on_commit(partial(_after_register, request.pk, getattr(given.assignee, "pk", None),
                                          getattr(request.created_by, "pk", None),
                                          given.notify and not checked.immediate))
    except Exception:
        _files_forget(stored_files)
        raise
    return Registration(request=request, created=True, candidates=checked.candidates,
                        set_aside=[f for f in checked.files if f.infected])


def _files_store(request: ServiceRequest, files: list[CheckedFile], *, actor, written: list, channel: str = "",
                 sender: str = "") -> None:
    """Each checked file as an Attachment of the request, or, when found infected, set aside in quarantine; what
    is written (attachments and quarantined files) is added to `written`, for _files_forget if the transaction
    fails."""
    for checked_file in files:
        if checked_file.infected:
            written.append(attachment_quarantine(checked=checked_file, request=request, actor=actor, channel=channel,
                                                 sender=sender))
        else:
            written.append(attachment_save(request=request, checked=checked_file, actor=actor))


def _files_forget(written: list) -> None:
    """Delete the files of attachments and quarantined files whose rows were rolled back."""
    for row in written:
        row.file.storage.delete(row.file.name)


def _request_create(checked: CheckedRegistration) -> ServiceRequest:
    """The request (with a fresh tracking code), its intake record, first history row and checklist answers."""
    from django.contrib.gis.geos import Point

    given, place, now = checked.given, checked.place, checked.now
    citizen = given.citizen
    unverified = given.contact_unverified and citizen is None and bool(checked.phone)
    if citizen is None and checked.phone and not unverified:
        citizen = citizen_get_or_create(phone=checked.phone, name=given.citizen_name or "")
    request = ServiceRequest(
        channel=given.channel, urgency=checked.urgency, category=checked.category, citizen=citizen,
        text=checked.text, address_text=checked.address_text,
        location=Point(*checked.point, srid=4326) if checked.point else None,
        region_id=place.region_id if place else None, district_id=place.district_id if place else None,
        neighbourhood_id=place.neighbourhood_id if place else None, status=checked.status,
        created_by=given.actor if getattr(given.actor, "is_authenticated", False) else None, created_at=now,
        closed_at=now if checked.immediate else None,
        followups=(ServiceRequest.Followups.NOTIFY if given.notify and not checked.immediate
                   else ServiceRequest.Followups.QUIET),
    )
    _request_insert(request)
    RequestIntake.objects.create(
        request=request, possible_duplicate=checked.possible_duplicate,
        duplicate_candidates=[{"id": c.id, "tracking_code": c.tracking_code, "score": c.score,
                               "distance_m": round(c.distance_m, 1)} for c in checked.candidates],
        register_anyway_reason=checked.register_anyway_reason, answer_text=checked.answer_text,
        letter_number=checked.letter_number, letter_date=given.letter_date, external_ref=given.external_ref[:200],
        contact_phone=checked.phone if unverified else "", contact_name=(given.citizen_name or "")[:150] if unverified
        else "",
    )
    RequestHistory.objects.create(
        request=request, action="draft" if given.draft else "register", to_status=checked.status,
        actor=request.created_by,
        text=checked.answer_text if checked.immediate else checked.register_anyway_reason, created_at=now,
        data={"channel": given.channel, "possible_duplicate": checked.possible_duplicate,
              "candidates": [c.id for c in checked.candidates], "assignee": getattr(given.assignee, "pk", None),
              "address_resolved_as": checked.resolved_by, **({"contact": "unverified"} if unverified else {})},
    )
    Answer.objects.bulk_create([Answer(request=request, question=q, question_text=q.text, value=v)
                                for q, v in checked.answers])
    return request


def _draft_to_receipt_inbox(request: ServiceRequest) -> None:
    """A draft waits in the workflow's start (receipt) inbox, still a draft, for the receiving expert: the workflow
    places it on `draft_received`, in this transaction. Without a configured workflow the draft is kept all the
    same (`workflow_backfill` gives it a case later)."""
    events.draft_received.send(sender=ServiceRequest, request=request)


def request_draft_register(**kwargs) -> Registration:
    """A message from an unattended channel (SMS, e-mail, IVR): kept as a draft for the receiving expert,
    flagged "possible duplicate" when it looks like an open case; never blocked, never dropped."""
    kwargs.pop("draft", None)
    kwargs.setdefault("decide_duplicates", False)
    return request_register(draft=True, **kwargs)


def attachments_add(*, request: ServiceRequest, files: list[IncomingFile], actor=None) -> list[Attachment]:
    """Attach files to an existing request (replies, later scans): checked first, all or nothing; a file found
    infected is set aside in quarantine instead. The attachments stored."""
    attachments_count_check(len(files))
    checked = [attachment_check(incoming) for incoming in files]
    written: list = []
    try:
        with transaction.atomic():
            _files_store(request, checked, actor=actor, channel=request.channel, written=written)
            stored = [row for row in written if isinstance(row, Attachment)]
            if stored:
                RequestHistory.objects.create(request=request, action="attach", actor=actor,
                                              created_at=timezone.now(), data={"attachments": [a.pk for a in stored]})
    except Exception:
        _files_forget(written)
        raise
    return stored


def _co_reporter_link(*, request: ServiceRequest, citizen, phone, citizen_name, channel, text, actor, now,
                      notify) -> Registration:
    """The caller reports a case the city already has: they become its co-reporter and get its tracking code."""
    actor = actor if getattr(actor, "is_authenticated", False) else None
    with transaction.atomic():
        request = ServiceRequest.objects.select_for_update().get(pk=request.pk)
        if citizen is None:
            citizen = citizen_get_or_create(phone=phone, name=citizen_name or "")
        _link, created = CoReporter.objects.get_or_create(
            request=request, citizen=citizen, defaults={"channel": channel, "text": text, "created_by": actor},
        )
        RequestHistory.objects.create(
            request=request, action="co_reporter", actor=actor, text=text, created_at=now,
            data={"citizen": citizen.pk, "channel": channel, "new": created},
        )
        if notify and created:
            transaction.on_commit(partial(request_tracking_sms_queue, request_id=request.pk, phone=citizen.phone))
    return Registration(request=request, created=False, linked=True)


# ----------------------------------------------------------------------------------------------- side effects


def _after_register(request_id: int, assignee_id: int | None, actor_id: int | None, notify: bool) -> None:
    """Queue the follow-ups; with the broker down the request (committed with `followups` due) waits for the sweep
    and the answer to the citizen is not spoilt."""
    from intake import tasks

    _queue_safely(tasks.request_registered, request_id, assignee_id, actor_id, notify)


def _queue_safely(task, *args) -> bool:
    """`task.delay(*args)`, or False (logged) when the broker cannot be reached: what was committed stays, and a
    beat sweep queues it again."""
    try:
        task.apply_async(args=args, retry=False)
    except Exception as error:  # kombu/redis raise several kinds of connection errors; none may fail the caller
        log.warning("broker unreachable, %s(%s) left for the sweep: %s", task.name, args, error)
        return False
    return True


FOLLOWUPS_SWEEP_AFTER = timedelta(seconds=60)
FOLLOWUPS_SWEEP_BATCH = 500


def followups_sweep(*, now: datetime | None = None) -> int:
    """Beat: queue again the follow-ups of requests registered more than a minute ago whose follow-ups have not run
    (the broker was down, a worker died); they are idempotent, so one queued twice does nothing twice."""
    now = now or timezone.now()
    pending = list(ServiceRequest.objects.exclude(followups=ServiceRequest.Followups.NONE)
                   .filter(created_at__lt=now - FOLLOWUPS_SWEEP_AFTER).order_by("created_at")
                   .values_list("pk", "created_by_id", "followups")[:FOLLOWUPS_SWEEP_BATCH])
    from intake import tasks

    queued = 0
    for request_id, actor_id, due in pending:
        notify = due == ServiceRequest.Followups.NOTIFY
        if not _queue_safely(tasks.request_registered, request_id, None, actor_id, notify):
            break
        queued += 1
    return queued


def request_tracking_sms_due(*, request: ServiceRequest) -> None:
    """The request's tracking SMS is due now (its sender's number was just confirmed): kept in the outbox
    (`followups`, so the beat sweep sends it if the broker is down) and queued after commit."""
    ServiceRequest.objects.filter(pk=request.pk).update(followups=ServiceRequest.Followups.NOTIFY)
    transaction.on_commit(partial(_after_register, request.pk, None, None, True))


def request_tracking_sms_queue(*, request_id: int, phone: str) -> None:
    """Text the request's tracking code to `phone` from the worker (call after commit)."""
    from intake import tasks

    tasks.request_tracking_sms.delay(request_id, phone)


def request_registered_followups(*, request_id: int, assignee_id: int | None = None, actor_id: int | None = None,
                                 notify: bool = True) -> None:
    """After commit, in the worker: publish `request_registered` (the workflow routes the request, the maps
    refresh), then SMS the tracking code."""
    from django.contrib.auth import get_user_model

    request = ServiceRequest.objects.select_related("citizen").filter(pk=request_id).first()
    if request is None:
        return
    users = get_user_model().objects
    events.request_registered.send(
        sender=ServiceRequest, request=request,
        actor=users.filter(pk=actor_id).first() if actor_id else None,
        assignee=users.filter(pk=assignee_id).first() if assignee_id else None,
    )
    if notify and request.citizen_id and request.status != Status.DRAFT:
        request_tracking_sms_send(request=request, phone=request.citizen.phone)
    ServiceRequest.objects.filter(pk=request.pk).exclude(followups="").update(followups="")


def request_tracking_sms_send(*, request: ServiceRequest, phone: str) -> SmsMessage | None:
    """Text the tracking code to a mobile number, once per request and number (a redelivered task sends nothing)."""
    from intake.phones import is_mobile

    if not is_mobile(phone):
        return None
    text = f"سامانه ۱۳۷: پیام شما ثبت شد. کد رهگیری: {request.tracking_code}"
    return sms_queue(phone=phone, text=text, request=request, purpose=TRACKING_SMS_PURPOSE)


def sms_queue(*, phone: str, text: str, request: ServiceRequest | None = None, purpose: str = "") -> SmsMessage:
    """Keep an outbound SMS and hand it to Celery, which retries the provider with backoff. With a `purpose`, the
    request's number gets one such message: queuing it again returns the one already kept.

    One number gets at most SMS_PER_NUMBER_PER_HOUR (and SMS_PER_NUMBER_PER_DAY) messages, whatever requests they
    are for: one more is kept as `suppressed`, logged and never sent (the caller carries on as if it were sent)."""
    with transaction.atomic():
        _sms_number_lock(phone)
        if purpose and request is not None:
            sms = SmsMessage.objects.filter(request=request, phone=phone, purpose=purpose,
                                            direction=SmsMessage.Direction.OUTBOUND).first()
            if sms is not None:
                return sms
        state = SmsMessage.State.SUPPRESSED if _sms_number_over_limit(phone) else SmsMessage.State.QUEUED
        sms = SmsMessage.objects.create(
            direction=SmsMessage.Direction.OUTBOUND, phone=phone, text=text[:2000], request=request, purpose=purpose,
            state=state, error="too many messages to this number" if state == SmsMessage.State.SUPPRESSED else "")
        if state == SmsMessage.State.SUPPRESSED:
            log.warning("SMS %s to %s…%s suppressed: the number's hourly or daily limit is reached (purpose %r)",
                        sms.pk, phone[:4], phone[-2:], purpose)
        else:
            transaction.on_commit(partial(_sms_send_later, sms.pk))
    return sms


def _sms_number_lock(phone: str) -> None:
    """Serialise the SMS queued to one number (a transaction-scoped advisory lock), so the limit is exact."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [f"sms-to:{phone}"])


def _sms_number_over_limit(phone: str) -> bool:
    """Whether the number already got its SMS_PER_NUMBER_PER_HOUR in the last hour or SMS_PER_NUMBER_PER_DAY in the
    last day (suppressed ones not counted; a limit of 0 is none)."""
    now = timezone.now()
    counted = (SmsMessage.objects.filter(direction=SmsMessage.Direction.OUTBOUND, phone=phone)
               .exclude(state=SmsMessage.State.SUPPRESSED))
    for limit, window in ((settings.SMS_PER_NUMBER_PER_HOUR, timedelta(hours=1)),
                          (settings.SMS_PER_NUMBER_PER_DAY, timedelta(days=1))):
        if limit > 0 and counted.filter(created_at__gte=now - window).count() >= limit:
            return True
    return False


def _sms_send_later(sms_id: int) -> None:
    from intake import tasks

    _queue_safely(tasks.sms_send, sms_id)  # left queued otherwise: `sms_stale_requeue` tries it again


def sms_deliver(*, sms_id: int, final_attempt: bool = False) -> SmsMessage | None:
    """One delivery attempt through the configured backend; raises SmsSendError so Celery retries.

    The message is claimed first (queued → sending, one conditional UPDATE), so a second worker or a redelivered
    task finds nothing to do; the provider is called with no transaction open and no row locked."""
    from intake.channels.sms_backends import SmsSendError, sms_backend

    claimed = SmsMessage.objects.filter(pk=sms_id, state=SmsMessage.State.QUEUED).update(
        state=SmsMessage.State.SENDING, attempts=F("attempts") + 1, claimed_at=timezone.now())
    if not claimed:
        return None
    sms = SmsMessage.objects.get(pk=sms_id)
    try:
        provider_ref = sms_backend().send(phone=sms.phone, text=sms.text)[:100]
    except SmsSendError as error:
        sms.error = str(error)[:500]
        sms.state = SmsMessage.State.FAILED if final_attempt else SmsMessage.State.QUEUED
        sms.save(update_fields=["error", "state"])
        raise
    except Exception:  # an unexpected failure: back in the queue, so a retry or an operator can resend it
        SmsMessage.objects.filter(pk=sms_id).update(state=SmsMessage.State.QUEUED)
        raise
    sms.provider_ref, sms.state, sms.sent_at, sms.error = provider_ref, SmsMessage.State.SENT, timezone.now(), ""
    sms.save(update_fields=["provider_ref", "state", "sent_at", "error"])
    return sms


def sms_stale_requeue(*, now=None) -> int:
    """Hand back to Celery the outbound SMS no worker will finish: left `sending` by a worker that died during the
    provider call, or `queued` and never tried because the task was lost. Older than SMS_STALE_SECONDS (well above
    the provider's timeout, so a slow call in progress is not sent twice). Returns how many were queued again."""
    now = now or timezone.now()
    stale = now - timedelta(seconds=settings.SMS_STALE_SECONDS)
    outbound = SmsMessage.objects.filter(direction=SmsMessage.Direction.OUTBOUND)
    with transaction.atomic():
        left_sending = list(outbound.select_for_update(skip_locked=True)
                            .filter(state=SmsMessage.State.SENDING, claimed_at__lt=stale).values_list("pk", flat=True))
        SmsMessage.objects.filter(pk__in=left_sending).update(state=SmsMessage.State.QUEUED)
        never_tried = list(outbound.filter(state=SmsMessage.State.QUEUED, attempts=0, created_at__lt=stale)
                           .values_list("pk", flat=True))
        for sms_id in [*left_sending, *never_tried]:
            transaction.on_commit(partial(_sms_send_later, sms_id))
    return len(left_sending) + len(never_tried)


def citizen_access_record(*, user, citizen: Citizen, source: str, query: str = "", masked: bool = False) -> None:
    """Record that `user` looked `citizen` up (screen-pop, caller lookup), and whether the details were masked."""
    from intake.models import CitizenAccess

    if getattr(user, "is_authenticated", False):
        CitizenAccess.objects.create(user=user, citizen=citizen, source=source, query=query[:40], masked=masked)
