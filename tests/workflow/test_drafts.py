"""Draft review: drafts from unattended channels wait in the receipt inbox; the receiving expert fills them in,
confirms them (tracking code issued, then referred onward) or links them to an open case (co-reporter)."""

import time

import pytest
from django.test import override_settings

from intake.errors import DuplicateDecisionNeeded, IntakeError
from intake.models import CoReporter, RequestHistory, ServiceRequest, SmsMessage, Status
from intake.services import request_draft_register
from tests.intake.factories import CENTRE, categories_make, city_make, request_make
from workflow.drafts import request_draft_confirm, request_draft_link, request_draft_update


@pytest.fixture
def preset(db):
    from workflow.models import Box
    from workflow.presets import preset_apply

    if not Box.objects.filter(is_start=True, is_active=True).exists():
        preset_apply("default")  # transactional tests flush what the data migration loaded


@pytest.fixture
def cats(db, preset):
    city_make()
    return categories_make()


def sms_draft(text="چراغ کوچه ما خاموش است", phone="09121234567"):
    return request_draft_register(channel="sms", text=text, phone=phone, notify=False).request


def wait_for(predicate, timeout=20.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError("timed out waiting")


@pytest.mark.django_db
def test_it_puts_a_draft_in_the_receipt_inbox_still_a_draft(cats):
    draft = sms_draft()
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT
    assert draft.workflow_case.box.code == "receipt"
    entry = RequestHistory.objects.get(request=draft, action="workflow_start")
    assert entry.to_status == Status.DRAFT and entry.data["draft"] is True


@pytest.mark.django_db
def test_it_keeps_a_draft_when_no_workflow_is_configured(cats):
    from workflow.models import Box

    Box.objects.update(is_start=False)
    draft = sms_draft()
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT and not hasattr(draft, "workflow_case")


@pytest.mark.django_db
def test_it_refuses_to_refer_a_draft_before_it_is_confirmed(cats, operator):
    from workflow.services import TransitionRefused, allowed_relations, transition_execute

    draft = sms_draft()
    with pytest.raises(TransitionRefused) as refused:
        transition_execute(request=draft, operation="refer", actor=operator)
    assert refused.value.status == 409 and refused.value.code == "draft"
    assert [r.operation.code for r in allowed_relations(request=draft, actor=operator)] == ["archive"]
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT and draft.workflow_case.box.code == "receipt"


@pytest.mark.celery
@pytest.mark.django_db(transaction=True)
def test_it_confirms_a_draft_issuing_its_tracking_code_by_sms_and_then_it_moves_on(cats, operator, celery_worker,
                                                                                 tmp_path):
    from workflow.services import transition_execute

    outbox = tmp_path / "outbox.jsonl"
    with override_settings(SMS_BACKEND="intake.channels.sms_backends.FileBackend", SMS_FILE_PATH=str(outbox)):
        draft = sms_draft()
        assert not SmsMessage.objects.filter(direction="out").exists()  # no code is texted for a draft
        confirmed = request_draft_confirm(request=draft, actor=operator, category=cats["lamp"].pk,
                                          lon=CENTRE[0], lat=CENTRE[1], text="چراغ کوچه نیلوفر خاموش است")
        sms = wait_for(lambda: SmsMessage.objects.filter(request=draft, direction="out", state="sent").first())
    confirmed.refresh_from_db()
    assert confirmed.status == Status.REGISTERED and confirmed.category == cats["lamp"]
    assert confirmed.region.number == 6 and confirmed.h3_r9 is not None
    assert confirmed.text == "چراغ کوچه نیلوفر خاموش است"
    assert confirmed.tracking_code in sms.text and sms.phone == "09121234567"
    assert confirmed.tracking_code in outbox.read_text(encoding="utf-8")
    entry = RequestHistory.objects.get(request=draft, action="confirm")
    assert (entry.from_status, entry.to_status, entry.actor) == ("draft", "registered", operator)
    assert entry.data["tracking_code"] == confirmed.tracking_code
    assert set(entry.data["fields"]) >= {"category", "text", "location"}
    assert confirmed.workflow_case.box.code == "receipt"

    transition_execute(request=confirmed, operation="refer", actor=operator, text="بررسی شود")
    confirmed.refresh_from_db()
    assert confirmed.status == Status.IN_FOLLOWUP and confirmed.workflow_case.box.code == "followup"


@pytest.mark.django_db
def test_it_refuses_to_confirm_a_draft_that_lacks_a_sub_subject_or_a_place(cats, operator):
    draft = sms_draft()
    with pytest.raises(IntakeError) as error:
        request_draft_confirm(request=draft, actor=operator)
    assert error.value.status == 400 and {"category", "location"} <= set(error.value.errors)
    payload = error.value.as_payload()
    assert "زیرموضوع" in payload["detail"]["fa"] and "sub-subject" in payload["detail"]["en"]
    with pytest.raises(IntakeError) as error:
        request_draft_confirm(request=draft, actor=operator, category=cats["lamp"].pk, lon="x", lat="35")
    assert "location" in error.value.errors
    with pytest.raises(IntakeError) as error:
        request_draft_confirm(request=draft, actor=operator, category=cats["lamp"].pk, lon="60", lat="30")
    assert "location" in error.value.errors  # outside the city
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT and draft.location is None
    assert not RequestHistory.objects.filter(request=draft, action__in=["confirm", "draft_edit"]).exists()


@pytest.mark.django_db
def test_it_refuses_draft_review_to_users_without_the_receiving_role(cats, planner, outsider, supervisor):
    from workflow.services import TransitionRefused

    draft = sms_draft()
    for user in (planner, outsider):
        with pytest.raises(TransitionRefused) as refused:
            request_draft_update(request=draft, actor=user, category=cats["lamp"].pk)
        assert refused.value.status == 403
    request_draft_update(request=draft, actor=supervisor, category=cats["lamp"].pk)  # a supervisor may
    draft.refresh_from_db()
    assert draft.category == cats["lamp"] and draft.status == Status.DRAFT


@pytest.mark.django_db
def test_it_flags_an_edited_draft_as_a_possible_duplicate_and_asks_for_a_reason_to_register_it(cats, operator):
    open_case = request_make(cats["lamp"], east_m=30, text="چراغ کوچه خاموش است")
    draft = sms_draft()
    assert not draft.intake.possible_duplicate  # no place yet: nothing to compare
    request_draft_update(request=draft, actor=operator, category=cats["lamp"].pk, lon=CENTRE[0], lat=CENTRE[1])
    draft.refresh_from_db()
    assert draft.intake.possible_duplicate
    assert [c["tracking_code"] for c in draft.intake.duplicate_candidates] == [open_case.tracking_code]
    edit = RequestHistory.objects.get(request=draft, action="draft_edit")
    assert set(edit.data["fields"]) == {"category", "location"} and edit.data["possible_duplicate"] is True

    with pytest.raises(DuplicateDecisionNeeded) as decision:
        request_draft_confirm(request=draft, actor=operator)
    assert decision.value.status == 409 and decision.value.candidates[0].id == open_case.pk
    request_draft_confirm(request=draft, actor=operator, register_anyway_reason="چراغ دیگری است")
    draft.refresh_from_db()
    assert draft.status == Status.REGISTERED and not draft.intake.possible_duplicate
    assert draft.intake.register_anyway_reason == "چراغ دیگری است"


@pytest.mark.django_db
def test_it_flags_a_draft_near_an_open_case_on_arrival(cats):
    open_case = request_make(cats["lamp"], east_m=20, text="چراغ خاموش")
    draft = request_draft_register(channel="sms", text="چراغ خاموش", phone="09121234567", category=cats["lamp"],
                                   lon=CENTRE[0], lat=CENTRE[1], notify=False).request
    assert draft.intake.possible_duplicate
    assert draft.intake.duplicate_candidates[0]["tracking_code"] == open_case.tracking_code


@pytest.mark.django_db
def test_it_links_a_draft_to_an_open_case_making_a_co_reporter_and_opening_no_case(cats, operator,
                                                                                   django_capture_on_commit_callbacks):
    from workflow.services import workflow_start

    open_case = request_make(cats["lamp"], east_m=30, text="چراغ کوچه خاموش است")
    workflow_start(request=open_case, actor=operator)
    draft = sms_draft(phone="09351112233")
    registered_before = ServiceRequest.objects.exclude(status=Status.DRAFT).count()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        target = request_draft_link(request=draft, actor=operator, target=open_case.tracking_code)
    assert target == open_case and callbacks  # the co-reporter is texted the case's code after commit
    reporter = CoReporter.objects.get(request=open_case)
    assert reporter.citizen.phone == "09351112233" and reporter.channel == "sms"
    assert reporter.text == "چراغ کوچه ما خاموش است"
    draft.refresh_from_db()
    assert draft.status == Status.CLOSED and draft.closed_at is not None
    assert draft.workflow_case.box.code == "archive"  # out of the receipt inbox
    linked = RequestHistory.objects.get(request=draft, action="draft_linked")
    assert linked.data["linked_to_tracking_code"] == open_case.tracking_code and linked.actor == operator
    assert RequestHistory.objects.filter(request=open_case, action="co_reporter", data__draft=draft.pk).exists()
    assert ServiceRequest.objects.exclude(status__in=[Status.DRAFT, Status.CLOSED]).count() == registered_before
    open_case.refresh_from_db()
    assert open_case.status == Status.REGISTERED  # the open case goes on as it was

    with pytest.raises(IntakeError) as error:  # closed now: it cannot be linked or confirmed again
        request_draft_link(request=draft, actor=operator, target=open_case.tracking_code)
    assert error.value.status == 409


@pytest.mark.django_db
def test_it_refuses_to_link_a_draft_to_a_closed_case_or_without_a_sender(cats, operator):
    closed = request_make(cats["lamp"], east_m=30, status=Status.ARCHIVED)
    draft = sms_draft()
    with pytest.raises(IntakeError) as error:
        request_draft_link(request=draft, actor=operator, target=closed.tracking_code)
    assert "target" in error.value.errors
    open_case = request_make(cats["lamp"], east_m=30)
    email_draft = request_draft_register(channel="email", text="From: x@example.org\nچراغ خاموش", notify=False).request
    with pytest.raises(IntakeError) as error:
        request_draft_link(request=email_draft, actor=operator, target=open_case.tracking_code)
    assert "phone" in error.value.errors
    request_draft_link(request=email_draft, actor=operator, target=open_case.tracking_code, phone="09127776655")
    assert CoReporter.objects.get(request=open_case).citizen.phone == "09127776655"
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT


@pytest.mark.django_db
def test_it_resolves_a_typed_address_through_the_gazetteer_when_no_point_is_chosen(preset, operator):
    from tests.addresses.small_city import build_small_city

    build_small_city()
    cats = categories_make()
    draft = sms_draft()
    request_draft_update(request=draft, actor=operator, category=cats["lamp"].pk,
                         address_text="خیابان ولیعصر کوچه نیلوفر")
    draft.refresh_from_db()
    assert draft.address_text == "خیابان ولیعصر کوچه نیلوفر"
    assert draft.location.x == pytest.approx(51.435, abs=0.002) and draft.region.number == 1
    assert "نیلوفر" in RequestHistory.objects.get(request=draft, action="draft_edit").data["address_resolved_as"]


# --------------------------------------------------------------------------- draft review runs through the engine

@pytest.mark.django_db
def test_it_confirms_a_draft_as_a_configured_operation_with_the_engines_history_and_event(
        cats, operator, django_capture_on_commit_callbacks):
    from workflow.events import case_transitioned

    seen = []

    def receiver(**kwargs):
        seen.append((kwargs["operation"], kwargs["from_box"], kwargs["to_box"]))

    case_transitioned.connect(receiver, weak=False)
    try:
        draft = sms_draft()
        with django_capture_on_commit_callbacks(execute=True):
            request_draft_confirm(request=draft, actor=operator, category=cats["lamp"].pk, lon=CENTRE[0],
                                  lat=CENTRE[1])
    finally:
        case_transitioned.disconnect(receiver)
    assert ("confirm", "receipt", "receipt") in seen
    entry = RequestHistory.objects.get(request=draft, action="confirm")
    assert entry.data["kind"] == "confirm" and (entry.data["from_box"], entry.data["to_box"]) == ("receipt", "receipt")
    draft.refresh_from_db()
    assert draft.workflow_case.last_operation.code == "confirm" and draft.workflow_case.due_at is not None


@pytest.mark.django_db
def test_it_closes_an_immediate_draft_answered_on_the_spot_into_the_archive_inbox(cats, operator):
    draft = sms_draft(text="ساعت کاری شهرداری چیست؟")
    request_draft_confirm(request=draft, actor=operator, category=cats["lamp"].pk, lon=CENTRE[0], lat=CENTRE[1],
                          urgency="immediate", answer_text="ساعت کاری ۸ تا ۱۴ است")
    draft.refresh_from_db()
    assert draft.status == Status.CLOSED and draft.closed_at is not None  # closed (answered), not archived
    assert draft.workflow_case.box.code == "archive" and draft.workflow_case.due_at is None
    entry = RequestHistory.objects.get(request=draft, action="confirm_answered")
    assert entry.text == "ساعت کاری ۸ تا ۱۴ است" and entry.to_status == Status.CLOSED


@pytest.mark.django_db
def test_it_refuses_confirm_or_link_as_a_plain_operation_and_does_not_offer_them(cats, operator):
    from workflow.services import TransitionRefused, allowed_relations, transition_execute

    draft = sms_draft()
    for code in ("confirm", "confirm_answered", "draft_linked"):
        with pytest.raises(TransitionRefused) as refused:
            transition_execute(request=draft, operation=code, actor=operator)
        assert refused.value.status == 409 and refused.value.code == "needs_form"
    offered = {r.operation.code for r in allowed_relations(request=draft, actor=operator)}
    assert offered == {"archive"}
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT and draft.workflow_case.box.code == "receipt"


@pytest.mark.django_db
def test_it_checks_the_relations_roles_before_intake_writes_anything(cats, planner):
    from workflow.services import TransitionRefused

    draft = sms_draft()
    with pytest.raises(TransitionRefused) as refused:
        request_draft_confirm(request=draft, actor=planner, category=cats["lamp"].pk, lon=CENTRE[0], lat=CENTRE[1])
    assert refused.value.status == 403
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT and draft.category != cats["lamp"] and draft.location is None


@pytest.mark.django_db
def test_it_keeps_the_draft_and_its_case_when_no_terminal_inbox_is_configured(cats, operator):
    from workflow.models import Box, RequestCase
    from workflow.services import TransitionRefused

    open_case = request_make(cats["lamp"], east_m=30)
    draft = sms_draft()
    Box.objects.filter(is_terminal=True).update(is_active=False)  # a city that configured no archive inbox
    with pytest.raises(TransitionRefused) as refused:
        request_draft_link(request=draft, actor=operator, target=open_case.tracking_code)
    assert refused.value.status == 409 and refused.value.code == "no_relation"
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT and RequestCase.objects.filter(request=draft, box__code="receipt").exists()
    assert not CoReporter.objects.filter(request=open_case).exists()  # intake's write was rolled back


@pytest.mark.django_db
def test_it_gives_an_existing_configuration_the_draft_operations_without_touching_the_rest(preset):
    from django.apps import apps

    from workflow.models import Operation, Relation
    from workflow.presets import draft_operations_install

    Relation.objects.filter(operation__code__in=["confirm", "confirm_answered", "draft_linked"]).delete()
    Operation.objects.filter(code__in=["confirm", "confirm_answered", "draft_linked"]).delete()
    Relation.objects.filter(from_box__code="response", operation__code="schedule_feedback").update(is_active=False)
    draft_operations_install(apps=apps)
    draft_operations_install(apps=apps)  # idempotent
    routes = {(r.operation.code, r.to_box.code, r.operation.kind)
              for r in Relation.objects.filter(from_box__code="receipt", is_active=True,
                                               operation__kind__in=["confirm", "link"])}
    assert routes == {("confirm", "receipt", "confirm"), ("confirm_answered", "archive", "confirm"),
                      ("draft_linked", "archive", "link")}
    confirm = Relation.objects.get(from_box__code="receipt", operation__code="confirm")
    assert {"operator", "supervisor"} <= set(confirm.roles.values_list("name", flat=True))
    assert not Relation.objects.get(from_box__code="response", operation__code="schedule_feedback").is_active


@pytest.mark.django_db
def test_it_lets_the_draft_review_relations_roles_decide_who_reviews_drafts(cats, operator, responder):
    from django.contrib.auth.models import Group

    from workflow.models import Relation
    from workflow.services import TransitionRefused

    for relation in Relation.objects.filter(from_box__code="receipt", operation__kind__in=["confirm", "link"]):
        relation.roles.set([Group.objects.get_or_create(name="responder")[0]])  # this city: responders review
    draft = sms_draft()
    with pytest.raises(TransitionRefused) as refused:
        request_draft_update(request=draft, actor=operator, category=cats["lamp"].pk)
    assert refused.value.status == 403 and "پیش‌نویس" in str(refused.value.message)
    with pytest.raises(TransitionRefused):
        request_draft_confirm(request=draft, actor=operator, category=cats["lamp"].pk, lon=CENTRE[0], lat=CENTRE[1])
    request_draft_confirm(request=draft, actor=responder, category=cats["lamp"].pk, lon=CENTRE[0], lat=CENTRE[1])
    draft.refresh_from_db()
    assert draft.status == Status.REGISTERED


@pytest.mark.django_db
def test_it_refuses_a_draft_review_relation_that_cannot_fit_the_draft(preset):
    from django.core.exceptions import ValidationError

    from workflow.models import Box, Relation

    link = Relation.objects.get(from_box__code="receipt", operation__code="draft_linked")
    link.to_box = Box.objects.get(code="followup")
    with pytest.raises(ValidationError):
        link.clean()
    confirm = Relation.objects.get(from_box__code="receipt", operation__code="confirm")
    confirm.to_box = Box.objects.get(code="archive")
    with pytest.raises(ValidationError):
        confirm.clean()
    confirm.from_box, confirm.to_box = Box.objects.get(code="followup"), Box.objects.get(code="followup")
    with pytest.raises(ValidationError):
        confirm.clean()
    Relation.objects.get(from_box__code="receipt", operation__code="confirm").clean()  # the preset's is fine


@pytest.mark.django_db
def test_it_installs_draft_operations_only_into_active_inboxes_and_fixes_a_taken_code(preset):
    from django.apps import apps

    from workflow.models import Box, Operation, Relation
    from workflow.presets import draft_operations_install

    Relation.objects.filter(operation__code__in=["confirm", "confirm_answered", "draft_linked"]).delete()
    Operation.objects.filter(code__in=["confirm_answered", "draft_linked"]).delete()
    Operation.objects.filter(code="confirm").update(kind="note")  # a city's own "confirm" note
    old_archive = Box.objects.get(code="archive")
    old_archive.sort_order = 1
    old_archive.is_active = False
    old_archive.save()
    Box.objects.create(code="closed", name_fa="مختومه", status="archived", is_terminal=True, sort_order=60)
    draft_operations_install(apps=apps)
    assert Operation.objects.get(code="confirm").kind == "confirm"
    assert Relation.objects.get(from_box__code="receipt", operation__code="draft_linked").to_box.code == "closed"


@pytest.mark.django_db
def test_it_names_in_the_inbox_badge_and_draft_panel_only_the_candidates_the_user_may_see(cats, client, operator):
    from addresses.models import Region
    from tests.intake.factories import region_beside
    from tests.personas import PASSWORD, persona_scope
    from text.digits import to_persian_digits

    region6 = Region.objects.get(number=6)
    region7 = region_beside(region6)
    seen = request_make(cats["lamp"], east_m=20, region=region6, text="چراغ خاموش")
    hidden = request_make(cats["lamp"], east_m=25, region=region7, text="چراغ خاموش")
    draft = request_draft_register(channel="sms", text="چراغ خاموش", phone="09121234567", category=cats["lamp"],
                                   lon=CENTRE[0], lat=CENTRE[1], notify=False).request
    stored = {c["tracking_code"] for c in draft.intake.duplicate_candidates}
    assert {seen.tracking_code, hidden.tracking_code} <= stored  # an unattended channel is checked against all
    persona_scope(operator, regions=[region6])
    ServiceRequest.objects.filter(pk=draft.pk).update(region=region6)
    client.login(username=operator.username, password=PASSWORD)
    inbox = client.get("/inbox/receipt/").content.decode()
    case = client.get(f"/cases/{draft.tracking_code}/").content.decode()
    for page in (inbox, case):
        assert to_persian_digits(seen.tracking_code) in page
        assert to_persian_digits(hidden.tracking_code) not in page and hidden.tracking_code not in page


@pytest.mark.django_db
def test_it_neither_counts_nor_lists_a_draft_whose_only_duplicate_is_in_another_region(cats, client, operator):
    from addresses.models import Region
    from tests.intake.factories import region_beside
    from tests.personas import PASSWORD, persona_scope
    from workflow.models import Box
    from workflow.selectors import inbox_draft_counts, inbox_for_user

    region6 = Region.objects.get(number=6)
    region7 = region_beside(region6)
    request_make(cats["lamp"], east_m=25, region=region7, text="چراغ خاموش")
    draft = request_draft_register(channel="sms", text="چراغ خاموش", phone="09121234567", category=cats["lamp"],
                                   lon=CENTRE[0], lat=CENTRE[1], notify=False).request
    ServiceRequest.objects.filter(pk=draft.pk).update(region=region6)
    receipt = Box.objects.get(code="receipt")
    assert inbox_draft_counts(operator, receipt)["possible_duplicates"] == 1  # unscoped: the case is visible
    persona_scope(operator, regions=[region6])
    assert inbox_draft_counts(operator, receipt)["possible_duplicates"] == 0
    assert list(inbox_for_user(operator, receipt, {"possible_duplicate": "1"})) == []
    assert draft in inbox_for_user(operator, receipt, {})  # the draft itself is theirs to review
    client.login(username=operator.username, password=PASSWORD)
    assert client.get("/inbox/receipt/?possible_duplicate=1").status_code == 200
