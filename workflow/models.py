"""The workflow as data: boxes (کارتابل), operations, relations between boxes and the per-request case row.

A relation says: a request in box A may pass to box B under operation O, done by a holder of one of these roles.
The engine (`workflow.services.transition_execute`) refuses anything no active relation allows."""

import uuid

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from intake.models import Status


class Box(models.Model):
    """An inbox (کارتابل). Each request's case sits in exactly one box."""

    class ReceivePolicy(models.TextChoices):
        POOL = "pool", _("shared: every holder of a receiving role in scope sees it")
        AUTO_SCOPE = "auto_scope", _("automatic: assigned to the expert whose scope covers it")
        NAMED = "named", _("named: the sender must name the receiver")

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_fa = models.CharField(_("Persian name"), max_length=100)
    name_en = models.CharField(_("English name"), max_length=100, blank=True)
    status = models.CharField(
        _("request status in this box"), max_length=20, choices=Status.choices,
        help_text=_("The request's status while its case sits in this box."),
    )
    receive_roles = models.ManyToManyField(
        Group, blank=True, related_name="+", verbose_name=_("receiving roles"),
        help_text=_("Roles whose holders work this inbox."),
    )
    receive_policy = models.CharField(
        _("receiving policy"), max_length=20, choices=ReceivePolicy.choices, default=ReceivePolicy.POOL,
    )
    deadline_hours = models.PositiveIntegerField(
        _("deadline (working hours)"), null=True, blank=True,
        help_text=_("Time allowed in this box; a sub-subject's own deadline wins in the follow-up box."),
    )
    uses_category_deadline = models.BooleanField(_("uses the sub-subject's deadline"), default=False)
    is_start = models.BooleanField(_("start box"), default=False, help_text=_("New requests land here."))
    is_terminal = models.BooleanField(_("terminal"), default=False, help_text=_("Cases here are finished."))
    sort_order = models.PositiveIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("inbox")
        verbose_name_plural = _("inboxes")
        ordering = ["sort_order", "code"]

    def __str__(self) -> str:
        return self.name_fa

    def clean(self) -> None:
        if self.is_start and self.is_terminal:
            raise ValidationError(_("A box cannot be both the start and a terminal box."))
        if self.is_start and self.is_active and \
                Box.objects.filter(is_start=True, is_active=True).exclude(pk=self.pk).exists():
            raise ValidationError({"is_start": _("Another active inbox is already the start inbox.")})


class Operation(models.Model):
    """Something a user does to a request (ارجاع، ثبت جوابیه، بایگانی …). Unlimited; each has a timeline colour."""

    class Kind(models.TextChoices):
        REFER = "refer", _("referral")
        ANSWER = "answer", _("official's answer")
        RESPOND = "respond", _("citizen response")
        RETURN = "return", _("return")
        ARCHIVE = "archive", _("archive")
        REOPEN = "reopen", _("reopen")
        FEEDBACK = "feedback", _("feedback")
        NOTE = "note", _("note")
        CONFIRM = "confirm", _("draft confirmation")
        LINK = "link", _("draft linked to an open case")

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_fa = models.CharField(_("Persian name"), max_length=100)
    name_en = models.CharField(_("English name"), max_length=100, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.REFER)
    color = models.CharField(_("colour"), max_length=7, default="#607d8b", help_text=_("#rrggbb on the timeline"))
    requires_text = models.BooleanField(_("requires a description"), default=False)
    is_active = models.BooleanField(_("active"), default=True)
    sort_order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("operation")
        verbose_name_plural = _("operations")
        ordering = ["sort_order", "code"]

    def __str__(self) -> str:
        return self.name_fa

    def clean(self) -> None:
        import re

        if not re.fullmatch(r"#[0-9a-fA-F]{6}", self.color or ""):
            raise ValidationError({"color": _("Give the colour as #rrggbb.")})


# Operations that change the request itself (confirming a draft registers it, linking one closes it as a
# duplicate): done from the draft form, which hands the engine its write; never offered as a plain move.
WRITE_OPERATION_KINDS = (Operation.Kind.CONFIRM, Operation.Kind.LINK)


class Relation(models.Model):
    """Which box passes a request to which box under which operation, and who may do it (the sending policy)."""

    class AssigneePolicy(models.TextChoices):
        NONE = "none", _("no receiver is named")
        OPTIONAL = "optional", _("the sender may name a receiver")
        REQUIRED = "required", _("the sender must name a receiver")
        KEEP = "keep", _("the case keeps its current receiver")

    from_box = models.ForeignKey(Box, on_delete=models.CASCADE, related_name="outgoing", verbose_name=_("from"))
    operation = models.ForeignKey(
        Operation, on_delete=models.PROTECT, related_name="relations", verbose_name=_("operation"),
    )
    to_box = models.ForeignKey(Box, on_delete=models.CASCADE, related_name="incoming", verbose_name=_("to"))
    roles = models.ManyToManyField(Group, related_name="+", verbose_name=_("roles allowed"))
    assignee_policy = models.CharField(
        _("sending policy"), max_length=20, choices=AssigneePolicy.choices, default=AssigneePolicy.OPTIONAL,
    )
    schedules_feedback = models.BooleanField(
        _("schedules feedback"), default=False,
        help_text=_("Sets the feedback date from the sub-subject's feedback delay."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("relation")
        verbose_name_plural = _("relations")
        ordering = ["from_box__sort_order", "operation__sort_order"]
        constraints = [
            models.UniqueConstraint(fields=["from_box", "operation"], name="workflow_relation_one_target"),
        ]

    def __str__(self) -> str:
        return f"{self.from_box.code} —{self.operation.code}→ {self.to_box.code}"

    def clean(self) -> None:
        if self.from_box_id and self.from_box.is_terminal and self.operation_id and \
                self.operation.kind not in (Operation.Kind.REOPEN, Operation.Kind.NOTE):
            raise ValidationError(_("Only a reopen or a note may leave a terminal box."))
        if self.from_box_id and self.to_box_id and self.operation_id and self.operation.kind in WRITE_OPERATION_KINDS:
            self._draft_review_clean()

    def _draft_review_clean(self) -> None:
        """Drafts wait in the start inbox; a link closes the draft, a confirm registers it (or closes it when
        answered on the spot, the `confirm_answered` operation)."""
        if not self.from_box.is_start:
            raise ValidationError(_("Draft review starts from the start (receipt) inbox."))
        closes = self.operation.kind == Operation.Kind.LINK or self.operation.code == "confirm_answered"
        if closes and not self.to_box.is_terminal:
            raise ValidationError(_("This draft-review operation closes the draft: send it to a terminal inbox."))
        if not closes and self.to_box.is_terminal:
            raise ValidationError(_("Confirming registers the draft: send it to an open inbox."))


class RequestCase(models.Model):
    """The workflow's state of one request: its box, receiver, reference/unit/official and deadlines."""

    request = models.OneToOneField(
        "intake.ServiceRequest", on_delete=models.PROTECT, related_name="workflow_case",
        verbose_name=_("request"),
    )
    box = models.ForeignKey(Box, on_delete=models.PROTECT, related_name="cases", verbose_name=_("inbox"))
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="workflow_cases",
        verbose_name=_("assigned to"),
    )
    reference = models.ForeignKey(
        "organization.Reference", on_delete=models.SET_NULL, null=True, blank=True, related_name="cases",
        verbose_name=_("reference"),
    )
    unit = models.ForeignKey(
        "organization.Unit", on_delete=models.SET_NULL, null=True, blank=True, related_name="cases",
        verbose_name=_("unit"),
    )
    official = models.ForeignKey(
        "organization.Official", on_delete=models.SET_NULL, null=True, blank=True, related_name="cases",
        verbose_name=_("official"),
    )
    entered_box_at = models.DateTimeField(_("entered inbox at"))
    due_at = models.DateTimeField(_("due at"), null=True, blank=True, db_index=True)
    feedback_due_on = models.DateField(_("feedback due on"), null=True, blank=True, db_index=True)
    escalated_at = models.DateTimeField(_("escalated at"), null=True, blank=True)
    round = models.PositiveIntegerField(_("follow-up round"), default=1)
    last_operation = models.ForeignKey(
        Operation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("last operation"),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        indexes = [models.Index(fields=["box", "assignee"], name="workflow_case_box_assignee")]

    def __str__(self) -> str:
        return f"{self.request_id} @ {self.box.code}"


class CategoryPolicy(models.Model):
    """Per sub-subject settings: feedback delay (days after the answer) and an optional follow-up deadline."""

    category = models.OneToOneField(
        "intake.Category", on_delete=models.CASCADE, related_name="workflow_policy",
        verbose_name=_("sub-subject"),
    )
    feedback_delay_days = models.PositiveIntegerField(_("feedback delay (working days)"), default=3)
    followup_hours = models.PositiveIntegerField(
        _("follow-up deadline (working hours)"), null=True, blank=True,
        help_text=_("Overrides the sub-subject's deadline."),
    )
    default_reference = models.ForeignKey(
        "organization.Reference", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("default reference"),
    )

    class Meta:
        verbose_name = _("sub-subject policy")
        verbose_name_plural = _("sub-subject policies")

    def __str__(self) -> str:
        return str(self.category)


class Holiday(models.Model):
    """An official holiday (تعطیل رسمی); no working time is counted on it."""

    date = models.DateField(_("date"), unique=True)
    name = models.CharField(_("name"), max_length=150)

    class Meta:
        verbose_name = _("holiday")
        verbose_name_plural = _("holidays")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date} {self.name}"


class CannedText(models.Model):
    """A default description (متن پیش‌فرض) offered for an operation, optionally for one sub-subject."""

    operation = models.ForeignKey(Operation, on_delete=models.CASCADE, related_name="canned_texts")
    category = models.ForeignKey(
        "intake.Category", on_delete=models.CASCADE, null=True, blank=True, related_name="+",
        verbose_name=_("sub-subject"),
    )
    text = models.TextField(_("text"), max_length=2000)
    sort_order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("default description")
        verbose_name_plural = _("default descriptions")
        ordering = ["sort_order", "id"]

    def __str__(self) -> str:
        return self.text[:60]


class SavedFilter(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_filters")
    box = models.CharField(_("inbox"), max_length=40)
    name = models.CharField(_("name"), max_length=100)
    params = models.JSONField(_("filters"), default=dict)

    class Meta:
        verbose_name = _("saved filter")
        verbose_name_plural = _("saved filters")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["user", "box", "name"], name="workflow_savedfilter_unique")]

    def __str__(self) -> str:
        return self.name


class OfficialAnswer(models.Model):
    """The official's response (جوابیه) recorded by the follow-up expert."""

    request = models.ForeignKey(
        "intake.ServiceRequest", on_delete=models.PROTECT, related_name="official_answers",
    )
    official = models.ForeignKey(
        "organization.Official", on_delete=models.SET_NULL, null=True, blank=True, related_name="answers",
        verbose_name=_("official"),
    )
    text = models.TextField(_("answer"), max_length=4000)
    attachments = models.ManyToManyField("intake.Attachment", blank=True, related_name="+")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("official's answer")
        verbose_name_plural = _("officials' answers")
        ordering = ["-created_at"]


class OfficialRating(models.Model):
    """How well an official answered one request: timeliness and quality, 1–5."""

    request = models.ForeignKey("intake.ServiceRequest", on_delete=models.PROTECT, related_name="+")
    official = models.ForeignKey("organization.Official", on_delete=models.CASCADE, related_name="ratings")
    timeliness = models.PositiveSmallIntegerField(
        _("timeliness"), validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    quality = models.PositiveSmallIntegerField(_("quality"), validators=[MinValueValidator(1), MaxValueValidator(5)])
    rated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("official rating")
        verbose_name_plural = _("official ratings")
        constraints = [
            models.CheckConstraint(condition=models.Q(timeliness__gte=1, timeliness__lte=5),
                                   name="rating_timeliness_1_5"),
            models.CheckConstraint(condition=models.Q(quality__gte=1, quality__lte=5), name="rating_quality_1_5"),
        ]


class SiteVisit(models.Model):
    """A field visit (بازدید میدانی) with photos attached through intake.Attachment."""

    request = models.ForeignKey("intake.ServiceRequest", on_delete=models.PROTECT, related_name="site_visits")
    visitor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    note = models.TextField(_("note"), blank=True)
    photos = models.ManyToManyField("intake.Attachment", blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("site visit")
        verbose_name_plural = _("site visits")
        ordering = ["-created_at"]


class ChunkedUpload(models.Model):
    """A resumable upload: the phone sends chunks at an offset; a lost chunk is sent again, nothing is lost."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    request = models.ForeignKey("intake.ServiceRequest", on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    filename = models.CharField(max_length=255)
    content_type = models.CharField(max_length=120, blank=True)
    size = models.PositiveBigIntegerField()
    received = models.PositiveBigIntegerField(default=0)
    attachment = models.ForeignKey(
        "intake.Attachment", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("upload in progress")
        verbose_name_plural = _("uploads in progress")


class Correspondence(models.Model):
    """A letter about a request (مکاتبه), typed in or pushed by the office-automation system."""

    class Direction(models.TextChoices):
        INCOMING = "in", _("incoming")
        OUTGOING = "out", _("outgoing")

    request = models.ForeignKey("intake.ServiceRequest", on_delete=models.PROTECT, related_name="letters")
    letter_number = models.CharField(_("letter number"), max_length=60)
    letter_date = models.DateField(_("letter date"))
    subject = models.CharField(_("subject"), max_length=300)
    direction = models.CharField(_("direction"), max_length=3, choices=Direction.choices)
    source = models.CharField(_("source"), max_length=40, default="manual")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("letter")
        verbose_name_plural = _("letters")
        ordering = ["-letter_date", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["source", "letter_number", "direction"], name="workflow_letter_unique"),
        ]


class IntegrationToken(models.Model):
    """A token an outside system (office automation) sends as `Authorization: Token …`. Only its hash is stored."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    token_hash = models.CharField(max_length=64, unique=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("integration token")
        verbose_name_plural = _("integration tokens")

    def __str__(self) -> str:
        return self.name


class Survey(models.Model):
    """The citizen's answer to the response call: satisfaction 1–5, done or not, a comment."""

    request = models.ForeignKey("intake.ServiceRequest", on_delete=models.PROTECT, related_name="surveys")
    satisfaction = models.PositiveSmallIntegerField(
        _("satisfaction"), validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    done = models.BooleanField(_("done"))
    comment = models.TextField(_("comment"), blank=True, max_length=2000)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=models.Q(satisfaction__gte=1, satisfaction__lte=5), name="survey_1_5"),
        ]
