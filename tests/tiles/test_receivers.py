"""Request tiles follow the data: a case that changes status, a newly registered request and the passing of time
(overdue counts) all reach the map without waiting for the 6-hour tile cache."""

from datetime import timedelta

from django.utils import timezone

from intake.models import ServiceRequest
from tests.tiles.conftest import AZADI, features, tile_of
from tests.workflow.factories import request_make
from tiles import cache
from workflow.services import transition_execute, workflow_start


def _requests_version() -> int:
    return cache.data_versions(("requests",))["requests"]


def test_it_refreshes_request_tiles_when_a_case_changes_status(operator, django_capture_on_commit_callbacks):
    request = request_make()
    with django_capture_on_commit_callbacks(execute=True):
        workflow_start(request=request, actor=operator)
    before = _requests_version()
    with django_capture_on_commit_callbacks(execute=True):
        transition_execute(request=request, operation="archive", actor=operator)
    assert _requests_version() > before


def test_it_draws_a_closed_case_as_closed_on_the_next_tile(client, manager, operator, make_request,
                                                           django_capture_on_commit_callbacks):
    request = make_request()
    with django_capture_on_commit_callbacks(execute=True):
        workflow_start(request=request, actor=operator)
    client.force_login(manager)
    url = "/tiles/requests/%d/%d/%d.pbf" % tile_of(*AZADI, 10)
    assert features(client.get(url))[0]["properties"]["open"] == 1
    with django_capture_on_commit_callbacks(execute=True):
        transition_execute(request=request, operation="archive", actor=operator)
    assert features(client.get(url))[0]["properties"]["open"] == 0


def test_it_counts_a_case_overdue_once_its_deadline_passes_though_the_tile_was_cached(
        client, manager, make_request, monkeypatch):
    request = make_request(category="bins")  # 24 h SLA, registered an hour ago
    client.force_login(manager)
    url = "/tiles/requests/%d/%d/%d.pbf" % tile_of(*AZADI, 10)
    assert features(client.get(url))[0]["properties"]["overdue"] == 0
    # A day passes with no write: nothing bumps the data version, only the clock moves.
    ServiceRequest.objects.filter(pk=request.pk).update(created_at=timezone.now() - timedelta(hours=25))
    later = cache.wall_clock() + 24 * 3600
    monkeypatch.setattr(cache, "wall_clock", lambda: later)
    assert features(client.get(url))[0]["properties"]["overdue"] == 1


def test_it_rebuilds_request_tiles_once_per_registration(operator, django_capture_on_commit_callbacks):
    from intake.services import request_registered_followups

    request = request_make()
    before = _requests_version()
    with django_capture_on_commit_callbacks(execute=True):  # the event, then the workflow's start (after commit)
        request_registered_followups(request_id=request.pk, notify=False)
    assert request.history.filter(action="workflow_start").exists()
    assert _requests_version() == before + 1
