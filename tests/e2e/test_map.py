"""The map in Chromium: our basemap with Persian labels, request hexagons and points, filters, cards."""

import itertools
from datetime import timedelta
from pathlib import Path

import pytest
from django.contrib.gis.geos import Point
from django.core.cache import cache
from django.utils import timezone
from playwright.sync_api import expect

from demo.city import demo_city_load
from intake.models import Category, ServiceRequest
from tests.personas import PASSWORD
from tiles.services import tiles_data_version_bump

pytestmark = [pytest.mark.e2e, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

ENGHELAB = (51.3897, 35.7009)
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
_codes = itertools.count(1)

RENDERED_COUNT = """(layer) => {
  const seen = new Map();
  for (const f of window.civicMap.queryRenderedFeatures({layers: [layer]})) {
    const key = f.properties.id !== undefined ? 'p' + f.properties.id : JSON.stringify(f.properties);
    seen.set(key, f.properties.count);
  }
  return [...seen.values()].reduce((a, b) => a + b, 0);
}"""


def log_in(page, username):
    page.goto("/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.get_by_test_id("login-form").locator("button[type=submit]").click()
    page.wait_for_url(lambda url: "/accounts/login" not in url)


def add_requests(statuses, *, around=ENGHELAB):
    subject, _ = Category.objects.get_or_create(code="lighting", defaults={"name_fa": "روشنایی"})
    sub_subject, _ = Category.objects.get_or_create(code="lamp-off",
                                                    defaults={"name_fa": "چراغ خاموش", "parent": subject})
    made = []
    for i, status in enumerate(statuses):
        made.append(ServiceRequest.objects.create(
            tracking_code=f"E{next(_codes):08d}", channel="phone", category=sub_subject, text="چراغ خاموش است",
            address_text="میدان انقلاب", location=Point(around[0] + i * 0.0004, around[1], srid=4326), status=status,
            created_at=timezone.now() - timedelta(hours=2),
        ))
    return made


@pytest.fixture
def fresh_cache(transactional_db):
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def demo_city(transactional_db):
    demo_city_load()
    cache.clear()
    yield
    cache.clear()


def wait_for_requests(page, layer, minimum=1):
    page.wait_for_function(
        "([layer, minimum]) => window.civicMap && window.civicMap.getLayer(layer) && window.civicMap.loaded()"
        " && window.civicMap.queryRenderedFeatures({layers: [layer]}).length >= minimum",
        arg=[layer, minimum], timeout=30_000,
    )


def test_it_shows_request_hexagons_filters_them_and_opens_cards(page, manager, fresh_cache):
    add_requests(["registered", "registered", "in_followup", "closed", "closed", "archived"])
    log_in(page, manager.username)
    page.goto(f"/map/#12/{ENGHELAB[1]}/{ENGHELAB[0]}")
    wait_for_requests(page, "requests-hex")
    assert page.evaluate(RENDERED_COUNT, "requests-hex") == 6

    page.get_by_test_id("filter-status").select_option("closed")
    page.wait_for_function(f"() => ({RENDERED_COUNT})('requests-hex') === 2", timeout=30_000)
    page.get_by_test_id("filter-status").select_option("open")
    page.wait_for_function(f"() => ({RENDERED_COUNT})('requests-hex') === 3", timeout=30_000)

    # A malformed date shows the server's Persian message and leaves the map as it was.
    page.get_by_test_id("filter-from").fill("1403/13/40")
    page.get_by_test_id("filter-from").dispatch_event("change")
    expect(page.get_by_test_id("filter-error")).to_contain_text("تاریخ")

    # Zoomed in: single points; a click opens the request card.
    page.get_by_test_id("filter-from").fill("")
    page.get_by_test_id("filter-from").dispatch_event("change")
    page.evaluate(f"window.civicMap.jumpTo({{center: [{ENGHELAB[0] + 0.0008}, {ENGHELAB[1]}], zoom: 17}})")
    wait_for_requests(page, "requests-points", 3)
    point = page.evaluate("""() => {
      const f = window.civicMap.queryRenderedFeatures({layers: ['requests-points']})[0];
      const p = window.civicMap.project(f.geometry.coordinates);
      return {x: p.x, y: p.y, id: f.properties.id};
    }""")
    page.get_by_test_id("map").click(position={"x": point["x"], "y": point["y"]})
    expect(page.get_by_test_id("request-card")).to_contain_text(ServiceRequest.objects.get(pk=point["id"]).tracking_code)


def test_it_shows_new_requests_without_a_reload(page, manager, fresh_cache):
    add_requests(["registered"])
    log_in(page, manager.username)
    page.goto(f"/map/#12/{ENGHELAB[1]}/{ENGHELAB[0]}")
    wait_for_requests(page, "requests-hex")
    assert page.evaluate(RENDERED_COUNT, "requests-hex") == 1
    add_requests(["registered", "registered"], around=(ENGHELAB[0] + 0.002, ENGHELAB[1]))
    tiles_data_version_bump(layer="requests")  # what intake does after commit
    page.wait_for_function(f"() => ({RENDERED_COUNT})('requests-hex') === 3", timeout=30_000)


def test_it_draws_the_basemap_with_persian_labels_shaped(page, manager, demo_city):
    log_in(page, manager.username)
    page.goto(f"/map/#14.5/{ENGHELAB[1]}/{ENGHELAB[0]}")
    page.wait_for_function(
        "() => window.civicMap && window.civicMap.loaded() && maplibregl.getRTLTextPluginStatus() === 'loaded'"
        " && window.civicMap.queryRenderedFeatures({layers: ['streets-label', 'districts-label']}).length > 0",
        timeout=30_000,
    )
    page.wait_for_timeout(800)  # let the last symbol fade-in finish before the screenshot
    labels = page.evaluate(
        "() => window.civicMap.queryRenderedFeatures({layers: ['streets-label', 'districts-label']})"
        ".map(f => f.properties.name)")
    assert any("خیابان" in name or "ناحیه" in name for name in labels)
    expect(page.get_by_test_id("map-attribution")).to_contain_text("OpenStreetMap")
    expect(page.locator(".maplibregl-ctrl-attrib")).to_contain_text("OpenStreetMap contributors")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "map_persian_labels.png"))
    page.locator("#map").screenshot(path=str(SCREENSHOTS / "map_persian_labels_map.png"))


def test_it_lets_an_operator_pick_a_point_on_the_embedded_map(page, operator, fresh_cache):
    log_in(page, operator.username)
    page.goto("/map/")
    page.wait_for_function("() => window.CivicMapView && window.civicMap && window.civicMap.loaded()")
    picked = page.evaluate("""() => new Promise((resolve) => {
      const box = document.createElement('div');
      box.style.cssText = 'width: 400px; height: 300px';
      document.body.appendChild(box);
      box.addEventListener('civic:pick',
        (e) => resolve({event: e.detail, marker: !!box.querySelector('.maplibregl-marker')}));
      const view = CivicMapView.create(box, {picker: true, center: [51.3897, 35.7009], zoom: 15});
      view.map.once('load', () => {
        const centre = view.map.project([51.3897, 35.7009]);
        const canvas = view.map.getCanvas(), rect = canvas.getBoundingClientRect();
        for (const type of ['mousedown', 'mouseup', 'click']) {
          canvas.dispatchEvent(new MouseEvent(type, {bubbles: true, clientX: rect.left + centre.x,
                                                     clientY: rect.top + centre.y, button: 0}));
        }
      });
    })""")
    assert picked["marker"]
    assert abs(picked["event"]["lon"] - 51.3897) < 0.0005 and abs(picked["event"]["lat"] - 35.7009) < 0.0005
