import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from intake.models import Attachment, Citizen, CoReporter, Quarantine, Question, ServiceRequest, Status
from tests.fixtures.uploads.corpus import CORPUS, png, sample_bytes
from tests.fixtures.uploads.expected import refusal_message, set_aside_message
from tests.intake.factories import CENTRE, categories_make, city_make, request_make
from tests.personas import PASSWORD

pytestmark = pytest.mark.django_db

PNG = png()


@pytest.fixture
def cats():
    city_make()
    return categories_make()


@pytest.fixture
def console(client, operator):
    client.login(username=operator.username, password=PASSWORD)
    return client


def message(cats, citizen, **extra):
    data = {"n": "1", "citizen_id": str(citizen.pk), "channel": "phone", "category": str(cats["pothole"].pk),
            "urgency": "trackable", "text": "چاله عمیق", "address_text": "یوسف‌آباد", "lon": str(CENTRE[0]),
            "lat": str(CENTRE[1])}
    data.update(extra)
    return data


def test_it_is_only_for_receipt_operators_and_supervisors(client, planner):
    client.login(username=planner.username, password=PASSWORD)
    assert client.get(reverse("intake")).status_code == 403
    client.logout()
    assert client.get(reverse("intake")).status_code == 302


def test_it_brings_up_the_caller_with_earlier_messages_and_subscriber_badge(console, cats):
    citizen = Citizen.objects.create(phone="09121234567", name="سارا", subscription_code="7712")
    earlier = request_make(cats["pothole"], east_m=3000, citizen=citizen)
    for query in ("0912 123 4567", "۷۷۱۲"):
        html = console.get(reverse("intake-caller"), {"q": query}).content.decode()
        assert "سارا" in html and 'data-testid="subscriber-badge"' in html
        assert earlier.tracking_code.translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")) in html


def test_it_offers_to_register_an_unknown_caller_and_registers_them(console, cats):
    html = console.get(reverse("intake-caller"), {"q": "09351112233"}).content.decode()
    assert 'data-testid="citizen-new"' in html
    response = console.post(reverse("intake-citizen-create"), {"phone": "09351112233", "name": "نادر",
                                                                "subscriber": "1", "subscription_code": "5501"})
    assert response.status_code == 201
    assert Citizen.objects.get(phone="09351112233").subscription_code == "5501"
    again = console.post(reverse("intake-citizen-create"), {"phone": "09351112233"})
    assert again.status_code == 400 and "پیش‌تر ثبت شده" in again.content.decode()


def test_it_registers_several_messages_of_one_call(console, cats):
    citizen = Citizen.objects.create(phone="09121234567")
    first = console.post(reverse("intake-message-register"), message(cats, citizen))
    second = console.post(reverse("intake-message-register"), message(
        cats, citizen, n="2", category=str(cats["lamp"].pk), text="چراغ خاموش", lon=str(CENTRE[0] + 0.01)))
    assert first.status_code == second.status_code == 201
    assert first["HX-Retarget"] == "#message-1" and second["HX-Retarget"] == "#message-2"
    assert ServiceRequest.objects.filter(citizen=citizen, status=Status.REGISTERED).count() == 2


def test_it_shows_duplicates_before_saving_then_links_the_caller_as_co_reporter(console, cats):
    citizen = Citizen.objects.create(phone="09121234567")
    existing = request_make(cats["pothole"], east_m=40)
    shown = console.post(reverse("intake-message-register"), message(cats, citizen))
    assert shown.status_code == 200 and 'data-testid="duplicates"' in shown.content.decode()
    assert existing.tracking_code in shown.content.decode()
    assert ServiceRequest.objects.count() == 1
    linked = console.post(reverse("intake-message-register"), message(cats, citizen, link_to=str(existing.pk)))
    assert linked.status_code == 201
    assert f'data-tracking-code="{existing.tracking_code}"' in linked.content.decode()
    assert "گزارش‌دهنده هم‌زمان" in linked.content.decode()
    assert ServiceRequest.objects.count() == 1
    assert CoReporter.objects.filter(request=existing, citizen=citizen).exists()


def test_it_registers_anyway_when_the_operator_gives_a_reason(console, cats):
    citizen = Citizen.objects.create(phone="09121234567")
    request_make(cats["pothole"], east_m=40)
    response = console.post(reverse("intake-message-register"),
                            message(cats, citizen, register_anyway_reason="چاله دیگری در آن سوی خیابان"))
    assert response.status_code == 201
    assert ServiceRequest.objects.count() == 2


def test_it_registers_a_letter_with_number_date_and_scanned_attachment(console, cats):
    citizen = Citizen.objects.create(phone="09121234567")
    scan = SimpleUploadedFile("scan.png", PNG, content_type="image/png")
    response = console.post(reverse("intake-message-register"), message(
        cats, citizen, channel="letter", letter_number="۱۲۳/الف", letter_date="1403/12/11", files=scan))
    assert response.status_code == 201, response.content.decode()
    request = ServiceRequest.objects.get(channel="letter")
    assert request.intake.letter_number == "۱۲۳/الف" and request.intake.letter_date.isoformat() == "2025-03-01"
    attachment = request.attachments.get()
    assert attachment.kind == Attachment.Kind.LETTER and attachment.content_type == "image/png"
    missing = console.post(reverse("intake-message-register"), message(cats, citizen, channel="letter"))
    assert 'data-field="letter_number"' in missing.content.decode()


def test_it_asks_the_checklist_and_refuses_a_missing_required_answer(console, cats):
    citizen = Citizen.objects.create(phone="09121234567")
    depth = Question.objects.create(category=cats["pothole"], text="عمق چاله (سانتی‌متر)", kind="number", required=True)
    Question.objects.create(category=cats["pothole"], channel="sms", text="فقط پیامکی", kind="text", required=True)
    html = console.get(reverse("intake-questions"),
                       {"category": cats["pothole"].pk, "channel": "phone"}).content.decode()
    assert "عمق چاله" in html and "فقط پیامکی" not in html
    refused = console.post(reverse("intake-message-register"), message(cats, citizen))
    assert "عمق چاله" in refused.content.decode() and not ServiceRequest.objects.exists()
    done = console.post(reverse("intake-message-register"), message(cats, citizen, **{f"q_{depth.pk}": "۱۵"}))
    assert done.status_code == 201
    assert ServiceRequest.objects.get().answers.get().value == 15


def test_it_refuses_a_dangerous_file_and_saves_nothing(console, cats):
    citizen = Citizen.objects.create(phone="09121234567")
    program = SimpleUploadedFile("photo.jpg", b"MZ\x90\x00" + b"\x00" * 200)
    response = console.post(reverse("intake-message-register"), message(cats, citizen, files=program))
    assert "برنامه یا اسکریپت" in response.content.decode()
    assert not ServiceRequest.objects.exists() and not Attachment.objects.exists()


def test_it_gives_each_message_the_shared_address_widget_and_a_pin_map(console, cats):
    page = console.get(reverse("intake")).content.decode()
    assert "frontend_map/address-widget.js" in page and "htmx-config" in page  # loaded once, not per message
    first = console.get(reverse("intake-message-form")).content.decode()
    second = console.get(reverse("intake-message-form")).content.decode()
    for form in (first, second):
        assert "data-address-widget" in form and 'data-testid="address-input"' in form
        assert 'name="address_text"' in form and 'data-testid="pin-map"' in form
        assert f'data-reverse-url="{reverse("api-address-reverse")}"' in form
    ids = [form.split('class="address-widget" id="')[1].split('"')[0] for form in (first, second)]
    assert ids[0] != ids[1] and all(i.startswith("intake-address-") for i in ids)


def test_it_never_shows_a_scoped_operator_another_regions_case_as_a_duplicate(console, cats, operator):
    from addresses.models import Region
    from tests.intake.factories import region_beside
    from tests.personas import persona_scope

    region6 = Region.objects.get(number=6)
    region7 = region_beside(region6)
    hidden = request_make(cats["pothole"], east_m=40, region=region7, text="چاله عمیق")
    persona_scope(operator, regions=[region6])
    citizen = Citizen.objects.create(phone="09121234567")
    response = console.post(reverse("intake-message-register"), message(cats, citizen))
    assert response.status_code == 201  # no duplicate decision about a case the operator may not see
    assert hidden.tracking_code not in response.content.decode()
    registered = ServiceRequest.objects.exclude(pk=hidden.pk).get()
    assert hidden.pk not in [c["id"] for c in registered.intake.duplicate_candidates]


def test_it_refuses_to_link_a_caller_to_a_case_outside_the_operators_scope(console, cats, operator):
    """Ids are sequential: a region-6 operator posting link_to=<a region-7 case> is told the case is not there, and
    nothing is written on it (no co-reporter, no history)."""
    from addresses.models import Region
    from intake.models import RequestHistory
    from tests.intake.factories import region_beside
    from tests.personas import persona_scope

    region6 = Region.objects.get(number=6)
    hidden = request_make(cats["pothole"], east_m=40, region=region_beside(region6), text="چاله عمیق")
    persona_scope(operator, regions=[region6])
    citizen = Citizen.objects.create(phone="09121234567")
    history_before = RequestHistory.objects.filter(request=hidden).count()
    response = console.post(reverse("intake-message-register"), message(cats, citizen, link_to=str(hidden.pk)))
    assert response.status_code != 201  # refused (the console shows its errors in place, as htmx swaps them)
    assert "در حوزه شما نیست" in response.content.decode() and hidden.tracking_code not in response.content.decode()
    assert not CoReporter.objects.filter(request=hidden).exists()
    assert RequestHistory.objects.filter(request=hidden).count() == history_before
RLO, PDF, LRI, PDI = "\u202e", "\u202c", "\u2066", "\u2069"


def test_it_stores_the_operators_text_and_the_new_callers_name_without_bidi_overrides(console, cats):
    response = console.post(reverse("intake-citizen-create"), {"phone": f"{LRI}09351112233{PDI}",
                                                                "name": f"نادر {RLO}ydnaS{PDF}"})
    assert response.status_code == 201  # a number copied from a chat app, wrapped in isolates, is still a number
    citizen = Citizen.objects.get(phone="09351112233")
    assert citizen.name == "نادر ydnaS"
    response = console.post(reverse("intake-message-register"), message(
        cats, citizen, text=f"چاله {RLO}عمیق{PDF}", address_text=f"{RLO}یوسف‌آباد"))
    assert response.status_code == 201
    request = ServiceRequest.objects.get(citizen=citizen)
    assert (request.text, request.address_text) == ("چاله عمیق", "یوسف‌آباد")


@pytest.mark.parametrize("language", ["fa", "en"])
@pytest.mark.parametrize("key", list(CORPUS))
def test_it_applies_the_upload_policy_to_the_whole_corpus_in_the_operator_console(console, cats, clamd, settings,
                                                                                  tmp_path, key, language):
    settings.MEDIA_ROOT = tmp_path
    sample = CORPUS[key]
    citizen = Citizen.objects.create(phone="09121234567")
    response = console.post(reverse("intake-message-register"),
                            message(cats, citizen, files=SimpleUploadedFile(sample.name, sample_bytes(key))),
                            HTTP_ACCEPT_LANGUAGE=language)
    html = response.content.decode()
    if sample.outcome == "refused":  # 4xx into the decision area; the form and its text stay in the browser
        assert response.status_code in (413, 415) and 'data-field="attachments"' in html
        assert refusal_message(key, language) in html
        assert not ServiceRequest.objects.exists() and not Attachment.objects.exists()
        return
    assert response.status_code == 201, html
    request = ServiceRequest.objects.get()
    assert request.text == "چاله عمیق" and request.created_by is not None
    if sample.outcome == "quarantined":
        assert set_aside_message(sample.name, language) in html and not request.attachments.exists()
        quarantine = Quarantine.objects.get()
        assert quarantine.uploaded_by == request.created_by and quarantine.sender == "09121234567"
        return
    attachment = request.attachments.get()
    assert attachment.scan_status == Attachment.ScanStatus.CLEAN
    with attachment.file.open("rb") as stored:
        assert (stored.read() == sample_bytes(key)) is (sample.outcome == "accepted")


def test_it_swaps_the_consoles_4xx_refusals_into_the_decision_area(console):
    page = console.get(reverse("intake")).content.decode()
    config = json.loads(page.split("name=\"htmx-config\" content='")[1].split("'>")[0])
    assert config["allowScriptTags"] is False
    swapped = {rule["code"]: rule["swap"] for rule in config["responseHandling"]}
    assert swapped["[234].."] is True and swapped["..."] is False  # 4xx shown, 5xx not
