"""What duplicate detection learns from: operators' decisions about candidates, and the models fitted on them."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class DuplicateLabel(models.Model):
    """One operator decision about one candidate: it was the same problem (linked) or not (registered anyway).
    `features` are the candidate's evidence as the detector saw it then (`scoring.Evidence.features()`)."""

    class Source(models.TextChoices):
        LINK = "link", _("linked as co-reporter")
        REGISTER_ANYWAY = "register_anyway", _("registered anyway")
        DRAFT_LINK = "draft_link", _("draft linked to an open case")
        DRAFT_REGISTER_ANYWAY = "draft_register_anyway", _("draft registered anyway")

    request = models.ForeignKey("intake.ServiceRequest", on_delete=models.CASCADE, null=True, blank=True,
                                related_name="+", verbose_name=_("new request"),
                                help_text=_("Empty when the caller was linked and no request was registered."))
    candidate = models.ForeignKey("intake.ServiceRequest", on_delete=models.CASCADE, related_name="+",
                                  verbose_name=_("candidate"))
    is_duplicate = models.BooleanField(_("same problem"))
    source = models.CharField(_("decision"), max_length=30, choices=Source.choices)
    features = models.JSONField(_("evidence"), default=dict)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("decided by"))
    decided_at = models.DateTimeField(_("decided at"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("duplicate decision")
        verbose_name_plural = _("duplicate decisions")
        ordering = ["-decided_at"]


class DuplicateModel(models.Model):
    """A fitted duplicate model with its figures on held-out recent decisions. One is in use at a time; none in
    use means the hand-set prior (`matching.scoring.PRIOR`)."""

    weights = models.JSONField(_("weights"), default=dict)
    intercept = models.FloatField(_("intercept"))
    strong = models.FloatField(_("strong at"), default=0.5)
    overwhelming = models.FloatField(_("overwhelming at"), default=0.995)
    trained_on = models.PositiveIntegerField(_("decisions trained on"), default=0)
    held_out = models.PositiveIntegerField(_("decisions held out"), default=0)
    figures = models.JSONField(_("held-out figures"), default=dict,
                               help_text=_("Log-loss, accuracy and F1 of this model and of the one it was compared "
                                           "with, on the same held-out decisions."))
    is_active = models.BooleanField(_("in use"), default=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("duplicate model")
        verbose_name_plural = _("duplicate models")
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["is_active"], condition=models.Q(is_active=True),
                                               name="one_duplicate_model_in_use")]

    def __str__(self) -> str:
        return f"#{self.pk} {self.created_at:%Y-%m-%d}" + (" ✓" if self.is_active else "")
