"""Query counts of the API's list endpoints: the same number of queries for a few rows as for many, under a
fixed bound (no query per row)."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from intake.models import Citizen, CoReporter
from tests.intake.factories import CENTRE, categories_make, city_make, request_make
from tests.workflow.factories import request_make as workflow_request_make
from workflow.services import transition_execute, workflow_start

pytestmark = pytest.mark.django_db

BOUND = 20


@pytest.fixture
def cats():
    city_make()
    return categories_make()


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def counted(client, url: str, params: dict | None = None) -> tuple[int, dict]:
    """Queries for one GET, the shared cache emptied first (so a cached flag expiring cannot change the count)."""
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params or {})
    assert response.status_code == 200, response.content[:300]
    return len(queries), response.json()


def test_it_lists_an_inbox_through_the_api_in_the_same_queries_for_3_and_30_rows(operator, followup_expert):
    def fill(n):
        while len(codes) < n:
            request = workflow_request_make(citizen=Citizen.objects.create(phone=f"0912{len(codes):07d}"))
            workflow_start(request=request, actor=operator)
            transition_execute(request=request, operation="refer", actor=operator, assignee=followup_expert)
            codes.append(request.tracking_code)

    codes: list[str] = []
    client = api(followup_expert)
    fill(3)
    counted(client, "/api/v1/workflow/inbox/followup/")
    few, body = counted(client, "/api/v1/workflow/inbox/followup/")
    assert body["count"] == 3
    fill(30)
    many, body = counted(client, "/api/v1/workflow/inbox/followup/")
    assert body["count"] == 30 and len(body["results"]) == 30
    assert {r["assignee"] for r in body["results"]} == {followup_expert.username}
    print("QUERIES", "test_it_lists_an_inbox_through_the_api_in_the_same_queries_for_3_and_30_rows", few, many)
    assert few == many <= BOUND


def test_it_gives_a_cases_history_in_the_same_queries_for_a_short_and_a_long_one(operator, followup_expert):
    request = workflow_request_make()
    workflow_start(request=request, actor=operator, assignee=followup_expert)
    url = f"/api/v1/workflow/cases/{request.tracking_code}/history/"
    client = api(followup_expert)
    counted(client, url)
    few, body = counted(client, url)
    short = len(body)
    for n in range(10):
        transition_execute(request=request, operation="refer", actor=followup_expert, assignee=followup_expert,
                           text=f"ارجاع {n}")
    many, body = counted(client, url)
    assert len(body) == short + 10 and body[-1]["text"] == "ارجاع 9"
    print("QUERIES", "test_it_gives_a_cases_history_in_the_same_queries_for_a_short_and_a_long_one", few, many)
    assert few == many <= BOUND


def test_it_ranks_duplicates_in_the_same_queries_for_3_and_15_candidates(cats, operator):
    client = api(operator)
    params = {"lon": CENTRE[0], "lat": CENTRE[1], "category": "roads.pothole", "text": "چاله"}
    for n in range(3):
        request_make(cats["pothole"], east_m=10 + n)
    counted(client, "/api/v1/requests/duplicates", params)
    few, body = counted(client, "/api/v1/requests/duplicates", params)
    assert body["count"] == 3
    for n in range(12):
        request_make(cats["pothole"], east_m=20 + n)
    many, body = counted(client, "/api/v1/requests/duplicates", params)
    assert body["count"] == 15
    print("QUERIES", "test_it_ranks_duplicates_in_the_same_queries_for_3_and_15_candidates", few, many)
    assert few == many <= BOUND


def test_it_pops_a_callers_record_in_the_same_queries_for_3_and_20_earlier_messages(cats, operator):
    caller = Citizen.objects.create(phone="09121234567", name="رضا")
    client = api(operator)

    def add(n):
        for i in range(n):
            if i % 2:
                request_make(cats["pothole"], citizen=caller)
            else:  # a case the caller reported again
                other = request_make(cats["lamp"], citizen=Citizen.objects.create(phone=f"0935{i:03d}{n:04d}"))
                CoReporter.objects.create(request=other, citizen=caller, channel="phone")

    add(3)
    counted(client, "/api/v1/requests/screen-pop", {"phone": caller.phone})
    few, body = counted(client, "/api/v1/requests/screen-pop", {"phone": caller.phone})
    assert len(body["requests"]) == 3
    add(17)
    many, body = counted(client, "/api/v1/requests/screen-pop", {"phone": caller.phone})
    assert len(body["requests"]) == 20 and any(r["co_reported"] for r in body["requests"])
    print("QUERIES", "test_it_pops_a_callers_record_in_the_same_queries_for_3_and_20_earlier_messages", few, many)
    assert few == many <= BOUND


def test_it_suggests_3_or_10_addresses_in_the_same_queries(operator):
    from addresses.models import Street
    from addresses.services import address_data_version_bump
    from tests.addresses.small_city import build_small_city, line

    city = build_small_city()
    for n, name in enumerate(("یکم", "دوم", "سوم", "چهارم", "پنجم", "ششم", "هفتم", "هشتم", "نهم", "دهم")):
        Street.objects.create(name_fa=f"کوچه لاله {name}", kind="alley", parent=city["valiasr"], synthetic=True,
                              geom=line((51.41 + n * 0.002, 35.72), (51.41 + n * 0.002, 35.7215)))
    address_data_version_bump()
    client = api(operator)
    params = {"q": "لاله", "record": "0"}
    counted(client, "/api/v1/addresses/suggest", {**params, "limit": 3})
    few, body = counted(client, "/api/v1/addresses/suggest", {**params, "limit": 3})
    assert len(body["results"]) == 3
    many, body = counted(client, "/api/v1/addresses/suggest", {**params, "limit": 10})
    assert len(body["results"]) == 10
    print("QUERIES", "test_it_suggests_3_or_10_addresses_in_the_same_queries", few, many)
    assert few == many <= BOUND


def test_it_lists_hotspot_runs_in_the_same_queries_for_3_and_30_runs(planner, manager):
    from clustering.models import HotspotRun

    def add(n):
        for i in range(n):
            HotspotRun.objects.create(kind="gistar", params={"resolution": 9}, params_key=f"k{i}-{n}",
                                      data_version="v", created_by=planner if i % 2 else manager)

    client = api(planner)
    add(3)
    counted(client, "/api/v1/hotspots/runs/")
    few, body = counted(client, "/api/v1/hotspots/runs/")
    assert len(body["runs"]) == 3
    add(27)
    many, body = counted(client, "/api/v1/hotspots/runs/")
    assert len(body["runs"]) == 30
    print("QUERIES", "test_it_lists_hotspot_runs_in_the_same_queries_for_3_and_30_runs", few, many)
    assert few == many <= BOUND


def test_it_outlines_2_or_12_regions_in_the_same_queries(operator):
    from addresses.models import City, Region
    from tests.intake.factories import square

    city = City.objects.create(slug="outlines", name_fa="شهر")
    client = api(operator)

    def add(n):
        for _ in range(n):
            number = Region.objects.count() + 1
            Region.objects.create(city=city, number=number, name_fa=f"منطقه {number}",
                                  geom=square(51.3 + number * 0.01, 35.7, 0.004))

    add(2)
    with CaptureQueriesContext(connection) as queries:
        few_body = client.get("/api/v1/addresses/regions.geojson").json()
    few = len(queries)
    add(10)
    with CaptureQueriesContext(connection) as queries:
        body = client.get("/api/v1/addresses/regions.geojson").json()
    many = len(queries)
    assert len(few_body["features"]) == 2 and len(body["features"]) == 12
    print("QUERIES", "test_it_outlines_2_or_12_regions_in_the_same_queries", few, many)
    assert few == many <= BOUND
