"""Deadlines and escalation to the unit supervisor by the periodic task, run by a real Celery worker."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.personas import PASSWORD
from tests.workflow.factories import category_make, official_make, reference_make, request_make
from workflow.models import CategoryPolicy, Holiday, RequestCase
from workflow.services import transition_execute, workflow_start


@pytest.mark.django_db
def test_it_takes_the_followup_deadline_from_the_sub_subject(operator, followup_expert):
    fast, slow = category_make(sla_hours=2), category_make(sla_hours=40)
    CategoryPolicy.objects.create(category=slow, followup_hours=80)
    cases = []
    for category in (fast, slow):
        request = request_make(category=category)
        cases.append(workflow_start(request=request, actor=operator, assignee=followup_expert))
    for case in cases:
        case.refresh_from_db()
    assert cases[0].due_at < cases[1].due_at
    assert cases[1].due_at - timezone.now() > datetime.timedelta(days=7)  # 80 working hours is over two weeks


@pytest.mark.django_db
def test_it_does_not_count_a_holiday_in_a_deadline(operator):
    request = request_make()
    before = workflow_start(request=request, actor=operator).due_at
    other = request_make()
    today = timezone.localdate()
    for offset in range(0, 10):
        Holiday.objects.get_or_create(date=today + datetime.timedelta(days=offset), defaults={"name": "تعطیل"})
    after = workflow_start(request=other, actor=operator).due_at
    assert after > before


@pytest.mark.django_db
def test_it_shows_overdue_cases_in_red_on_the_inbox(client, operator):
    request = request_make()
    workflow_start(request=request, actor=operator)
    RequestCase.objects.filter(request=request).update(due_at=timezone.now() - datetime.timedelta(hours=2))
    client.login(username=operator.username, password=PASSWORD)
    body = client.get(reverse("inbox-receipt")).content.decode()
    assert 'class="overdue"' in body and "badge-overdue" in body


def test_it_escalates_an_overdue_case_to_the_unit_supervisor_once(celery_worker, operator, followup_expert,
                                                                  supervisor):
    from workflow.presets import preset_apply
    from workflow.tasks import escalate_overdue_cases

    preset_apply("default")
    ref = reference_make()
    official = official_make(reference=ref)
    unit = official.unit
    unit.supervisor = supervisor
    unit.save()
    late, on_time = request_make(), request_make()
    for r in (late, on_time):
        workflow_start(request=r, actor=operator)
        transition_execute(request=r, operation="refer", actor=operator, assignee=followup_expert,
                           data={"official": official.pk})
    RequestCase.objects.filter(request=late).update(due_at=timezone.now() - datetime.timedelta(minutes=5))

    assert escalate_overdue_cases.delay().get(timeout=30) == 1
    assert escalate_overdue_cases.delay().get(timeout=30) == 0  # once per stay in a box
    row = late.history.get(action="escalate")
    assert row.data["supervisor"] == supervisor.pk
    assert not on_time.history.filter(action="escalate").exists()
    assert RequestCase.objects.get(request=late).escalated_at is not None
