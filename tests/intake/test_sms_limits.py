"""Outbound SMS per destination number: at most SMS_PER_NUMBER_PER_HOUR (5) an hour and SMS_PER_NUMBER_PER_DAY
(20) a day, across all requests and purposes; the rest are kept as suppressed, logged, never sent, and never make
a registration fail."""

import logging
import threading
from datetime import timedelta

import pytest
from django.db import connections
from django.utils import timezone

from intake.models import SmsMessage
from intake.services import citizen_get_or_create, request_tracking_sms_send, sms_deliver, sms_queue
from tests.workflow.factories import request_make

PHONE = "09121234567"


def states(phone=PHONE) -> list[str]:
    return list(SmsMessage.objects.filter(phone=phone, direction="out").order_by("pk").values_list("state", flat=True))


def test_it_suppresses_the_sixth_sms_to_one_number_within_an_hour_and_logs_it(db, caplog):
    with caplog.at_level(logging.WARNING, logger="intake.services"):
        sent = [sms_queue(phone=PHONE, text=f"پیام {n}") for n in range(7)]
    assert states() == ["queued"] * 5 + ["suppressed"] * 2
    assert "suppressed" in caplog.text and PHONE not in caplog.text  # the number is not written out in full
    assert sms_deliver(sms_id=sent[6].pk) is None  # a suppressed message is never handed to the provider
    assert sms_queue(phone="09351112233", text="x").state == "queued"  # another number is not affected


def test_it_counts_every_request_and_purpose_to_the_number_together(db):
    citizen = citizen_get_or_create(phone=PHONE)
    requests = [request_make(citizen=citizen) for _ in range(7)]
    results = [request_tracking_sms_send(request=request, phone=PHONE) for request in requests]
    assert [sms.state for sms in results] == ["queued"] * 5 + ["suppressed"] * 2
    again = request_tracking_sms_send(request=requests[6], phone=PHONE)  # a redelivered task
    assert again.pk == results[6].pk and SmsMessage.objects.filter(phone=PHONE).count() == 7


def test_it_texts_the_number_again_after_an_hour_within_the_daily_limit(db, settings):
    settings.SMS_PER_NUMBER_PER_DAY = 7
    for n in range(5):
        sms_queue(phone=PHONE, text=f"{n}")
    SmsMessage.objects.update(created_at=timezone.now() - timedelta(minutes=61))
    assert [sms_queue(phone=PHONE, text="x").state for _ in range(3)] == ["queued", "queued", "suppressed"]


def test_it_turns_a_limit_off_with_zero(db, settings):
    settings.SMS_PER_NUMBER_PER_HOUR = 0
    settings.SMS_PER_NUMBER_PER_DAY = 0
    assert {sms_queue(phone=PHONE, text="x").state for _ in range(12)} == {"queued"}


@pytest.mark.django_db(transaction=True)
def test_it_holds_the_limit_exactly_under_concurrent_requests():
    barrier = threading.Barrier(10)

    def queue():
        try:
            barrier.wait()
            sms_queue(phone=PHONE, text="هم‌زمان")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=queue) for _ in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    held = states()  # a worker of an earlier test may already be sending the queued ones
    assert held.count("suppressed") == 5 and len(held) == 10
