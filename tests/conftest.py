"""Shared fixtures: personas, a real Celery worker, a real Chromium through Playwright."""

import os

import pytest

from tests.personas import make_persona

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


@pytest.fixture
def operator(db):
    return make_persona("operator")


@pytest.fixture
def followup_expert(db):
    return make_persona("followup")


@pytest.fixture
def responder(db):
    return make_persona("responder")


@pytest.fixture
def supervisor(db):
    return make_persona("supervisor")


@pytest.fixture
def manager(db):
    return make_persona("manager")


@pytest.fixture
def planner(db):
    return make_persona("planner")


@pytest.fixture
def outsider(db):
    return make_persona("outsider")


@pytest.fixture(scope="session")
def celery_worker_session(django_db_setup, django_db_blocker):
    """A real Celery worker (in-process thread) consuming from the test Redis broker."""
    from celery.contrib.testing.worker import start_worker

    from config.celery import app

    app.control.purge()
    with django_db_blocker.unblock():
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10, loglevel="WARNING") as worker:
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
