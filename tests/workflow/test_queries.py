"""Query counts: every inbox, the case page and the supervision page cost the same number of queries with 3 rows
as with 30 (no query per row), under a fixed bound."""

import jdatetime
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from intake.models import Attachment, Citizen, CoReporter, ServiceRequest
from tests.personas import PASSWORD, persona_scope
from tests.workflow.factories import category_make, official_make, reference_make, request_make
from workflow.followup import letter_record, official_answer_record, site_visit_record
from workflow.models import OfficialAnswer, RequestCase
from workflow.response import survey_record
from workflow.services import transition_execute, workflow_start

pytestmark = pytest.mark.django_db

# A page may cost at most this many queries, however many rows it shows.
INBOX_BOUND = 30
CASE_BOUND = 60
SUPERVISION_BOUND = 25

_phones = iter(range(10_000_000, 99_999_999))


def citizen_make(name: str = "شهروند") -> Citizen:
    return Citizen.objects.create(phone=f"091{next(_phones):08d}", name=name)


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


def queries_for(client, url: str, params: dict | None = None, status: int = 200) -> int:
    """The number of queries one GET costs (after a first GET has warmed the session and shared caches)."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params or {})
    assert response.status_code == status, response.content[:500]
    return len(queries)


def rich_request(*, category, region=None, operator) -> ServiceRequest:
    """A request as the inbox shows it: a citizen, a co-reporter, an attachment, its registration history."""
    request = request_make(category=category, region=region, citizen=citizen_make(), created_by=operator)
    CoReporter.objects.create(request=request, citizen=citizen_make("همسایه"), channel="phone", text="من هم دیدم")
    Attachment.objects.create(request=request, file="attachments/x/photo.jpg", original_name="photo.jpg",
                              content_type="image/jpeg", size=10, uploaded_by=operator)
    return request


class People:
    def __init__(self, operator, followup_expert, responder):
        self.operator, self.followup_expert, self.responder = operator, followup_expert, responder


def to_box(request, box: str, people: People) -> ServiceRequest:
    """Walk a request through the default preset to `box`, by the people who work each inbox."""
    workflow_start(request=request, actor=people.operator)
    if box == "receipt":
        return request
    transition_execute(request=request, operation="refer", actor=people.operator, assignee=people.followup_expert)
    if box == "followup":
        return request
    transition_execute(request=request, operation="answer", actor=people.followup_expert, text="انجام شد")
    if box == "response":
        return request
    if box == "feedback":
        transition_execute(request=request, operation="schedule_feedback", actor=people.responder)
        return request
    transition_execute(request=request, operation="survey_done", actor=people.responder)
    return request


def fill(box: str, count: int, people: People, *, category, region=None) -> None:
    while RequestCase.objects.filter(box__code=box).count() < count:
        to_box(rich_request(category=category, region=region, operator=people.operator), box, people)


INBOXES = [
    # (box, URL name, the persona who works it)
    ("receipt", "inbox-receipt", "operator"),
    ("followup", "inbox-followup", "followup_expert"),
    ("response", "inbox-response", "responder"),
    ("feedback", "inbox-feedback", "responder"),
    ("archive", "inbox-archive", "supervisor"),
]


@pytest.mark.parametrize(("box", "url_name", "persona"), INBOXES)
def test_it_lists_each_inbox_in_the_same_number_of_queries_for_3_and_30_rows(
        client, request, box, url_name, persona, operator, followup_expert, responder):
    from tests.intake.factories import city_make

    people = People(operator, followup_expert, responder)
    user = request.getfixturevalue(persona)
    category, region = category_make(), city_make()
    fill(box, 3, people, category=category, region=region)
    params = {}
    if box == "feedback":
        due = RequestCase.objects.filter(box__code="feedback").values_list("feedback_due_on", flat=True).first()
        params["feedback_date"] = jdatetime.date.fromgregorian(date=due).strftime("%Y/%m/%d")
    login(client, user)
    url = reverse(url_name)
    queries_for(client, url, params)
    few = queries_for(client, url, params)
    fill(box, 30, people, category=category, region=region)
    body = client.get(url, params).content.decode()
    assert body.count('data-testid="inbox-row"') == 25  # a full page: every row rendered
    with CaptureQueriesContext(connection) as many:
        client.get(url, params)
    print("QUERIES", f"inbox-{box}", few, len(many))
    assert few == len(many) <= INBOX_BOUND


def test_it_counts_every_inbox_tab_of_a_supervisor_in_the_same_queries_for_3_and_30_rows(
        client, supervisor, operator, followup_expert, responder):
    people = People(operator, followup_expert, responder)
    category = category_make()
    for box in ("receipt", "followup", "response"):
        fill(box, 1, people, category=category)
    login(client, supervisor)
    url = reverse("inbox-receipt")
    queries_for(client, url)
    few = queries_for(client, url)
    for box in ("receipt", "followup", "response"):
        fill(box, 10, people, category=category)
    many = queries_for(client, url)
    print("QUERIES", "supervisor receipt", few, many)
    assert few == many <= INBOX_BOUND


def test_it_lists_a_scoped_experts_inbox_in_the_same_queries_for_3_and_30_rows(client, operator, followup_expert,
                                                                                 responder):
    ref = reference_make()
    persona_scope(followup_expert, references=[ref])
    people = People(operator, followup_expert, responder)
    category = category_make()
    ref.categories.set([category])
    fill("followup", 3, people, category=category)
    login(client, followup_expert)
    url = reverse("inbox-followup")
    queries_for(client, url)
    few = queries_for(client, url)
    fill("followup", 30, people, category=category)
    many = queries_for(client, url)
    print("QUERIES", "scoped followup", few, many)
    assert few == many <= INBOX_BOUND


def _case_history(request, people: People, rounds: int, official) -> None:
    """`rounds` trips follow-up → response → follow-up, each with an answer, a survey, a letter and a visit."""
    for n in range(rounds):
        official_answer_record(request=request, actor=people.followup_expert, text=f"پاسخ {n}", official=official,
                               files=[])
        survey_record(request=request, actor=people.responder, satisfaction=2, done=False, comment="هنوز نه")
        letter_record(request=request, letter_number=f"{n}/100", letter_date=timezone.localdate(),
                      subject="نامه", direction="out", actor=people.followup_expert)
        site_visit_record(request=request, actor=people.followup_expert, note=f"بازدید {n}")


def test_it_shows_the_case_page_in_the_same_number_of_queries_for_a_short_and_a_long_history(
        client, operator, followup_expert, responder):
    people = People(operator, followup_expert, responder)
    ref = reference_make(categories=[category_make()])
    official = official_make(reference=ref)
    category = category_make()
    request = rich_request(category=category, operator=operator)
    to_box(request, "followup", people)
    citizen = request.citizen
    _case_history(request, people, 1, official)
    for _ in range(2):
        to_box(request_make(category=category, citizen=citizen), "receipt", people)
    login(client, followup_expert)
    url = reverse("workflow-case", args=[request.tracking_code])
    queries_for(client, url)
    few = queries_for(client, url)
    _case_history(request, people, 10, official)
    for _ in range(10):
        to_box(request_make(category=category, citizen=citizen), "receipt", people)
        CoReporter.objects.create(request=request, citizen=citizen_make("دیگری"), channel="sms")
    assert OfficialAnswer.objects.filter(request=request).count() == 11
    body = client.get(url).content.decode()
    assert body.count('data-testid="official-answer"') == 11
    many = queries_for(client, url)
    print("QUERIES", "case", few, many)
    assert few == many <= CASE_BOUND


def test_it_shows_the_supervision_page_in_the_same_number_of_queries_for_3_and_30_cases(
        client, supervisor, operator, followup_expert, responder):
    import datetime

    people = People(operator, followup_expert, responder)
    ref = reference_make()
    official = official_make(reference=ref)
    category = category_make()

    def add(count):
        for _ in range(count):
            request = rich_request(category=category, operator=operator)
            to_box(request, "followup", people)
            official_answer_record(request=request, actor=followup_expert, text="پاسخ", official=official, files=[])
        RequestCase.objects.update(due_at=timezone.now() - datetime.timedelta(hours=1))

    add(3)
    login(client, supervisor)
    url = reverse("workflow-supervision")
    queries_for(client, url)
    few = queries_for(client, url)
    add(27)
    many = queries_for(client, url)
    print("QUERIES", "supervision", few, many)
    assert few == many <= SUPERVISION_BOUND
