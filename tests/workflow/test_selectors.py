"""Inboxes as selectors: which requests a user sees in a box, with filters and counts."""

import datetime

import jdatetime
import pytest
from django.utils import timezone

from tests.personas import persona_scope
from tests.workflow.factories import category_make, reference_make, request_make
from workflow.models import RequestCase
from workflow.selectors import (
    BadFilter,
    inbox_counts,
    inbox_for_user,
    parse_jalali_date,
    referral_chain,
    request_timeline,
)
from workflow.services import transition_execute, workflow_start

pytestmark = pytest.mark.django_db


def test_it_lists_the_receipt_inbox_for_an_operator(operator):
    first, second = request_make(), request_make()
    for r in (first, second):
        workflow_start(request=r, actor=operator)
    assert set(inbox_for_user(operator, "receipt")) == {first, second}
    assert inbox_counts(operator) == {"receipt": 2}


def test_it_hides_a_colleagues_assigned_case(operator, followup_expert, django_user_model):
    colleague = django_user_model.objects.create_user(username="colleague", password="x")
    colleague.groups.set(followup_expert.groups.all())
    request = request_make()
    workflow_start(request=request, actor=operator, assignee=followup_expert)
    assert list(inbox_for_user(followup_expert, "followup")) == [request]
    assert list(inbox_for_user(colleague, "followup")) == []


def test_it_filters_by_sub_subject_channel_and_overdue(operator):
    a, b = category_make(), category_make()
    ra, rb = request_make(category=a, channel="sms"), request_make(category=b)
    for r in (ra, rb):
        workflow_start(request=r, actor=operator)
    assert list(inbox_for_user(operator, "receipt", {"category": a.pk})) == [ra]
    assert list(inbox_for_user(operator, "receipt", {"channel": "sms"})) == [ra]
    RequestCase.objects.filter(request=rb).update(due_at=timezone.now() - datetime.timedelta(hours=1))
    assert list(inbox_for_user(operator, "receipt", {"overdue": "1"})) == [rb]


def test_it_filters_by_a_jalali_date_range(operator):
    request = request_make()
    workflow_start(request=request, actor=operator)
    today = jdatetime.date.fromgregorian(date=timezone.localdate())
    yesterday = today - datetime.timedelta(days=1)
    assert list(inbox_for_user(operator, "receipt", {"date_from": today.strftime("%Y/%m/%d")})) == [request]
    assert list(inbox_for_user(operator, "receipt", {"date_to": yesterday.strftime("%Y/%m/%d")})) == []


def test_it_reads_persian_digits_in_a_jalali_date():
    assert parse_jalali_date("۱۴۰۳/۰۱/۰۱") == datetime.date(2024, 3, 20)


def test_it_rejects_an_unreadable_date(operator):
    with pytest.raises(BadFilter):
        inbox_for_user(operator, "receipt", {"date_from": "yesterday"})


def test_it_limits_an_inbox_to_the_experts_scope(operator, followup_expert, supervisor):
    category = category_make()
    mine = reference_make(categories=[category])
    persona_scope(followup_expert, references=[mine])
    inside, outside = request_make(category=category), request_make()
    for r in (inside, outside):
        workflow_start(request=r, actor=operator)
        transition_execute(request=r, operation="refer", actor=operator)
    assert list(inbox_for_user(followup_expert, "followup")) == [inside]
    assert set(inbox_for_user(supervisor, "followup")) == {inside, outside}


def test_it_colours_each_operation_in_the_timeline(operator, followup_expert):
    request = request_make()
    workflow_start(request=request, actor=operator)
    transition_execute(request=request, operation="refer", actor=operator, assignee=followup_expert)
    timeline = request_timeline(request)
    assert [e.action for e in timeline] == ["workflow_start", "refer"]
    assert timeline[0].color != timeline[1].color
    assert timeline[1].assignee == "علی رضایی"
    chain = referral_chain(request)
    assert [c["box"] for c in chain] == ["دریافت", "پیگیری"]


def test_it_offers_no_draft_review_operation_among_an_inboxs_actions(operator):
    from workflow.models import Box
    from workflow.selectors import relation_choices

    offered = {r.operation.code for r in relation_choices(box=Box.objects.get(code="receipt"), user=operator)}
    assert offered == {"refer", "archive"}  # confirm / link are done from the draft form


@pytest.mark.parametrize("digits", ["۰۱۲۳۴۵۶۷۸۹", "٠١٢٣٤٥٦٧٨٩"], ids=["persian", "arabic-indic"])
def test_it_finds_a_case_by_its_tracking_code_typed_in_persian_or_arabic_indic_digits(operator, digits):
    request, other = request_make(), request_make()
    for r in (request, other):
        workflow_start(request=r, actor=operator)
    typed = request.tracking_code.translate(str.maketrans("0123456789", digits))
    assert list(inbox_for_user(operator, "receipt", {"q": typed})) == [request]


@pytest.mark.parametrize(("stored", "typed"), [
    ("لامپ كوچه علي‌آباد خاموش است", "کوچه علی آباد"),   # an SMS typed on an Arabic keyboard, searched in Persian
    ("لامپ کوچه علی‌آباد خاموش است", "كوچه علي"),         # and the other way round
    ("چاله جلوی پلاک ۱۲", "پلاک 12"),                      # Persian digits in the text, ASCII in the search
    ("آسفالت خیابانِ اصلی", "اسفالت خیابان"),               # alef madda and a kasra
])
def test_it_finds_a_case_by_its_text_whatever_letters_digits_or_marks_either_side_uses(operator, stored, typed):
    request, other = request_make(text=stored), request_make(text="درخت افتاده است")
    for r in (request, other):
        workflow_start(request=r, actor=operator)
    assert list(inbox_for_user(operator, "receipt", {"q": typed})) == [request]
