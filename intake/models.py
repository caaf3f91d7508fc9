"""Citizens, categories (موضوع / زیرموضوع), requests (پیام), attachments and the append-only history."""

import uuid
from pathlib import Path

from django.conf import settings
from django.contrib.gis.db import models
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from gis.h3cells import h3_cells
from intake.phones import InvalidPhoneNumber, normalize_phone

# The category a draft waits in when its channel did not say what it is about.
UNCLASSIFIED_CODE = "unclassified"


class Channel(models.TextChoices):
    PHONE = "phone", _("phone")
    SMS = "sms", _("SMS")
    EMAIL = "email", _("e-mail")
    WEB = "web", _("web site")
    APP = "app", _("mobile app")
    LETTER = "letter", _("letter")
    IN_PERSON = "in_person", _("in person")
    IVR = "ivr", _("IVR")
    API = "api", _("API")


class Urgency(models.TextChoices):
    IMMEDIATE = "immediate", _("immediate (آنی)")
    TRACKABLE = "trackable", _("trackable (قابل پیگیری)")


class Status(models.TextChoices):
    DRAFT = "draft", _("draft")
    REGISTERED = "registered", _("registered")
    IN_FOLLOWUP = "in_followup", _("in follow-up")
    IN_RESPONSE = "in_response", _("in response")
    CLOSED = "closed", _("closed")
    ARCHIVED = "archived", _("archived")


OPEN_STATUSES = (Status.REGISTERED, Status.IN_FOLLOWUP, Status.IN_RESPONSE)


class Citizen(models.Model):
    phone = models.CharField(
        _("phone number"), max_length=11, unique=True, help_text=_("Stored in national form, e.g. 09121234567."),
    )
    name = models.CharField(_("name"), max_length=150, blank=True)
    national_id = models.CharField(_("national id"), max_length=10, blank=True)
    subscription_code = models.CharField(
        _("subscription code"), max_length=20, unique=True, null=True, blank=True,
        help_text=_("Permanent subscribers give this code instead of their details."),
    )
    email = models.EmailField(_("e-mail"), blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        db_table = "requests_app_citizen"  # the table keeps the name it was created with
        verbose_name = _("citizen")
        verbose_name_plural = _("citizens")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name or '—'} ({self.phone})"

    @property
    def is_subscriber(self) -> bool:
        return bool(self.subscription_code)

    def clean_fields(self, exclude=None) -> None:
        # Normalise first, so "+98 912 123 4567" is judged as the 11-digit number it is.
        try:
            self.phone = normalize_phone(self.phone)
        except InvalidPhoneNumber as exc:
            raise ValidationError({"phone": _("Enter an Iranian mobile or landline number.")}) from exc
        super().clean_fields(exclude=exclude)

    def clean(self) -> None:
        if self.national_id and not (self.national_id.isdigit() and len(self.national_id) == 10):
            raise ValidationError({"national_id": _("A national id has 10 digits.")})


class Category(models.Model):
    """Two levels: a subject (موضوع, no parent) and its sub-subjects (زیرموضوع)."""

    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children",
        verbose_name=_("subject"),
    )
    code = models.CharField(_("code"), max_length=40, unique=True)
    name_fa = models.CharField(_("Persian name"), max_length=150)
    name_en = models.CharField(_("English name"), max_length=150, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    sort_order = models.PositiveIntegerField(_("order"), default=0)
    default_urgency = models.CharField(
        _("default urgency"), max_length=20, choices=Urgency.choices, default=Urgency.TRACKABLE,
    )
    sla_hours = models.PositiveIntegerField(_("deadline (working hours)"), null=True, blank=True)
    class DuplicateKind(models.TextChoices):
        BUILDING = "building", _("inside a building (heating, plumbing, an unsafe building)")
        POINT = "point", _("at one spot (a pothole, a lamp, a fallen tree)")
        STREET = "street", _("along a street (cleaning, vendors, parking)")
        AREA = "area", _("over an area (noise, smoke, stray dogs)")
        NONE = "none", _("no place (information, suggestions): never a duplicate")

    duplicate_kind = models.CharField(
        _("kind of problem"), max_length=10, choices=DuplicateKind.choices, default=DuplicateKind.STREET,
        help_text=_("Where the problem is: it sets the duplicate check's default radius and window, and whether the "
                    "building next door counts against a match."),
    )
    duplicate_radius_m = models.PositiveIntegerField(
        _("duplicate radius (m)"), null=True, blank=True, help_text=_("Empty: the kind of problem's default."))
    duplicate_window_days = models.PositiveIntegerField(
        _("duplicate window (days)"), null=True, blank=True, help_text=_("Empty: the kind of problem's default."))
    ivr_menu = models.CharField(
        _("IVR menu path"), max_length=20, blank=True,
        help_text=_("The menu choices that lead a caller to this sub-subject, e.g. 2-3."),
    )

    class Meta:
        db_table = "requests_app_category"  # the table keeps the name it was created with
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["sort_order", "code"]

    def __str__(self) -> str:
        return f"{self.parent.name_fa} / {self.name_fa}" if self.parent_id else self.name_fa

    def clean(self) -> None:
        if self.parent_id and self.parent.parent_id:
            raise ValidationError({"parent": _("Categories have two levels: a sub-subject's parent is a subject.")})


class ServiceRequest(models.Model):
    """A citizen's message (پیام): one problem at one place."""

    tracking_code = models.CharField(_("tracking code"), max_length=12, unique=True)
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices, db_index=True)
    urgency = models.CharField(_("urgency"), max_length=20, choices=Urgency.choices, default=Urgency.TRACKABLE)
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="requests", verbose_name=_("category"),
    )
    citizen = models.ForeignKey(
        Citizen, on_delete=models.PROTECT, null=True, blank=True, related_name="requests", verbose_name=_("citizen"),
    )
    text = models.TextField(_("description"), max_length=4000)
    address_text = models.CharField(_("address"), max_length=400, blank=True)
    location = models.PointField(_("location"), srid=4326, null=True, blank=True)
    region = models.ForeignKey(
        "addresses.Region", on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("region"),
    )
    district = models.ForeignKey(
        "addresses.District", on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("district"),
    )
    neighbourhood = models.ForeignKey(
        "addresses.Neighbourhood", on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("neighbourhood"),
    )
    h3_r7 = models.BigIntegerField(_("H3 cell r7"), null=True, blank=True, db_index=True)
    h3_r8 = models.BigIntegerField(_("H3 cell r8"), null=True, blank=True, db_index=True)
    h3_r9 = models.BigIntegerField(_("H3 cell r9"), null=True, blank=True, db_index=True)
    h3_r10 = models.BigIntegerField(_("H3 cell r10"), null=True, blank=True, db_index=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.REGISTERED, db_index=True,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("registered by"),
    )
    created_at = models.DateTimeField(_("created at"), db_index=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    # the transactional outbox of registration: set with the request (in its transaction) when the after-commit
    # follow-ups (routing, map refresh, the tracking SMS) are due, cleared once they have run; a broker or worker
    # that failed in between leaves it set for the sweep (intake.followups_sweep)
    class Followups(models.TextChoices):
        NONE = "", _("none due")
        QUIET = "quiet", _("due, without an SMS")
        NOTIFY = "notify", _("due, with the tracking SMS")

    # db_default too: bulk loads (the demo city, the benchmark's million rows) COPY without the column
    followups = models.CharField(_("follow-ups pending"), max_length=10, choices=Followups.choices, blank=True,
                                 default=Followups.NONE, db_default=Followups.NONE)
    is_demo = models.BooleanField(_("demo data"), default=False, db_index=True)

    class Meta:
        db_table = "requests_app_servicerequest"  # the table keeps the name it was created with
        verbose_name = _("request")
        verbose_name_plural = _("requests")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["status", "created_at"], name="request_status_created"),
            models.Index(fields=["category", "created_at"], name="request_category_created"),
            models.Index(fields=["created_at"], name="request_followups_pending", condition=~models.Q(followups="")),
        ]

    def __str__(self) -> str:
        return self.tracking_code

    def set_h3_cells(self) -> None:
        if self.location is None:
            self.h3_r7 = self.h3_r8 = self.h3_r9 = self.h3_r10 = None
            return
        cells = h3_cells(self.location.x, self.location.y)
        self.h3_r7, self.h3_r8, self.h3_r9, self.h3_r10 = cells[7], cells[8], cells[9], cells[10]

    def save(self, *args, **kwargs):
        self.set_h3_cells()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "location" in update_fields:
            kwargs["update_fields"] = set(update_fields) | {"h3_r7", "h3_r8", "h3_r9", "h3_r10"}
        super().save(*args, **kwargs)


def attachment_path(instance: "Attachment", filename: str) -> str:
    """A generated name: the citizen's file name never reaches the file system."""
    suffix = Path(filename).suffix.lower()[:10]
    return f"attachments/{uuid.uuid4().hex[:2]}/{uuid.uuid4().hex}{suffix if suffix.isascii() else ''}"


class Attachment(models.Model):
    """A file kept with a request, as the upload policy stored it (intake.attachments): an image re-encoded, any
    file scanned by ClamAV. Served only when `servable` (not while it waits for its scan, never when infected)."""

    class Kind(models.TextChoices):
        FILE = "file", _("file")
        PHOTO = "photo", _("photo")
        RECORDING = "recording", _("call recording")
        LETTER = "letter", _("scanned letter")

    class ScanStatus(models.TextChoices):
        CLEAN = "clean", _("scanned: clean")
        PENDING = "pending", _("waiting for the virus scan")
        UNSCANNED = "unscanned", _("not scanned")
        INFECTED = "infected", _("infected: quarantined")

    request = models.ForeignKey(
        ServiceRequest, on_delete=models.PROTECT, related_name="attachments", verbose_name=_("request"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.FILE)
    file = models.FileField(_("file"), upload_to=attachment_path)
    original_name = models.CharField(_("original file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=120)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("uploaded by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    # Files stored before scanning existed are "unscanned"; a beat task scans them and the pending ones.
    scan_status = models.CharField(_("virus scan"), max_length=12, choices=ScanStatus.choices,
                                   default=ScanStatus.UNSCANNED)
    scanned_at = models.DateTimeField(_("scanned at"), null=True, blank=True)

    class Meta:
        db_table = "requests_app_attachment"  # the table keeps the name it was created with
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        indexes = [
            models.Index(fields=["scan_status", "id"], name="attachment_to_scan",
                         condition=models.Q(scan_status__in=["pending", "unscanned"])),
        ]

    def __str__(self) -> str:
        return self.original_name

    @property
    def servable(self) -> bool:
        """Whether the file may be served: scanned clean, or never scanned (stored before scanning or with
        scanning off); never while it waits for its scan, never when found infected."""
        return self.scan_status in (self.ScanStatus.CLEAN, self.ScanStatus.UNSCANNED)


def quarantine_path(instance: "Quarantine", filename: str) -> str:
    """A generated name without suffix: nothing opens a quarantined file by double-clicking it."""
    return f"quarantine/{uuid.uuid4().hex[:2]}/{uuid.uuid4().hex}.quarantined"


class Quarantine(models.Model):
    """A file ClamAV found infected, set aside and never served: who sent it, when, through which channel, for
    which request, and the signature found. The message it came with is registered without it."""

    class Source(models.TextChoices):
        UPLOAD = "upload", _("when it was sent")
        RESCAN = "rescan", _("on a later scan")

    request = models.ForeignKey(
        ServiceRequest, on_delete=models.PROTECT, null=True, blank=True, related_name="quarantined_files",
        verbose_name=_("request"),
    )
    attachment = models.ForeignKey(
        Attachment, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("attachment"), help_text=_("The attachment it was, when a later scan found it infected."),
    )
    source = models.CharField(_("found"), max_length=10, choices=Source.choices, default=Source.UPLOAD)
    channel = models.CharField(_("channel"), max_length=20, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("uploaded by"),
    )
    sender = models.CharField(_("sender"), max_length=200, blank=True,
                              help_text=_("The citizen's phone number or e-mail address, when no user sent it."))
    original_name = models.CharField(_("original file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=120, blank=True)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    signature = models.CharField(_("signature"), max_length=200)
    file = models.FileField(_("file"), upload_to=quarantine_path, max_length=200)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("quarantined file")
        verbose_name_plural = _("quarantined files")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.original_name} ({self.signature})"


class AppendOnlyError(RuntimeError):
    """History rows are never changed or removed."""


class RequestHistory(models.Model):
    """One row per event in a request's life. Append-only: the database refuses UPDATE and DELETE."""

    request = models.ForeignKey(
        ServiceRequest, on_delete=models.PROTECT, related_name="history", verbose_name=_("request"),
    )
    action = models.CharField(_("action"), max_length=40)
    from_status = models.CharField(_("from status"), max_length=20, blank=True)
    to_status = models.CharField(_("to status"), max_length=20, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("actor"),
    )
    text = models.TextField(_("text"), blank=True)
    data = models.JSONField(_("data"), default=dict, blank=True)
    created_at = models.DateTimeField(_("at"), db_index=True)

    class Meta:
        db_table = "requests_app_requesthistory"  # the table keeps the name it was created with
        verbose_name = _("history entry")
        verbose_name_plural = _("history")
        ordering = ["request", "created_at", "id"]

    def __str__(self) -> str:
        return f"{self.request_id}: {self.action}"

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            raise AppendOnlyError("history rows cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("history rows cannot be deleted")


# ---------------------------------------------------------------------------------------------------------------
# Intake (issue 4): duplicates and co-reporters, question checklists, idempotent API creation, SMS, API tokens.
# ---------------------------------------------------------------------------------------------------------------


class CoReporter(models.Model):
    """A citizen who reported an already registered case: linked to it, no new case opened."""

    request = models.ForeignKey(
        ServiceRequest, on_delete=models.PROTECT, related_name="co_reporters", verbose_name=_("request"),
    )
    citizen = models.ForeignKey(
        Citizen, on_delete=models.PROTECT, related_name="co_reported", verbose_name=_("citizen"),
    )
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    text = models.TextField(_("description"), max_length=4000, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("registered by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        db_table = "requests_app_coreporter"  # the table keeps the name it was created with
        verbose_name = _("co-reporter")
        verbose_name_plural = _("co-reporters")
        constraints = [models.UniqueConstraint(fields=["request", "citizen"], name="coreporter_once_per_request")]

    def __str__(self) -> str:
        return f"{self.citizen} → {self.request}"


class RequestIntake(models.Model):
    """What intake learnt about a request beyond the core row: duplicate flag, decision, letter, source."""

    request = models.OneToOneField(
        ServiceRequest, on_delete=models.PROTECT, related_name="intake", verbose_name=_("request"),
    )
    possible_duplicate = models.BooleanField(_("possible duplicate"), default=False, db_index=True)
    duplicate_candidates = models.JSONField(_("duplicate candidates"), default=list, blank=True)
    register_anyway_reason = models.CharField(
        _("reason for registering despite duplicates"), max_length=500, blank=True,
    )
    answer_text = models.TextField(_("answer given on the spot"), max_length=4000, blank=True)
    letter_number = models.CharField(_("letter number"), max_length=50, blank=True)
    letter_date = models.DateField(_("letter date"), null=True, blank=True)
    external_ref = models.CharField(_("source reference"), max_length=200, blank=True, db_index=True)
    # A public (web form) report names a phone number nobody has proven to hold yet: it is kept here, not linked to
    # that number's citizen record and not texted, until the one-time code sent to it is entered.
    contact_phone = models.CharField(_("contact phone (unverified)"), max_length=11, blank=True)
    contact_name = models.CharField(_("contact name (unverified)"), max_length=150, blank=True)
    contact_verified_at = models.DateTimeField(_("contact verified at"), null=True, blank=True)

    class Meta:
        db_table = "requests_app_requestintake"  # the table keeps the name it was created with
        verbose_name = _("intake details")
        verbose_name_plural = _("intake details")

    def __str__(self) -> str:
        return str(self.request)


class Question(models.Model):
    """One question of the checklist an operator asks for a channel and sub-subject."""

    class Kind(models.TextChoices):
        TEXT = "text", _("text")
        NUMBER = "number", _("number")
        CHOICE = "choice", _("single choice")
        MULTI = "multi", _("multiple choice")
        DATE = "date", _("date")
        YES_NO = "yes_no", _("yes/no")

    category = models.ForeignKey(
        Category, on_delete=models.CASCADE, related_name="questions", verbose_name=_("sub-subject"),
    )
    channel = models.CharField(
        _("channel"), max_length=20, choices=Channel.choices, blank=True,
        help_text=_("Empty: asked on every channel."),
    )
    text = models.CharField(_("question"), max_length=300)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.TEXT)
    choices = models.TextField(_("choices"), blank=True, help_text=_("One choice per line (choice questions only)."))
    required = models.BooleanField(_("required"), default=False)
    sort_order = models.PositiveIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        db_table = "requests_app_question"  # the table keeps the name it was created with
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["category", "sort_order", "id"]

    def __str__(self) -> str:
        return self.text

    @property
    def choice_list(self) -> list[str]:
        return [line.strip() for line in self.choices.splitlines() if line.strip()]

    def clean(self) -> None:
        if self.kind in (self.Kind.CHOICE, self.Kind.MULTI) and len(self.choice_list) < 2:
            raise ValidationError({"choices": _("A choice question needs at least two choices.")})


class Answer(models.Model):
    request = models.ForeignKey(
        ServiceRequest, on_delete=models.PROTECT, related_name="answers", verbose_name=_("request"),
    )
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers", verbose_name=_("question"))
    question_text = models.CharField(_("question"), max_length=300)
    value = models.JSONField(_("answer"))

    class Meta:
        db_table = "requests_app_answer"  # the table keeps the name it was created with
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [models.UniqueConstraint(fields=["request", "question"], name="answer_once_per_question")]

    def __str__(self) -> str:
        return f"{self.question_text}: {self.value}"


class IdempotencyRecord(models.Model):
    """An API client's Idempotency-Key: the same key and body never create two requests."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=200)
    body_hash = models.CharField(max_length=64)
    request = models.ForeignKey(ServiceRequest, on_delete=models.PROTECT, null=True, related_name="+")
    response = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "requests_app_idempotencyrecord"  # the table keeps the name it was created with
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="idempotency_key_per_user")]


class ApiToken(models.Model):
    """A token an API client (mobile app, partner system) sends as `Authorization: Token <key>`."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens",
                             verbose_name=_("user"))
    name = models.CharField(_("name"), max_length=100)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        db_table = "requests_app_apitoken"  # the table keeps the name it was created with
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return self.name


class SmsMessage(models.Model):
    """Every SMS in or out, kept so no citizen's message is ever dropped and replies find their request."""

    class Direction(models.TextChoices):
        INBOUND = "in", _("inbound")
        OUTBOUND = "out", _("outbound")

    class State(models.TextChoices):
        RECEIVED = "received", _("received")
        QUEUED = "queued", _("queued")
        SENDING = "sending", _("sending")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed")
        SUPPRESSED = "suppressed", _("suppressed (too many to this number)")

    direction = models.CharField(_("direction"), max_length=3, choices=Direction.choices)
    phone = models.CharField(_("phone number"), max_length=11, db_index=True)
    text = models.TextField(_("text"), max_length=2000)
    request = models.ForeignKey(
        ServiceRequest, on_delete=models.PROTECT, null=True, blank=True, related_name="sms_messages",
        verbose_name=_("request"),
    )
    state = models.CharField(_("state"), max_length=10, choices=State.choices)
    purpose = models.CharField(
        _("purpose"), max_length=30, blank=True,
        help_text=_("What an outbound message is for (e.g. tracking_code): one per request, phone and purpose."),
    )
    provider_ref = models.CharField(_("provider reference"), max_length=100, blank=True)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    error = models.CharField(_("last error"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    claimed_at = models.DateTimeField(
        _("last attempt started at"), null=True, blank=True,
        help_text=_("When a worker last took the message to send it (a message left sending is queued again)."),
    )

    class Meta:
        db_table = "requests_app_smsmessage"  # the table keeps the name it was created with
        verbose_name = _("SMS message")
        verbose_name_plural = _("SMS messages")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["direction", "provider_ref"], condition=~models.Q(provider_ref=""),
                                    name="sms_provider_ref_once"),
            models.UniqueConstraint(fields=["request", "phone", "purpose"], condition=~models.Q(purpose=""),
                                    name="sms_once_per_purpose"),
        ]

    def __str__(self) -> str:
        return f"{self.direction} {self.phone}"


class CitizenAccess(models.Model):
    """One lookup of a citizen's record (screen-pop, the console's caller lookup): who, how, and whether the details
    were shown in full or masked. Kept for audit."""

    class Source(models.TextChoices):
        SCREEN_POP = "screen_pop", _("screen-pop")
        CALLER_LOOKUP = "caller_lookup", _("caller lookup")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("user"))
    citizen = models.ForeignKey(Citizen, on_delete=models.CASCADE, related_name="accesses", verbose_name=_("citizen"))
    source = models.CharField(_("source"), max_length=20, choices=Source.choices)
    query = models.CharField(_("query"), max_length=40, blank=True)
    masked = models.BooleanField(_("masked"), default=False)
    created_at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("citizen record lookup")
        verbose_name_plural = _("citizen record lookups")
        ordering = ["-created_at"]


class ContactVerification(models.Model):
    """The one-time code texted to the phone number a public report gave: entering it proves the sender holds the
    number, and only then is the report linked to that number's citizen record and its tracking code texted."""

    request = models.OneToOneField(
        ServiceRequest, on_delete=models.PROTECT, related_name="contact_verification", verbose_name=_("request"),
    )
    phone = models.CharField(_("phone number"), max_length=11, db_index=True)
    token = models.CharField(_("link token"), max_length=64, unique=True)
    code_hash = models.CharField(_("code hash"), max_length=64)
    attempts = models.PositiveSmallIntegerField(_("wrong attempts"), default=0)
    sends = models.PositiveSmallIntegerField(_("codes sent"), default=0)
    expires_at = models.DateTimeField(_("expires at"))
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("contact verification")
        verbose_name_plural = _("contact verifications")

    def __str__(self) -> str:
        return f"{self.request} {self.phone}"
