"""Broken object-level authorisation, as an outsider would probe it: every endpoint family that takes a case's id or
tracking code (pages, API, tiles, attachments, intake) × every persona — each role limited to region 6, a user with
no role, a visitor not logged in — asked about a case in region 7. The answer is a refusal or an empty list, never
a 5xx, and the body never holds the foreign case's tracking code, its citizen's name or phone, or its text."""

import pytest
from django.core.files.base import ContentFile
from django.test import Client

from intake.models import Attachment, Citizen
from tests.intake.factories import categories_make, city_make, region_beside, request_make
from tests.personas import PASSWORD, make_persona, persona_scope
from workflow.services import workflow_start

pytestmark = pytest.mark.django_db

FOREIGN_NAME, FOREIGN_PHONE, FOREIGN_TEXT = "شیرین افشار", "09127771234", "نشت لوله در زیرزمین بلوک هفت"
SCOPED_PERSONAS = ("operator", "followup", "responder", "supervisor", "manager", "planner")


@pytest.fixture
def foreign_case():
    """A case in region 7 (its citizen, a file) beside the region 6 the personas are limited to."""
    from addresses.models import Region

    city_make()
    cats = categories_make()
    region6 = Region.objects.get(number=6)
    region7 = region_beside(region6)
    citizen = Citizen.objects.create(phone=FOREIGN_PHONE, name=FOREIGN_NAME)
    registrar = make_persona("operator")
    registrar.username = "registrar"
    registrar.save()
    request = request_make(cats["pothole"], region=region7, citizen=citizen, text=FOREIGN_TEXT, east_m=30)
    workflow_start(request=request, actor=registrar)
    attachment = Attachment(request=request, original_name="photo.png", content_type="image/png", size=8)
    attachment.file.save("photo.png", ContentFile(b"\x89PNG\r\n\x1a\n"), save=True)
    return request, attachment, region6


def _client(persona: str | None, region6) -> Client:
    client = Client()
    if persona is None:
        return client
    user = make_persona(persona)
    if persona != "outsider":
        persona_scope(user, regions=[region6])
    assert client.login(username=user.username, password=PASSWORD)
    return client


def _probes(request, attachment):
    code, pk = request.tracking_code, request.pk
    caller = Citizen.objects.get_or_create(phone="09120000000")[0]
    get = "get"
    post = "post"
    return [
        (get, f"/cases/{code}/", {}),
        (get, f"/cases/{code}/visit/", {}),
        (post, f"/cases/{code}/transition/", {"operation": "refer", "text": "x"}),
        (post, f"/cases/{code}/answer/", {"text": "x"}),
        (post, f"/cases/{code}/survey/", {"satisfaction": "5"}),
        (post, f"/cases/{code}/rating/", {"rating": "5"}),
        (post, f"/cases/{code}/letter/", {"number": "1"}),
        (post, f"/cases/{code}/reassign/", {"assignee": "1"}),
        (post, f"/cases/{code}/draft/save/", {"text": "x"}),
        (post, f"/cases/{code}/draft/confirm/", {}),
        (post, f"/cases/{code}/draft/link/", {"target": code}),
        (get, f"/api/v1/workflow/cases/{code}/history/", {}),
        (post, f"/api/v1/workflow/cases/{code}/transitions/", {"operation": "refer"}),
        (post, f"/api/v1/workflow/cases/{code}/uploads/", {"name": "a.png", "size": 8}),
        (get, f"/tiles/requests/{pk}/card.json", {}),
        (get, f"/attachments/{attachment.pk}/download/", {}),
        (get, "/api/v1/workflow/inbox/receipt/", {}),
        (get, "/inbox/receipt/", {}),
        (get, "/api/v1/requests/duplicates", {"lon": request.location.x, "lat": request.location.y,
                                               "category": request.category.code, "text": FOREIGN_TEXT}),
        (get, "/api/v1/requests/screen-pop", {"phone": FOREIGN_PHONE}),
        (get, "/intake/caller/", {"q": FOREIGN_PHONE}),
        (post, "/intake/messages/", {"n": "1", "citizen_id": str(caller.pk), "channel": "phone",
                                     "category": str(request.category.pk), "urgency": "trackable", "text": "چاله",
                                     "address_text": "یوسف‌آباد", "lon": str(request.location.x),
                                     "lat": str(request.location.y), "link_to": str(pk)}),
        (get, "/track/", {"code": code}),
    ]


def _digits(value: str) -> str:
    return value.translate(str.maketrans("۰۱۲۳۴۵۶۷۸۹", "0123456789"))


def _leaks(body: str, request) -> list[str]:
    code = request.tracking_code
    persian_code = code.translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))
    persian_phone = FOREIGN_PHONE.translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))
    found = [s for s in (code, persian_code, FOREIGN_NAME, FOREIGN_PHONE, persian_phone, FOREIGN_TEXT) if s in body]
    return found


@pytest.mark.parametrize("persona", [*SCOPED_PERSONAS, "outsider", None])
def test_it_never_lets_anyone_outside_a_cases_scope_read_or_touch_it(persona, foreign_case):
    request, attachment, region6 = foreign_case
    client = _client(persona, region6)
    from intake.models import CoReporter, RequestHistory

    history_before = RequestHistory.objects.filter(request=request).count()
    problems = []
    for method, url, data in _probes(request, attachment):
        response = getattr(client, method)(url, data)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        text = body.decode("utf-8", "replace")
        if response.status_code >= 500:
            problems.append(f"{method} {url}: {response.status_code}")
        # what the prober sent may come back (a search box keeps the phone typed; the public tracking page answers
        # anyone with the code, showing no personal data): only what they did not know is a leak
        sent = {str(v) for v in data.values()} | ({request.tracking_code} if url.startswith("/track/") else set())
        leaks = [s for s in _leaks(text, request) if _digits(s) not in {_digits(v) for v in sent}]
        if leaks:
            problems.append(f"{method} {url}: {response.status_code} shows {leaks}")
        if method == "get" and response.status_code == 200 and url.startswith(("/cases/", "/attachments/")):
            problems.append(f"{method} {url}: answered 200")
    assert not problems, "\n".join(problems)
    assert RequestHistory.objects.filter(request=request).count() == history_before  # nothing written on it
    assert not CoReporter.objects.filter(request=request).exists()
    request.refresh_from_db()
    assert request.text == FOREIGN_TEXT
