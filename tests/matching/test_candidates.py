import random

import pytest

from intake.models import Status
from matching.candidates import duplicate_candidates
from matching.scoring import h3_prefilter, text_similarity
from tests.intake.factories import CENTRE, categories_make, offset, request_make

pytestmark = pytest.mark.django_db


@pytest.fixture
def cats():
    return categories_make()


def test_it_finds_open_requests_within_the_sub_subjects_radius_nearest_and_most_alike_first(cats):
    near = request_make(cats["pothole"], east_m=20)
    farther = request_make(cats["pothole"], east_m=120)
    request_make(cats["pothole"], east_m=190)  # outside 150 m
    found = duplicate_candidates(lon=CENTRE[0], lat=CENTRE[1], category=cats["pothole"], text="چاله وسط خیابان")
    assert [c.id for c in found] == [near.id, farther.id]
    assert 15 < found[0].distance_m < 25
    assert found[0].score > found[1].score


def test_it_ignores_closed_drafts_and_requests_older_than_the_window(cats):
    request_make(cats["pothole"], east_m=10, status=Status.CLOSED)
    request_make(cats["pothole"], east_m=10, status=Status.DRAFT)
    request_make(cats["pothole"], east_m=10, days_ago=15)
    kept = request_make(cats["pothole"], east_m=10, days_ago=13)
    found = duplicate_candidates(lon=CENTRE[0], lat=CENTRE[1], category=cats["pothole"])
    assert [c.id for c in found] == [kept.id]


def test_it_uses_each_sub_subjects_own_radius_and_window(cats):
    lamp = cats["lamp"]
    lamp.duplicate_radius_m, lamp.duplicate_window_days = 400, 60
    lamp.save()
    far_old = request_make(lamp, east_m=350, days_ago=45)
    assert [c.id for c in duplicate_candidates(lon=CENTRE[0], lat=CENTRE[1], category=lamp)] == [far_old.id]
    assert duplicate_candidates(lon=CENTRE[0], lat=CENTRE[1], category=cats["pothole"]) == []


def test_it_ranks_same_sub_subject_over_same_subject_over_another_subject(cats):
    other = request_make(cats["lamp"], east_m=30, text="چراغ خاموش")
    subject = request_make(cats["asphalt"], east_m=30, text="آسفالت خراب")
    same = request_make(cats["pothole"], east_m=30, text="چاله")
    found = duplicate_candidates(lon=CENTRE[0], lat=CENTRE[1], category=cats["pothole"])
    assert [c.id for c in found] == [same.id, subject.id, other.id]
    assert [c.category_relation for c in found] == ["same_sub_subject", "same_subject", "other"]
    assert found[0].is_strong and not found[2].is_strong


def test_it_explains_each_candidate_in_persian(cats):
    request_make(cats["pothole"], east_m=42, days_ago=3, text="چاله عمیق جلوی نانوایی")
    [candidate] = duplicate_candidates(lon=CENTRE[0], lat=CENTRE[1], category=cats["pothole"],
                                       text="یک چاله عمیق جلوی نانوایی هست")
    assert "۴۲ متر" in candidate.reason
    assert "۳ روز پیش" in candidate.reason
    assert "همان زیرموضوع" in candidate.reason
    assert "شباهت متن" in candidate.reason


def test_it_scores_persian_texts_alike_despite_arabic_letters_and_word_order():
    assert text_similarity("چاله بزرگ در خيابان كريمخان", "در خیابان کریمخان چاله بزرگ") > 0.95
    assert text_similarity("چراغ برق خاموش است", "درخت افتاده روی ماشین") < 0.5


def test_it_never_drops_a_true_candidate_with_the_h3_pre_filter(cats):
    rng = random.Random(4)
    for _ in range(150):
        request_make(cats["pothole"], east_m=rng.uniform(-400, 400), north_m=rng.uniform(-400, 400))
    for radius in (50, 150, 300):
        cats["pothole"].duplicate_radius_m = radius
        for _ in range(5):
            lon, lat = offset(*CENTRE, east_m=rng.uniform(-200, 200), north_m=rng.uniform(-200, 200))
            with_h3 = duplicate_candidates(lon=lon, lat=lat, category=cats["pothole"], limit=1000)
            plain = duplicate_candidates(lon=lon, lat=lat, category=cats["pothole"], limit=1000, use_h3=False)
            assert {c.id for c in with_h3} == {c.id for c in plain}


def test_it_picks_coarser_h3_cells_for_larger_radii():
    assert h3_prefilter(*CENTRE, 150)[0] == 9
    assert h3_prefilter(*CENTRE, 1000)[0] == 8
    assert h3_prefilter(*CENTRE, 5000)[0] == 7


def test_it_checks_against_what_was_open_at_a_past_moment(cats):
    from datetime import timedelta

    from django.utils import timezone

    from intake.models import ServiceRequest

    now = timezone.now()
    earlier = request_make(cats["pothole"], east_m=10)
    ServiceRequest.objects.filter(pk=earlier.pk).update(created_at=now - timedelta(hours=5),
                                                        closed_at=now - timedelta(hours=1), status="closed")
    later = request_make(cats["pothole"], east_m=20)  # registered now: did not exist two hours ago
    two_hours_ago = now - timedelta(hours=2)
    then = duplicate_candidates(lon=CENTRE[0], lat=CENTRE[1], category=cats["pothole"], as_of=two_hours_ago)
    assert [c.id for c in then] == [earlier.id]  # open then, closed since
    assert [c.id for c in duplicate_candidates(lon=CENTRE[0], lat=CENTRE[1], category=cats["pothole"])] == [later.id]


def test_it_keeps_the_right_case_in_a_busy_spot_full_of_other_problems(cats):
    for i in range(60):  # a busy corner: sixty nearer lamp reports
        request_make(cats["lamp"], east_m=1 + i * 0.5, text="چراغ خاموش")
    pothole = request_make(cats["pothole"], east_m=70)
    found = duplicate_candidates(lon=CENTRE[0], lat=CENTRE[1], category=cats["pothole"], limit=5)
    assert found[0].id == pothole.id and found[0].is_strong


def test_it_ranks_the_same_address_first_and_says_so(cats):
    nearer = request_make(cats["pothole"], east_m=5, address_text="خیابان ولیعصر پلاک ۴۰")
    same = request_make(cats["pothole"], east_m=40, address_text="خ ولیعصر پ ۳۴")
    found = duplicate_candidates(lon=CENTRE[0], lat=CENTRE[1], category=cats["pothole"],
                                 address_text="خیابان ولیعصر، پلاک ۳۴")
    assert [c.id for c in found] == [same.id, nearer.id]
    assert found[0].address_match == "same" and "همان نشانی" in found[0].reason_in("fa")
    assert "same address" in found[0].reason_in("en")


def test_it_uses_the_kind_of_problem_for_radius_and_never_checks_a_placeless_one(cats):
    from intake.models import Category

    pothole = cats["pothole"]
    pothole.duplicate_kind = Category.DuplicateKind.BUILDING  # 60 m by default
    pothole.save()
    request_make(pothole, east_m=100)
    assert duplicate_candidates(lon=CENTRE[0], lat=CENTRE[1], category=pothole) == []
    pothole.duplicate_kind = Category.DuplicateKind.POINT  # 75 m
    pothole.save()
    near = request_make(pothole, east_m=70)
    assert [c.id for c in duplicate_candidates(lon=CENTRE[0], lat=CENTRE[1], category=pothole)] == [near.id]
    pothole.duplicate_kind = Category.DuplicateKind.NONE
    pothole.save()
    assert duplicate_candidates(lon=CENTRE[0], lat=CENTRE[1], category=pothole) == []


def test_it_scores_every_nearby_request_when_only_a_subject_is_given(cats):
    from intake.models import Category

    roads = Category.objects.get(code="roads")
    found = [request_make(cats["pothole"], east_m=5 + i) for i in range(15)]
    assert len(duplicate_candidates(lon=CENTRE[0], lat=CENTRE[1], category=roads, limit=20)) == len(found)
