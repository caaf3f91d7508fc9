"""The operator's call, end to end in Chromium: look up the caller, two messages in one call — the first linked
to a nearby open case (co-reporter), the second placed with the gazetteer address widget (the pin follows the
chosen suggestion; moving the pin looks the place up), registered and routed to the receipt inbox by the Celery
worker."""

import time

import pytest
from playwright.sync_api import expect

from intake.models import Citizen, CoReporter, ServiceRequest
from tests.e2e.test_shell import log_in
from tests.intake.factories import CENTRE, categories_make, city_make, offset, request_make

pytestmark = [pytest.mark.e2e, pytest.mark.celery, pytest.mark.django_db(transaction=True)]


def wait_for(predicate, timeout=20.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = predicate()
        if result:
            return result
        time.sleep(0.2)
    raise AssertionError("timed out")


def street_make(region, name: str, *, east_m: tuple[float, float]):
    """A street of the test city, east of the centre, in the gazetteer (its data version bumped)."""
    from django.contrib.gis.geos import LineString, MultiLineString

    from addresses.models import Street
    from addresses.services import address_data_version_bump

    district = region.districts.get()
    line = LineString(offset(*CENTRE, east_m=east_m[0]), offset(*CENTRE, east_m=east_m[1]), srid=4326)
    street = Street.objects.create(name_fa=name, kind="alley", geom=MultiLineString(line, srid=4326), region=region,
                                   district=district, synthetic=False)
    street.districts.set([district])
    address_data_version_bump()
    return street


def test_it_registers_two_messages_of_one_call_linking_the_first_to_an_open_case(page, operator, celery_worker):
    from workflow.models import Box, RequestCase
    from workflow.presets import preset_apply

    if not Box.objects.filter(is_start=True, is_active=True).exists():
        preset_apply("default")  # transactional tests flush the preset the migration loaded
    region = city_make()
    cats = categories_make()
    street_make(region, "کوچه نسترن", east_m=(1400, 1600))
    caller = Citizen.objects.create(phone="09121234567", name="سارا رضایی", subscription_code="7712")
    earlier = request_make(cats["asphalt"], east_m=2500, citizen=caller, text="آسفالت خراب")
    open_case = request_make(cats["pothole"], east_m=35, text="چاله بزرگ جلوی مدرسه",
                             citizen=Citizen.objects.create(phone="09350001111"))

    log_in(page, operator.username)
    page.goto("/intake/")
    page.fill("#caller-q", "0912 123 4567")
    page.press("#caller-q", "Enter")
    card = page.get_by_test_id("citizen-card")
    expect(card).to_contain_text("سارا رضایی")
    expect(page.get_by_test_id("subscriber-badge")).to_be_visible()
    expect(page.get_by_test_id("earlier-messages")).to_contain_text(
        earlier.tracking_code.translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")))

    # Message 1: a pothole next to the open case → offered as a duplicate → linked.
    page.get_by_test_id("add-message").click()
    first = page.get_by_test_id("message-form").nth(0)
    first.get_by_test_id("category-filter").fill("چاله")
    expect(first.get_by_test_id("category")).to_have_value(str(cats["pothole"].pk))
    first.get_by_test_id("lon").fill(str(CENTRE[0]))
    first.get_by_test_id("lat").fill(str(CENTRE[1]))
    first.get_by_test_id("text").fill("یک چاله بزرگ جلوی مدرسه")
    # typed coordinates move the pin, which looks the place up: region and district appear in the widget
    expect(first.get_by_test_id("chosen-region")).to_have_text("منطقه ۶")
    expect(first.get_by_test_id("chosen-district")).to_have_text("ناحیه ۶-۱")
    expect(first.get_by_test_id("pin-map")).to_have_attribute("data-pin", f"{CENTRE[0]:.6f},{CENTRE[1]:.6f}")
    first.get_by_test_id("register-message").click()
    candidate = first.get_by_test_id("duplicate-candidate")
    expect(candidate).to_have_attribute("data-tracking-code", open_case.tracking_code)
    expect(candidate).to_contain_text("همان زیرموضوع")
    candidate.get_by_test_id("link-case").click()
    done = page.get_by_test_id("message-done").nth(0)
    expect(done).to_have_attribute("data-tracking-code", open_case.tracking_code)
    expect(done).to_contain_text("گزارش‌دهنده هم‌زمان")

    # Message 2 of the same call: a lamp elsewhere → a new tracking code.
    page.get_by_test_id("add-message").click()
    second = page.get_by_test_id("message-form").last
    second.get_by_test_id("category").select_option(label="روشنایی / چراغ خاموش")
    # The address through the gazetteer widget: a typed fragment proposes the alley with its region and district.
    second.get_by_test_id("address-input").type("ک نسترن", delay=30)
    suggestion = second.get_by_test_id("address-suggestion").first
    expect(suggestion).to_contain_text("کوچه نسترن")
    expect(suggestion).to_contain_text("منطقه ۶")
    suggestion.click()
    lon, lat = offset(*CENTRE, east_m=1500)
    expect(second.get_by_test_id("chosen-district")).to_have_text("ناحیه ۶-۱")
    chosen_lon = float(wait_for(lambda: second.get_by_test_id("lon").input_value()))
    assert chosen_lon == pytest.approx(lon, abs=0.0015)
    assert float(second.get_by_test_id("lat").input_value()) == pytest.approx(lat, abs=0.0005)
    assert "کوچه نسترن" in second.get_by_test_id("address-text").input_value()
    pin = second.get_by_test_id("pin-map")
    expect(pin).to_have_attribute(  # the pin moved to the chosen place
        "data-pin", second.get_by_test_id("lon").input_value() + "," + second.get_by_test_id("lat").input_value())
    # Moving the pin (a click on the map a little to the east) moves the point and looks the place up again.
    second.get_by_test_id("address-input").fill("")
    box = pin.bounding_box()
    pin.click(position={"x": box["width"] / 2 - 25, "y": box["height"] / 2})
    expect(second.get_by_test_id("address-input")).to_have_value("کوچه نسترن")
    moved_lon = float(second.get_by_test_id("lon").input_value())
    assert moved_lon != chosen_lon and moved_lon == pytest.approx(lon, abs=0.005)
    second.get_by_test_id("text").fill("چراغ‌های کوچه خاموش است")
    second.get_by_test_id("register-message").click()
    expect(page.get_by_test_id("message-done")).to_have_count(2)
    code = page.get_by_test_id("message-done").nth(1).get_attribute("data-tracking-code")

    assert CoReporter.objects.filter(request=open_case, citizen=caller).exists()
    assert ServiceRequest.objects.filter(category=cats["pothole"]).count() == 1  # no new case for message 1
    new = ServiceRequest.objects.get(tracking_code=code)
    assert new.citizen == caller and new.category == cats["lamp"]
    assert new.address_text == "کوچه نسترن" and new.location.x == pytest.approx(moved_lon, abs=1e-6)
    assert new.district.code == "6-1"

    # The worker routes it into the temporary registration (receipt) inbox.
    case = wait_for(lambda: RequestCase.objects.filter(request=new).select_related("box").first())
    assert case.box.code == "receipt"
    page.goto("/inbox/receipt/")
    expect(page.locator("body")).to_contain_text(code.translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")))


def test_it_shows_a_refused_file_beside_the_message_and_registers_it_once_the_file_is_replaced(
        page, operator, clamd, settings, tmp_path, celery_worker):
    from intake.models import Quarantine, SmsMessage
    from tests.fixtures.uploads.corpus import EICAR, svg_named_png
    from workflow.models import Box, RequestCase
    from workflow.presets import preset_apply

    if not Box.objects.filter(is_start=True, is_active=True).exists():
        preset_apply("default")  # transactional tests flush the preset the migration loaded
    settings.MEDIA_ROOT = tmp_path / "media"
    city_make()
    cats = categories_make()
    Citizen.objects.create(phone="09121234567", name="سارا رضایی")
    (tmp_path / "photo.png").write_bytes(svg_named_png())
    (tmp_path / "eicar.txt").write_bytes(EICAR)

    log_in(page, operator.username)
    page.goto("/intake/")
    page.fill("#caller-q", "09121234567")
    page.press("#caller-q", "Enter")
    expect(page.get_by_test_id("citizen-card")).to_contain_text("سارا رضایی")
    page.get_by_test_id("add-message").click()
    form = page.get_by_test_id("message-form").nth(0)
    form.get_by_test_id("category").select_option(str(cats["pothole"].pk))
    form.get_by_test_id("lon").fill(str(CENTRE[0]))
    form.get_by_test_id("lat").fill(str(CENTRE[1]))
    form.get_by_test_id("text").fill("چاله‌ای عمیق جلوی مدرسه")
    form.locator("input[name=files]").set_input_files(str(tmp_path / "photo.png"))
    form.get_by_test_id("register-message").click()
    # the 415 is swapped into the message's decision area; the message stays as typed
    expect(form.get_by_test_id("errors")).to_contain_text("photo.png")
    expect(form.get_by_test_id("errors")).to_contain_text("صفحهٔ وب یا اسکریپت")
    expect(form.get_by_test_id("text")).to_have_value("چاله‌ای عمیق جلوی مدرسه")
    assert not ServiceRequest.objects.exists()
    form.locator("input[name=files]").set_input_files(str(tmp_path / "eicar.txt"))
    form.get_by_test_id("register-message").click()
    done = page.get_by_test_id("message-done")
    expect(done).to_contain_text("ویروس")  # registered, the infected file set aside and said so
    request = ServiceRequest.objects.get()
    assert request.text == "چاله‌ای عمیق جلوی مدرسه" and not request.attachments.exists()
    assert Quarantine.objects.get().request == request
    # the worker routes it and texts the tracking code: wait, so nothing runs on while the database is flushed
    wait_for(lambda: RequestCase.objects.filter(request=request).exists())
    wait_for(lambda: not SmsMessage.objects.filter(state__in=["queued", "sending"]).exists())
