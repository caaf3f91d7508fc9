"""Platform-level periodic tasks."""

from celery import shared_task

from config import health


@shared_task(name="config.tasks.beat_heartbeat", ignore_result=True)
def beat_heartbeat() -> None:
    """Record that Celery beat is alive (shown by /healthz)."""
    health.beat_heartbeat_record()


@shared_task(name="config.tasks.ping")
def ping() -> str:
    """Round trip through the broker and a worker; used by health checks and tests."""
    return "pong"
