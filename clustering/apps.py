"""H3 aggregation, Getis-Ord Gi*, emerging hotspots, clusters and layer exports."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClusteringConfig(AppConfig):
    name = "clustering"
    verbose_name = _("Hotspots")
