"""Vector tile layers built in PostGIS."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TilesConfig(AppConfig):
    name = "tiles"
    verbose_name = _("Map tiles")

    def ready(self) -> None:
        from tiles.builtin import register_builtin_layers

        register_builtin_layers()

        from tiles import receivers

        receivers.connect()
