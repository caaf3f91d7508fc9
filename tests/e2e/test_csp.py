"""Every main page under the production Content-Security-Policy in Chromium: no violation is reported (neither as a
`securitypolicyviolation` event nor on the console), nothing fails to load, and the maps still draw (MapLibre's
blob: workers, its canvas, our tiles, the RTL text plugin)."""

import pytest
from django.contrib.auth.models import Group
from django_otp.oath import totp
from playwright.sync_api import expect

from intake.models import Citizen
from organization.roles import Role
from tests.e2e.test_map import ENGHELAB, add_requests, wait_for_requests
from tests.intake.factories import categories_make, city_make
from tests.personas import PASSWORD, mfa_device
from tests.workflow.factories import request_make
from workflow.models import Box
from workflow.presets import preset_apply
from workflow.services import workflow_start

pytestmark = [pytest.mark.e2e, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

COLLECT = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(
  `${e.violatedDirective} blocked ${e.blockedURI || 'inline'} at ${e.sourceFile}:${e.lineNumber}`));
"""
MAPS_DRAWN = """() => [...document.querySelectorAll('.maplibregl-map')].length > 0 &&
  [...document.querySelectorAll('.maplibregl-map canvas.maplibregl-canvas')].every(c => c.width > 0 && c.height > 0)"""


@pytest.fixture
def everyone(django_user_model):
    """A superuser holding every role: sees every page of the platform."""
    user = django_user_model.objects.create_superuser("nasrin", "nasrin@example.org", PASSWORD,
                                                      first_name="نسرین", last_name="کاظمی")
    user.groups.set([Group.objects.get_or_create(name=role)[0] for role in Role])
    return user


@pytest.fixture
def city():
    if not Box.objects.filter(is_start=True, is_active=True).exists():
        preset_apply("default")  # transactional tests flush the preset the migration loaded
    city_make()
    categories_make()
    requests = add_requests(["registered", "registered", "in_followup", "closed"])
    Citizen.objects.create(phone="09121234567", name="سارا رضایی")
    return requests


@pytest.fixture
def watched(browser, live_server):
    """A browser page that records every CSP violation, console error and failed request."""
    context = browser.new_context(locale="fa-IR", base_url=live_server.url, viewport={"width": 1280, "height": 900})
    context.add_init_script(COLLECT)
    page = context.new_page()
    page.set_default_timeout(20_000)
    problems = []
    page.on("console", lambda m: problems.append(f"console {m.type}: {m.text} ({m.location.get('url')})")
            if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    page.on("requestfailed", lambda r: problems.append(f"request failed: {r.url} {r.failure}")
            if "ERR_ABORTED" not in (r.failure or "") else None)  # MapLibre cancels tiles it no longer needs
    page.problems = problems
    yield page
    context.close()


def violations(page) -> list[str]:
    return page.evaluate("window.__csp || []") + page.problems


def visit(page, url, ready=None):
    page.goto(url)
    if ready:
        page.wait_for_function(ready, timeout=30_000)
    page.wait_for_timeout(700)  # late requests (tiles, fonts, htmx) have their say
    assert violations(page) == [], url


def test_it_loads_every_main_page_without_a_csp_violation_and_the_maps_draw(watched, everyone, city):
    page = watched
    response = page.goto("/accounts/login/")
    policy = response.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert violations(page) == []
    device = mfa_device(everyone)  # enrolled beforehand: the login asks for its code
    page.fill("#id_username", everyone.username)
    page.fill("#id_password", PASSWORD)
    page.get_by_test_id("login-form").locator("button[type=submit]").click()
    # a superuser gives the second factor: the code of an enrolled authenticator app, typed in the browser
    page.get_by_test_id("mfa-verify").wait_for()
    page.fill("#id_token", f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}")
    page.get_by_test_id("mfa-verify-form").locator("button[type=submit]").click()
    page.wait_for_url(lambda url: "/accounts/" not in url)
    assert violations(page) == [], "home"

    # the map of requests: our tiles in MapLibre's workers, the RTL text plugin, Vazirmatn glyphs
    visit(page, f"/map/#12/{ENGHELAB[1]}/{ENGHELAB[0]}", MAPS_DRAWN)
    wait_for_requests(page, "requests-hex")
    page.wait_for_function("() => maplibregl.getRTLTextPluginStatus() === 'loaded'", timeout=30_000)
    assert violations(page) == [], "/map/"

    # the operator's console: htmx swaps in the caller card and a message form with its pin map
    visit(page, "/intake/")
    page.fill("#caller-q", "09121234567")
    page.press("#caller-q", "Enter")
    expect(page.get_by_test_id("citizen-card")).to_contain_text("سارا رضایی")
    page.get_by_test_id("add-message").click()
    expect(page.get_by_test_id("message-form")).to_be_visible()
    page.wait_for_function(MAPS_DRAWN, timeout=30_000)
    page.get_by_test_id("message-form").get_by_test_id("category-filter").fill("چاله")
    page.wait_for_timeout(700)
    assert violations(page) == [], "/intake/"

    # a case page (coloured history) and the inboxes
    case = city[0]
    workflow_start(request=case, actor=everyone)
    visit(page, f"/cases/{case.tracking_code}/")
    expect(page.get_by_test_id("case-page")).to_be_visible()
    color = page.get_by_test_id("timeline-item").first.evaluate(
        "el => getComputedStyle(el).getPropertyValue('--op-color')")
    assert color.strip().startswith("#")  # the operation's colour still reaches the timeline, without a style attribute
    for url in ("/inbox/receipt/", "/inbox/followup/", "/supervision/"):
        visit(page, url)

    # hotspots: its own MapLibre map over the region outlines
    visit(page, "/hotspots/", "() => window.hotspotMap && window.hotspotMap.loaded()")
    page.wait_for_function(MAPS_DRAWN)

    # the admin, the public pages and the attribution page
    for url in ("/admin/", "/admin/intake/servicerequest/", f"/admin/intake/servicerequest/{case.pk}/change/",
                "/about/data"):
        visit(page, url)
    page.context.clear_cookies()  # logged out
    tracked = request_make(text="چراغ کوچه خاموش است")
    for url in ("/report/", f"/track/?code={tracked.tracking_code}"):
        visit(page, url)
    expect(page.get_by_test_id("tracking-status")).to_have_text("ثبت‌شده")
