"""Vector tile layers built in PostGIS."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TilesConfig(AppConfig):
    name = "tiles"
    verbose_name = _("Map tiles")

    def ready(self) -> None:
        from tiles.builtin import register_builtin_layers

        register_builtin_layers()

        from addresses.signals import address_data_changed

        address_data_changed.connect(_basemap_changed, dispatch_uid="tiles-basemap-version")


def _basemap_changed(sender, **kwargs) -> None:
    """Address data changed (an import, the demo load, an admin edit through the services): rebuild basemap tiles."""
    from tiles.services import tiles_data_version_bump

    tiles_data_version_bump(layer="addresses")
