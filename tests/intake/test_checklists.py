import pytest
from django.urls import reverse

from intake.errors import IntakeError
from intake.models import Answer, Question
from intake.services import request_register
from tests.intake.factories import CENTRE, categories_make, city_make
from tests.personas import login_verified

pytestmark = pytest.mark.django_db


@pytest.fixture
def cats():
    city_make()
    return categories_make()


def register(cats, answers, channel="phone"):
    return request_register(channel=channel, category=cats["pothole"], text="چاله", lon=CENTRE[0], lat=CENTRE[1],
                            answers=answers)


def test_it_stores_answers_of_every_kind_per_request(cats):
    q = {kind: Question.objects.create(category=cats["pothole"], text=f"پرسش {kind}", kind=kind,
                                       choices="کم\nزیاد\nخیلی زیاد" if kind in ("choice", "multi") else "")
         for kind in ("text", "number", "choice", "multi", "date", "yes_no")}
    registration = register(cats, {str(q["text"].pk): "کنار جدول", str(q["number"].pk): "۱۲٫۵",
                                   str(q["choice"].pk): "زیاد", str(q["multi"].pk): ["کم", "زیاد"],
                                   str(q["date"].pk): "1403/12/11", str(q["yes_no"].pk): "بله"})
    values = {a.question.kind: a.value for a in Answer.objects.filter(request=registration.request)}
    assert values == {"text": "کنار جدول", "number": 12.5, "choice": "زیاد", "multi": ["کم", "زیاد"],
                      "date": "2025-03-01", "yes_no": True}


@pytest.mark.parametrize(("kind", "value"), [("number", "سه"), ("choice", "متوسط"), ("date", "1403/13/40"),
                                             ("yes_no", "شاید"), ("text", "x" * 1001)])
def test_it_refuses_answers_that_do_not_fit_the_question(cats, kind, value):
    question = Question.objects.create(category=cats["pothole"], text="پرسش", kind=kind, choices="کم\nزیاد")
    with pytest.raises(IntakeError) as error:
        register(cats, {str(question.pk): value})
    assert f"answers.{question.pk}" in error.value.errors


def test_it_requires_required_answers_only_on_their_channel(cats):
    Question.objects.create(category=cats["pothole"], channel="phone", text="نام کوچه؟", required=True)
    with pytest.raises(IntakeError):
        register(cats, {}, channel="phone")
    assert register(cats, {}, channel="web").created


def test_it_lets_an_administrator_edit_a_sub_subjects_checklist(client, admin_user, cats):
    login_verified(client, admin_user)  # the admin asks superusers for a second factor
    page = client.get(reverse("admin:intake_category_change", args=[cats["pothole"].pk]))
    assert page.status_code == 200 and "questions-TOTAL_FORMS" in page.content.decode()
