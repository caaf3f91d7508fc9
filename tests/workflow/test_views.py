"""Inbox and case pages: who may open them, filters, bulk referral, answer and survey forms."""

import pytest
from django.urls import reverse

from intake.models import Citizen, Status
from tests.personas import PASSWORD
from tests.workflow.factories import official_make, reference_make, request_make
from workflow.models import CannedText, OfficialAnswer, Operation, RequestCase, Survey
from workflow.services import transition_execute, workflow_start

pytestmark = pytest.mark.django_db


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


def test_it_shows_the_receipt_inbox_with_counts(client, operator):
    request = request_make()
    workflow_start(request=request, actor=operator)
    response = login(client, operator).get(reverse("inbox-receipt"))
    assert response.status_code == 200
    body = response.content.decode()
    assert 'data-testid="inbox-receipt"' in body and request.tracking_code in body


def test_it_refuses_an_inbox_outside_the_users_roles(client, planner):
    response = login(client, planner).get(reverse("inbox-followup"))
    assert response.status_code == 403


def test_it_answers_a_bad_jalali_date_with_400(client, operator):
    response = login(client, operator).get(reverse("inbox-receipt"), {"date_from": "۱۴۰۳/۱۳/۴۰"})
    assert response.status_code == 400
    assert "Jalali" in response.content.decode() or "شمسی" in response.content.decode()


def test_it_refers_selected_messages_in_bulk_with_one_description(client, operator, followup_expert):
    requests = [request_make() for _ in range(3)]
    for r in requests:
        workflow_start(request=r, actor=operator)
    response = login(client, operator).post(reverse("inbox-receipt"), {
        "action": "bulk", "operation": "refer", "assignee": followup_expert.pk, "text": "بررسی فوری",
        "selected": [r.tracking_code for r in requests[:2]],
    })
    assert response.status_code == 302
    boxes = dict(RequestCase.objects.values_list("request_id", "box__code"))
    assert [boxes[r.pk] for r in requests] == ["followup", "followup", "receipt"]
    assert requests[0].history.get(action="refer").text == "بررسی فوری"


def test_it_saves_a_filter(client, operator):
    login(client, operator).post(reverse("inbox-receipt"),
                                 {"action": "save_filter", "name": "پیامکی", "channel": "sms"})
    body = client.get(reverse("inbox-receipt")).content.decode()
    assert "پیامکی" in body and "channel=sms" in body


def test_it_records_the_officials_answer_with_a_file(client, operator, followup_expert):
    from django.core.files.uploadedfile import SimpleUploadedFile

    ref = reference_make()
    official = official_make(reference=ref)
    request = request_make()
    workflow_start(request=request, actor=operator, assignee=followup_expert)
    response = login(client, followup_expert).post(reverse("workflow-case-answer", args=[request.tracking_code]), {
        "text": "آسفالت ترمیم شد", "official": official.pk,
        "files": SimpleUploadedFile("letter.pdf", b"%PDF-1.4 answer", content_type="application/pdf"),
    })
    assert response.status_code == 302
    answer = OfficialAnswer.objects.get(request=request)
    assert answer.official == official and answer.attachments.count() == 1
    assert RequestCase.objects.get(request=request).box.code == "response"


def test_it_refuses_an_infected_answer_file_with_422_keeping_the_answer_typed(client, operator, followup_expert,
                                                                               clamd, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from intake.models import Quarantine
    from tests.fixtures.uploads.corpus import pdf_with_eicar

    settings.MEDIA_ROOT = tmp_path
    request = request_make()
    workflow_start(request=request, actor=operator, assignee=followup_expert)
    response = login(client, followup_expert).post(reverse("workflow-case-answer", args=[request.tracking_code]), {
        "text": "آسفالت ترمیم شد", "files": SimpleUploadedFile("letter.pdf", pdf_with_eicar())})
    body = response.content.decode()
    assert response.status_code == 422 and "letter.pdf" in body and "ویروس" in body
    assert "آسفالت ترمیم شد" in body  # the answer as typed, to send again without the file
    assert not OfficialAnswer.objects.filter(request=request).exists()
    assert Quarantine.objects.get(request=request).uploaded_by == followup_expert


def test_it_returns_a_not_done_survey_to_followup_and_archives_a_done_one(client, operator, followup_expert, responder):
    request = request_make()
    workflow_start(request=request, actor=operator, assignee=followup_expert)
    transition_execute(request=request, operation="answer", actor=followup_expert, text="انجام شد")
    url = reverse("workflow-case-survey", args=[request.tracking_code])
    login(client, responder).post(url, {"satisfaction": "2", "done": "no", "comment": "نشده"})
    assert RequestCase.objects.get(request=request).box.code == "followup"
    transition_execute(request=request, operation="answer", actor=followup_expert, text="این بار انجام شد")
    client.post(url, {"satisfaction": "5", "done": "yes"})
    request.refresh_from_db()
    assert request.status == Status.ARCHIVED
    assert list(Survey.objects.filter(request=request).order_by("id").values_list("done", flat=True)) == [False, True]


def test_it_refuses_a_survey_without_a_satisfaction_with_400(client, operator, followup_expert, responder):
    request = request_make()
    workflow_start(request=request, actor=operator, assignee=followup_expert)
    transition_execute(request=request, operation="answer", actor=followup_expert, text="انجام شد")
    response = login(client, responder).post(reverse("workflow-case-survey", args=[request.tracking_code]),
                                             {"done": "yes"})
    assert response.status_code == 400
    assert 'data-testid="form-survey"' in response.content.decode()  # the case page again
    assert RequestCase.objects.get(request=request).box.code == "response"


def test_it_refers_a_case_from_its_transition_url_and_goes_back_to_the_inbox(client, operator, followup_expert):
    request = request_make()
    workflow_start(request=request, actor=operator)
    response = login(client, operator).post(reverse("workflow-case-transition", args=[request.tracking_code]), {
        "operation": "refer", "assignee": followup_expert.pk, "text": "بررسی شود",
    })
    assert response.status_code == 302 and response["Location"] == reverse("inbox-receipt")
    case = RequestCase.objects.get(request=request)
    assert (case.box.code, case.assignee) == ("followup", followup_expert)
    assert request.history.get(action="refer").text == "بررسی شود"


def test_it_shows_the_case_page_again_with_the_reason_when_a_transition_is_refused(client, operator):
    request = request_make()
    workflow_start(request=request, actor=operator)
    response = login(client, operator).post(reverse("workflow-case-transition", args=[request.tracking_code]),
                                            {"operation": "no_such_operation"})
    assert response.status_code == 409
    body = response.content.decode()
    assert 'data-testid="timeline"' in body and 'class="messages"' in body and "no_such_operation" in body
    assert RequestCase.objects.get(request=request).box.code == "receipt"


def test_it_posts_each_form_of_the_case_page_to_its_own_url(client, operator, supervisor):
    request = request_make()
    workflow_start(request=request, actor=operator)
    body = login(client, supervisor).get(reverse("workflow-case", args=[request.tracking_code])).content.decode()
    code = request.tracking_code
    assert f'action="/cases/{code}/letter/"' in body and f'action="/cases/{code}/reassign/"' in body
    assert 'name="action"' not in body
    body = login(client, operator).get(reverse("workflow-case", args=[code])).content.decode()
    assert f'action="/cases/{code}/transition/"' in body and 'data-testid="form-refer"' in body


def test_it_refuses_a_post_of_the_old_single_form_to_the_case_page_with_405(client, operator, followup_expert):
    request = request_make()
    workflow_start(request=request, actor=operator)
    response = login(client, operator).post(reverse("workflow-case", args=[request.tracking_code]), {
        "action": "transition", "operation": "refer", "assignee": followup_expert.pk,
    })
    assert response.status_code == 405 and response["Allow"] == "GET, HEAD"
    assert "این فرم قدیمی است" in response.content.decode()
    assert RequestCase.objects.get(request=request).box.code == "receipt"


def test_it_answers_a_get_of_an_action_url_with_405(client, operator):
    request = request_make()
    workflow_start(request=request, actor=operator)
    response = login(client, operator).get(reverse("workflow-case-transition", args=[request.tracking_code]))
    assert response.status_code == 405


def test_it_hides_an_action_on_a_case_outside_the_scope(client, operator, followup_expert):
    from tests.personas import persona_scope
    from workflow.models import Correspondence

    persona_scope(followup_expert, references=[reference_make()])
    request = request_make()
    workflow_start(request=request, actor=operator)
    response = login(client, followup_expert).post(reverse("workflow-case-letter", args=[request.tracking_code]), {
        "letter_number": "۱۲۳", "letter_date": "1403/05/01", "subject": "پیگیری", "direction": "in",
    })
    assert response.status_code == 404
    assert not Correspondence.objects.filter(request=request).exists()


def test_it_records_a_letter_and_refuses_a_bad_date_with_400_on_the_case_page(client, operator):
    from workflow.models import Correspondence

    request = request_make()
    workflow_start(request=request, actor=operator)
    url = reverse("workflow-case-letter", args=[request.tracking_code])
    bad = login(client, operator).post(url, {"letter_number": "12", "letter_date": "1403/13/40", "subject": "پیگیری",
                                             "direction": "in"})
    assert bad.status_code == 400 and 'data-testid="timeline"' in bad.content.decode()
    assert not Correspondence.objects.filter(request=request).exists()
    response = client.post(url, {"letter_number": "12", "letter_date": "1403/05/01", "subject": "پیگیری",
                                 "direction": "in"})
    assert response.status_code == 302
    assert response["Location"] == reverse("workflow-case", args=[request.tracking_code])
    assert Correspondence.objects.get(request=request).subject == "پیگیری"


def test_it_reassigns_a_case_only_to_someone(client, operator, supervisor):
    request = request_make()
    workflow_start(request=request, actor=operator)
    url = reverse("workflow-case-reassign", args=[request.tracking_code])
    refused = login(client, supervisor).post(url, {"assignee": ""})
    assert refused.status_code == 400
    response = client.post(url, {"assignee": operator.pk})
    assert response.status_code == 302
    assert response["Location"] == reverse("workflow-case", args=[request.tracking_code])
    assert RequestCase.objects.get(request=request).assignee == operator


def test_it_rates_the_official_of_a_case(client, operator):
    from workflow.models import OfficialRating

    official = official_make(reference=reference_make())
    request = request_make()
    workflow_start(request=request, actor=operator)
    url = reverse("workflow-case-rating", args=[request.tracking_code])
    assert login(client, operator).post(url, {"official": "", "timeliness": "4", "quality": "5"}).status_code == 400
    response = client.post(url, {"official": official.pk, "timeliness": "4", "quality": "5"})
    assert response.status_code == 302
    assert OfficialRating.objects.filter(official=official).exists()


def test_it_shows_the_citizens_other_open_codes_a_tel_link_and_canned_texts(client, operator, followup_expert,
                                                                            responder):
    citizen = Citizen.objects.create(phone="09121234567", name="نرگس")
    request, other = request_make(citizen=citizen), request_make(citizen=citizen)
    workflow_start(request=other, actor=operator)
    workflow_start(request=request, actor=operator, assignee=followup_expert)
    transition_execute(request=request, operation="answer", actor=followup_expert, text="انجام شد")
    CannedText.objects.create(operation=Operation.objects.get(code="survey_done"), text="شهروند راضی بود")
    body = login(client, responder).get(reverse("workflow-case", args=[request.tracking_code])).content.decode()
    assert 'href="tel:09121234567"' in body
    assert other.tracking_code in body
    assert "شهروند راضی بود" in body


def test_it_hides_a_case_outside_the_scope(client, operator, followup_expert):
    from tests.personas import persona_scope

    persona_scope(followup_expert, references=[reference_make()])
    request = request_make()
    workflow_start(request=request, actor=operator)
    response = login(client, followup_expert).get(reverse("workflow-case", args=[request.tracking_code]))
    assert response.status_code == 404


# ------------------------------------------------------------------ drafts in the receipt inbox and on the case page


def draft_make(*, text="چراغ کوچه خاموش است", phone="09121234567", **kwargs):
    from intake.services import request_draft_register

    return request_draft_register(channel="sms", text=text, phone=phone, notify=False, **kwargs).request


@pytest.fixture
def small_city(db):
    from tests.intake.factories import categories_make, city_make

    return city_make(), categories_make()


def test_it_shows_a_draft_for_review_without_its_tracking_code(client, operator, small_city):
    draft = draft_make()
    response = login(client, operator).get(reverse("workflow-case", args=[draft.tracking_code]))
    body = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="draft-review"' in body and 'data-testid="draft-form"' in body
    assert 'data-testid="draft-badge"' in body and 'data-testid="tracking-code"' not in body
    assert 'data-testid="address-input"' in body  # the gazetteer address widget
    assert 'data-testid="form-refer"' not in body  # not referable before it is confirmed
    assert "چراغ کوچه خاموش است" in body


def test_it_confirms_a_draft_from_the_case_page_and_then_offers_the_referral(client, operator, small_city):
    from tests.intake.factories import CENTRE

    _region, cats = small_city
    draft = draft_make()
    url = reverse("workflow-case", args=[draft.tracking_code])
    response = login(client, operator).post(reverse("workflow-case-draft-confirm", args=[draft.tracking_code]), {
        "category": cats["lamp"].pk, "urgency": "trackable", "text": "چراغ خاموش است",
        "address_lon": str(CENTRE[0]), "address_lat": str(CENTRE[1]), "address_label": "یوسف‌آباد",
    })
    assert response.status_code == 302 and response["Location"] == url
    draft.refresh_from_db()
    assert draft.status == Status.REGISTERED and draft.address_text == "یوسف‌آباد" and draft.region is not None
    body = client.get(url).content.decode()
    assert 'data-testid="tracking-code"' in body and 'data-testid="draft-review"' not in body
    assert 'data-testid="form-refer"' in body and 'data-action="confirm"' in body


def test_it_answers_a_bad_draft_confirmation_with_400_and_keeps_what_was_typed(client, operator, small_city):
    draft = draft_make()
    response = login(client, operator).post(reverse("workflow-case-draft-confirm", args=[draft.tracking_code]),
                                            {"category": "", "text": "متن تازه", "address_lon": "abc",
                                             "address_lat": "35.7"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "طول و عرض جغرافیایی" in body and "متن تازه" in body
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT and draft.text == "چراغ کوچه خاموش است"


def test_it_links_a_draft_from_the_case_page_to_a_nearby_candidate(client, operator, small_city):
    from intake.models import CoReporter
    from tests.intake.factories import CENTRE
    from tests.intake.factories import request_make as intake_request_make

    _region, cats = small_city
    open_case = intake_request_make(cats["lamp"], east_m=15, text="چراغ کوچه خاموش")
    workflow_start(request=open_case, actor=operator)
    draft = draft_make(category=cats["lamp"], lon=CENTRE[0], lat=CENTRE[1])
    url = reverse("workflow-case", args=[draft.tracking_code])
    body = login(client, operator).get(url).content.decode()
    assert f'data-testid="draft-candidate" data-tracking-code="{open_case.tracking_code}"' in body
    assert 'data-testid="duplicate-flag"' in body
    response = client.post(reverse("workflow-case-draft-link", args=[draft.tracking_code]),
                           {"target": open_case.tracking_code})
    assert response.status_code == 302 and response["Location"] == reverse("inbox-receipt")
    assert CoReporter.objects.filter(request=open_case, citizen__phone="09121234567").exists()
    inbox = client.get(reverse("inbox-receipt")).content.decode()
    assert f"/cases/{draft.tracking_code}/" not in inbox and f"/cases/{open_case.tracking_code}/" in inbox
    bad = client.post(reverse("workflow-case-draft-link", args=[open_case.tracking_code]),
                      {"target": draft.tracking_code})
    assert bad.status_code == 409  # the open case is no draft


def test_it_shows_a_draft_read_only_to_a_responder(client, operator, responder, small_city):
    draft = draft_make()
    response = login(client, responder).get(reverse("workflow-case", args=[draft.tracking_code]))
    body = response.content.decode()
    assert response.status_code == 200 and 'data-testid="draft-not-allowed"' in body
    assert 'data-testid="draft-form"' not in body
    refused = client.post(reverse("workflow-case-draft-save", args=[draft.tracking_code]), {"text": "دست‌کاری"})
    assert refused.status_code == 403
    draft.refresh_from_db()
    assert draft.text == "چراغ کوچه خاموش است"


def test_it_counts_drafts_and_possible_duplicates_with_a_constant_number_of_queries(client, operator, small_city,
                                                                                     django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    login(client, operator)
    client.get(reverse("inbox-receipt"))
    for n in range(3):
        draft_make(text=f"پیام {n}", phone=f"0912123456{n}")
    with CaptureQueriesContext(connection) as captured:
        client.get(reverse("inbox-receipt"))
    few = len(captured)
    for n in range(3, 8):
        draft_make(text=f"پیام {n}", phone=f"0912123456{n}")
    with django_assert_max_num_queries(few):
        body = client.get(reverse("inbox-receipt")).content.decode()
    assert '<span data-testid="count-drafts">۸</span>' in body and body.count('data-testid="draft-badge"') == 8


@pytest.mark.parametrize("persona", ["planner", "manager"])
def test_it_masks_the_citizens_name_and_phone_for_roles_that_do_not_call_citizens(client, operator, persona,
                                                                                  request):
    viewer = request.getfixturevalue(persona)
    citizen = Citizen.objects.create(phone="09121234567", name="نرگس رضایی")
    case_request = request_make(citizen=citizen)
    workflow_start(request=case_request, actor=operator)
    response = login(client, viewer).get(reverse("workflow-case", args=[case_request.tracking_code]))
    body = response.content.decode()
    assert response.status_code == 200 and 'data-testid="citizen-phone-masked"' in body
    assert "09121234567" not in body and "۰۹۱۲۱۲۳۴۵۶۷" not in body and "نرگس رضایی" not in body
    assert "tel:" not in body
