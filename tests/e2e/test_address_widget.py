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
    # a function, not an expression: Playwright would eval() an expression, which the page's CSP forbids
    page.wait_for_function(
        "() => document.querySelector('[data-testid=address-status]').textContent.includes('پیدا نشد')")
    assert "جایی پیدا نشد" in status.inner_text()
    assert page.get_by_test_id("address-suggestion").count() == 0


def test_it_shows_that_a_name_exists_in_other_regions_and_why_it_chose(page, operator):
    """Namesakes: two hospitals called آزادی in regions 1 and 2; each suggestion says the other exists, and the
    chosen one says what matched."""
    from django.contrib.gis.geos import Point

    from addresses.models import Landmark
    from addresses.services import address_data_version_bump, address_places_assign

    build_small_city()
    for lon in (51.41, 51.47):
        Landmark.objects.create(name_fa="بیمارستان آزادی", kind="landmark", subkind="hospital",
                                geom=Point(lon, 35.73, srid=4326), source="test")
    address_places_assign(landmark_ids=list(Landmark.objects.filter(source="test").values_list("id", flat=True)))
    address_data_version_bump()
    log_in(page, operator)
    page.goto("/addresses/lookup/")
    box = page.get_by_test_id("address-input")
    box.type("بيمارستان آزادي", delay=20)
    first = page.get_by_test_id("address-suggestion").first
    first.wait_for()
    also = first.get_by_test_id("address-elsewhere")
    assert also.is_visible() and "همچنین در منطقه" in also.inner_text()
    own = "۱" if "منطقه ۱" in first.locator(".chip-region").inner_text() else "۲"
    assert ("۲" if own == "۱" else "۱") in also.inner_text()  # the other hospital's region
    box.press("ArrowDown")
    box.press("Enter")
    page.get_by_test_id("address-chosen").wait_for()
    why = page.get_by_test_id("chosen-why").inner_text()
    assert "بیمارستان آزادی" in why and "منطقه و ناحیه" in why
    assert page.get_by_test_id("address-chosen").get_by_test_id("address-elsewhere").is_visible()
