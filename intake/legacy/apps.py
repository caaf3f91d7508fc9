from django.apps import AppConfig


class LegacyRequestsAppConfig(AppConfig):
    """Holds the historical migrations of the ``requests_app`` label (see the package docstring)."""

    name = "intake.legacy"
    label = "requests_app"
    verbose_name = "requests_app (schema history)"
