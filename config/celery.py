"""The Celery application: tasks only call services."""

import os

from celery import Celery
from celery.signals import beat_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("civic137")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
app.autodiscover_tasks(["config"])


@beat_init.connect
def beat_announce(sender, **kwargs) -> None:
    """Send the first heartbeat as soon as beat starts, so /healthz turns green without waiting a period."""
    sender.app.send_task("config.tasks.beat_heartbeat")
