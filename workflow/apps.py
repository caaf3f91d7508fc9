"""Data-defined operations and relations, inboxes, referrals, responses and SLA calendar."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkflowConfig(AppConfig):
    name = "workflow"
    verbose_name = _("Workflow")

    def ready(self) -> None:
        from workflow import receivers

        receivers.connect()
