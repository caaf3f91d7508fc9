"""The SMS and IVR webhooks take their secret in a header or as an HMAC signature of the body, never in the URL."""

import json
import logging
import time

import pytest
from django.test import override_settings

from intake.channels.webhooks import body_signature
from intake.models import ServiceRequest
from tests.intake.factories import categories_make, city_make

SECRET = "s3cret-webhook"
SMS = {"from": "09121234567", "text": "چراغ کوچه خاموش است", "id": "gen-1"}
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("cats")]


@pytest.fixture
def cats(db):
    city_make()
    return categories_make()


@override_settings(SMS_INBOUND_SECRET=SECRET)
@pytest.mark.parametrize("query", ["secret", "token", "Secret", "api_key"])
def test_it_refuses_a_secret_in_the_url_with_a_bilingual_400_even_when_the_header_is_right(client, query, caplog):
    with caplog.at_level(logging.DEBUG):
        response = client.post(f"/channels/sms/inbound/?{query}={SECRET}", SMS, HTTP_X_WEBHOOK_SECRET=SECRET)
    assert response.status_code == 400
    detail = response.json()["detail"]
    assert "X-Webhook-Secret" in detail["en"] and "never in the URL" in detail["en"]
    assert "X-Webhook-Secret" in detail["fa"] and "هرگز در نشانی" in detail["fa"]
    assert not ServiceRequest.objects.exists()
    assert SECRET not in caplog.text and "credential in the query string" in caplog.text


@override_settings(IVR_WEBHOOK_SECRET=SECRET)
def test_it_refuses_a_secret_in_the_ivr_url_too(client):
    response = client.post(f"/channels/ivr/calls/?secret={SECRET}", {"caller": "09121234567", "call_id": "c-1"})
    assert response.status_code == 400 and not ServiceRequest.objects.exists()


@override_settings(SMS_INBOUND_SECRET=SECRET)
def test_it_still_accepts_the_secret_in_its_header(client):
    response = client.post("/channels/sms/inbound/", SMS, HTTP_X_WEBHOOK_SECRET=SECRET)
    assert response.status_code == 200 and ServiceRequest.objects.count() == 1
    assert client.post("/channels/sms/inbound/", SMS, HTTP_X_WEBHOOK_SECRET="wrong").status_code == 403


@override_settings(SMS_INBOUND_SECRET=SECRET)
def test_it_accepts_an_hmac_signature_of_the_body_instead_of_the_secret(client):
    body = json.dumps(SMS, ensure_ascii=False).encode()
    response = client.post("/channels/sms/inbound/", body, content_type="application/json",
                           HTTP_X_WEBHOOK_SIGNATURE=body_signature(SECRET, body))
    assert response.status_code == 200, response.content
    assert ServiceRequest.objects.get().text == SMS["text"]


@override_settings(SMS_INBOUND_SECRET=SECRET)
def test_it_refuses_a_signature_of_another_body_or_by_another_key(client):
    body = json.dumps(SMS).encode()
    tampered = json.dumps(dict(SMS, text="متن دیگر")).encode()
    for signature in (body_signature(SECRET, body), body_signature("other-key", tampered)):
        response = client.post("/channels/sms/inbound/", tampered, content_type="application/json",
                               HTTP_X_WEBHOOK_SIGNATURE=signature)
        assert response.status_code == 403
    assert not ServiceRequest.objects.exists()


@override_settings(SMS_INBOUND_SECRET=SECRET)
def test_it_refuses_a_replayed_timestamped_signature(client):
    body = json.dumps(SMS).encode()
    fresh = str(int(time.time()))
    ok = client.post("/channels/sms/inbound/", body, content_type="application/json",
                     HTTP_X_WEBHOOK_TIMESTAMP=fresh, HTTP_X_WEBHOOK_SIGNATURE=body_signature(SECRET, body, fresh))
    assert ok.status_code == 200
    old = str(int(time.time()) - 3600)
    stale = client.post("/channels/sms/inbound/", body, content_type="application/json",
                        HTTP_X_WEBHOOK_TIMESTAMP=old, HTTP_X_WEBHOOK_SIGNATURE=body_signature(SECRET, body, old))
    assert stale.status_code == 403 and "timestamp" in stale.json()["detail"]["en"]
    unsigned_ts = client.post("/channels/sms/inbound/", body, content_type="application/json",
                              HTTP_X_WEBHOOK_TIMESTAMP=fresh, HTTP_X_WEBHOOK_SIGNATURE=body_signature(SECRET, body))
    assert unsigned_ts.status_code == 403  # the MAC must cover the timestamp it comes with


@override_settings(IVR_WEBHOOK_SECRET=SECRET)
def test_it_takes_no_signature_on_the_ivr_webhook_whose_body_is_a_recording(client):
    data = {"caller": "09121234567", "call_id": "c-1"}
    response = client.post("/channels/ivr/calls/", data, HTTP_X_WEBHOOK_SIGNATURE="sha256=00")
    assert response.status_code == 403


@override_settings(SMS_INBOUND_SECRET="")
def test_it_refuses_everything_while_the_secret_is_not_set(client):
    assert client.post("/channels/sms/inbound/", SMS, HTTP_X_WEBHOOK_SECRET="").status_code == 403
    body = json.dumps(SMS).encode()
    response = client.post("/channels/sms/inbound/", body, content_type="application/json",
                           HTTP_X_WEBHOOK_SIGNATURE=body_signature("", body))
    assert response.status_code == 403
