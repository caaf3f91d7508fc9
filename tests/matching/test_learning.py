"""Learning from operators: decisions become labels, a fitted model is used only when it is better on recent
decisions, and the admin can go back. The labels here exercise the mechanism (which model wins when); how good
the detector is on real calls is the backtest's job (`manage.py duplicates_backtest`)."""

import random

import pytest

from matching import learning
from matching.scoring import PRIOR, Evidence


@pytest.fixture(autouse=True)
def fresh_model_in_use():
    """Each test reads the model in use from its own database (the process keeps a copy for a minute)."""
    from matching.selectors import active_model_forget

    active_model_forget()
    yield
    active_model_forget()


def _decisions(n, *, seed, address_means_duplicate=True, noise=0.05):
    """Decisions of an imagined centre where, unlike the prior assumes, distance says little and whether the
    typed address names the same street decides (the prior gives "same street" little weight)."""
    rng = random.Random(seed)
    rows = []
    for _ in range(n):
        same_street = rng.random() < 0.5
        evidence = Evidence(distance_m=rng.uniform(0, 75), radius_m=75, age_days=rng.uniform(0, 10), window_days=14,
                            relation="same_sub_subject", address="street" if same_street else "different",
                            kind="point")
        duplicate = same_street if address_means_duplicate else not same_street
        if rng.random() < noise:
            duplicate = not duplicate  # operators err now and then
        rows.append((evidence.features(), duplicate))
    return rows


def test_it_fits_weights_that_explain_the_decisions_better_than_the_prior():
    train, recent = _decisions(400, seed=1), _decisions(100, seed=2)
    fitted = learning.fit([f for f, _ in train], [y for _, y in train], prior=PRIOR)
    mine = learning.evaluate(fitted, [f for f, _ in recent], [y for _, y in recent])
    prior = learning.evaluate(PRIOR, [f for f, _ in recent], [y for _, y in recent])
    assert mine["log_loss"] < prior["log_loss"] and learning.better(mine, prior)
    assert fitted.weights["address_street"] > PRIOR.weights["address_street"]
    assert fitted.weights["address_different"] < PRIOR.weights["address_different"]


def test_it_stays_near_the_prior_when_there_is_little_to_learn_from():
    few = _decisions(5, seed=3)
    fitted = learning.fit([f for f, _ in few], [y for _, y in few], prior=PRIOR, strength=50.0)
    assert all(abs(fitted.weights[k] - v) < 0.5 for k, v in PRIOR.weights.items())


@pytest.mark.django_db
def test_it_puts_a_fitted_model_in_use_only_when_better_on_recent_decisions_and_goes_back_on_request():
    from intake.models import ServiceRequest
    from matching.models import DuplicateLabel, DuplicateModel
    from matching.selectors import active_model
    from matching.services import duplicate_model_activate, duplicate_model_fit
    from tests.intake.factories import categories_make, request_make

    case = request_make(categories_make()["pothole"])
    assert duplicate_model_fit() is None  # nothing to learn from yet

    def keep(rows):
        DuplicateLabel.objects.bulk_create([DuplicateLabel(candidate=case, is_duplicate=y, features=f,
                                                           source="link" if y else "register_anyway")
                                            for f, y in rows])

    # Earlier decisions say the address decides; the most recent fifth says the opposite (habits turned).
    keep(_decisions(400, seed=4, noise=0.0))  # so sure of itself that a turn of habits costs it most
    keep(_decisions(100, seed=5, address_means_duplicate=False, noise=0.0))
    recent = list(DuplicateLabel.objects.order_by("-id").values_list("id", flat=True)[:100])
    DuplicateLabel.objects.filter(pk__in=recent).update(decided_at="2100-01-01T00:00:00Z")
    aside = duplicate_model_fit(min_labels=100)
    assert aside is not None and not aside.is_active  # worse than the prior on the recent decisions: kept aside
    assert active_model() is PRIOR

    DuplicateLabel.objects.filter(pk__in=recent).delete()  # the recent decisions now agree with the earlier ones
    model = duplicate_model_fit(min_labels=100)
    assert model.is_active and model.figures["this"]["log_loss"] < model.figures["compared_with"]["log_loss"]
    assert active_model().name == f"learned #{model.pk}"
    assert DuplicateModel.objects.filter(is_active=True).count() == 1

    duplicate_model_activate(model_id=None)
    assert active_model() is PRIOR
    assert ServiceRequest.objects.filter(pk=case.pk).exists()


@pytest.mark.django_db
def test_it_keeps_the_operators_decisions_at_registration_as_labels(operator):
    from intake.models import ServiceRequest
    from intake.services import request_register
    from matching.models import DuplicateLabel
    from tests.intake.factories import CENTRE, categories_make, city_make, request_make

    city_make()
    cats = categories_make()
    existing = request_make(cats["pothole"], east_m=20, address_text="خیابان ولیعصر پلاک ۳۴")
    given = dict(channel="phone", category=cats["pothole"], text="چاله عمیق", lon=CENTRE[0], lat=CENTRE[1],
                 address_text="خ ولیعصر پ ۳۴", phone="09121234567", actor=operator, decide_duplicates=True)
    request_register(**given, register_anyway_reason="چاله دیگری است")
    label = DuplicateLabel.objects.get(source="register_anyway")
    assert label.candidate == existing and label.is_duplicate is False and label.decided_by == operator
    assert label.features["address_same"] == 1.0 and label.features["same_sub_subject"] == 1.0
    request_register(**{**given, "phone": "09127654321"}, link_to=existing.pk)
    linked = DuplicateLabel.objects.get(source="link", is_duplicate=True)
    assert linked.candidate == existing and linked.request is None
    passed_over = DuplicateLabel.objects.get(source="link", is_duplicate=False)  # the strong one not chosen
    assert passed_over.candidate == ServiceRequest.objects.exclude(pk=existing.pk).get()
    assert ServiceRequest.objects.count() == 2


@pytest.mark.django_db
def test_it_shows_the_models_in_the_admin_and_puts_one_back_in_use(admin_client):
    from matching.models import DuplicateModel
    from matching.selectors import active_model

    kept = DuplicateModel.objects.create(weights=dict(PRIOR.weights, address_same=4.0), intercept=-3.1,
                                         figures={"this": {"f1": 0.91}, "compared_with": {"f1": 0.88}})
    page = admin_client.get("/admin/matching/duplicatemodel/", HTTP_ACCEPT_LANGUAGE="fa")
    assert page.status_code == 200 and "0.91" in page.content.decode()
    admin_client.post("/admin/matching/duplicatemodel/", {"action": "use_this_model", "_selected_action": [kept.pk]})
    assert active_model().name == f"learned #{kept.pk}" and active_model().weights["address_same"] == 4.0
    admin_client.post("/admin/matching/duplicatemodel/", {"action": "use_the_prior", "_selected_action": [kept.pk]})
    assert active_model() is PRIOR


@pytest.mark.django_db
def test_it_labels_every_candidate_shown_not_only_the_strong_ones(operator):
    from matching.candidates import duplicate_candidates
    from matching.models import DuplicateLabel
    from matching.services import duplicate_decision_record
    from tests.intake.factories import CENTRE, categories_make, request_make

    cats = categories_make()
    chosen = request_make(cats["pothole"], east_m=10)
    weak = request_make(cats["lamp"], east_m=120)  # another subject, far: shown, not strong
    shown = duplicate_candidates(lon=CENTRE[0], lat=CENTRE[1], category=cats["pothole"])
    assert {c.id for c in shown} == {chosen.id, weak.id} and not next(c for c in shown if c.id == weak.id).is_strong
    assert duplicate_decision_record(candidates=shown, source="link", linked_id=chosen.pk, actor=operator) == 2
    labels = dict(DuplicateLabel.objects.values_list("candidate_id", "is_duplicate"))
    assert labels == {chosen.id: True, weak.id: False}
