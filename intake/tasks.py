"""Celery tasks of intake: each only calls a service."""

from celery import shared_task
from django.conf import settings

from intake import attachments, services
from intake.channels.sms_backends import SmsSendError

SMS_MAX_RETRIES = 6


@shared_task(name="intake.request_registered", ignore_result=True, acks_late=True)
def request_registered(request_id: int, assignee_id: int | None, actor_id: int | None, notify: bool) -> None:
    services.request_registered_followups(request_id=request_id, assignee_id=assignee_id, actor_id=actor_id,
                                          notify=notify)


@shared_task(name="intake.request_tracking_sms", ignore_result=True)
def request_tracking_sms(request_id: int, phone: str) -> None:
    from intake.models import ServiceRequest

    request = ServiceRequest.objects.filter(pk=request_id).first()
    if request is not None:
        services.request_tracking_sms_send(request=request, phone=phone)


@shared_task(name="intake.sms_send", bind=True, ignore_result=True, max_retries=SMS_MAX_RETRIES)
def sms_send(self, sms_id: int) -> None:
    """Deliver one SMS; on a provider failure retry with exponential backoff, then mark it failed."""
    final = self.request.retries >= self.max_retries
    try:
        services.sms_deliver(sms_id=sms_id, final_attempt=final)
    except SmsSendError as error:
        if final:
            return
        base = getattr(settings, "SMS_RETRY_BASE_SECONDS", 30)
        raise self.retry(exc=error, countdown=base * (2 ** self.request.retries))


@shared_task(name="intake.followups_sweep", ignore_result=True)
def followups_sweep() -> int:
    """Beat, every minute: registrations whose follow-ups never ran (broker down, worker killed) are queued again."""
    return services.followups_sweep()


@shared_task(name="intake.sms_requeue_stale", ignore_result=True)
def sms_requeue_stale() -> int:
    """Beat, every 5 minutes: outbound SMS a dead worker left behind are queued again."""
    return services.sms_stale_requeue()


@shared_task(name="intake.attachments_rescan", ignore_result=True, acks_late=True)
def attachments_rescan() -> dict:
    """Beat, every 2 minutes: files that wait for their virus scan (clamd was down) or were never scanned."""
    return attachments.attachments_rescan()


# The names these tasks had before intake moved out of `requests_app`: a message queued by the previous release
# and delivered to this one is handed on, not refused as an unknown task.
@shared_task(name="requests_app.request_registered", ignore_result=True, acks_late=True)
def legacy_request_registered(request_id: int, assignee_id: int | None, actor_id: int | None, notify: bool) -> None:
    request_registered.delay(request_id, assignee_id, actor_id, notify)


@shared_task(name="requests_app.request_tracking_sms", ignore_result=True)
def legacy_request_tracking_sms(request_id: int, phone: str) -> None:
    request_tracking_sms.delay(request_id, phone)


@shared_task(name="requests_app.sms_send", ignore_result=True)
def legacy_sms_send(sms_id: int) -> None:
    sms_send.delay(sms_id)
