"""Query counts: every inbox, the case page and the supervision page cost the same number of queries with 3 rows
as with 30 (no query per row), under a fixed bound."""

import jdatetime
import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from intake.models import Attachment, Citizen, CoReporter, ServiceRequest
from tests.personas import PASSWORD, login_verified, persona_scope
from tests.workflow.factories import category_make, official_make, reference_make, request_make
from workflow.followup import letter_record, official_answer_record, site_visit_record
from workflow.models import OfficialAnswer, RequestCase
from workflow.response import survey_record
from workflow.services import transition_execute, workflow_start

pytestmark = pytest.mark.django_db

# A page may cost at most this many queries, however many rows it shows.
INBOX_BOUND = 32
CASE_BOUND = 60
SUPERVISION_BOUND = 25

_phones = iter(range(10_000_000, 99_999_999))


def citizen_make(name: str = "شهروند") -> Citizen:
    return Citizen.objects.create(phone=f"091{next(_phones):08d}", name=name)


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


def queries_for(client, url: str, params: dict | None = None, status: int = 200) -> int:
    """The number of queries one GET costs, the shared cache emptied first (so a cached flag expiring between two
    measurements cannot change the count)."""
    cache.clear()
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
    many = queries_for(client, url, params)
    print("QUERIES", f"inbox-{box}", few, many)
    assert few == many <= INBOX_BOUND


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
    body = client.get(url).content.decode()
    assert body.count('<li class="overdue">') == 30  # every overdue case listed
    assert body.count("پاسخ ·") == 30  # and every official's answer
    print("QUERIES", "supervision", few, many)
    assert few == many <= SUPERVISION_BOUND


# ---------------------------------------------------------------------------------------------- the N+1 paths


def _old_referral_chain(request):
    """The chain as it was built before (timeline zipped with a second read of the history): the oracle."""
    from intake.models import RequestHistory
    from workflow.selectors import request_timeline

    chain = []
    for entry, row in zip(request_timeline(request),
                          RequestHistory.objects.filter(request=request).order_by("created_at", "id")):
        data = row.data if isinstance(row.data, dict) else {}
        if not data.get("to_box"):
            continue
        chain.append({"box": entry.to_box, "assignee": entry.assignee, "actor": entry.actor,
                      "roles": ", ".join(data.get("actor_roles", [])), "at": entry.at, "color": entry.color})
    return chain


def test_it_builds_the_referral_chain_in_one_query_whatever_its_length(django_assert_num_queries, operator,
                                                                        followup_expert, responder, supervisor):
    from workflow.selectors import referral_chain

    people = People(operator, followup_expert, responder)
    request = to_box(request_make(), "response", people)
    with django_assert_num_queries(1):
        short = referral_chain(request)
    for n in range(5):
        transition_execute(request=request, operation="survey_not_done", actor=responder, assignee=followup_expert)
        transition_execute(request=request, operation="answer", actor=followup_expert, text=f"پاسخ {n}")
    transition_execute(request=request, operation="survey_done", actor=responder)
    transition_execute(request=request, operation="reopen", actor=supervisor, text="دوباره")
    with django_assert_num_queries(1):
        chain = referral_chain(request)
    assert len(chain) == len(short) + 12
    assert [c["box"] for c in chain[:3]] == ["دریافت", "پیگیری", "پاسخگویی"]
    assert chain[1]["assignee"] == "علی رضایی" and chain[-1]["actor"] == "حسین موسوی"
    assert chain == _old_referral_chain(request)


def test_it_counts_every_inbox_of_a_user_in_a_fixed_number_of_queries(django_assert_max_num_queries, operator,
                                                                     followup_expert, responder, supervisor):
    from workflow.models import Box
    from workflow.selectors import _base, inbox_counts, user_boxes

    people = People(operator, followup_expert, responder)
    category = category_make()
    for box, n in (("receipt", 2), ("followup", 3), ("response", 1)):
        fill(box, n, people, category=category)
    expected = {box.code: _base(supervisor, box).count() for box in Box.objects.filter(is_active=True)}
    assert expected["followup"] == 3 and expected["feedback"] == 0
    with django_assert_max_num_queries(3):  # the boxes, their roles, one grouped count
        assert inbox_counts(supervisor) == expected
    assert list(inbox_counts(followup_expert)) == ["followup"]
    assert inbox_counts(followup_expert) == {"followup": 3}
    assert [b.code for b in user_boxes(responder)] == ["response", "feedback"]


def _old_auto_assignee(box, case, request):
    """The candidate loop as it was (one `user_may_receive` per candidate): the oracle."""
    from django.contrib.auth import get_user_model
    from django.db.models import Count, Q

    from intake.models import RequestHistory
    from organization.models import Reference
    from workflow.services import user_may_receive

    User = get_user_model()
    previous = (RequestHistory.objects.filter(request_id=request.pk, data__to_box=box.code,
                                              data__assignee__isnull=False)
                .order_by("-created_at", "-id").values_list("data__assignee", flat=True).first())
    if previous:
        user = User.objects.filter(pk=previous).first()
        if user and user_may_receive(user, box, request):
            return user
    scoped = Q()
    if case.reference_id:
        ancestors, ref = [], Reference.objects.filter(pk=case.reference_id).first()
        while ref is not None:
            ancestors.append(ref.pk)
            ref = ref.parent
        scoped |= Q(profile__scope_references__in=ancestors)
    if request.region_id:
        scoped |= Q(profile__scope_regions=request.region_id)
    if not scoped:
        return None
    candidates = (User.objects.filter(scoped, is_active=True, groups__in=box.receive_roles.all()).distinct()
                  .annotate(load=Count("workflow_cases", filter=Q(workflow_cases__box=box), distinct=True))
                  .order_by("load", "id"))
    for user in candidates[:20]:
        if user_may_receive(user, box, request):
            return user
    return None


def _experts(n: int, *, references=(), regions=(), prefix: str):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    group = Group.objects.get(name="followup")
    made = []
    for i in range(n):
        user = get_user_model().objects.create_user(username=f"{prefix}-{i}", first_name="کارشناس", last_name=str(i))
        user.groups.add(group)
        persona_scope(user, references=references, regions=regions)
        made.append(user)
    return made


def test_it_chooses_the_auto_assignee_in_the_same_queries_for_3_and_20_candidates(operator):
    from addresses.models import Region
    from tests.intake.factories import city_make
    from workflow.models import Box
    from workflow.services import _auto_assignee

    region = city_make()
    other_region = Region.objects.create(city=region.city, number=7, name_fa="منطقه ۷", geom=region.geom)
    parent = reference_make(name="شهرداری")
    ref = reference_make(name="معاونت خدمات", parent=parent)
    category = category_make()
    ref.categories.set([category])
    box = Box.objects.get(code="followup")

    def request_in_scope():
        request = request_make(category=category, region=region)
        workflow_start(request=request, actor=operator)
        case = RequestCase.objects.get(request=request)
        RequestCase.objects.filter(pk=case.pk).update(reference=ref)
        case.refresh_from_db()
        return request, case

    def choose():
        request, case = request_in_scope()
        with CaptureQueriesContext(connection) as queries:
            chosen = _auto_assignee(box, case, request)
        assert chosen == _old_auto_assignee(box, case, request)
        return chosen, len(queries)

    # Candidates who may not receive: scoped to the reference but in another region (both must match).
    _experts(2, references=[ref], regions=[other_region], prefix="elsewhere")
    busy = _experts(1, references=[parent], prefix="busy")[0]  # an ancestor reference covers the case
    chosen, few = choose()
    assert chosen == busy
    RequestCase.objects.filter(request__category=category).update(assignee=busy, box=box)
    _experts(15, references=[ref], regions=[other_region], prefix="more-elsewhere")
    idle = _experts(2, regions=[region], prefix="idle")
    chosen, many = choose()
    assert chosen == idle[0]  # least loaded, lowest id
    print("QUERIES", "auto-assignee", few, many)
    assert few == many <= 15


def test_it_gives_the_same_auto_assignee_as_checking_each_candidate(operator, followup_expert, django_user_model):
    """Superusers, inactive users, role definitions switched off, a merged role: the SQL check agrees with
    `user_may_receive` for each."""
    from django.contrib.auth.models import Group

    from organization.models import RoleDefinition
    from tests.intake.factories import city_make
    from workflow.models import Box
    from workflow.services import _auto_assignee, user_may_receive

    region = city_make()
    box = Box.objects.get(code="followup")
    root = django_user_model.objects.create_superuser(username="root", password="x")
    root.groups.add(Group.objects.get(name="followup"))
    off = _experts(1, regions=[region], prefix="off")[0]
    off.is_active = False
    off.save()
    plain = _experts(1, regions=[region], prefix="plain")[0]
    persona_scope(root, regions=[region])
    request = request_make(region=region)
    workflow_start(request=request, actor=operator)
    case = RequestCase.objects.get(request=request)
    chosen = _auto_assignee(box, case, request)
    assert chosen == _old_auto_assignee(box, case, request) == root  # lowest id of the two idle receivers
    assert user_may_receive(plain, box, request) and not user_may_receive(off, box, request)
    root.groups.clear()
    RoleDefinition.objects.update_or_create(group=Group.objects.get(name="followup"),
                                            defaults={"label_fa": "پیگیری", "is_active": False})
    fresh = RequestCase.objects.get(request=request)
    assert _auto_assignee(box, fresh, request) == _old_auto_assignee(box, fresh, request) is None


def test_it_backfills_cases_in_the_same_queries_for_3_and_30_requests_with_the_same_deadlines():
    import datetime

    from intake.models import Status
    from workflow.models import CategoryPolicy, Holiday
    from workflow.services import _deadline, cases_backfill

    with_policy, with_sla, without = category_make(sla_hours=24), category_make(sla_hours=10), category_make(
        sla_hours=None)
    CategoryPolicy.objects.create(category=with_policy, followup_hours=5)
    CategoryPolicy.objects.create(category=without, feedback_delay_days=2)  # a policy with no follow-up hours
    Holiday.objects.create(date=timezone.localdate() + datetime.timedelta(days=1), name="تعطیل")

    def make(n):
        made = []
        for i in range(n):
            request = request_make(category=(with_policy, with_sla, without)[i % 3])
            request.status = (Status.IN_FOLLOWUP, Status.REGISTERED, Status.ARCHIVED, Status.IN_FOLLOWUP)[i % 4]
            request.created_at = timezone.now() - datetime.timedelta(hours=3 * i)
            request.save(update_fields=["status", "created_at"])
            made.append(request)
        return made

    def backfilled(requests):
        with CaptureQueriesContext(connection) as queries:
            assert cases_backfill() == len(requests)
        for request in requests:
            case = RequestCase.objects.select_related("box").get(request=request)
            box = case.box
            expected = None if box.is_terminal else _deadline(box, request, request.created_at)
            assert case.due_at == expected, (request.category, box.code)
        return len(queries)

    few = backfilled(make(3))
    many = backfilled(make(30))
    assert RequestCase.objects.filter(box__code="followup", due_at__isnull=False).count() >= 10
    print("QUERIES", "cases-backfill", few, many)
    assert few == many <= 10


ADMIN_LISTS = ["workflow/requestcase", "intake/requesthistory", "intake/servicerequest", "intake/smsmessage",
               "intake/apitoken", "workflow/categorypolicy", "workflow/cannedtext", "workflow/officialanswer",
               "intake/citizen", "intake/category"]


@pytest.mark.parametrize("changelist", ADMIN_LISTS)
def test_it_lists_cases_and_requests_in_the_admin_in_the_same_queries_for_3_and_30(
        client, changelist, django_user_model, operator, followup_expert, responder):
    from django.contrib import admin

    from workflow.models import CategoryPolicy

    people = People(operator, followup_expert, responder)
    ref = reference_make()
    official = official_make(reference=ref)

    def add(n):
        from intake.models import SmsMessage
        from intake.tokens import api_token_create
        from workflow.models import CannedText, Operation

        for _ in range(n):
            request = rich_request(category=category_make(), operator=operator)
            to_box(request, "followup", people)
            official_answer_record(request=request, actor=followup_expert, text="پاسخ", official=official, files=[])
            CategoryPolicy.objects.get_or_create(category=request.category, defaults={"default_reference": ref})
            CannedText.objects.create(operation=Operation.objects.get(code="refer"), category=request.category,
                                      text="لطفاً پیگیری شود")
            SmsMessage.objects.create(direction="out", phone=request.citizen.phone, text="کد رهگیری", request=request,
                                      state="sent")
            api_token_create(user=operator, name=f"app {request.pk}")

    app_label, model_name = changelist.split("/")
    registered = {f"{m._meta.app_label}/{m._meta.model_name}" for m in admin.site._registry}
    if changelist not in registered:
        pytest.skip(f"{changelist} has no admin page")
    root = django_user_model.objects.create_superuser(username="root", password=PASSWORD)
    login_verified(client, root)  # the admin asks superusers for a second factor
    url = reverse(f"admin:{app_label}_{model_name}_changelist")
    add(3)
    queries_for(client, url)
    few = queries_for(client, url)
    add(27)
    many = queries_for(client, url)
    print("QUERIES", f"admin-{changelist}", few, many)
    assert few == many <= INBOX_BOUND
