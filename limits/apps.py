"""Rate limits, their 429 answers and the public form's proof-of-work (no models)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LimitsConfig(AppConfig):
    name = "limits"
    verbose_name = _("Abuse limits")
