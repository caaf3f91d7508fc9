"""Validation of the workflow configuration as edited in the admin; presets and the management command."""

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from workflow.models import Box, Operation, Relation

pytestmark = pytest.mark.django_db


def test_it_refuses_a_referral_out_of_a_terminal_box():
    relation = Relation(from_box=Box.objects.get(code="archive"), operation=Operation.objects.get(code="refer"),
                        to_box=Box.objects.get(code="followup"))
    with pytest.raises(ValidationError):
        relation.full_clean()


def test_it_refuses_a_second_start_box():
    box = Box(code="second", name_fa="دوم", status="registered", is_start=True)
    with pytest.raises(ValidationError):
        box.full_clean()


def test_it_refuses_a_colour_that_is_not_hex():
    with pytest.raises(ValidationError):
        Operation(code="x", name_fa="x", color="red").full_clean()


def test_it_switches_presets_with_the_management_command():
    call_command("workflow_preset", "small_city")
    assert not Box.objects.get(code="feedback").is_active
    assert not Relation.objects.filter(is_active=True, to_box__code="feedback").exists()
    call_command("workflow_preset", "default")
    assert Box.objects.get(code="feedback").is_active
    assert Relation.objects.filter(is_active=True, to_box__code="feedback").exists()


def test_it_backfills_cases_for_requests_loaded_before_the_workflow(operator):
    from intake.models import ServiceRequest
    from tests.workflow.factories import request_make
    from workflow.models import RequestCase

    waiting, answered = request_make(), request_make()
    ServiceRequest.objects.filter(pk=answered.pk).update(status="in_response")
    call_command("workflow_backfill")
    call_command("workflow_backfill")  # idempotent
    boxes = dict(RequestCase.objects.values_list("request_id", "box__code"))
    assert boxes == {waiting.pk: "receipt", answered.pk: "response"}
