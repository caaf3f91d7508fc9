"""Outbound SMS: the provider's HTTP call never runs under a row lock, and a redelivered task never texts the
citizen twice."""

import threading

import pytest
from django.db import DatabaseError, connections, transaction
from django.test import override_settings

from intake import tasks
from intake.models import SmsMessage
from intake.services import request_registered_followups, sms_deliver, sms_queue
from tests.workflow.factories import request_make


class LockProbeBackend:
    """A provider that, while "sending", checks from another connection whether the SMS row is locked."""

    seen: list = []

    def send(self, *, phone: str, text: str) -> str:
        sms_id = SmsMessage.objects.filter(phone=phone).order_by("-pk").values_list("pk", flat=True).first()

        def probe():
            try:
                with transaction.atomic():
                    SmsMessage.objects.select_for_update(nowait=True).filter(pk=sms_id).first()
                LockProbeBackend.seen.append("free")
            except DatabaseError:
                LockProbeBackend.seen.append("locked")
            finally:
                connections.close_all()

        thread = threading.Thread(target=probe)
        thread.start()
        thread.join()
        return "probe-1"


@pytest.mark.django_db(transaction=True)
def test_it_calls_the_sms_provider_without_holding_the_row_lock():
    LockProbeBackend.seen = []
    with override_settings(SMS_BACKEND="tests.intake.test_sms_delivery.LockProbeBackend"):
        with transaction.atomic():
            sms = SmsMessage.objects.create(direction="out", phone="09121234567", text="کد", state="queued")
        delivered = sms_deliver(sms_id=sms.pk)
    assert LockProbeBackend.seen == ["free"]
    assert (delivered.state, delivered.provider_ref, delivered.attempts) == ("sent", "probe-1", 1)


def test_it_does_not_deliver_an_sms_twice_when_the_task_runs_again(db):
    sms = sms_queue(phone="09121234567", text="کد رهگیری")
    with override_settings(SMS_BACKEND="intake.channels.sms_backends.ConsoleBackend"):
        assert sms_deliver(sms_id=sms.pk).state == "sent"
        assert sms_deliver(sms_id=sms.pk) is None
    assert SmsMessage.objects.get(pk=sms.pk).attempts == 1


def test_it_texts_the_tracking_code_once_when_the_registered_task_is_redelivered(db, operator):
    from intake.services import citizen_get_or_create

    citizen = citizen_get_or_create(phone="09121234567")
    request = request_make(citizen=citizen)
    for _delivery in range(2):
        request_registered_followups(request_id=request.pk)
    assert SmsMessage.objects.filter(request=request, direction="out").count() == 1


def test_it_texts_the_tracking_code_once_when_the_sms_task_is_redelivered(db):
    request = request_make()
    for _delivery in range(2):
        tasks.request_tracking_sms.apply(args=(request.pk, "09121234567"))
    assert SmsMessage.objects.filter(request=request, direction="out", phone="09121234567").count() == 1


@pytest.mark.celery
def test_it_still_texts_the_tracking_code_for_a_task_queued_under_the_old_requests_app_name(celery_worker):
    from config.celery import app
    from tests.intake.test_channels import wait_for

    request = request_make()
    with override_settings(SMS_BACKEND="intake.channels.sms_backends.ConsoleBackend"):
        app.send_task("requests_app.request_tracking_sms", args=(request.pk, "09121234567"))
        sms = wait_for(lambda: SmsMessage.objects.filter(request=request, state="sent").first())
    assert request.tracking_code in sms.text


def test_it_still_delivers_with_an_sms_backend_named_by_its_old_requests_app_path(db, tmp_path):
    outbox = tmp_path / "outbox.jsonl"
    sms = sms_queue(phone="09121234567", text="کد رهگیری ۱۲۳")
    with override_settings(SMS_BACKEND="requests_app.channels.sms_backends.FileBackend", SMS_FILE_PATH=str(outbox)):
        assert sms_deliver(sms_id=sms.pk).state == "sent"
    assert "کد رهگیری ۱۲۳" in outbox.read_text(encoding="utf-8")


@pytest.mark.celery
@pytest.mark.django_db(transaction=True)
def test_it_sends_an_sms_a_dead_worker_left_sending_once_the_sweeper_runs(tmp_path, celery_worker):
    import time
    from datetime import timedelta

    from django.utils import timezone

    outbox = tmp_path / "outbox.jsonl"
    an_hour_ago = timezone.now() - timedelta(hours=1)
    # One message its worker died sending, one whose task was lost before any try, one being sent right now.
    stuck = SmsMessage.objects.create(direction="out", phone="09121234567", text="کد رهگیری ۴۵۶", state="sending",
                                      attempts=1, claimed_at=an_hour_ago)
    lost = SmsMessage.objects.create(direction="out", phone="09127654321", text="کد رهگیری ۷۸۹", state="queued")
    SmsMessage.objects.filter(pk=lost.pk).update(created_at=an_hour_ago)
    fresh = SmsMessage.objects.create(direction="out", phone="09350000000", text="تازه", state="sending",
                                      attempts=1, claimed_at=timezone.now())
    with override_settings(SMS_BACKEND="intake.channels.sms_backends.FileBackend", SMS_FILE_PATH=str(outbox)):
        assert tasks.sms_requeue_stale.apply().get() == 2  # the beat task, run here; delivery by the real worker
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and SmsMessage.objects.filter(pk__in=[stuck.pk, lost.pk],
                                                                        state="sent").count() < 2:
            time.sleep(0.1)
    assert SmsMessage.objects.filter(pk__in=[stuck.pk, lost.pk], state="sent").count() == 2
    assert SmsMessage.objects.get(pk=fresh.pk).state == "sending"  # a call in progress is not sent twice
    sent = outbox.read_text(encoding="utf-8")
    assert "۴۵۶" in sent and "۷۸۹" in sent and "تازه" not in sent
