"""The feedback inbox by Jalali date, the sub-subject's feedback delay, officials' ratings, query counts."""


import jdatetime
import pytest
from django.urls import reverse

from tests.personas import PASSWORD
from tests.workflow.factories import category_make, official_make, reference_make, request_make
from workflow.calendar import WorkCalendar
from workflow.followup import official_rating_record
from workflow.models import CategoryPolicy, RequestCase
from workflow.services import TransitionRefused, transition_execute, workflow_start

pytestmark = pytest.mark.django_db


def _to_feedback(request, operator, followup_expert, responder):
    workflow_start(request=request, actor=operator, assignee=followup_expert)
    transition_execute(request=request, operation="answer", actor=followup_expert, text="انجام شد")
    transition_execute(request=request, operation="schedule_feedback", actor=responder)
    return RequestCase.objects.get(request=request)


def test_it_lists_the_requests_whose_feedback_falls_on_the_chosen_jalali_date(client, operator, followup_expert,
                                                                              responder):
    quick, slow = category_make(), category_make()
    CategoryPolicy.objects.create(category=quick, feedback_delay_days=1)
    CategoryPolicy.objects.create(category=slow, feedback_delay_days=5)
    early = _to_feedback(request_make(category=quick), operator, followup_expert, responder)
    late = _to_feedback(request_make(category=slow), operator, followup_expert, responder)
    assert early.feedback_due_on < late.feedback_due_on
    client.login(username=responder.username, password=PASSWORD)
    day = jdatetime.date.fromgregorian(date=early.feedback_due_on).strftime("%Y/%m/%d")
    body = client.get(reverse("inbox-feedback"), {"feedback_date": day}).content.decode()
    fa = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
    assert early.request.tracking_code.translate(fa) in body
    assert late.request.tracking_code.translate(fa) not in body


def test_it_counts_the_feedback_delay_in_working_days(operator, followup_expert, responder):
    category = category_make()
    CategoryPolicy.objects.create(category=category, feedback_delay_days=2)
    case = _to_feedback(request_make(category=category), operator, followup_expert, responder)
    from django.utils import timezone

    assert case.feedback_due_on == WorkCalendar().add_working_days(timezone.localdate(), 2)


def test_it_rates_an_official_and_refuses_a_rating_out_of_range(followup_expert):
    official = official_make(reference=reference_make())
    request = request_make()
    rating = official_rating_record(request=request, actor=followup_expert, official=official, timeliness=2, quality=5)
    assert (rating.timeliness, rating.quality) == (2, 5)
    with pytest.raises(TransitionRefused):
        official_rating_record(request=request, actor=followup_expert, official=official, timeliness=6, quality=1)


def test_it_lists_an_inbox_in_a_constant_number_of_queries(client, operator):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.login(username=operator.username, password=PASSWORD)
    counts = []
    for batch in (2, 12):
        while RequestCase.objects.count() < batch:
            workflow_start(request=request_make(), actor=operator)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("inbox-receipt")).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
