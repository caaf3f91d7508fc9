"""Follow-up writes: an official's answer that cannot be recorded leaves no file behind; a rating is history."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

from intake.models import Attachment
from tests.workflow.factories import official_make, reference_make, request_make
from workflow.followup import official_answer_record, official_rating_record
from workflow.models import OfficialAnswer
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
    photo = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01" + b"\x00" * 2000 + b"\xff\xd9"
    upload = upload_begin(request=request, user=operator, filename="visit.jpg", size=len(photo))
    upload_chunk(upload_id=upload.pk, user=operator, offset=0, data=photo[:1000])
    assert not request.history.filter(action="attach").exists()
    upload = upload_chunk(upload_id=upload.pk, user=operator, offset=1000, data=photo[1000:])
    row = request.history.get(action="attach")
    assert row.actor == operator and row.data["attachments"] == [upload.attachment_id]
