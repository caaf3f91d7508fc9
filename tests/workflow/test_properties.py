"""Property tests: no sequence of operations leaves a request in a state the configuration does not allow, and no
user acts outside their scope."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from intake.models import ServiceRequest
from organization.scopes import visible_requests
from tests.personas import persona_roles, persona_scope
from tests.workflow.factories import category_make, reference_make, request_make
from workflow.models import Relation, RequestCase
from workflow.presets import OPERATIONS, preset_apply
from workflow.services import TransitionRefused, transition_execute, workflow_start

pytestmark = pytest.mark.django_db

OPERATION_CODES = sorted(OPERATIONS) + ["teleport"]
HYPOTHESIS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def _configured() -> set[tuple[str, str, str]]:
    return set(Relation.objects.filter(is_active=True, from_box__is_active=True, to_box__is_active=True)
               .values_list("from_box__code", "operation__code", "to_box__code"))


def _check_invariants(request: ServiceRequest, allowed: set, successes: int) -> None:
    case = RequestCase.objects.select_related("box").get(request=request)
    request.refresh_from_db()
    assert case.box.is_active
    assert request.status == case.box.status
    assert (request.closed_at is not None) == case.box.is_terminal
    rows = list(request.history.order_by("created_at", "id"))
    assert len(rows) == successes + 1
    for row in rows[1:]:
        assert (row.data["from_box"], row.action, row.data["to_box"]) in allowed
    for before, after in zip(rows, rows[1:]):  # the chain is continuous: each step starts where the last ended
        assert after.data["from_box"] == before.data["to_box"]
        assert after.from_status == before.to_status


@pytest.mark.parametrize("preset", ["default", "small_city"])
def test_it_never_leaves_a_request_in_a_state_the_configuration_does_not_allow(preset, operator, followup_expert,
                                                                               responder, supervisor, planner):
    preset_apply(preset)
    allowed = _configured()
    actors = [operator, followup_expert, responder, supervisor, planner]

    @HYPOTHESIS
    @given(st.lists(st.tuples(st.sampled_from(OPERATION_CODES), st.integers(0, len(actors) - 1),
                              st.booleans()), max_size=12))
    def walk(steps):
        request = request_make()
        workflow_start(request=request, actor=operator)
        successes = 0
        for code, who, with_text in steps:
            actor = actors[who]
            before = RequestCase.objects.select_related("box").get(request=request).box.code
            roles_allowed = set(Relation.objects.filter(from_box__code=before, operation__code=code, is_active=True)
                                .values_list("roles__name", flat=True))
            try:
                transition_execute(request=request, operation=code, actor=actor, text="متن" if with_text else "")
            except TransitionRefused:
                assert RequestCase.objects.get(request=request).box.code == before  # a refusal changes nothing
            else:
                successes += 1
                from organization.roles import forget_roles, user_roles

                forget_roles(actor)
                assert user_roles(actor) & roles_allowed  # only a role the relation names may act
                assert (before, code, RequestCase.objects.get(request=request).box.code) in allowed
            _check_invariants(request, allowed, successes)

    walk()


def test_it_never_lets_a_user_see_or_act_on_a_request_outside_their_scope(operator, followup_expert):
    categories = [category_make() for _ in range(3)]
    references = [reference_make(name=f"مرجع {i}", categories=[c]) for i, c in enumerate(categories)]

    @HYPOTHESIS
    @given(scope=st.sets(st.integers(0, 2), max_size=3),
           placed=st.lists(st.integers(0, 2), min_size=1, max_size=4),
           operation=st.sampled_from(["refer", "answer", "return", "archive"]))
    def check(scope, placed, operation):
        persona_scope(followup_expert, references=[references[i] for i in scope])
        persona_roles(followup_expert, "followup")
        requests = []
        for i in placed:
            request = request_make(category=categories[i])
            workflow_start(request=request, actor=operator)
            transition_execute(request=request, operation="refer", actor=operator)
            requests.append((request, i))
        pks = [r.pk for r, _ in requests]
        visible = set(visible_requests(followup_expert, ServiceRequest.objects.filter(pk__in=pks))
                      .values_list("pk", flat=True))
        for request, i in requests:
            assigned = RequestCase.objects.get(request=request).assignee_id == followup_expert.pk
            in_scope = not scope or i in scope
            assert (request.pk in visible) == (in_scope or assigned)
            if request.pk not in visible:
                with pytest.raises(TransitionRefused) as refused:
                    transition_execute(request=request, operation=operation, actor=followup_expert, text="متن")
                assert refused.value.status in (403, 409)

    check()
