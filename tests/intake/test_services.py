import pytest
from django.db import IntegrityError

from intake import services, tracking
from intake.errors import DuplicateDecisionNeeded, IntakeError
from intake.models import (
    Citizen,
    CoReporter,
    RequestHistory,
    RequestIntake,
    ServiceRequest,
    Status,
    Urgency,
)
from intake.services import citizen_register, request_draft_register, request_register
from tests.intake.factories import CENTRE, categories_make, city_make, request_make

pytestmark = pytest.mark.django_db


@pytest.fixture
def cats():
    city_make()
    return categories_make()


def register(cats, **kwargs):
    values = {"channel": "phone", "category": cats["pothole"], "text": "چاله بزرگ جلوی مدرسه", "phone": "0912 123 4567",
              "lon": CENTRE[0], "lat": CENTRE[1], "address_text": "یوسف‌آباد، خیابان ۲۰"}
    values.update(kwargs)
    return request_register(**values)


def test_it_registers_a_request_with_its_place_tracking_code_and_first_history_row(cats, operator):
    registration = register(cats, actor=operator)
    request = ServiceRequest.objects.get(pk=registration.request.pk)
    assert tracking.is_valid_tracking_code(request.tracking_code)
    assert request.status == Status.REGISTERED
    assert request.region.number == 6 and request.district.code == "6-1" and request.neighbourhood.code == "6-1-1"
    assert request.h3_r9 is not None
    assert request.citizen.phone == "09121234567"
    assert request.created_by == operator
    [entry] = RequestHistory.objects.filter(request=request)
    assert (entry.action, entry.to_status, entry.actor) == ("register", "registered", operator)


def test_it_closes_an_immediate_message_at_once_with_the_answer_recorded(cats):
    registration = register(cats, urgency=Urgency.IMMEDIATE, answer_text="ساعت کاری ۸ تا ۱۴ است")
    request = registration.request
    assert request.status == Status.CLOSED and request.closed_at is not None
    assert request.intake.answer_text == "ساعت کاری ۸ تا ۱۴ است"
    with pytest.raises(IntakeError) as error:
        register(cats, urgency=Urgency.IMMEDIATE)
    assert "answer_text" in error.value.errors


def test_it_retries_when_a_tracking_code_is_already_taken(cats, monkeypatch):
    taken = request_make(cats["pothole"], east_m=5000).tracking_code
    codes = iter([taken, taken, "123456782"])
    monkeypatch.setattr(tracking, "new_tracking_code", lambda: next(codes))
    registration = register(cats)
    assert registration.tracking_code == "123456782"
    assert ServiceRequest.objects.filter(tracking_code=taken).count() == 1


def test_it_asks_an_operator_to_decide_when_an_open_case_of_the_same_sub_subject_is_near(cats, operator):
    existing = request_make(cats["pothole"], east_m=30)
    before = ServiceRequest.objects.count()
    with pytest.raises(DuplicateDecisionNeeded) as error:
        register(cats, actor=operator, decide_duplicates=True)
    assert error.value.status == 409
    assert [c.id for c in error.value.candidates] == [existing.id]
    assert ServiceRequest.objects.count() == before and not Citizen.objects.exists()


def test_it_links_a_caller_to_an_existing_case_as_co_reporter_without_opening_a_new_one(cats, operator):
    existing = request_make(cats["pothole"], east_m=30)
    before = ServiceRequest.objects.count()
    registration = register(cats, actor=operator, decide_duplicates=True, link_to=existing.id)
    assert registration.linked and not registration.created
    assert registration.tracking_code == existing.tracking_code
    assert ServiceRequest.objects.count() == before
    co = CoReporter.objects.get(request=existing)
    assert co.citizen.phone == "09121234567"
    assert RequestHistory.objects.filter(request=existing, action="co_reporter").count() == 1


def test_it_registers_anyway_with_the_operators_reason(cats, operator):
    request_make(cats["pothole"], east_m=30)
    registration = register(cats, actor=operator, decide_duplicates=True, register_anyway_reason="چاله دیگری است")
    assert registration.created
    assert registration.request.intake.register_anyway_reason == "چاله دیگری است"
    assert registration.request.intake.possible_duplicate is False


def test_it_flags_a_possible_duplicate_from_an_unattended_channel_instead_of_blocking(cats):
    existing = request_make(cats["pothole"], east_m=30)
    registration = register(cats, channel="web")
    intake = RequestIntake.objects.get(request=registration.request)
    assert intake.possible_duplicate is True
    assert intake.duplicate_candidates[0]["id"] == existing.id


def test_it_keeps_a_draft_without_category_or_place(cats):
    registration = request_draft_register(channel="sms", text="سلام، چراغ کوچه ما خاموش است", phone="09351112233")
    request = registration.request
    assert request.status == Status.DRAFT
    assert request.category.code == "unclassified"
    assert request.location is None


@pytest.mark.parametrize(("field", "kwargs"), [
    ("phone", {"phone": "12345"}),
    ("category", {"category": "no.such.thing"}),
    ("category", {"category": "roads"}),  # a subject, not a sub-subject
    ("text", {"text": ""}),
    ("text", {"text": "ا" * 4001}),
    ("address_text", {"address_text": "خ" * 401}),
    ("location", {"lon": 10.0, "lat": 10.0}),
    ("location", {"lon": "abc", "lat": 35.7}),
    ("location", {"lon": None, "lat": None, "address_text": ""}),
    ("channel", {"channel": "pigeon"}),
    ("letter_number", {"channel": "letter"}),
])
def test_it_refuses_bad_input_in_persian_and_english_and_saves_nothing(cats, field, kwargs):
    with pytest.raises(IntakeError) as error:
        register(cats, **kwargs)
    assert field in error.value.errors
    payload = error.value.as_payload()
    assert payload["detail"]["fa"] != payload["detail"]["en"]
    assert any("\u0600" <= ch <= "\u06ff" for ch in payload["detail"]["fa"])
    assert not ServiceRequest.objects.exists() and not Citizen.objects.exists()


def test_it_registers_citizens_and_subscribers_once(cats):
    citizen = citizen_register(phone="+98 912 000 1122", name="سارا رضایی", subscription_code="۷۷۱۲")
    assert citizen.phone == "09120001122" and citizen.subscription_code == "7712" and citizen.is_subscriber
    with pytest.raises(IntakeError) as error:
        citizen_register(phone="09120001122")
    assert "phone" in error.value.errors
    with pytest.raises(IntakeError) as error:
        citizen_register(phone="09120001133", national_id="123")
    assert "national_id" in error.value.errors


def test_it_leaves_nothing_behind_when_the_write_fails_half_way(cats, monkeypatch):
    def broken(**kwargs):
        raise IntegrityError("simulated failure after the request row")

    monkeypatch.setattr(services.RequestHistory.objects, "create", broken)
    with pytest.raises(IntegrityError):
        register(cats)
    assert not ServiceRequest.objects.exists() and not Citizen.objects.exists()


def test_it_reports_every_field_problem_of_a_registration_at_once(cats):
    with pytest.raises(IntakeError) as error:
        register(cats, channel="fax", text="  ", address_text="x" * 401, phone="123", citizen_name="n" * 151,
                 lon="east", lat="1", urgency="soon", register_anyway_reason="r" * 501, letter_number="9" * 51)
    assert error.value.status == 400
    assert error.value.as_text("en") == (
        "channel: Unknown channel: fax.; text: Write what the problem is.; "
        "address_text: The address may have at most 400 characters.; "
        "phone: Enter an Iranian mobile or landline number, e.g. 09121234567.; "
        "citizen_name: A name may have at most 150 characters.; "
        "location: Longitude and latitude must both be numbers.; urgency: Urgency is either immediate or trackable.; "
        "register_anyway_reason: The reason may have at most 500 characters.; "
        "letter_number: A letter number may have at most 50 characters.")
    assert not ServiceRequest.objects.exists() and not Citizen.objects.exists()


def test_it_checks_a_registration_without_writing_it(cats):
    given = services.RegistrationInput(channel="web", category=cats["pothole"].code, text=" چاله ", lon=CENTRE[0],
                                       lat=CENTRE[1], phone="0912 123 4567")
    checked = services.request_register_check(given)
    assert (checked.category, checked.text, checked.phone, checked.status) == (
        cats["pothole"], "چاله", "09121234567", Status.REGISTERED)
    assert checked.place.region_id is not None
    assert not ServiceRequest.objects.exists() and not Citizen.objects.exists()
    registration = services.request_register_write(checked)
    assert ServiceRequest.objects.get().tracking_code == registration.tracking_code
