"""Intake: citizens, categories, requests (پیام) and how they arrive — registration, drafts, channels,
attachments, tracking codes, idempotency and API tokens."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntakeConfig(AppConfig):
    name = "intake"
    verbose_name = _("Citizen requests")
