import pytest
from django.test import Client

from addresses.bridge import gazetteer_current, record_source
from addresses.models import Alias, QueryReview
from addresses.services import review_alias_create, review_correction_record, review_query_record
from tests.addresses.small_city import build_small_city
from tests.personas import login_verified

pytestmark = pytest.mark.django_db


@pytest.fixture
def city():
    return build_small_city()


def test_it_ignores_queries_too_short_to_review(city):
    assert review_query_record(query="م") is None and QueryReview.objects.count() == 0


def test_it_counts_the_same_unmatched_query_typed_differently_once(city):
    review_query_record(query="ميدون  تجريش")
    review_query_record(query="میدان تجریش")
    assert QueryReview.objects.get().times == 2


def test_it_turns_a_correction_into_an_alias_the_gazetteer_then_finds(city):
    assert not any(record_source(s.record_id) == ("landmark", city["hospital"].pk)
                   for s in gazetteer_current().gazetteer.suggest("بیمارستان قلب تهران", limit=1))
    review = review_correction_record(query="بیمارستان قلب تهران", suggested_label="x", suggested_record="street:1",
                                      chosen_label="بیمارستان شهید رجایی",
                                      chosen_record=f"landmark:{city['hospital'].pk}")
    alias = review_alias_create(review=review)
    review.refresh_from_db()
    assert review.status == "aliased" and review.alias == alias and alias.landmark == city["hospital"]
    best = gazetteer_current().gazetteer.suggest("بیمارستان قلب تهران", limit=1)[0]
    assert record_source(best.record_id) == ("landmark", city["hospital"].pk)


def test_it_makes_aliases_from_the_admin_and_asks_for_a_place_first(city, django_user_model):
    admin_user = django_user_model.objects.create_superuser("boss", "boss@example.org", "pw-123456")
    client = login_verified(Client(), admin_user)  # the admin asks superusers for a second factor
    unplaced = review_query_record(query="خیابان پهلوی قدیم")
    placed = review_query_record(query="خیابان شاه قدیم")
    placed.street = city["valiasr"]
    placed.save()
    response = client.post("/admin/addresses/queryreview/", {
        "action": "turn_into_aliases", "_selected_action": [unplaced.pk, placed.pk]}, follow=True)
    assert response.status_code == 200
    assert Alias.objects.filter(street=city["valiasr"], name="خیابان شاه قدیم").exists()
    unplaced.refresh_from_db()
    assert unplaced.status == "open"
    text = response.content.decode()
    assert "1" in text and QueryReview.objects.get(pk=placed.pk).status == "aliased"
    assert client.get("/admin/addresses/queryreview/").status_code == 200
    assert client.get(f"/admin/addresses/queryreview/{placed.pk}/change/").status_code == 200
