"""The citizens' form in Chromium: past the threshold of posts from one address the browser computes the
proof-of-work by itself (limits/static/limits/pow.js, checked by the server) and the report goes through; a report
naming a mobile number is confirmed with the code texted to it; a locked staff account sees why."""

import re

import pytest
from playwright.sync_api import expect

from intake.models import ServiceRequest, SmsMessage
from tests.intake.factories import CENTRE, categories_make, city_make

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def cats():
    city_make()
    return categories_make()


def fill_report(page, cats, text, phone=""):
    page.goto("/report/")
    page.select_option("select[name=category]", str(cats["pothole"].pk))
    page.fill("input[name=lon]", str(CENTRE[0]))
    page.fill("input[name=lat]", str(CENTRE[1]))
    page.fill("textarea[name=text]", text)
    if phone:
        page.fill("input[name=phone]", phone)
    page.get_by_test_id("web-report").locator("button[type=submit]").click()


def test_it_computes_the_proof_of_work_in_the_browser_after_the_threshold(page, cats, settings):
    settings.REPORT_POW_AFTER = "1/h"
    settings.POW_DIFFICULTY = 14
    fill_report(page, cats, "چاله اول")
    expect(page.get_by_test_id("web-report-done")).to_be_visible()
    page.goto("/report/")
    form = page.get_by_test_id("web-report")
    assert form.get_attribute("data-pow-difficulty") == "14"
    fill_report(page, cats, "چاله دوم، با اثبات کار")
    expect(page.get_by_test_id("web-report-done")).to_be_visible()
    assert re.fullmatch(r"\d{9}", page.get_by_test_id("tracking-code").get_attribute("data-code"))
    assert list(ServiceRequest.objects.order_by("pk").values_list("text", flat=True)) == [
        "چاله اول", "چاله دوم، با اثبات کار"]


def test_it_refuses_a_post_whose_browser_did_not_compute_the_proof_of_work(page, cats, settings):
    settings.REPORT_POW_AFTER = "1/h"
    settings.POW_DIFFICULTY = 14
    fill_report(page, cats, "چاله اول")
    page.route("**/static/limits/pow.js", lambda route: route.fulfill(body="", content_type="text/javascript"))
    fill_report(page, cats, "بدون اثبات کار")
    expect(page.get_by_test_id("errors")).to_contain_text("مرورگر")
    expect(page.locator("textarea[name=text]")).to_have_value("بدون اثبات کار")  # nothing typed is lost
    assert ServiceRequest.objects.count() == 1


def test_it_confirms_a_reporters_number_with_the_code_texted_to_it(page, cats):
    fill_report(page, cats, "چراغ خاموش", phone="09121234567")
    expect(page.get_by_test_id("contact-verify-form")).to_be_visible()
    sms = SmsMessage.objects.get(phone="09121234567")
    code = re.search(r"\d{6}", sms.text).group(0)
    page.fill("input[name=code]", code)
    page.get_by_test_id("contact-verify-form").locator("button[type=submit]").click()
    expect(page.get_by_test_id("contact-verified")).to_be_visible()
    assert ServiceRequest.objects.get().citizen.phone == "09121234567"


def test_it_tells_a_locked_staff_member_why_in_persian_and_english(page, operator, settings):
    settings.LOGIN_FAILURE_LIMIT = 3
    page.goto("/accounts/login/")
    for _ in range(3):
        page.fill("#id_username", operator.username)
        page.fill("#id_password", "wrong password")
        page.get_by_test_id("login-form").locator("button[type=submit]").click()
    expect(page.get_by_test_id("message-fa")).to_contain_text("قفل")
    expect(page.get_by_test_id("message-en")).to_contain_text("locked")
