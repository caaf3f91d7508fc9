import re

import pytest
from playwright.sync_api import expect

from tests.personas import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def log_in(page, username):
    page.goto("/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.get_by_test_id("login-form").locator("button[type=submit]").click()


def test_it_shows_an_operator_the_persian_rtl_shell_after_login(page, operator):
    log_in(page, operator.username)
    expect(page.get_by_test_id("page-title")).to_have_text("داشبورد")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("html").get_attribute("lang") == "fa"
    expect(page.get_by_test_id("user-name")).to_have_text("مریم احمدی")
    nav = page.locator("nav.sidebar")
    expect(nav).to_contain_text("ثبت پیام")
    expect(nav).not_to_contain_text("کانون‌های داغ")  # hotspots are for planners and managers
    font = page.evaluate("getComputedStyle(document.body).fontFamily")
    assert "Vazirmatn" in font
    page.wait_for_function("() => document.fonts.check('16px Vazirmatn')")  # a function: CSP forbids eval()


def test_it_switches_the_shell_to_english_and_left_to_right(page, operator):
    log_in(page, operator.username)
    page.get_by_test_id("switch-language").click()
    expect(page.get_by_test_id("page-title")).to_have_text("Dashboard")
    assert page.locator("html").get_attribute("dir") == "ltr"


def test_it_refuses_a_wrong_password_with_a_persian_message(page, operator):
    page.goto("/")
    page.fill("#id_username", operator.username)
    page.fill("#id_password", "wrong")
    page.get_by_test_id("login-form").locator("button[type=submit]").click()
    expect(page.get_by_role("alert")).to_contain_text("نام کاربری")
    assert re.search(r"/accounts/login/", page.url)


def test_it_shows_a_planner_the_hotspots_but_not_the_intake_console(page, planner):
    log_in(page, planner.username)
    nav = page.locator("nav.sidebar")
    expect(nav).to_contain_text("کانون‌های داغ")
    expect(nav).not_to_contain_text("ثبت پیام")
