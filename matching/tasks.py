"""Celery tasks of duplicate detection: each only calls a service."""

from celery import shared_task

from matching import services


@shared_task(name="matching.duplicate_model_fit", ignore_result=True)
def duplicate_model_fit() -> int | None:
    """Beat, nightly: learn from the day's decisions; the new model is used only if better on recent ones."""
    model = services.duplicate_model_fit()
    return model.pk if model is not None else None
