"""Runs: parameters, reuse on the same data version, execution with progress, results stored."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from h3.api import basic_int as h3

from clustering import selectors, services
from clustering.models import HotspotCell, HotspotRun, RunStatus
from tests.clustering.factories import HOT, categories, make_requests

pytestmark = pytest.mark.django_db


@pytest.fixture
def data():
    subject, pothole, flood = categories()
    make_requests(pothole, n=500, n_hot=250)
    return subject, pothole, flood


def test_it_aggregates_requests_per_h3_cell_in_sql(data, planner):
    _, pothole, _ = data
    cells, counts = selectors.cell_counts(selectors.requests_for(planner, {"category": pothole.pk}), 9)
    assert counts.sum() == 750
    hot_cell = h3.latlng_to_cell(*HOT, 9)
    assert counts[cells == hot_cell][0] > 20
    cells8, counts8 = selectors.cell_counts(selectors.requests_for(planner, {}), 8)
    assert counts8.sum() == 750 and len(cells8) < len(cells)


def test_it_filters_by_sub_subject_subject_and_channel(data, planner):
    subject, pothole, flood = data
    make_requests(flood, n=40, n_hot=0, seed=2, channel="sms")
    def count(params):
        return int(selectors.cell_counts(selectors.requests_for(planner, params), 9)[1].sum())
    assert count({"category": flood.pk}) == 40
    assert count({"category": subject.pk}) == 790
    assert count({"channel": "sms"}) == 40
    assert count({"status": ["closed"]}) == 0


def test_it_sees_nothing_for_a_user_without_a_role(data, outsider):
    assert selectors.cell_counts(selectors.requests_for(outsider, {}), 9)[1].sum() == 0


def test_it_executes_a_gistar_run_and_stores_hot_cells(data, planner):
    run, reused = services.run_start(user=planner, kind="gistar", raw_params={"resolution": 9, "k": 1}, enqueue=False)
    assert not reused and run.status == RunStatus.QUEUED
    services.run_execute(run_id=run.pk)
    run.refresh_from_db()
    assert run.status == RunStatus.DONE and run.progress == 100 and run.stage == "done"
    assert run.request_count == 750 and set(run.timings) >= {"aggregate", "neighbours", "statistics", "saving"}
    hot = HotspotCell.objects.get(run=run, cell=h3.latlng_to_cell(*HOT, 9))
    assert hot.gi_bin == 3 and hot.z > 3 and hot.q < 0.01
    assert run.summary["hot"]["3"] >= 1
    assert HotspotCell.objects.filter(run=run, count=0).exists()  # the k-ring zeros are part of the study area
    geojson = selectors.cells_geojson(run.pk, significant_only=True)
    assert geojson["features"] and all(f["properties"]["gi_bin"] != 0 for f in geojson["features"])
    assert geojson["features"][0]["geometry"]["type"] == "Polygon"


def test_it_reuses_the_stored_run_for_the_same_parameters_and_data(data, planner):
    first, _ = services.run_start(user=planner, kind="gistar", raw_params={"resolution": 9}, enqueue=False)
    again, reused = services.run_start(user=planner, kind="gistar", raw_params={"resolution": "9", "k": "1"},
                                       enqueue=False)
    assert reused and again.pk == first.pk
    other, reused = services.run_start(user=planner, kind="gistar", raw_params={"resolution": 8}, enqueue=False)
    assert not reused and other.pk != first.pk


def test_it_starts_a_new_run_when_the_data_changed(data, planner):
    _, pothole, _ = data
    first, _ = services.run_start(user=planner, kind="gistar", raw_params={}, enqueue=False)
    make_requests(pothole, n=1, n_hot=0, seed=9)
    second, reused = services.run_start(user=planner, kind="gistar", raw_params={}, enqueue=False)
    assert not reused and second.data_version != first.data_version


@pytest.mark.parametrize("raw, field", [
    ({"resolution": 6}, "resolution"), ({"resolution": "x"}, "resolution"), ({"k": 9}, "k"),
    ({"date_from": "2025-13-01"}, "date_from"), ({"date_from": "2025-05-01", "date_to": "2025-04-01"}, "date_from"),
    ({"category": 999999}, "category"), ({"channel": "pigeon"}, "channel"), ({"status": "lost"}, "status"),
])
def test_it_rejects_bad_parameters_with_a_message_per_field(data, raw, field):
    with pytest.raises(ValidationError) as error:
        services.run_params_clean(kind="gistar", raw=raw)
    assert field in error.value.message_dict


def test_it_makes_jalali_month_bins():
    edges, labels = services.time_bins({"date_from": "2025-03-21", "date_to": "2026-03-20", "bin": "month"})
    assert len(labels) == 12 and labels[0] == "1404/01" and labels[-1] == "1404/12"
    assert edges[0].date().isoformat() == "2025-03-21" and len(edges) == 13


def test_it_executes_an_emerging_run_with_categories(planner):
    _, pothole, _ = categories()
    make_requests(pothole, n=500, n_hot=300, days=83)  # a hot spot all along
    make_requests(pothole, n=0, n_hot=150, seed=5, hot=(35.69, 51.38), days=83, hot_days=6)  # a new one
    today = timezone.localdate()
    window = {"date_from": (today - timedelta(days=83)).isoformat(), "date_to": today.isoformat()}
    run, _ = services.run_start(user=planner, kind="emerging", raw_params={"bin": "week", "k": 1, **window},
                                enqueue=False)
    services.run_execute(run_id=run.pk)
    run.refresh_from_db()
    assert run.status == RunStatus.DONE, run.error
    assert len(run.summary["bins"]) == 12 and sum(run.summary["requests_per_bin"]) == 950
    new_cell = HotspotCell.objects.get(run=run, cell=h3.latlng_to_cell(35.69, 51.38, 9))
    assert new_cell.category == "new_hot" and new_cell.hot_bins == 1
    persistent = HotspotCell.objects.get(run=run, cell=h3.latlng_to_cell(*HOT, 9))
    assert persistent.category in ("persistent_hot", "intensifying_hot", "diminishing_hot")
    assert persistent.hot_bins >= 11
    assert run.summary["categories"]["new_hot"] >= 1


def test_it_executes_a_dbscan_run_with_hulls_per_sub_subject(data, planner):
    _, pothole, flood = data
    make_requests(flood, n=30, n_hot=25, seed=3, hot=(35.68, 51.43), hot_spread=0.0005, days=10)
    run, _ = services.run_start(user=planner, kind="dbscan", raw_params={"eps_m": 150, "min_samples": 8},
                                enqueue=False)
    services.run_execute(run_id=run.pk)
    run.refresh_from_db()
    assert run.status == RunStatus.DONE, run.error
    flood_clusters = list(run.clusters.filter(category=flood))
    assert len(flood_clusters) == 1 and 20 <= flood_clusters[0].size <= 30
    cluster = flood_clusters[0]
    assert cluster.hull.contains(cluster.hull.centroid) and cluster.first_at <= cluster.last_at
    assert abs(cluster.hull.centroid.y - 35.68) < 0.002
    assert run.clusters.filter(category=pothole).exists()  # the pothole cluster at HOT


def test_it_records_a_failure_on_the_run(data, planner, monkeypatch):
    run, _ = services.run_start(user=planner, kind="gistar", raw_params={}, enqueue=False)
    monkeypatch.setattr(selectors, "cell_counts", lambda *a, **k: (_ for _ in ()).throw(RuntimeError("disk full")))
    services.run_execute(run_id=run.pk)
    run.refresh_from_db()
    assert run.status == RunStatus.FAILED and "disk full" in run.error
    again, reused = services.run_start(user=planner, kind="gistar", raw_params={}, enqueue=False)
    assert not reused  # a failed run is not reused


def test_it_recomputes_a_run_whose_worker_died(data, planner):
    run, _ = services.run_start(user=planner, kind="gistar", raw_params={}, enqueue=False)
    HotspotRun.objects.filter(pk=run.pk).update(status=RunStatus.RUNNING, progress=55, stage="statistics",
                                                started_at=timezone.now() - timedelta(hours=1))
    again, reused = services.run_start(user=planner, kind="gistar", raw_params={}, enqueue=False)
    assert not reused  # a stale run is not handed out as a result
    services.run_execute(run_id=run.pk)
    run.refresh_from_db()
    assert run.status == RunStatus.DONE and run.cells.filter(gi_bin=3).exists()


def test_it_leaves_a_run_alone_while_another_worker_computes_it(data, planner):
    run, _ = services.run_start(user=planner, kind="gistar", raw_params={}, enqueue=False)
    HotspotRun.objects.filter(pk=run.pk).update(status=RunStatus.RUNNING, started_at=timezone.now())
    services.run_execute(run_id=run.pk)
    run.refresh_from_db()
    assert run.status == RunStatus.RUNNING and not run.cells.exists()


def test_it_analyses_nothing_for_a_run_without_a_creator(data, planner):
    run, _ = services.run_start(user=planner, kind="gistar", raw_params={}, enqueue=False)
    HotspotRun.objects.filter(pk=run.pk).update(created_by=None)
    services.run_execute(run_id=run.pk)
    run.refresh_from_db()
    assert run.status == RunStatus.DONE and run.request_count == 0
