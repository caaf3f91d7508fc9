"""Cached hexagon outlines of H3 cells (there is no h3 extension in PostgreSQL here)."""

from django.contrib.gis.db import models
from django.utils.translation import gettext_lazy as _


class H3Cell(models.Model):
    """One H3 cell's hexagon, computed once in Python with `h3` and kept for tile queries (EPSG:3857)."""

    cell = models.BigIntegerField(_("H3 cell"), primary_key=True)
    resolution = models.PositiveSmallIntegerField(_("resolution"))
    geom = models.PolygonField(_("hexagon"), srid=3857, spatial_index=False)
    center = models.PointField(_("centre"), srid=3857, spatial_index=False)

    class Meta:
        verbose_name = _("H3 cell outline")
        verbose_name_plural = _("H3 cell outlines")

    def __str__(self) -> str:
        return f"{self.cell:x} (r{self.resolution})"
