"""Celery jobs for hotspots: they only call services."""

from celery import shared_task

from clustering import services


@shared_task(name="clustering.hotspot_run_execute", acks_late=True)
def hotspot_run_execute(run_id: int) -> str:
    """Compute a hotspot run; progress is written to the run row as it goes."""
    return services.run_execute(run_id=run_id).status
