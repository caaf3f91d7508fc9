"""Templates and static assets: shell, operator console, inboxes, map, dashboard."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FrontendMapConfig(AppConfig):
    name = "frontend_map"
    verbose_name = _("User interface")
