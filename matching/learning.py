"""Learning the duplicate model from operators' decisions: pure Python and numpy, no Django, no database.

Every "link as co-reporter" is a labelled pair (the new message, the case it repeats: a duplicate) and every
"register anyway" another (the strong candidates the operator saw: not duplicates). `fit` finds the logistic
weights over `scoring.FEATURES` that explain those labels, pulled towards the current model's weights (an L2
penalty around them, not around zero), so a few hundred decisions refine the hand-set prior instead of replacing
it with noise. `evaluate` gives the figures a new model must beat on held-out recent decisions.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from matching.scoring import FEATURES, Model

MIN_LABELS = 200  # fewer decisions than this (or no decision of either kind) teach nothing reliable
HOLD_OUT_SHARE = 0.2  # the most recent fifth of the decisions judges the fitted model against the current one


def _matrix(features: Sequence[dict[str, float]]) -> np.ndarray:
    return np.array([[float(f.get(name, 0.0)) for name in FEATURES] for f in features], dtype=float)


def fit(features: Sequence[dict[str, float]], labels: Sequence[bool], *, prior: Model, strength: float = 2.0,
        iterations: int = 2000, name: str = "learned") -> Model:
    """Logistic weights for `labels` given `features`, with an L2 penalty of `strength` around `prior`'s weights
    and intercept (Newton's method; a handful of features converges in a few steps)."""
    x = _matrix(features)
    y = np.array([1.0 if label else 0.0 for label in labels])
    x = np.hstack([np.ones((len(x), 1)), x])
    centre = np.array([prior.intercept] + [prior.weights.get(n, 0.0) for n in FEATURES])
    w = centre.copy()
    penalty = strength * np.eye(len(centre))
    for _step in range(iterations):
        p = 1 / (1 + np.exp(-np.clip(x @ w, -30, 30)))
        gradient = x.T @ (p - y) + penalty @ (w - centre)
        hessian = (x.T * (p * (1 - p))) @ x + penalty
        delta = np.linalg.solve(hessian, gradient)
        w -= delta
        if float(np.abs(delta).max()) < 1e-8:
            break
    return Model(weights={n: round(float(v), 4) for n, v in zip(FEATURES, w[1:])}, intercept=round(float(w[0]), 4),
                 strong=prior.strong, overwhelming=prior.overwhelming, name=name)


def evaluate(model: Model, features: Sequence[dict[str, float]], labels: Sequence[bool]) -> dict[str, float]:
    """Log-loss (lower is better), accuracy and F1 of the model's "strong" decision on labelled pairs."""
    n = len(labels)
    if not n:
        return {"n": 0, "log_loss": float("nan"), "accuracy": float("nan"), "f1": float("nan")}
    loss = tp = fp = fn = correct = 0.0
    for f, label in zip(features, labels):
        z = model.intercept + sum(model.weights.get(k, 0.0) * v for k, v in f.items())
        p = 1 / (1 + math.exp(-max(-30.0, min(30.0, z))))
        p = min(max(p, 1e-9), 1 - 1e-9)
        loss -= math.log(p) if label else math.log(1 - p)
        relation = "same_sub_subject" if f.get("same_sub_subject") else "other"
        flagged = model.is_strong(relation=relation, score=p)
        correct += flagged == bool(label)
        tp += flagged and label
        fp += flagged and not label
        fn += (not flagged) and label
    f1 = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
    return {"n": n, "log_loss": round(loss / n, 4), "accuracy": round(correct / n, 4), "f1": round(f1, 4)}


def better(candidate: dict[str, float], current: dict[str, float]) -> bool:
    """Whether a fitted model's held-out figures beat the current model's: lower log-loss, and no worse F1."""
    return candidate["log_loss"] < current["log_loss"] and candidate["f1"] >= current["f1"]
