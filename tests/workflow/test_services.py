"""The workflow engine: start, transitions along configured relations only, permissions, scope, history."""

import pytest
from django.db import connection

from intake.models import RequestHistory, Status
from tests.personas import persona_scope
from tests.workflow.factories import category_make, official_make, reference_make, request_make
from workflow.models import Relation, RequestCase
from workflow.services import TransitionRefused, transition_execute, workflow_start

pytestmark = pytest.mark.django_db


def test_it_puts_a_new_request_in_the_receipt_inbox(operator):
    request = request_make(created_by=operator)
    case = workflow_start(request=request, actor=operator)
    request.refresh_from_db()
    assert case.box.code == "receipt"
    assert request.status == Status.REGISTERED
    assert case.due_at is not None
    assert list(request.history.values_list("action", flat=True)) == ["workflow_start"]


def test_it_is_idempotent_for_a_request_that_already_started(operator):
    request = request_make()
    first = workflow_start(request=request, actor=operator)
    second = workflow_start(request=request, actor=operator)
    assert first.pk == second.pk
    assert RequestHistory.objects.filter(request=request).count() == 1


def test_it_sends_a_request_straight_to_a_named_followup_expert(operator, followup_expert):
    request = request_make()
    case = workflow_start(request=request, actor=operator, assignee=followup_expert)
    request.refresh_from_db()
    assert case.box.code == "followup" and case.assignee == followup_expert
    assert request.status == Status.IN_FOLLOWUP
    assert list(request.history.values_list("action", flat=True)) == ["workflow_start", "refer"]


def test_it_refuses_a_named_receiver_without_a_receiving_role(operator, planner):
    request = request_make()
    with pytest.raises(TransitionRefused) as refused:
        workflow_start(request=request, actor=operator, assignee=planner)
    assert refused.value.status == 400


def test_it_walks_the_whole_default_cycle(operator, followup_expert, responder):
    request = request_make()
    workflow_start(request=request, actor=operator)
    transition_execute(request=request, operation="refer", actor=operator, assignee=followup_expert, text="بررسی شود")
    transition_execute(request=request, operation="answer", actor=followup_expert, text="اصلاح شد")
    transition_execute(request=request, operation="survey_not_done", actor=responder)
    case = RequestCase.objects.get(request=request)
    assert case.box.code == "followup" and case.assignee == followup_expert  # back to the same expert
    assert case.round == 2
    transition_execute(request=request, operation="answer", actor=followup_expert, text="دوباره اصلاح شد")
    transition_execute(request=request, operation="survey_done", actor=responder)
    request.refresh_from_db()
    assert request.status == Status.ARCHIVED and request.closed_at is not None
    actions = list(request.history.values_list("action", flat=True))
    assert actions == ["workflow_start", "refer", "answer", "survey_not_done", "answer", "survey_done"]
    statuses = list(request.history.values_list("to_status", flat=True))
    assert statuses[-1] == Status.ARCHIVED


def test_it_refuses_an_operation_no_relation_allows(operator, responder):
    request = request_make()
    workflow_start(request=request, actor=operator)
    with pytest.raises(TransitionRefused) as refused:
        transition_execute(request=request, operation="survey_done", actor=responder)
    assert refused.value.status == 409
    assert RequestCase.objects.get(request=request).box.code == "receipt"


def test_it_refuses_a_user_whose_role_the_relation_does_not_name(operator, planner):
    request = request_make()
    workflow_start(request=request, actor=operator)
    with pytest.raises(TransitionRefused) as refused:
        transition_execute(request=request, operation="refer", actor=planner)
    assert refused.value.status == 403


def test_it_refuses_a_deactivated_relation(operator):
    request = request_make()
    workflow_start(request=request, actor=operator)
    Relation.objects.filter(from_box__code="receipt", operation__code="archive").update(is_active=False)
    with pytest.raises(TransitionRefused):
        transition_execute(request=request, operation="archive", actor=operator)


def test_it_requires_a_description_where_the_operation_asks_for_one(operator, followup_expert):
    request = request_make()
    workflow_start(request=request, actor=operator, assignee=followup_expert)
    with pytest.raises(TransitionRefused) as refused:
        transition_execute(request=request, operation="answer", actor=followup_expert, text="  ")
    assert refused.value.code == "text_required"


def test_it_keeps_a_case_assigned_to_one_expert_away_from_another(operator, followup_expert):
    other = type(followup_expert).objects.create_user(username="other-fu", password="x")
    other.groups.set(followup_expert.groups.all())
    request = request_make()
    workflow_start(request=request, actor=operator, assignee=followup_expert)
    with pytest.raises(TransitionRefused) as refused:
        transition_execute(request=request, operation="answer", actor=other, text="جواب")
    assert refused.value.code == "assigned"


def test_it_assigns_a_referral_automatically_to_the_expert_covering_the_reference(operator, followup_expert):
    category = category_make()
    water = reference_make(name="آبفا", categories=[category])
    persona_scope(followup_expert, references=[water])
    request = request_make(category=category)
    case = workflow_start(request=request, actor=operator)
    assert case.reference == water
    transition_execute(request=request, operation="refer", actor=operator)
    case.refresh_from_db()
    assert case.assignee == followup_expert


def test_it_refuses_a_user_acting_outside_their_scope(operator, followup_expert):
    category = category_make()
    water, waste = reference_make(name="آبفا", categories=[category]), reference_make(name="پسماند")
    persona_scope(followup_expert, references=[waste])
    request = request_make(category=category)
    workflow_start(request=request, actor=operator)
    transition_execute(request=request, operation="refer", actor=operator)
    with pytest.raises(TransitionRefused) as refused:
        transition_execute(request=request, operation="answer", actor=followup_expert, text="جواب")
    assert refused.value.code == "out_of_scope"
    assert water.pk != waste.pk


def test_it_sets_the_official_and_unit_from_a_referral(operator, followup_expert):
    ref = reference_make()
    official = official_make(reference=ref)
    request = request_make()
    workflow_start(request=request, actor=operator)
    transition_execute(request=request, operation="refer", actor=operator, assignee=followup_expert,
                       data={"official": official.pk})
    case = RequestCase.objects.get(request=request)
    assert case.official == official and case.unit == official.unit and case.reference == ref


def test_it_schedules_feedback_on_a_working_day(operator, followup_expert, responder):
    request = request_make()
    workflow_start(request=request, actor=operator, assignee=followup_expert)
    transition_execute(request=request, operation="answer", actor=followup_expert, text="انجام شد")
    transition_execute(request=request, operation="schedule_feedback", actor=responder)
    case = RequestCase.objects.get(request=request)
    assert case.box.code == "feedback" and case.feedback_due_on is not None
    assert case.feedback_due_on.weekday() not in (3, 4)  # not Thursday (off by default) nor Friday


def test_it_fires_the_event_only_after_commit(operator, django_capture_on_commit_callbacks):
    from workflow.events import case_transitioned

    seen = []

    def receiver(**kwargs):
        seen.append(kwargs["operation"])

    case_transitioned.connect(receiver)
    try:
        request = request_make()
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            workflow_start(request=request, actor=operator)
            transition_execute(request=request, operation="archive", actor=operator)
        assert seen == []
        for callback in callbacks:
            callback()
        assert seen == ["workflow_start", "archive"]
    finally:
        case_transitioned.disconnect(receiver)


def test_it_locks_the_request_row(operator, django_assert_max_num_queries):
    request = request_make()
    workflow_start(request=request, actor=operator)
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        transition_execute(request=request, operation="archive", actor=operator)
    assert any("FOR UPDATE" in q["sql"] for q in queries.captured_queries)
