"""Shared fixtures: personas, a real Celery worker, a real Chromium through Playwright."""

import os

import pytest

from tests.personas import login_verified, make_persona

# Playwright's sync API runs an event loop in the test thread; Django's ORM must still be usable there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--disable-quic", "--no-first-run", "--disable-dev-shm-usage",
]


@pytest.fixture(autouse=True)
def seed_data(request):
    """Every database test starts with what the data migrations load (see tests/seed.py)."""
    uses_db = request.node.get_closest_marker("django_db") or {"db", "transactional_db", "live_server"} & set(
        request.fixturenames)
    if not uses_db:
        return
    if "transactional_db" not in request.fixturenames:
        request.getfixturevalue("db")
    from tests.seed import seed_data_ensure

    seed_data_ensure()


@pytest.fixture(autouse=True)
def rate_limits_cleared():
    """Every test starts with no rate-limit counters (they live in the test Redis, shared by all tests)."""
    from limits import store

    store.forget_outage()
    store.clear()


@pytest.fixture
def admin_client(client, admin_user):
    """pytest-django's admin client, its session verified by a second factor (the admin requires it)."""
    return login_verified(client, admin_user)


def _persona_fixture(persona: str):
    @pytest.fixture
    def fixture(db):
        return make_persona(persona)

    fixture.__doc__ = f"A user acting as the {persona} persona (tests/personas.py)."
    return fixture


# The fixture name each persona goes by in tests.
operator = _persona_fixture("operator")
followup_expert = _persona_fixture("followup")
responder = _persona_fixture("responder")
supervisor = _persona_fixture("supervisor")
manager = _persona_fixture("manager")
planner = _persona_fixture("planner")
outsider = _persona_fixture("outsider")


@pytest.fixture(scope="session")
def celery_worker_session(django_db_setup, django_db_blocker):
    """A real Celery worker (in-process thread) consuming from the test Redis broker."""
    from celery.contrib.testing.worker import start_worker

    from config.celery import app

    app.control.purge()
    with django_db_blocker.unblock():
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10,
                          loglevel="WARNING") as worker:
            yield worker


@pytest.fixture
def celery_worker(celery_worker_session, transactional_db):
    """Tests that need a worker use the transactional database so the worker sees their rows."""
    return celery_worker_session


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(locale="fa-IR", base_url=live_server.url, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture(scope="session")
def clamd():
    """The real clamd the uploads are scanned by (started by `make up`: scripts/services.sh): its address."""
    from django.conf import settings

    from intake.scanning import clamd_ping

    assert clamd_ping(address=settings.CLAMD_SOCKET), (
        f"clamd does not answer at {settings.CLAMD_SOCKET}: start it with `scripts/services.sh up` (make up)")
    return settings.CLAMD_SOCKET
