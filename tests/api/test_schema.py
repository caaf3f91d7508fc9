"""The OpenAPI schema, complete and true: schemathesis generates requests for every operation from the live schema
(in-process, through the WSGI app, as a logged-in user holding every role) and none of them may answer a server
error (5xx) or a status code the schema does not document."""

import secrets

import pytest
import schemathesis
from django.contrib.auth.models import Group
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import status_code_conformance

from organization.roles import Role
from tests.intake.factories import CENTRE, categories_make, city_make, request_make
from tests.personas import PASSWORD, login_verified
from workflow.presets import preset_apply
from workflow.services import workflow_start

pytestmark = [pytest.mark.django_db, pytest.mark.slow]
CSRF = secrets.token_hex(16)  # 32 characters: an unmasked CSRF secret, sent as cookie and header


@pytest.fixture
def everyone(django_user_model):
    user = django_user_model.objects.create_superuser("nasrin", "nasrin@example.org", PASSWORD)
    user.groups.set([Group.objects.get_or_create(name=role)[0] for role in Role])
    return user


@pytest.fixture
def auth_cookies(everyone):
    client = Client()
    login_verified(client, everyone)  # a superuser's session passes the second factor first
    return {"sessionid": client.cookies["sessionid"].value, "csrftoken": CSRF}


@pytest.fixture
def auth_headers(auth_cookies):
    return {"X-CSRFToken": CSRF, "Accept-Language": "fa"}


@pytest.fixture
def in_process():
    """Requests through the WSGI app inside the test's transaction: the app must not close the connection at the
    end of each request (Django's test client does the same)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def known(everyone):
    """Real values for path parameters and body fields, so generated requests also reach past the 404s."""
    from clustering import services as hotspots
    from workflow.followup import upload_begin
    from workflow.models import Box, Operation

    preset_apply("default")
    city_make()
    cats = categories_make()
    requests = [request_make(cats["pothole"], east_m=east_m) for east_m in (10, 40, 900)]
    for request in requests:
        workflow_start(request=request, actor=everyone)
    run, _ = hotspots.run_start(user=everyone, kind="gistar", raw_params={}, enqueue=False)
    hotspots.run_execute(run_id=run.pk)
    upload = upload_begin(request=requests[0], user=everyone, filename="p.png", size=64, content_type="image/png")
    return {
        "code": [r.tracking_code for r in requests], "tracking_code": [r.tracking_code for r in requests],
        "box": list(Box.objects.values_list("code", flat=True)), "run_id": [run.pk],
        "fmt": ["geojson", "csv"],  # the file formats that GDAL writes in a moment (KML: issue 13, part 5)
        "upload_id": [str(upload.pk)], "category": [c.code for c in cats.values() if c.parent_id],
        "operation": list(Operation.objects.values_list("code", flat=True)), "kind": ["gistar", "dbscan"],
        "phone": ["09121234567", ""], "lon": [CENTRE[0]], "lat": [CENTRE[1]], "text": ["چاله عمیق جلوی مدرسه"],
    }


REPORT = {"category", "text", "lon", "lat", "phone"}


@st.composite
def cases_with_known_values(draw, operation, known):
    """schemathesis' cases for `operation`, half of them with real ids in the path and in the body."""
    case = draw(operation.as_strategy())
    if case.path_parameters and draw(st.booleans()):
        for name in list(case.path_parameters):
            if name in known:
                case.path_parameters[name] = draw(st.sampled_from(known[name]))
    if isinstance(case.body, dict) and draw(st.booleans()):
        names = set(case.body) | (REPORT if "category" in case.body else set())  # a report: a whole valid one
        for name in names & set(known):
            case.body[name] = draw(st.sampled_from(known[name]))
    return case


@pytest.fixture
def api_schema(in_process, auth_headers, auth_cookies, known):
    cookie = "; ".join(f"{name}={value}" for name, value in auth_cookies.items())
    return schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", get_wsgi_application(),
                                          headers={**auth_headers, "Cookie": cookie})


SETTINGS = settings(max_examples=30, deadline=None, derandomize=True, database=None,
                    suppress_health_check=list(HealthCheck))


def _failures_of(operation, headers, cookies, seen: dict, known: dict) -> list[str]:
    @given(case=cases_with_known_values(operation, known))
    @SETTINGS
    def run(case):
        response = case.call_and_validate(headers=headers, cookies=cookies,
                                          checks=[not_a_server_error, status_code_conformance])
        seen.setdefault(operation.label, set()).add(response.status_code)

    try:
        run()
    except Exception as failure:  # schemathesis' failure report: the request, the answer, how to reproduce it
        return [f"{operation.label}:\n{failure}"]
    return []


def test_it_answers_every_generated_request_without_a_server_error_or_an_undocumented_status(
        api_schema, auth_headers, auth_cookies, known):
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) >= 20
    seen: dict[str, set[int]] = {}
    failures = [failure for operation in operations
                for failure in _failures_of(operation, auth_headers, auth_cookies, seen, known)]
    assert failures == [], "\n\n".join(failures)
    answered = sorted(label for label, statuses in seen.items() if any(200 <= s < 300 for s in statuses))
    assert len(answered) >= 12, "\n".join(f"{label}: {sorted(statuses)}" for label, statuses in seen.items())
