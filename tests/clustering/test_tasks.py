"""The hotspot job runs on a real Celery worker and reports its progress on the run row."""

import time

import pytest

from clustering import services
from clustering.models import HotspotRun, RunStatus
from tests.clustering.factories import categories, make_requests

pytestmark = [pytest.mark.celery, pytest.mark.slow]


def wait_for(run_id, timeout=60):
    seen = set()
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        run = HotspotRun.objects.get(pk=run_id)
        seen.add((run.status, run.stage))
        if run.is_finished:
            return run, seen
        time.sleep(0.05)
    raise AssertionError(f"run {run_id} did not finish; saw {seen}")


def test_it_runs_gistar_on_the_worker_and_reuses_the_result(celery_worker, planner):
    _, pothole, _ = categories()
    make_requests(pothole, n=400, n_hot=200)
    run, reused = services.run_start(user=planner, kind="gistar", raw_params={"resolution": 9, "k": 2})
    assert not reused
    run, seen = wait_for(run.pk)
    assert run.status == RunStatus.DONE and run.progress == 100, run.error
    assert run.cells.filter(gi_bin=3).exists() and run.finished_at >= run.started_at
    again, reused = services.run_start(user=planner, kind="gistar", raw_params={"resolution": 9, "k": 2})
    assert reused and again.pk == run.pk and HotspotRun.objects.count() == 1


def test_it_marks_a_run_failed_on_the_worker_when_the_job_breaks(celery_worker, planner, monkeypatch):
    _, pothole, _ = categories()
    make_requests(pothole, n=50, n_hot=0)
    from clustering import selectors

    monkeypatch.setattr(selectors, "cell_counts", lambda *a, **k: 1 / 0)  # the worker runs in this process
    run, _ = services.run_start(user=planner, kind="gistar", raw_params={})
    run, _ = wait_for(run.pk)
    assert run.status == RunStatus.FAILED and "ZeroDivisionError" in run.error
