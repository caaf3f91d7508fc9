"""visible_requests: a user never sees a request outside their scope."""

import pytest

from intake.models import ServiceRequest
from organization.models import RoleDefinition
from organization.roles import forget_roles, user_roles
from organization.scopes import visible_requests
from tests.personas import persona_scope
from tests.workflow.factories import category_make, reference_make, request_make
from workflow.services import workflow_start

pytestmark = pytest.mark.django_db


def test_it_shows_nothing_to_a_user_without_a_role(outsider):
    request_make()
    assert not visible_requests(outsider, ServiceRequest.objects.all()).exists()


def test_it_shows_the_city_to_a_role_holder_without_a_scope(manager):
    request_make()
    assert visible_requests(manager, ServiceRequest.objects.all()).count() == 1


def test_it_limits_a_scoped_expert_to_their_references_and_those_below(operator, followup_expert):
    category = category_make()
    parent = reference_make(name="سازمان خدمات")
    child = reference_make(name="واحد پسماند", parent=parent, categories=[category])
    other = reference_make(name="آبفا", categories=[category_make()])
    mine = request_make(category=category)
    theirs = request_make(category=other.categories.first())
    workflow_start(request=mine, actor=operator)
    workflow_start(request=theirs, actor=operator)
    persona_scope(followup_expert, references=[parent])
    visible = set(visible_requests(followup_expert, ServiceRequest.objects.all()).values_list("pk", flat=True))
    assert visible == {mine.pk}
    assert child.pk != other.pk




def test_it_always_shows_an_expert_the_requests_assigned_to_them(operator, followup_expert):
    persona_scope(followup_expert, references=[reference_make()])
    request = request_make()
    workflow_start(request=request, actor=operator, assignee=None)
    assert not visible_requests(followup_expert, ServiceRequest.objects.all()).exists()
    from workflow.models import RequestCase

    RequestCase.objects.filter(request=request).update(assignee=followup_expert)
    assert visible_requests(followup_expert, ServiceRequest.objects.all()).count() == 1


def test_it_drops_a_deactivated_role(operator):
    from django.contrib.auth.models import Group

    RoleDefinition.objects.update_or_create(group=Group.objects.get(name="operator"),
                                            defaults={"label_fa": "اپراتور", "is_active": False})
    forget_roles(operator)
    request_make()
    assert user_roles(operator) == frozenset()
    assert not visible_requests(operator, ServiceRequest.objects.all()).exists()


def test_it_gives_a_merged_role_the_roles_it_includes(django_user_model):
    from workflow.presets import preset_apply

    preset_apply("small_city")
    clerk = django_user_model.objects.create_user(username="clerk1", password="x")
    from tests.personas import persona_roles

    persona_roles(clerk, "clerk")
    assert {"clerk", "operator", "followup", "responder"} <= user_roles(clerk)
