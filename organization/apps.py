"""Deputies, references (مراجع), units, officials, positions and user scopes."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganizationConfig(AppConfig):
    name = "organization"
    verbose_name = _("Organization")

    def ready(self) -> None:
        from organization import signals  # noqa: F401  (login audit)
