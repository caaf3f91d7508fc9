"""Shared spatial helpers: SRIDs, H3 cells, tile maths, geometry validation."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GisConfig(AppConfig):
    name = "gis"
    label = "spatial"  # "gis" is taken by django.contrib.gis
    verbose_name = _("Spatial helpers")
