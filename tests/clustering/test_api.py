"""The hotspots API and page: permissions, bad input, status, GeoJSON, exports, compare, the tile layer."""

import gzip
from datetime import timedelta

import mapbox_vector_tile
import pytest
from django.utils import timezone
from h3.api import basic_int as h3

from clustering import services
from clustering.models import HotspotRun
from tests.clustering.factories import HOT, categories, make_requests
from tests.personas import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def pothole():
    _, pothole, _ = categories()
    make_requests(pothole, n=300, n_hot=150)
    return pothole


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


def finished_run(user, **params):
    run, _ = services.run_start(user=user, kind=params.pop("kind", "gistar"), raw_params=params, enqueue=False)
    services.run_execute(run_id=run.pk)
    run.refresh_from_db()
    return run


@pytest.mark.parametrize("persona", ["operator", "responder", "outsider"])
def test_it_keeps_hotspots_from_other_roles(client, request, persona):
    user = request.getfixturevalue(persona)
    login(client, user)
    assert client.get("/hotspots/").status_code == 403
    response = client.post("/api/v1/hotspots/runs/", {"kind": "gistar"}, content_type="application/json")
    assert response.status_code == 403 and "برنامه‌ریز" in response.json()["detail"]


def test_it_asks_anonymous_users_to_log_in(client):
    assert client.get("/hotspots/").status_code == 302
    assert client.get("/api/v1/hotspots/runs/").status_code == 403


def test_it_shows_the_page_to_planners_and_managers(client, planner, manager, pothole):
    for user in (planner, manager):
        login(client, user)
        page = client.get("/hotspots/")
        assert page.status_code == 200
        html = page.content.decode()
        assert 'id="hotspot-map"' in html and "کانون‌های داغ" in html and "چاله" in html


def test_it_refuses_bad_parameters_with_persian_and_english_messages(client, planner):
    login(client, planner)
    response = client.post("/api/v1/hotspots/runs/", {"kind": "gistar", "resolution": 5, "k": "abc"},
                           content_type="application/json")
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert set(errors) == {"resolution", "k"}
    assert errors["resolution"][0] != "The H3 resolution must be 7, 8, 9 or 10."  # Persian by default
    assert any("\u0600" <= ch <= "\u06ff" for ch in errors["resolution"][0] + response.json()["message"])
    english = client.post("/api/v1/hotspots/runs/", {"kind": "gistar", "resolution": 5, "k": "abc"},
                          content_type="application/json", HTTP_ACCEPT_LANGUAGE="en").json()
    assert english["errors"]["resolution"] == ["The H3 resolution must be 7, 8, 9 or 10."]
    assert english["message"] == "Check the analysis parameters."
    assert client.post("/api/v1/hotspots/runs/", {"kind": "kriging"},
                       content_type="application/json").status_code == 400
    assert client.post("/api/v1/hotspots/runs/", "not json", content_type="application/json").status_code == 400
    for status in (5, [["registered"]], [{"a": 1}]):  # odd JSON is bad input, never a 500
        odd = client.post("/api/v1/hotspots/runs/", {"kind": "gistar", "status": status},
                          content_type="application/json")
        assert odd.status_code == 400 and set(odd.json()["errors"]) == {"status"}


def test_it_starts_a_run_and_reports_reuse(client, planner, pothole, django_capture_on_commit_callbacks):
    login(client, planner)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        first = client.post("/api/v1/hotspots/runs/", {"kind": "gistar", "resolution": 9},
                            content_type="application/json")
    assert first.status_code == 202 and first.json()["status"] == "queued" and len(callbacks) == 1
    services.run_execute(run_id=first.json()["id"])
    again = client.post("/api/v1/hotspots/runs/", {"kind": "gistar", "resolution": "9"},
                        content_type="application/json")
    assert again.status_code == 200 and again.json()["reused"] and again.json()["id"] == first.json()["id"]
    status = client.get(f"/api/v1/hotspots/runs/{first.json()['id']}/").json()
    assert status["status"] == "done" and status["progress"] == 100 and status["summary"]["hot"]["3"] >= 1


def test_it_serves_hot_cells_as_geojson(client, planner, pothole):
    run = finished_run(planner)
    login(client, planner)
    response = client.get(f"/api/v1/hotspots/runs/{run.pk}/cells.geojson?significant=1")
    assert response["Content-Type"] == "application/geo+json"
    features = response.json()["features"]
    hot_h3 = h3.int_to_str(h3.latlng_to_cell(*HOT, 9))
    assert any(f["properties"]["h3"] == hot_h3 and f["properties"]["gi_bin"] == 3 for f in features)
    assert all(f["properties"]["gi_bin"] != 0 for f in features)


def test_it_downloads_an_export_and_refuses_unknown_formats(client, planner, pothole):
    run = finished_run(planner)
    login(client, planner)
    response = client.get(f"/api/v1/hotspots/runs/{run.pk}/export/gpkg/")
    assert response.status_code == 200 and response.content[:15] == b"SQLite format 3"
    assert f"hotspot-run-{run.pk}-hotspots.gpkg" in response["Content-Disposition"]
    assert client.get(f"/api/v1/hotspots/runs/{run.pk}/export/dwg/").status_code == 400
    assert client.get("/api/v1/hotspots/runs/999999/export/gpkg/").status_code == 404


def test_it_compares_two_periods(client, planner, pothole):
    today = timezone.localdate()
    _, _, flood = categories()
    make_requests(flood, n=0, n_hot=120, seed=8, hot=(35.69, 51.37), days=5)
    a = finished_run(planner, date_from=(today - timedelta(days=60)).isoformat(),
                     date_to=(today - timedelta(days=10)).isoformat())
    b = finished_run(planner, date_from=(today - timedelta(days=9)).isoformat(), date_to=today.isoformat())
    login(client, planner)
    features = client.get(f"/api/v1/hotspots/compare.geojson?a={a.pk}&b={b.pk}").json()["features"]
    new = next(f for f in features if f["properties"]["h3"] == h3.int_to_str(h3.latlng_to_cell(35.69, 51.37, 9)))
    assert (new["properties"]["gi_bin_a"] == 0 and new["properties"]["gi_bin_b"] == 3
            and new["properties"]["change"] == 3)
    assert client.get(f"/api/v1/hotspots/compare.geojson?a={a.pk}").status_code == 400


def test_it_serves_a_run_as_the_hotspots_tile_layer(client, planner, operator, outsider, pothole):
    run = finished_run(planner)
    login(client, planner)
    lat, lon = HOT
    import math

    z = 13
    x = int((lon + 180) / 360 * 2 ** z)
    y = int((1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * 2 ** z)
    response = client.get(f"/tiles/hotspots/{z}/{x}/{y}.pbf?run={run.pk}")
    assert response.status_code == 200
    body = gzip.decompress(response.content) if response.get("Content-Encoding") == "gzip" else response.content
    layer = mapbox_vector_tile.decode(body)["hotspots"]
    assert any(f["properties"]["gi_bin"] == 3 for f in layer["features"])
    assert client.get(f"/tiles/hotspots/{z}/{x}/{y}.pbf").status_code == 400
    client.logout()
    login(client, outsider)
    refused = client.get(f"/tiles/hotspots/{z}/{x}/{y}.pbf?run={run.pk}")
    assert refused.status_code == 200 and refused.content == b""


def test_it_lists_only_runs_a_user_may_open(client, planner, manager, pothole):
    run = finished_run(planner)
    login(client, manager)
    assert run.pk in [r["id"] for r in client.get("/api/v1/hotspots/runs/").json()["runs"]]
    assert HotspotRun.objects.count() == 1


def test_it_lists_runs_in_a_constant_number_of_queries(client, planner, pothole, django_assert_max_num_queries):
    login(client, planner)
    finished_run(planner)
    client.get("/api/v1/hotspots/runs/")  # warm the session
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        assert len(client.get("/api/v1/hotspots/runs/").json()["runs"]) == 1
    finished_run(planner, k=2)
    finished_run(planner, k=3)
    with CaptureQueriesContext(connection) as three:
        assert len(client.get("/api/v1/hotspots/runs/").json()["runs"]) == 3
    assert len(three) == len(one)
