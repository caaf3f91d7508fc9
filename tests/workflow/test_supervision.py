"""Supervision: subordinates' inboxes, reassign, officials' answers, online users."""

import pytest
from django.urls import reverse
from django.utils import timezone

from organization.services import user_heartbeat
from tests.personas import PASSWORD
from tests.workflow.factories import request_make
from workflow.followup import official_answer_record
from workflow.models import RequestCase
from workflow.services import TransitionRefused, case_reassign, workflow_start

pytestmark = pytest.mark.django_db


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


def test_it_shows_a_supervisor_open_work_per_person_answers_and_who_is_online(client, supervisor, operator,
                                                                               followup_expert):
    request = request_make()
    workflow_start(request=request, actor=operator, assignee=followup_expert)
    official_answer_record(request=request, actor=followup_expert, text="پاسخ منطقه رسید")
    user_heartbeat(user=followup_expert)
    body = login(client, supervisor).get(reverse("workflow-supervision")).content.decode()
    assert "پاسخ منطقه رسید" in body
    assert followup_expert.first_name in body  # online list
    online = client.get(reverse("organization-online"), HTTP_ACCEPT="application/json").json()["online"]
    assert [u["username"] for u in online] == [followup_expert.username]


def test_it_refuses_supervision_to_a_follow_up_expert(client, followup_expert):
    assert login(client, followup_expert).get(reverse("workflow-supervision")).status_code == 403


def test_it_lets_a_supervisor_reassign_and_records_it(supervisor, operator, followup_expert, django_user_model):
    colleague = django_user_model.objects.create_user(username="colleague", password="x")
    colleague.groups.set(followup_expert.groups.all())
    request = request_make()
    workflow_start(request=request, actor=operator, assignee=followup_expert)
    case_reassign(request=request, actor=supervisor, assignee=colleague)
    assert RequestCase.objects.get(request=request).assignee == colleague
    assert request.history.filter(action="reassign").count() == 1
    with pytest.raises(TransitionRefused):
        case_reassign(request=request, actor=followup_expert, assignee=followup_expert)


def test_it_records_a_heartbeat_and_forgets_it_on_logout(client, operator):
    login(client, operator)
    assert client.post(reverse("organization-heartbeat")).json() == {"ok": True}
    operator.profile.refresh_from_db()
    assert (timezone.now() - operator.profile.last_seen_at).total_seconds() < 5
    client.post(reverse("logout"))
    operator.profile.refresh_from_db()
    assert operator.profile.last_seen_at is None


def test_it_answers_an_anonymous_heartbeat_with_401(client):
    assert client.post(reverse("organization-heartbeat")).status_code == 401
