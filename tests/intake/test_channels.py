import io
import json
import re
import smtplib
import socket
import threading
import time
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from PIL import Image

from intake.models import Attachment, Quarantine, RequestHistory, ServiceRequest, SmsMessage, Status
from intake.services import request_register
from tests.fixtures.uploads.corpus import CORPUS, jpeg_with_gps, png, sample_bytes
from tests.fixtures.uploads.expected import refusal_message, set_aside_message
from tests.intake.factories import CENTRE, categories_make, city_make
from tests.personas import PASSWORD

SECRET = "s3cret-webhook"
PNG = png()
WAV = b"RIFF\x24\x00\x00\x00WAVEfmt " + b"\x00" * 64


@pytest.fixture
def cats(db):
    city_make()
    return categories_make()


def wait_for(predicate, timeout=20.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError("timed out waiting")


# ---------------------------------------------------------------- SMS


@override_settings(SMS_INBOUND_SECRET=SECRET)
def test_it_refuses_an_sms_webhook_without_the_shared_secret(client, cats):
    response = client.post("/channels/sms/inbound/", {"from": "09121234567", "text": "سلام"})
    assert response.status_code == 403 and response.json()["detail"]["fa"]
    assert not ServiceRequest.objects.exists()


@override_settings(SMS_INBOUND_SECRET=SECRET)
def test_it_turns_an_inbound_persian_sms_into_a_draft_once_per_provider_message(client, cats):
    payload = {"from": "+989121234567", "message": "چراغ کوچه شهید احمدی خاموش است", "messageid": "kv-77"}
    for _ in range(2):
        response = client.post("/channels/sms/inbound/kavenegar/", payload, HTTP_X_WEBHOOK_SECRET=SECRET)
        assert response.status_code == 200
    request = ServiceRequest.objects.get()
    assert request.status == Status.DRAFT and request.channel == "sms"
    assert request.text == payload["message"] and request.citizen.phone == "09121234567"
    assert SmsMessage.objects.filter(direction="in").count() == 1


@override_settings(SMS_INBOUND_SECRET=SECRET)
@pytest.mark.parametrize(("body", "field"), [
    ({"from": "12", "text": "سلام"}, "phone"), ({"from": "09121234567", "text": ""}, "text"),
    ({"from": "09121234567", "text": "ب" * 2001}, "text"),
])
def test_it_answers_a_bad_sms_payload_with_a_bilingual_400(client, cats, body, field):
    response = client.post("/channels/sms/inbound/", json.dumps(body), content_type="application/json",
                           HTTP_X_WEBHOOK_SECRET=SECRET)
    assert response.status_code == 400 and field in response.json()["errors"]
    assert not ServiceRequest.objects.exists()


@pytest.mark.celery
def test_it_texts_the_tracking_code_and_attaches_the_citizens_reply_to_that_request(client, cats, celery_worker,
                                                                                     tmp_path):
    outbox = tmp_path / "outbox.jsonl"
    with override_settings(SMS_BACKEND="intake.channels.sms_backends.FileBackend", SMS_FILE_PATH=str(outbox),
                           SMS_INBOUND_SECRET=SECRET):
        registration = request_register(channel="phone", category=cats["pothole"], text="چاله", phone="09121234567",
                                        lon=CENTRE[0], lat=CENTRE[1])
        sms = wait_for(lambda: SmsMessage.objects.filter(request=registration.request, state="sent").first())
        assert registration.tracking_code in sms.text
        assert registration.tracking_code in outbox.read_text(encoding="utf-8")
        response = client.post("/channels/sms/inbound/", {"from": "09121234567", "text": "هنوز درست نشده", "id": "r1"},
                               HTTP_X_WEBHOOK_SECRET=SECRET)
    assert response.json()["reply"] is True and response.json()["tracking_code"] == registration.tracking_code
    assert ServiceRequest.objects.count() == 1
    assert RequestHistory.objects.filter(request=registration.request, action="citizen_reply",
                                         text="هنوز درست نشده").exists()


class FlakyProvider(BaseHTTPRequestHandler):
    """The SMS operator's HTTP API (outside our machine in production): fails twice, then accepts."""

    calls: list = []

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"])).decode()
        FlakyProvider.calls.append((self.path, body))
        if len(FlakyProvider.calls) <= 2:
            self.send_response(502)
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(json.dumps({"return": {"status": 200}, "entries": [{"messageid": 98765}]}).encode())

    def log_message(self, *args):
        pass


@pytest.mark.celery
def test_it_retries_a_failing_sms_provider_with_backoff_until_it_accepts(cats, celery_worker):
    from intake.services import sms_queue

    FlakyProvider.calls = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), FlakyProvider)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with override_settings(SMS_BACKEND="intake.channels.sms_backends.HttpProviderBackend",
                               SMS_HTTP_BASE_URL=f"http://127.0.0.1:{server.server_port}/v1", SMS_HTTP_API_KEY="KEY",
                               SMS_RETRY_BASE_SECONDS=0.2):
            sms = sms_queue(phone="09121234567", text="کد رهگیری: ۱۲۳")
            sent = wait_for(lambda: SmsMessage.objects.filter(pk=sms.pk, state="sent").first())
    finally:
        server.shutdown()
    assert sent.attempts == 3 and sent.provider_ref == "98765"
    assert len(FlakyProvider.calls) == 3 and FlakyProvider.calls[0][0] == "/v1/KEY/sms/send.json"
    assert "receptor=09121234567" in FlakyProvider.calls[0][1]


# ---------------------------------------------------------------- e-mail


@pytest.mark.django_db(transaction=True)
def test_it_turns_an_email_into_a_draft_keeping_its_attachments(cats):
    from aiosmtpd.controller import Controller

    from intake.channels.email import EmailIntakeHandler

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(EmailIntakeHandler(), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        mail = EmailMessage()
        mail["From"], mail["To"], mail["Subject"] = "Sara <sara@example.org>", "137@city.example", "درخت افتاده"
        mail["Message-ID"] = "<m-1@example.org>"
        mail.set_content("درخت بزرگی در خیابان ولیعصر افتاده است.")
        mail.add_attachment(PNG, maintype="image", subtype="png", filename="tree.png")
        mail.add_attachment(b"MZ\x90\x00" + b"\x00" * 100, maintype="application", subtype="octet-stream",
                            filename="virus.exe")
        with smtplib.SMTP("127.0.0.1", port) as smtp:
            smtp.send_message(mail)
            smtp.send_message(mail)  # delivered twice: kept once
    finally:
        controller.stop()
    request = ServiceRequest.objects.get()
    assert request.status == Status.DRAFT and request.channel == "email"
    assert "درخت بزرگی" in request.text and "sara@example.org" in request.text and "virus.exe" in request.text
    [attachment] = request.attachments.all()
    assert attachment.original_name == "tree.png" and attachment.content_type == "image/png"


# ---------------------------------------------------------------- IVR and screen pop


@override_settings(IVR_WEBHOOK_SECRET=SECRET)
def test_it_turns_an_ivr_call_into_a_draft_with_its_recording_and_menu_category(client, cats):
    cats["lamp"].ivr_menu = "2-3"
    cats["lamp"].save()
    data = {"caller": "09121234567", "choices": "2,3", "call_id": "call-1",
            "recording": SimpleUploadedFile("call.wav", WAV, content_type="audio/wav")}
    response = client.post("/channels/ivr/calls/", data, HTTP_X_WEBHOOK_SECRET=SECRET)
    assert response.status_code == 201, response.content
    request = ServiceRequest.objects.get(tracking_code=response.json()["tracking_code"])
    assert request.channel == "ivr" and request.status == Status.DRAFT and request.category == cats["lamp"]
    assert request.attachments.get().kind == Attachment.Kind.RECORDING
    again = client.post("/channels/ivr/calls/", {"caller": "09121234567", "choices": "2-3", "call_id": "call-1"},
                        HTTP_X_WEBHOOK_SECRET=SECRET)
    assert again.status_code == 200 and ServiceRequest.objects.count() == 1
    bad = client.post("/channels/ivr/calls/", {"caller": "abc", "call_id": "x"}, HTTP_X_WEBHOOK_SECRET=SECRET)
    assert bad.status_code == 400 and "caller" in bad.json()["errors"]


# ---------------------------------------------------------------- web form, public tracking


def test_it_registers_a_citizens_web_report_and_tracks_it_without_personal_data(client, cats):
    response = client.post("/report/", {
        "category": cats["pothole"].pk, "text": "چاله خطرناک کنار ایستگاه", "phone": "09121234567",
        "lon": CENTRE[0], "lat": CENTRE[1], "photo": SimpleUploadedFile("p.png", PNG)})
    assert response.status_code == 201
    request = ServiceRequest.objects.get()
    assert request.channel == "web" and request.attachments.get().kind == Attachment.Kind.PHOTO
    page = client.get("/track/", {"code": request.tracking_code}).content.decode()
    assert "ثبت" in page and "چاله" in page
    assert "09121234567" not in page and "۰۹۱۲۱۲۳۴۵۶۷" not in page and "خطرناک" not in page
    assert client.get("/track/", {"code": "123456782"}).status_code == 404


def test_it_shows_the_citizen_a_persian_error_for_a_bad_web_report(client, cats):
    response = client.post("/report/", {"category": cats["pothole"].pk, "text": "", "lon": "1", "lat": "1"})
    assert response.status_code == 400
    assert "مشکل را شرح دهید" in response.content.decode()
    assert not ServiceRequest.objects.exists()


# ---------------------------------------------------------------- downloads


def test_it_serves_attachments_only_to_staff_who_may_see_the_request_and_only_as_downloads(client, cats, operator,
                                                                                           outsider):
    client.post("/report/", {"category": cats["pothole"].pk, "text": "چاله", "lon": CENTRE[0], "lat": CENTRE[1],
                             "photo": SimpleUploadedFile("p.png", PNG)})
    attachment = Attachment.objects.get()
    url = reverse("attachment-download", args=[attachment.pk])
    assert client.get(url).status_code == 302  # anonymous: to the login page
    client.login(username=outsider.username, password=PASSWORD)
    assert client.get(url).status_code == 404
    client.login(username=operator.username, password=PASSWORD)
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
    served = b"".join(response.streaming_content)
    with attachment.file.open("rb") as stored:
        assert served == stored.read() and served.startswith(b"\x89PNG")  # what is served is what was stored
    assert "p.png" not in attachment.file.name  # stored under a generated name


# ---------------------------------------------------------------- drafts land in the receipt inbox


@pytest.fixture
def preset(db):
    from workflow.models import Box
    from workflow.presets import preset_apply

    if not Box.objects.filter(is_start=True, is_active=True).exists():
        preset_apply("default")  # transactional tests flush what the data migration loaded


def receipt_inbox_shows_draft(client, operator, request) -> str:
    """The operator's receipt inbox lists the draft, marked draft (not under a tracking code), and counts it."""
    client.force_login(operator)
    body = client.get(reverse("inbox-receipt")).content.decode()
    match = re.search(rf'<tr[^>]*data-href="/cases/{request.tracking_code}/".*?</tr>', body, re.S)
    assert match, "the draft is not in the receipt inbox"
    row = match.group(0)
    assert 'data-status="draft"' in row and 'data-testid="draft-badge"' in row and "پیش‌نویس" in row
    assert '<span data-testid="count-drafts">۱</span>' in body
    drafts_only = client.get(reverse("inbox-receipt"), {"draft": "1"}).content.decode()
    assert f"/cases/{request.tracking_code}/" in drafts_only
    return row


@override_settings(SMS_INBOUND_SECRET=SECRET)
def test_it_puts_an_sms_draft_in_the_operators_receipt_inbox(client, cats, preset, operator):
    response = client.post("/channels/sms/inbound/", {"from": "09121234567", "text": "آب گرفتگی در کوچه", "id": "d1"},
                           HTTP_X_WEBHOOK_SECRET=SECRET)
    request = ServiceRequest.objects.get(tracking_code=response.json()["tracking_code"])
    assert request.status == Status.DRAFT and request.workflow_case.box.code == "receipt"
    row = receipt_inbox_shows_draft(client, operator, request)
    assert "آب گرفتگی" in row


@override_settings(IVR_WEBHOOK_SECRET=SECRET)
def test_it_puts_an_ivr_draft_in_the_operators_receipt_inbox(client, cats, preset, operator):
    response = client.post("/channels/ivr/calls/", {"caller": "09121234567", "choices": "9", "call_id": "c-9"},
                           HTTP_X_WEBHOOK_SECRET=SECRET)
    request = ServiceRequest.objects.get(tracking_code=response.json()["tracking_code"])
    assert request.status == Status.DRAFT and request.workflow_case.box.code == "receipt"
    receipt_inbox_shows_draft(client, operator, request)


@override_settings(SMS_INBOUND_SECRET=SECRET)
def test_it_marks_a_draft_near_an_open_case_as_a_possible_duplicate_in_the_inbox(client, cats, preset, operator):
    from intake.services import request_draft_register
    from tests.intake.factories import request_make

    open_case = request_make(cats["lamp"], east_m=25, text="چراغ خاموش")
    draft = request_draft_register(channel="sms", text="چراغ خاموش است", phone="09121234567", category=cats["lamp"],
                                   lon=CENTRE[0], lat=CENTRE[1], notify=False).request
    row = receipt_inbox_shows_draft(client, operator, draft)
    code_fa = open_case.tracking_code.translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))
    assert 'data-testid="duplicate-badge"' in row and "احتمال تکراری" in row and code_fa in row
    body = client.get(reverse("inbox-receipt"), {"possible_duplicate": "1"}).content.decode()
    assert f"/cases/{draft.tracking_code}/" in body and '<span data-testid="count-duplicates">۱</span>' in body


@pytest.mark.django_db(transaction=True)
def test_it_puts_an_email_draft_in_the_operators_receipt_inbox(client, cats, preset, operator):
    from aiosmtpd.controller import Controller

    from intake.channels.email import EmailIntakeHandler

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(EmailIntakeHandler(), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        mail = EmailMessage()
        mail["From"], mail["To"], mail["Subject"] = "Reza <reza@example.org>", "137@city.example", "پیاده‌رو"
        mail["Message-ID"] = "<m-draft@example.org>"
        mail.set_content("پیاده‌روی خیابان ما شکسته است.")
        with smtplib.SMTP("127.0.0.1", port) as smtp:
            smtp.send_message(mail)
    finally:
        controller.stop()
    request = ServiceRequest.objects.get(channel="email")
    assert request.status == Status.DRAFT and request.workflow_case.box.code == "receipt"
    receipt_inbox_shows_draft(client, operator, request)


# ---------------------------------------------------------------- bidirectional control characters

RLO, PDF, LRI, PDI = "\u202e", "\u202c", "\u2066", "\u2069"


@override_settings(SMS_INBOUND_SECRET=SECRET)
def test_it_strips_bidi_overrides_from_an_inbound_sms(client, cats):
    response = client.post("/channels/sms/inbound/", {"from": f"{LRI}09121234567{PDI}",
                                                      "text": f"چراغ {RLO}شماره 12{PDF} خاموش است"},
                           HTTP_X_WEBHOOK_SECRET=SECRET)
    assert response.status_code == 200, response.content
    request = ServiceRequest.objects.get()
    assert request.text == "چراغ شماره 12 خاموش است" and request.citizen.phone == "09121234567"
    assert SmsMessage.objects.get(direction="in").text == request.text


def test_it_strips_bidi_overrides_from_a_citizens_web_report(client, cats):
    response = client.post("/report/", {
        "category": cats["pothole"].pk, "text": f"چاله {RLO}gpj.exe{PDF}", "name": f"{RLO}سارا",
        "phone": "09121234567", "lon": CENTRE[0], "lat": CENTRE[1], "address_text": f"کوچه {LRI}۱۲{PDI}"})
    assert response.status_code == 201, response.content
    request = ServiceRequest.objects.get()
    # a web report's phone is an unverified contact until its SMS code is entered: the name waits with it
    assert (request.text, request.address_text) == ("چاله gpj.exe", "کوچه ۱۲")
    assert (request.intake.contact_name, request.intake.contact_phone) == ("سارا", "09121234567")


def test_it_strips_bidi_overrides_from_an_email(cats):
    from intake.channels.email import email_message_receive

    mail = EmailMessage()
    mail["From"], mail["To"], mail["Subject"] = f"{RLO}Sara <sara@example.org>", "137@city.example", f"درخت{PDF}"
    mail.set_content(f"درخت {RLO}بزرگی{PDF} افتاده است.")
    request = email_message_receive(raw=mail.as_bytes()).request
    assert RLO not in request.text and PDF not in request.text
    assert "درخت بزرگی افتاده است." in request.text


# ---------------------------------------------------------------- the upload corpus through the public form

@pytest.mark.parametrize("language", ["fa", "en"])
@pytest.mark.parametrize("key", list(CORPUS))
def test_it_applies_the_upload_policy_to_the_whole_corpus_on_the_anonymous_public_form(client, cats, clamd, settings,
                                                                                       tmp_path, key, language):
    settings.MEDIA_ROOT = tmp_path
    sample = CORPUS[key]
    text = "چاله خطرناک کنار ایستگاه"
    response = client.post("/report/", {
        "category": cats["pothole"].pk, "text": text, "lon": CENTRE[0], "lat": CENTRE[1],
        "photo": SimpleUploadedFile(sample.name, sample_bytes(key))}, HTTP_ACCEPT_LANGUAGE=language)
    page = response.content.decode()
    if sample.outcome == "refused" or sample.outcome == "accepted":  # a document sent as the photo: not an image
        assert response.status_code in (413, 415)
        assert refusal_message(key, language, kind="photo") in page
        assert f">{text}</textarea>" in page  # the citizen's message is still in the form, to send again
        assert not ServiceRequest.objects.exists() and not Attachment.objects.exists()
        return
    assert response.status_code == 201, page
    request = ServiceRequest.objects.get()
    assert request.text == text
    if sample.outcome == "quarantined":
        assert set_aside_message(sample.name, language) in page
        assert not request.attachments.exists()
        assert Quarantine.objects.get().request == request
        return
    attachment = request.attachments.get()
    assert attachment.kind == Attachment.Kind.PHOTO and attachment.scan_status == Attachment.ScanStatus.CLEAN
    with attachment.file.open("rb") as stored:
        kept = stored.read()
    image = Image.open(io.BytesIO(kept))  # re-encoded: no EXIF (GPS), no XMP, no ICC, nothing after the pixels
    assert not image.getexif() and not {"exif", "xmp", "icc_profile", "comment"} & set(image.info)
    assert b"GPS" not in kept and b"<script" not in kept and kept != sample_bytes(key)


def test_it_registers_a_public_report_whose_photo_waits_for_a_scan_while_clamd_is_down(client, cats, settings,
                                                                                       tmp_path):
    settings.MEDIA_ROOT, settings.CLAMD_SOCKET = tmp_path, "/nonexistent/clamd.sock"
    response = client.post("/report/", {"category": cats["pothole"].pk, "text": "چاله", "lon": CENTRE[0],
                                        "lat": CENTRE[1], "photo": SimpleUploadedFile("p.jpg", jpeg_with_gps())})
    assert response.status_code == 201
    attachment = Attachment.objects.get()
    assert attachment.scan_status == Attachment.ScanStatus.PENDING and not attachment.servable
    with attachment.file.open("rb") as stored:
        assert b"GPS" not in stored.read()  # re-encoded all the same


# ---------------------------------------------------------------- the corpus through e-mail and IVR

@pytest.mark.django_db(transaction=True)
def test_it_keeps_an_emails_message_and_its_acceptable_files_whatever_else_it_carries(cats, clamd, settings,
                                                                                       tmp_path):
    from intake.channels.email import email_message_receive

    settings.MEDIA_ROOT = tmp_path
    mail = EmailMessage()
    mail["From"], mail["Subject"], mail["Message-ID"] = "Sara <sara@example.org>", "چاله", "<m-corpus@example.org>"
    mail.set_content("چاله‌ای بزرگ در خیابان آزادی")
    for key in ("jpeg_with_gps", "eicar", "zip_bomb", "svg_named_png", "pdf_plain"):
        mail.add_attachment(sample_bytes(key), maintype="application", subtype="octet-stream",
                            filename=CORPUS[key].name)
    request = email_message_receive(raw=mail.as_bytes()).request
    assert "چاله‌ای بزرگ" in request.text
    assert sorted(a.original_name for a in request.attachments.all()) == ["IMG_0001.JPG", "letter.pdf"]
    assert Quarantine.objects.get(request=request).channel == "email"
    for key in ("eicar", "zip_bomb", "svg_named_png"):
        assert CORPUS[key].name in request.text  # said so in the draft


@override_settings(IVR_WEBHOOK_SECRET=SECRET)
@pytest.mark.parametrize(("key", "attached"), [("wav_recording", True), ("eicar", False), ("zip_bomb", False),
                                                ("html_in_txt", False)])
def test_it_keeps_an_ivr_call_whatever_its_recording_turns_out_to_be(client, cats, clamd, settings, tmp_path, key,
                                                                     attached):
    settings.MEDIA_ROOT = tmp_path
    response = client.post("/channels/ivr/calls/", {
        "caller": "09121234567", "choices": "2-3", "call_id": f"call-{key}",
        "recording": SimpleUploadedFile("call.wav", sample_bytes(key))}, HTTP_X_WEBHOOK_SECRET=SECRET)
    assert response.status_code == 201, response.content
    request = ServiceRequest.objects.get(tracking_code=response.json()["tracking_code"])
    assert request.attachments.exists() is attached
    assert ("call.wav" in request.text) is not attached  # a recording left out is said so in the draft
    assert Quarantine.objects.filter(request=request).exists() is (key == "eicar")
