"""The internal REST API, Open311 GeoReport v2 and the OpenAPI schema."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = _("API")

    def ready(self):
        from api import schema  # noqa: F401  (registers the OpenAPI authentication extensions)
