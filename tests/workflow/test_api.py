"""API v1 workflow: transitions with clear 4xx, resumable uploads, the office-automation letter push."""


import pytest
from django.urls import reverse

from intake.attachments import IncomingFile, attachment_check
from tests.fixtures.uploads.corpus import camera_jpeg
from tests.personas import PASSWORD
from tests.workflow.factories import request_make
from workflow.followup import integration_token_create
from workflow.models import Correspondence, RequestCase, SiteVisit
from workflow.services import workflow_start

pytestmark = pytest.mark.django_db


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


def test_it_moves_a_case_through_the_api(client, operator, followup_expert):
    request = request_make()
    workflow_start(request=request, actor=operator)
    response = login(client, operator).post(
        reverse("api-workflow-transition", args=[request.tracking_code]),
        {"operation": "refer", "assignee": followup_expert.pk}, content_type="application/json")
    assert response.status_code == 200, response.content
    assert response.json()["box"] == "followup"


def test_it_answers_a_forbidden_operation_with_a_bilingual_403(client, operator, planner):
    request = request_make()
    workflow_start(request=request, actor=operator)
    response = login(client, planner).post(
        reverse("api-workflow-transition", args=[request.tracking_code]), {"operation": "refer"},
        content_type="application/json")
    assert response.status_code == 403
    assert response.json()["error"] and response.json()["error_fa"]


def test_it_answers_an_unknown_operation_with_409(client, operator):
    request = request_make()
    workflow_start(request=request, actor=operator)
    response = login(client, operator).post(
        reverse("api-workflow-transition", args=[request.tracking_code]), {"operation": "teleport"},
        content_type="application/json")
    assert response.status_code == 409


def _jpeg() -> bytes:
    """A real photo of about 420 KB, as a phone camera sends."""
    return camera_jpeg(600)


def test_it_resumes_an_interrupted_photo_upload_without_losing_bytes(client, operator, followup_expert, settings,
                                                                      tmp_path):
    settings.MEDIA_ROOT = tmp_path
    request = request_make()
    workflow_start(request=request, actor=operator, assignee=followup_expert)
    photo = _jpeg()
    login(client, followup_expert)
    begin = client.post(reverse("api-workflow-upload-begin", args=[request.tracking_code]),
                        {"filename": "pothole.jpg", "size": len(photo)}, content_type="application/json")
    assert begin.status_code == 201
    url = begin.json()["chunk_url"]
    half = len(photo) // 2
    assert client.put(f"{url}?offset=0", photo[:half], content_type="application/octet-stream").status_code == 200
    # the phone lost its connection, then retried a later chunk first: the server says where to resume
    gap = client.put(f"{url}?offset={half + 100}", photo[half + 100:], content_type="application/octet-stream")
    assert gap.status_code == 409 and gap.json()["received"] == half
    # the first chunk is sent again (a retry): harmless
    assert client.put(f"{url}?offset=0", photo[:half], content_type="application/octet-stream").status_code == 200
    done = client.put(f"{url}?offset={half}", photo[half:], content_type="application/octet-stream")
    attachment_id = done.json()["attachment_id"]
    assert attachment_id
    from intake.models import Attachment

    stored = Attachment.objects.get(pk=attachment_id)
    # every byte arrived: what is stored is exactly the policy's re-encoding of the whole photo
    assert stored.file.read() == attachment_check(IncomingFile(name="p.jpg", content=photo)).content
    assert stored.kind == "photo" and stored.scan_status == "clean"
    client.post(reverse("workflow-visit", args=[request.tracking_code]), {"note": "بازدید شد", "photo": attachment_id})
    assert SiteVisit.objects.get(request=request).photos.count() == 1


@pytest.mark.parametrize(("key", "status", "code"), [
    ("jpeg_html_polyglot", 200, ""), ("svg_named_png", 415, "active_content"), ("zip_bomb", 415, "archive"),
    ("png_pixel_bomb", 413, "too_many_pixels"), ("eicar", 422, "infected"), ("pdf_plain", 415, "not_image"),
])
def test_it_puts_a_photo_uploaded_through_the_api_through_the_upload_policy(client, operator, followup_expert,
                                                                           clamd, settings, tmp_path, key, status,
                                                                           code):
    from intake.models import Attachment, Quarantine
    from tests.fixtures.uploads.corpus import sample_bytes

    settings.MEDIA_ROOT = tmp_path
    request = request_make()
    workflow_start(request=request, actor=operator, assignee=followup_expert)
    data = sample_bytes(key)
    login(client, followup_expert)
    begin = client.post(reverse("api-workflow-upload-begin", args=[request.tracking_code]),
                        {"filename": "photo.jpg", "size": len(data)}, content_type="application/json",
                        HTTP_ACCEPT_LANGUAGE="en")
    done = client.put(f"{begin.json()['chunk_url']}?offset=0", data, content_type="application/octet-stream",
                      HTTP_ACCEPT_LANGUAGE="en")
    assert done.status_code == status, done.content
    if status == 200:
        stored = Attachment.objects.get(pk=done.json()["attachment_id"])
        assert b"<script" not in stored.file.read()
        return
    body = done.json()
    assert body["code"] == code and "photo.jpg" in body["message"]  # one error shape, in the request's language
    assert not Attachment.objects.filter(request=request).exists()
    assert Quarantine.objects.filter(request=request).exists() is (code == "infected")


def test_it_accepts_a_letter_pushed_by_office_automation_once(client):
    token = integration_token_create(name="automation")
    request = request_make()
    payload = {"tracking_code": request.tracking_code, "letter_number": "۱۲۳/ص", "letter_date": "2024-05-01",
               "subject": "پاسخ منطقه", "direction": "in"}
    url = reverse("api-workflow-letters")
    first = client.post(url, payload, content_type="application/json", HTTP_AUTHORIZATION=f"Token {token}")
    again = client.post(url, payload, content_type="application/json", HTTP_AUTHORIZATION=f"Token {token}")
    assert (first.status_code, again.status_code) == (201, 200)
    assert Correspondence.objects.filter(request=request).count() == 1


def test_it_refuses_a_letter_without_a_valid_token(client):
    request = request_make()
    response = client.post(reverse("api-workflow-letters"), {"tracking_code": request.tracking_code},
                           content_type="application/json", HTTP_AUTHORIZATION="Token nope")
    assert response.status_code == 401


def test_it_lists_an_inbox_through_the_api(client, operator):
    request = request_make()
    workflow_start(request=request, actor=operator)
    response = login(client, operator).get(reverse("api-workflow-inbox", args=["receipt"]))
    assert response.status_code == 200 and response.json()["results"][0]["tracking_code"] == request.tracking_code
    assert RequestCase.objects.count() == 1
