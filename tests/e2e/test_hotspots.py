"""The hotspot screen in Chromium: run an analysis on a real Celery worker, watch the progress bar finish, see
hot cells on the MapLibre map, compare two periods, download a GeoPackage that GDAL opens."""

from datetime import timedelta

import pytest
from django.contrib.gis.gdal import DataSource
from django.utils import timezone
from playwright.sync_api import expect

from tests.clustering.factories import categories, make_requests
from tests.personas import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.slow, pytest.mark.celery, pytest.mark.django_db(transaction=True)]

HOT_CELLS = """() => window.hotspotMap.queryRenderedFeatures({layers: ['hotspot-cells']})
                     .filter(f => f.properties.gi_bin > 0).length"""


def log_in(page, username):
    page.goto("/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.get_by_test_id("login-form").locator("button[type=submit]").click()
    page.wait_for_url(lambda url: "/accounts/login" not in url)


@pytest.fixture
def requests_with_a_hotspot():
    _, pothole, flood = categories()
    make_requests(pothole, n=400, n_hot=200, days=60)
    make_requests(flood, n=0, n_hot=80, seed=4, hot=(35.69, 51.37), days=6)  # a hot spot of the last days only
    return pothole


def test_it_runs_a_hotspot_analysis_and_downloads_a_geopackage(celery_worker, page, planner,
                                                              requests_with_a_hotspot, tmp_path):
    log_in(page, planner.username)
    page.goto("/hotspots/")
    expect(page.get_by_test_id("page-title")).to_have_text("کانون‌های داغ")
    page.wait_for_function("() => window.hotspotMap && window.hotspotMap.loaded()")
    page.get_by_test_id("resolution").select_option("9")
    page.get_by_test_id("run-analysis").click()
    progress = page.get_by_test_id("progress")
    expect(page.get_by_test_id("progress-box")).to_be_visible()
    expect(progress).to_have_attribute("value", "100", timeout=60_000)
    expect(page.get_by_test_id("progress-box")).to_have_attribute("data-status", "done")
    expect(page.get_by_test_id("progress-text")).to_contain_text("۱۰۰")
    page.wait_for_function("() => document.getElementById('hotspots-app').dataset.state === 'shown'")
    page.wait_for_function(f"() => ({HOT_CELLS})() > 0", timeout=20_000)
    expect(page.get_by_test_id("legend")).to_contain_text("کانون داغ، اطمینان ۹۹٪")
    expect(page.get_by_test_id("summary")).to_contain_text("سلول‌های داغ")

    with page.expect_download() as download_info:
        page.get_by_test_id("export-gpkg").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".gpkg")
    target = tmp_path / download.suggested_filename
    download.save_as(target)
    layer = DataSource(str(target))[0]
    assert len(layer) > 0 and "gi_bin" in layer.fields
    assert {feature.get("attrib") for feature in layer} == {"© OpenStreetMap contributors"}
    assert max(int(feature.get("gi_bin")) for feature in layer) == 3


def test_it_compares_two_periods_on_the_map(celery_worker, page, manager, requests_with_a_hotspot):
    today = timezone.localdate()
    log_in(page, manager.username)
    page.goto("/hotspots/")
    page.wait_for_function("() => window.hotspotMap && window.hotspotMap.loaded()")
    page.get_by_test_id("date-from").fill((today - timedelta(days=59)).isoformat())
    page.get_by_test_id("date-to").fill((today - timedelta(days=7)).isoformat())
    page.get_by_test_id("compare").check()
    page.get_by_test_id("date-from-b").fill((today - timedelta(days=6)).isoformat())
    page.get_by_test_id("date-to-b").fill(today.isoformat())
    page.get_by_test_id("run-analysis").click()
    page.wait_for_function("() => document.getElementById('hotspots-app').dataset.state === 'compared'",
                           timeout=60_000)
    page.wait_for_function("""() => window.hotspotMap.queryRenderedFeatures({layers: ['compare-cells']})
                               .filter(f => f.properties.change > 0).length > 0""", timeout=20_000)
    expect(page.get_by_test_id("summary")).to_contain_text("سلول‌های داغ‌تر در دورهٔ دوم")


def test_it_shows_a_clear_error_for_a_bad_period(page, planner):
    log_in(page, planner.username)
    page.goto("/hotspots/")
    page.get_by_test_id("date-from").fill("2026-05-01")
    page.get_by_test_id("date-to").fill("2026-04-01")
    page.get_by_test_id("run-analysis").click()
    expect(page.get_by_test_id("form-error")).to_contain_text("آغاز بازه نباید پس از پایان آن باشد")
