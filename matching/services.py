"""Writes of duplicate detection: operators' decisions as labels, fitting and choosing the model in use."""

from __future__ import annotations

import logging

from django.db import DatabaseError, transaction
from django.utils import timezone

from matching import learning
from matching.models import DuplicateLabel, DuplicateModel
from matching.selectors import active_model, active_model_forget

logger = logging.getLogger(__name__)


def duplicate_decision_record(*, candidates, source: str, linked_id: int | None = None, request=None,
                              actor=None) -> int:
    """Keep an operator's decision as labels: the case linked to is a duplicate; every other candidate they were
    shown (weak ones too, or the labels would teach the model that weak evidence means a duplicate) is not.
    Candidates without evidence (features) are skipped. Returns how many were kept."""
    now = timezone.now()
    rows = []
    for candidate in candidates:
        features = getattr(candidate, "features", None)
        if not features:
            continue
        is_duplicate = linked_id is not None and candidate.id == linked_id
        rows.append(DuplicateLabel(request=request, candidate_id=candidate.id, is_duplicate=is_duplicate,
                                   source=source, features=features,
                                   decided_by=actor if getattr(actor, "is_authenticated", False) else None,
                                   decided_at=now))
    try:
        with transaction.atomic():  # a savepoint: losing a label must never lose the registration it came with
            DuplicateLabel.objects.bulk_create(rows)
    except DatabaseError:
        logger.exception("duplicate decision not kept as labels (%s candidates)", len(rows))
        return 0
    return len(rows)


def duplicate_model_fit(*, min_labels: int = learning.MIN_LABELS) -> DuplicateModel | None:
    """Fit a model on the decisions so far (all but the most recent fifth), compare it with the model in use on
    that recent fifth, and put it in use only if it is better there. Every fit is kept with its figures; None
    when there are too few decisions (or only one kind)."""
    labels = list(DuplicateLabel.objects.order_by("decided_at", "id").values_list("features", "is_duplicate"))
    if len(labels) < min_labels or len({label for _f, label in labels}) < 2:
        return None
    cut = int(len(labels) * (1 - learning.HOLD_OUT_SHARE))
    train, recent = labels[:cut], labels[cut:]
    current = active_model()
    fitted = learning.fit([f for f, _l in train], [label for _f, label in train], prior=current)
    recent_features, recent_labels = [f for f, _l in recent], [label for _f, label in recent]
    mine = learning.evaluate(fitted, recent_features, recent_labels)
    theirs = learning.evaluate(current, recent_features, recent_labels)
    wins = learning.better(mine, theirs)
    with transaction.atomic():
        if wins:
            DuplicateModel.objects.filter(is_active=True).update(is_active=False)
        model = DuplicateModel.objects.create(
            weights=fitted.weights, intercept=fitted.intercept, strong=fitted.strong,
            overwhelming=fitted.overwhelming, trained_on=len(train), held_out=len(recent), is_active=wins,
            figures={"this": mine, "compared_with": theirs, "compared_with_name": current.name},
            note="in use: better on recent decisions" if wins else "kept aside: not better on recent decisions",
        )
    active_model_forget()
    return model


def duplicate_model_activate(*, model_id: int | None) -> None:
    """Put a kept model in use (the way back to an earlier one); None: back to the hand-set prior."""
    with transaction.atomic():
        DuplicateModel.objects.filter(is_active=True).update(is_active=False)
        if model_id is not None:
            DuplicateModel.objects.filter(pk=model_id).update(is_active=True)
    active_model_forget()
