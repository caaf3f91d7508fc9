"""Matching: duplicate-call detection — candidate search in PostGIS, scoring, reasons."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchingConfig(AppConfig):
    name = "matching"
    verbose_name = _("Duplicate detection")
