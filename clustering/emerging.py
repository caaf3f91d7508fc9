"""Emerging hot spots: Gi* per time bin, a Mann–Kendall trend per cell, and the eight ArcGIS categories.

Pure numpy: the caller hands in a cells × bins matrix of request counts (time bins are weeks or Jalali months,
see selectors.time_bins). Every bin uses the same study area — the cells with at least one request in any bin
plus the zero cells of their k-ring — and the same neighbourhoods, so the bins are comparable.

For each bin we compute Gi* z-scores (clustering.gistar), two-sided p-values, Benjamini–Hochberg FDR within the
bin, and call a cell a *significant hot spot in that bin* when it is hot at ≥ 90 % confidence after FDR (cold
likewise). The trend of a cell is the Mann–Kendall test on its series of Gi* z-scores (the intensity of
clustering over time), two-sided, significant at `trend_alpha` (0.05 by default).

The categories, as ArcGIS "Emerging Hot Spot Analysis" defines them (hot side; the cold side is the mirror image
with "cold" for "hot" and a *decreasing* z-score trend counting as intensifying):

- **new** — hot in the final bin and never hot before.
- **consecutive** — a single uninterrupted run of at least two hot bins ending in the final bin, never hot before
  that run, and fewer than 90 % of all bins hot.
- **intensifying** — hot in at least 90 % of the bins, including the final one, and the intensity of clustering
  increases significantly (Mann–Kendall).
- **persistent** — hot in at least 90 % of the bins, including the final one, with no significant trend.
- **diminishing** — hot in at least 90 % of the bins, including the final one, and the intensity decreases
  significantly.
- **sporadic** — hot in the final bin, on-again off-again before, fewer than 90 % of the bins hot and never a
  cold spot.
- **oscillating** — hot in the final bin, a cold spot in some earlier bin, fewer than 90 % of the bins hot.
- **historical** — not hot in the final bin, but hot in at least 90 % of the bins.

Cells that fit none of these have no pattern (category ""). The order above is also the precedence.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.special import ndtr

from clustering import gistar

CATEGORIES = ("new", "consecutive", "intensifying", "persistent", "diminishing", "sporadic", "oscillating",
              "historical")


@dataclass(frozen=True)
class EmergingResult:
    cells: np.ndarray  # study area, sorted
    counts: np.ndarray  # (n, t)
    z: np.ndarray  # (n, t) Gi* z per bin
    bins: np.ndarray  # (n, t) int8 classes per bin (after FDR within the bin)
    trend_z: np.ndarray  # Mann–Kendall z on the z-score series
    trend_p: np.ndarray
    category: np.ndarray  # str: "new_hot", "persistent_cold", … or ""

    def __len__(self) -> int:
        return len(self.cells)


def mann_kendall(x: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Row-wise Mann–Kendall test: (S, z, two-sided p), with the tie correction of the variance."""
    x = np.asarray(x, dtype=np.float64)
    n, t = x.shape
    if t < 3:
        zeros = np.zeros(n)
        return zeros, zeros, np.ones(n)
    i, j = np.triu_indices(t, k=1)
    s = np.sign(x[:, j] - x[:, i]).sum(axis=1)
    equal = (x[:, :, None] == x[:, None, :]).sum(axis=2)  # c: how many values equal this one (itself included)
    # Σ over tie groups of g(g−1)(2g+5) = Σ over values of (c−1)(2c+5)
    ties = ((equal - 1) * (2 * equal + 5)).sum(axis=1)
    var = (t * (t - 1) * (2 * t + 5) - ties) / 18.0
    with np.errstate(divide="ignore", invalid="ignore"):
        z = np.where(s > 0, (s - 1) / np.sqrt(var), np.where(s < 0, (s + 1) / np.sqrt(var), 0.0))
    z = np.where(np.isfinite(z), z, 0.0)
    return s, z, 2.0 * ndtr(-np.abs(z))


def _trailing_run(flags: np.ndarray) -> np.ndarray:
    """Length of the run of True at the end of each row."""
    return np.cumprod(flags[:, ::-1], axis=1).sum(axis=1)


def _side(sig: np.ndarray, opposite: np.ndarray, trend_up: np.ndarray, trend_down: np.ndarray) -> np.ndarray:
    n, t = sig.shape
    out = np.full(n, "", dtype=object)
    if t == 0:
        return out
    total = sig.sum(axis=1)
    share = total / t
    final = sig[:, -1]
    run = _trailing_run(sig)
    mostly = share >= 0.9
    ever_opposite = opposite[:, :-1].any(axis=1)
    rules = [
        ("historical", ~final & mostly),
        ("oscillating", final & ~mostly & ever_opposite),
        ("sporadic", final & ~mostly & ~ever_opposite & (total > run)),
        ("diminishing", final & mostly & trend_down),
        ("persistent", final & mostly & ~trend_up & ~trend_down),
        ("intensifying", final & mostly & trend_up),
        ("consecutive", final & ~mostly & (run >= 2) & (total == run)),
        ("new", final & (total == 1) & ~mostly),
    ]
    for name, mask in rules:  # later rules win: the list is in reverse precedence
        out[mask] = name
    return out


def categorize(bins: np.ndarray, trend_z: np.ndarray, trend_p: np.ndarray, trend_alpha: float = 0.05) -> np.ndarray:
    """The category of every cell from its per-bin classes and its z-score trend."""
    hot, cold = bins > 0, bins < 0
    significant = trend_p <= trend_alpha
    up, down = significant & (trend_z > 0), significant & (trend_z < 0)
    hot_side = _side(hot, cold, up, down)
    cold_side = _side(cold, hot, down, up)
    labels = [f"{h}_hot" if h else (f"{c}_cold" if c else "") for h, c in zip(hot_side, cold_side)]
    return np.array(labels, dtype=object)


def emerging_hotspots(cells, counts, *, k: int = 1, trend_alpha: float = 0.05, fdr: bool = True) -> EmergingResult:
    """cells (m,) with counts (m, t): the space-time analysis over the shared study area."""
    cells = np.asarray(cells, dtype=np.int64)
    counts = np.asarray(counts, dtype=np.float64)
    t = counts.shape[1]
    area, _ = gistar.study_area(cells, counts.sum(axis=1), k)
    y = np.zeros((len(area), t))
    keep = counts.sum(axis=1) > 0
    y[np.searchsorted(area, cells[keep])] = counts[keep]
    if len(area) < 3:
        zeros = np.zeros((len(area), t))
        return EmergingResult(area, y, zeros, zeros.astype(np.int8), np.zeros(len(area)), np.ones(len(area)),
                              np.full(len(area), "", dtype=object))
    w = gistar.neighbour_matrix(area, k)
    _, z, _ = gistar.gi_star_z(y, w)
    p = gistar.p_two_sided(z)
    q = gistar.fdr_bh(p) if fdr else p
    bins = gistar.classify(z, q)
    _, trend_z, trend_p = mann_kendall(z)
    return EmergingResult(area, y, z, bins, trend_z, trend_p, categorize(bins, trend_z, trend_p, trend_alpha))
