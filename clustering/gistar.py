"""Getis-Ord Gi* on H3 cells, with Benjamini–Hochberg FDR. Pure numpy/scipy + h3: no Django here.

Definitions (binary weights, the cell itself included — the "star" in Gi*):

    x̄ = Σx / n,   S = sqrt(Σx² / n − x̄²)
    k_i = |N_i|                                 (N_i = cells of grid_disk(i, k) that lie in the study area)
    z_i = (Σ_{j∈N_i} x_j − x̄ k_i) / (S · sqrt((n k_i − k_i²) / (n − 1)))
    G*_i = Σ_{j∈N_i} x_j / Σx

This is the analytical Gi* of Getis & Ord (1995) as used by ArcGIS "Hot Spot Analysis" and by PySAL
`esda.G_Local(y, w, transform="B", star=True)`; our z-scores equal esda's `Zs` (tests/clustering/test_gistar.py).

p-values are two-sided from the standard normal distribution (p = 2·(1 − Φ(|z|)), as ArcGIS reports them).
Because thousands of cells are tested at once, significance is decided on Benjamini–Hochberg adjusted p-values
(q-values): a cell is significant at confidence c when q ≤ 1 − c. That is exactly the BH step-up procedure run
at α = 0.10, 0.05 and 0.01. The class ("bin") is sign(z) × 1/2/3 for 90/95/99 % confidence, 0 when not
significant (ArcGIS's `Gi_Bin`).

**Study area.** Which cells enter the statistic matters: the mean and variance of the counts, and thereby every
z-score, depend on how many zero cells are included. We use *the cells with at least one request plus every
zero-count cell within the k-ring of such a cell* (`study_area`). Zeros next to activity are genuine
observations (a request could have been made there), the area needs no boundary data, it is the same for every
filter, and it keeps the neighbourhoods of all occupied cells complete. Cells at the outer edge of the ring have
truncated neighbourhoods (fewer than 3k(k+1)+1 neighbours); the formula above uses each cell's own k_i, so that
is handled exactly. The PySAL comparison (tests and bench) is fed exactly the same cells and neighbourhoods.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import chain

import numpy as np
from h3.api import basic_int as h3
from scipy import sparse
from scipy.special import ndtr

CONFIDENCE_LEVELS = (0.90, 0.95, 0.99)


@dataclass(frozen=True)
class GiStarResult:
    cells: np.ndarray  # int64, sorted: the study area
    counts: np.ndarray  # float64, requests per cell (0 for ring cells)
    neighbours: np.ndarray  # int32, k_i: neighbours in the study area, the cell itself included
    g: np.ndarray  # G*_i
    z: np.ndarray
    p: np.ndarray  # two-sided, normal
    q: np.ndarray  # Benjamini–Hochberg adjusted p
    bins: np.ndarray  # int8: −3 … 3

    def __len__(self) -> int:
        return len(self.cells)


def study_area(cells, counts, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Occupied cells plus the zero-count cells within their k-ring; sorted cells and aligned counts."""
    cells = np.asarray(cells, dtype=np.int64)
    counts = np.asarray(counts, dtype=np.float64)
    keep = counts > 0
    cells, counts = cells[keep], counts[keep]
    if k > 0 and len(cells):
        ring = np.fromiter(chain.from_iterable(h3.grid_disk(int(c), k) for c in cells), dtype=np.int64)
        area = np.union1d(ring, cells)
    else:
        area = np.unique(cells)
    y = np.zeros(len(area), dtype=np.float64)
    order = np.argsort(cells, kind="stable")
    y[np.searchsorted(area, cells[order])] = counts[order]
    return area, y


def neighbour_matrix(cells: np.ndarray, k: int) -> sparse.csr_matrix:
    """Binary n×n matrix: W[i, j] = 1 when j is in grid_disk(i, k) (i itself included) and in the study area.

    `cells` must be sorted (as `study_area` returns them)."""
    n = len(cells)
    disks = [h3.grid_disk(int(c), k) for c in cells]
    lengths = np.fromiter((len(d) for d in disks), dtype=np.int64, count=n)
    flat = np.fromiter(chain.from_iterable(disks), dtype=np.int64, count=int(lengths.sum()))
    rows = np.repeat(np.arange(n, dtype=np.int32), lengths)
    pos = np.searchsorted(cells, flat)
    pos[pos >= n] = 0
    found = cells[pos] == flat
    data = np.ones(int(found.sum()), dtype=np.float64)
    return sparse.csr_matrix((data, (rows[found], pos[found])), shape=(n, n))


def gi_star_z(y: np.ndarray, w: sparse.csr_matrix) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(G*, z, k) for counts y (n,) or a stack of time bins (n, t) under binary weights w (self included).

    Columns whose counts have no variance (e.g. an empty time bin) get z = 0."""
    y = np.asarray(y, dtype=np.float64)
    n = y.shape[0]
    k = np.asarray(w.sum(axis=1)).ravel()
    wy = w @ y
    total = y.sum(axis=0)
    mean = total / n
    var = (y * y).sum(axis=0) / n - mean * mean
    if y.ndim == 2:
        k2 = k[:, None]
    else:
        k2 = k
    with np.errstate(divide="ignore", invalid="ignore"):
        denominator = np.sqrt(np.maximum(var, 0.0)) * np.sqrt((n * k2 - k2 * k2) / (n - 1))
        z = (wy - mean * k2) / denominator
        g = wy / total
    z = np.where(np.isfinite(z), z, 0.0)
    g = np.where(np.isfinite(g), g, 0.0)
    return g, z, k.astype(np.int32)


def p_two_sided(z: np.ndarray) -> np.ndarray:
    return 2.0 * ndtr(-np.abs(z))


def fdr_bh(p: np.ndarray) -> np.ndarray:
    """Benjamini–Hochberg adjusted p-values (q-values) along the first axis."""
    p = np.asarray(p, dtype=np.float64)
    if p.ndim == 2:
        return np.column_stack([fdr_bh(p[:, j]) for j in range(p.shape[1])]) if p.shape[1] else p.copy()
    m = len(p)
    if m == 0:
        return p.copy()
    order = np.argsort(p, kind="stable")
    ranked = p[order] * m / np.arange(1, m + 1)
    ranked = np.minimum.accumulate(ranked[::-1])[::-1]
    q = np.empty(m, dtype=np.float64)
    q[order] = np.minimum(ranked, 1.0)
    return q


def classify(z: np.ndarray, q: np.ndarray, levels=CONFIDENCE_LEVELS) -> np.ndarray:
    """sign(z) × (number of confidence levels at which the cell is significant after FDR)."""
    strength = np.zeros(np.shape(z), dtype=np.int8)
    for level in levels:
        strength += (q <= (1.0 - level) + 1e-12).astype(np.int8)
    return (np.sign(z).astype(np.int8) * strength).astype(np.int8)


def gi_star(cells, counts, *, k: int = 1, fdr: bool = True) -> GiStarResult:
    """Gi* hot and cold spots on H3 cells: study area, neighbours, z, p, FDR and classes in one call."""
    area, y = study_area(cells, counts, k)
    if len(area) < 3:
        zeros = np.zeros(len(area))
        return GiStarResult(area, y, np.ones(len(area), np.int32), zeros, zeros, zeros + 1, zeros + 1,
                            zeros.astype(np.int8))
    w = neighbour_matrix(area, k)
    g, z, kk = gi_star_z(y, w)
    p = p_two_sided(z)
    q = fdr_bh(p) if fdr else p
    return GiStarResult(area, y, kk, g, z, p, q, classify(z, q))
