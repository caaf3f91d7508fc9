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
