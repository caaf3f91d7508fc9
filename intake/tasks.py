"""Celery tasks of intake: each only calls a service."""

from celery import shared_task
from django.conf import settings

from intake import services
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
