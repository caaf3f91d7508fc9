"""Admin geometry editing without an outside map service: geometry as WKT/GeoJSON text."""

from django import forms
from django.contrib.gis.db import models as gis_models

GEOMETRY_AS_TEXT = {
    gis_models.PointField: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 60, "dir": "ltr"})},
    gis_models.MultiPolygonField: {"widget": forms.Textarea(attrs={"rows": 4, "cols": 80, "dir": "ltr"})},
    gis_models.MultiLineStringField: {"widget": forms.Textarea(attrs={"rows": 4, "cols": 80, "dir": "ltr"})},
}
