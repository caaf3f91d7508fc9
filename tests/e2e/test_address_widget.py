import pytest

from tests.addresses.small_city import build_small_city
from tests.personas import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def log_in(page, user):
    page.goto("/accounts/login/")
    form = page.get_by_test_id("login-form")
    form.locator("input[name=username]").fill(user.username)
    form.locator("input[name=password]").fill(PASSWORD)
    form.locator("[type=submit]").click()
    page.wait_for_url(lambda url: "/accounts/login" not in url)


def test_it_suggests_a_loose_persian_address_and_picks_one_with_the_keyboard(page, operator):
    build_small_city()
    log_in(page, operator)
    page.goto("/addresses/lookup/")
    box = page.get_by_test_id("address-input")
    assert box.get_attribute("dir") == "rtl"
    box.type("خيابون وليعصر ك نيلوفر", delay=20)  # colloquial, Arabic letters, abbreviations
    options = page.get_by_test_id("address-suggestion")
    options.first.wait_for()
    first = options.first
    assert "کوچه نیلوفر" in first.inner_text()
    assert "منطقه ۱" in first.inner_text() and "ناحیه ۱-۲" in first.inner_text()
    assert first.get_by_test_id("synthetic-badge").is_visible()  # the demo street is synthetic

    box.press("ArrowDown")
    assert first.get_attribute("aria-selected") == "true"
    box.press("Enter")
    page.get_by_test_id("address-chosen").wait_for()
    assert page.get_by_test_id("address-suggestions").is_hidden()
    assert page.get_by_test_id("chosen-region").inner_text() == "منطقه ۱"
    assert page.get_by_test_id("chosen-district").inner_text() == "ناحیه ۱-۲"
    assert page.locator("input[name=district_code]").input_value() == "1-2"
    assert page.locator("input[name=region_number]").input_value() == "1"
    lon, lat = (float(v) for v in page.get_by_test_id("address-map").get_attribute("data-marker").split(","))
    assert lon == pytest.approx(51.435, abs=0.001) and lat == pytest.approx(35.72, abs=0.002)
    page.get_by_test_id("address-marker").wait_for(state="attached")


def test_it_closes_with_escape_and_says_when_nothing_matches(page, operator):
    build_small_city()
    log_in(page, operator)
    page.goto("/addresses/lookup/")
    box = page.get_by_test_id("address-input")
    box.type("میدون ونک", delay=20)
    page.get_by_test_id("address-suggestion").first.wait_for()
    box.press("Escape")
    assert page.get_by_test_id("address-suggestions").is_hidden()
    box.fill("")
    box.type("ززززز ققققق", delay=10)
    status = page.get_by_test_id("address-status")
    page.wait_for_function("document.querySelector('[data-testid=address-status]').textContent.includes('پیدا نشد')")
    assert "جایی پیدا نشد" in status.inner_text()
    assert page.get_by_test_id("address-suggestion").count() == 0
