import pytest
from django.contrib.gis.geos import Point
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from gis.h3cells import h3_cells
from intake.models import AppendOnlyError, Category, Citizen, RequestHistory, ServiceRequest

pytestmark = pytest.mark.django_db


@pytest.fixture
def pothole():
    subject = Category.objects.create(code="roads", name_fa="معابر")
    return Category.objects.create(code="roads.pothole", name_fa="چاله", parent=subject)


def make_request(category, lon=51.4105, lat=35.7575, **extra):
    return ServiceRequest.objects.create(
        tracking_code=extra.pop("tracking_code", "123456782"), channel="phone", category=category,
        text="چاله بزرگ وسط خیابان", location=Point(lon, lat, srid=4326), created_at=timezone.now(), **extra,
    )


def test_it_computes_h3_cells_at_resolutions_7_to_10_on_save(pothole):
    request = make_request(pothole)
    request.refresh_from_db()
    expected = h3_cells(51.4105, 35.7575)
    assert (request.h3_r7, request.h3_r8, request.h3_r9, request.h3_r10) == (
        expected[7], expected[8], expected[9], expected[10])
    assert len({request.h3_r7, request.h3_r8, request.h3_r9, request.h3_r10}) == 4


def test_it_recomputes_h3_cells_when_the_point_moves(pothole):
    request = make_request(pothole)
    before = request.h3_r10
    request.location = Point(51.3890, 35.6997, srid=4326)
    request.save(update_fields=["location"])
    request.refresh_from_db()
    assert request.h3_r10 != before
    assert request.h3_r10 == h3_cells(51.3890, 35.6997)[10]


def test_it_refuses_to_change_or_delete_history_even_with_raw_sql(pothole):
    request = make_request(pothole)
    entry = RequestHistory.objects.create(request=request, action="register", to_status="registered",
                                          created_at=timezone.now())
    with pytest.raises(AppendOnlyError):
        entry.text = "rewritten"
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    for statement in ("update requests_app_requesthistory set text = 'x'", "delete from requests_app_requesthistory"):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement)
    assert RequestHistory.objects.get(pk=entry.pk).text == ""


def test_it_validates_a_citizens_phone_into_national_form():
    citizen = Citizen(phone="+98 912 123 4567", name="سارا")
    citizen.full_clean()
    assert citizen.phone == "09121234567"
    with pytest.raises(ValidationError) as error:
        Citizen(phone="12345").full_clean()
    assert "phone" in error.value.message_dict


def test_it_keeps_categories_to_two_levels(pothole):
    third = Category(code="roads.pothole.deep", name_fa="عمیق", parent=pothole)
    with pytest.raises(ValidationError):
        third.full_clean()
