"""The citizens' web form and public tracking page behind their abuse limits: the one-time SMS code before a report
joins a phone's citizen record or texts it, per-address and per-phone limits, the proof-of-work past a threshold,
tracking lookups per address and per miss, and what happens while Redis is down."""

import random
import re

import pytest
from django.urls import reverse

from intake.models import Citizen, ContactVerification, RequestHistory, ServiceRequest, SmsMessage
from limits import pow as proof_of_work
from tests.intake.factories import CENTRE, categories_make, city_make

PHONE = "09121234567"
DEAD_REDIS = "redis://127.0.0.1:1/0"  # nothing listens there


@pytest.fixture
def cats(db):
    city_make()
    return categories_make()


@pytest.fixture
def texted(monkeypatch):
    """The follow-ups (with the tracking SMS) queued after a number is confirmed, in place of the worker."""
    queued = []
    monkeypatch.setattr("intake.services._after_register",
                        lambda request_id, assignee_id, actor_id, notify: queued.append((request_id, notify)))
    return queued


def report(client, cats, *, ip="198.51.100.1", text="چاله بزرگ جلوی مدرسه", **extra):
    data = {"category": cats["pothole"].pk, "text": text, "lon": CENTRE[0], "lat": CENTRE[1], **extra}
    return client.post("/report/", data, REMOTE_ADDR=ip)


def code_sent_to(phone=PHONE) -> str:
    sms = SmsMessage.objects.filter(phone=phone, purpose__startswith="contact_code").latest("pk")
    return re.search(r"\b(\d{6})\b", sms.text).group(1)


def verify_url(response) -> str:
    return re.search(r'action="(/report/verify/[^"]+/)"', response.content.decode()).group(1)


# ---------------------------------------------------------------- the one-time code


def test_it_registers_a_report_as_an_unverified_contact_until_the_code_is_entered(client, cats, texted,
                                                                                 django_capture_on_commit_callbacks):
    known = Citizen.objects.create(phone=PHONE, name="صاحب شماره")
    response = report(client, cats, phone="۰۹۱۲ ۱۲۳ ۴۵۶۷", name="کسی دیگر")
    assert response.status_code == 201 and 'data-testid="contact-verify-form"' in response.content.decode()
    request = ServiceRequest.objects.get()
    assert request.citizen is None and not known.requests.exists()  # not attached to the number's record
    assert (request.intake.contact_phone, request.intake.contact_name) == (PHONE, "کسی دیگر")
    assert request.intake.contact_verified_at is None
    assert not SmsMessage.objects.filter(purpose="tracking_code").exists()  # nothing but the code is texted
    assert SmsMessage.objects.filter(phone=PHONE).count() == 1
    url = verify_url(response)
    wrong = client.post(url, {"code": "000000" if code_sent_to() != "000000" else "111111"})
    assert wrong.status_code == 400 and ServiceRequest.objects.get().citizen is None
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(url, {"code": code_sent_to().translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))})
    assert done.status_code == 200 and 'data-testid="contact-verified"' in done.content.decode()
    request.refresh_from_db()
    assert request.citizen == known and known.name == "صاحب شماره"
    assert texted == [(request.pk, True)] and request.followups == "notify"  # in the outbox until sent
    assert RequestHistory.objects.filter(request=request, action="contact_verified").exists()
    assert client.post(url, {"code": code_sent_to()}).status_code == 400  # already confirmed


def test_it_creates_the_citizen_record_only_once_the_number_is_proven(client, cats, texted):
    response = report(client, cats, phone=PHONE, name="سارا")
    assert not Citizen.objects.exists()
    client.post(verify_url(response), {"code": code_sent_to()})
    assert Citizen.objects.get().name == "سارا" and ServiceRequest.objects.get().citizen.phone == PHONE


def test_it_keeps_a_report_from_a_landline_as_an_unverified_contact_and_texts_nothing(client, cats):
    response = report(client, cats, phone="02188776655")
    assert response.status_code == 201 and 'data-testid="contact-unverified"' in response.content.decode()
    assert ServiceRequest.objects.get().intake.contact_phone == "02188776655"
    assert not SmsMessage.objects.exists() and not ContactVerification.objects.exists()


def test_it_spends_the_code_after_five_wrong_tries_and_sends_a_new_one_on_request(client, cats, texted):
    url = verify_url(report(client, cats, phone=PHONE))
    first = code_sent_to()
    wrong = f"{(int(first) + 1) % 1_000_000:06d}"
    for _ in range(5):
        assert client.post(url, {"code": wrong}).status_code == 400
    assert "Too many wrong codes" in client.post(url, {"code": first}, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert client.post(url, {"action": "resend"}).status_code == 200
    second = code_sent_to()
    if second != first:  # one chance in a million that the new code is the old one
        assert client.post(url, {"code": first}).status_code == 400  # the old one stopped working
    assert client.post(url, {"code": second}).status_code == 200


def test_it_sends_at_most_three_codes_for_one_report(client, cats):
    url = verify_url(report(client, cats, phone=PHONE))
    assert [client.post(url, {"action": "resend"}).status_code for _ in range(3)] == [200, 200, 429]
    assert SmsMessage.objects.filter(phone=PHONE).count() == 3


def test_it_refuses_an_expired_code(client, cats):
    from datetime import timedelta

    from django.utils import timezone

    url = verify_url(report(client, cats, phone=PHONE))
    ContactVerification.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    response = client.post(url, {"code": code_sent_to()}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400 and "expired" in response.content.decode()


def test_it_answers_404_for_an_unknown_verification_link(client, cats):
    assert client.get(reverse("web-report-verify", args=["x" * 43])).status_code == 404


def test_it_links_at_once_when_the_city_turns_phone_verification_off(client, cats, settings):
    settings.REPORT_PHONE_VERIFICATION = False
    known = Citizen.objects.create(phone=PHONE)
    assert report(client, cats, phone=PHONE).status_code == 201
    assert ServiceRequest.objects.get().citizen == known and not ContactVerification.objects.exists()


# ---------------------------------------------------------------- limits on the form


def test_it_refuses_the_sixth_report_for_one_phone_within_the_hour(client, cats):
    statuses = [report(client, cats, phone=PHONE, ip=f"198.51.100.{n}").status_code for n in range(1, 8)]
    assert statuses == [201] * 5 + [429] * 2
    assert ServiceRequest.objects.count() == 5


def test_it_refuses_posts_from_one_address_beyond_its_limit_and_keeps_what_was_typed(client, cats, settings):
    settings.REPORT_RATE_PER_IP = "4/h"
    settings.REPORT_POW_AFTER = "0"
    assert [report(client, cats).status_code for _ in range(4)] == [201] * 4
    refused = report(client, cats, text="متن این پیام نباید گم شود")
    body = refused.content.decode()
    assert refused.status_code == 429 and 0 < int(refused["Retry-After"]) <= 3600
    assert "پیام‌های زیادی" in body and "Too many messages" in body
    assert "متن این پیام نباید گم شود" in body  # the form comes back filled in
    assert ServiceRequest.objects.count() == 4
    assert report(client, cats, ip="203.0.113.9").status_code == 201


def test_it_asks_for_a_proof_of_work_after_three_posts_from_one_address(client, cats, settings):
    settings.POW_DIFFICULTY = 8
    assert 'data-pow-challenge' not in client.get("/report/", REMOTE_ADDR="198.51.100.1").content.decode()
    assert [report(client, cats).status_code for _ in range(3)] == [201] * 3
    form = client.get("/report/", REMOTE_ADDR="198.51.100.1").content.decode()
    challenge = re.search(r'data-pow-challenge="([^"]+)" data-pow-difficulty="8"', form).group(1)
    assert 'src="/static/limits/pow.js"' in form
    without = report(client, cats)
    assert without.status_code == 400 and "مرورگر شما باید نخست این پیام را تأیید کند" in without.content.decode()
    assert ServiceRequest.objects.count() == 3
    solved = {"pow_challenge": challenge, "pow_counter": proof_of_work.solve(challenge, 8)}
    assert report(client, cats, **solved).status_code == 201
    assert report(client, cats, **solved).status_code == 400  # a solved challenge is spent
    next_form = client.get("/report/", REMOTE_ADDR="198.51.100.1").content.decode()
    assert 'data-pow-difficulty="9"' in next_form  # each further post asks one bit more
    easy = proof_of_work.challenge_issue(8)
    assert report(client, cats, pow_challenge=easy, pow_counter=proof_of_work.solve(easy, 8)).status_code == 400
    assert report(client, cats, ip="203.0.113.9").status_code == 201  # another address owes nothing


def test_it_refuses_a_forged_challenge(client, cats, settings):
    settings.REPORT_POW_AFTER = "1/h"
    settings.POW_DIFFICULTY = 4
    report(client, cats)
    forged = "4.abc:1sAAAA:forged"
    assert report(client, cats, pow_challenge=forged, pow_counter=proof_of_work.solve(forged, 4)).status_code == 400


def test_it_keeps_taking_reports_while_redis_is_down_and_still_limits_per_process(client, cats, settings):
    settings.RATELIMIT_REDIS_URL = DEAD_REDIS
    settings.REPORT_RATE_PER_IP = "2/h"
    assert [report(client, cats).status_code for _ in range(3)] == [201, 201, 429]
    assert ServiceRequest.objects.count() == 2


# ---------------------------------------------------------------- tracking


def test_it_allows_ten_lookups_a_minute_from_one_address(client, cats):
    code = report(client, cats).content.decode()
    code = re.search(r'data-code="(\d+)"', code).group(1)
    for _ in range(10):
        assert client.get("/track/", {"code": code}, REMOTE_ADDR="192.0.2.5").status_code == 200
    refused = client.get("/track/", {"code": code}, REMOTE_ADDR="192.0.2.5")
    assert refused.status_code == 429 and 0 < int(refused["Retry-After"]) <= 60
    body = refused.content.decode()
    assert "جست‌وجوهای زیادی" in body and "Too many lookups" in body and "tracking-result" not in body
    assert client.get("/track/", {"code": code}, REMOTE_ADDR="192.0.2.6").status_code == 200
    assert client.get("/track/", REMOTE_ADDR="192.0.2.5").status_code == 200  # the empty form is no lookup


def test_it_makes_guessing_a_thousand_codes_impractical(client, cats, settings):
    from intake.tracking import new_tracking_code

    settings.TRACK_RATE_PER_IP = "0"  # only the misses limit, to show it alone
    code = re.search(r'data-code="(\d+)"', report(client, cats).content.decode()).group(1)
    rng = random.Random(7)
    answered = 0
    for _ in range(1000):
        guess = new_tracking_code(rng) if rng.random() < 0.9 else f"{rng.randrange(10 ** 8, 10 ** 9)}"
        status = client.get("/track/", {"code": guess}, REMOTE_ADDR="192.0.2.7").status_code
        answered += status != 429
    assert answered == 30  # TRACK_MISSES_PER_IP: 30 misses an hour, then nothing more is looked up
    assert client.get("/track/", {"code": code}, REMOTE_ADDR="192.0.2.7").status_code == 429


def test_it_keeps_tracking_open_while_redis_is_down(client, cats, settings):
    code = re.search(r'data-code="(\d+)"', report(client, cats).content.decode()).group(1)
    settings.RATELIMIT_REDIS_URL = DEAD_REDIS
    assert {client.get("/track/", {"code": code}).status_code for _ in range(15)} == {200}


# ---------------------------------------------------------------- the attack the issue reproduced


@pytest.mark.celery
def test_it_texts_nothing_and_attaches_nothing_for_twenty_anonymous_posts_naming_one_number(celery_worker, settings):
    from django.test import Client

    from tests.intake.test_channels import wait_for

    settings.SMS_BACKEND = "intake.channels.sms_backends.ConsoleBackend"
    city_make()
    cats = categories_make()
    victim = Citizen.objects.create(phone=PHONE, name="قربانی")
    client = Client()
    statuses = [report(client, cats, phone=PHONE, ip=f"198.51.100.{n}").status_code for n in range(1, 21)]
    assert statuses.count(201) == 5 and statuses.count(429) == 15
    from workflow.models import RequestCase

    wait_for(lambda: SmsMessage.objects.filter(phone=PHONE, state="sent").count() == 5)
    wait_for(lambda: RequestCase.objects.count() == 5)  # the worker routed all five: nothing left running
    assert not victim.requests.exists() and not ServiceRequest.objects.filter(citizen=victim).exists()
    assert not SmsMessage.objects.filter(phone=PHONE, purpose="tracking_code").exists()
    assert SmsMessage.objects.filter(phone=PHONE, state__in=["queued", "sending", "sent"]).count() <= 5
