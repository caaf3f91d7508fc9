"""H3 aggregation, Getis-Ord Gi*, emerging hotspots, clusters and layer exports."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClusteringConfig(AppConfig):
    name = "clustering"
    verbose_name = _("Hotspots")

    def ready(self) -> None:
        from clustering.tile_layer import register_hotspot_layer

        register_hotspot_layer()
