import datetime

import pytest
from django.utils import timezone

from intake.models import Status
from tests.workflow.factories import category_make, request_make
from workflow.models import RequestCase
from workflow.services import cases_backfill

pytestmark = pytest.mark.django_db


def test_it_puts_each_request_without_a_case_in_the_inbox_of_its_status():
    followup = request_make()
    followup.status = Status.IN_FOLLOWUP
    followup.save(update_fields=["status"])
    archived = request_make()
    archived.status = Status.ARCHIVED
    archived.save(update_fields=["status"])
    assert cases_backfill() == 2
    assert RequestCase.objects.get(request=followup).box.code == "followup"
    assert RequestCase.objects.get(request=archived).box.is_terminal
    assert cases_backfill() == 0  # idempotent


def test_it_dates_an_old_open_case_from_its_registration_so_it_shows_overdue():
    request = request_make(category=category_make(sla_hours=24))
    request.status = Status.IN_FOLLOWUP
    request.created_at = timezone.now() - datetime.timedelta(days=30)
    request.save(update_fields=["status", "created_at"])
    cases_backfill()
    case = RequestCase.objects.get(request=request)
    assert case.entered_box_at == request.created_at
    assert case.due_at is not None and case.due_at < timezone.now()


def test_it_gives_a_closed_case_no_deadline():
    request = request_make()
    request.status = Status.ARCHIVED
    request.save(update_fields=["status"])
    cases_backfill()
    assert RequestCase.objects.get(request=request).due_at is None
