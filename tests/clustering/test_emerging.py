"""Emerging hot spots: Mann–Kendall, the eight categories, Gi* per bin equal to esda's."""

import numpy as np
from scipy import stats

from clustering import emerging, gistar
from tests.clustering.test_gistar import esda_z, synthetic_counts


def test_it_computes_mann_kendall_like_kendalls_tau_without_ties():
    rng = np.random.default_rng(4)
    x = rng.normal(size=(20, 12)) + np.linspace(0, 2, 12)
    s, z, p = emerging.mann_kendall(x)
    for row, s_row, p_row in zip(x, s, p):
        tau, _ = stats.kendalltau(np.arange(12), row)
        assert s_row == round(tau * 66)  # S = τ · t(t−1)/2 without ties
    assert np.all((p >= 0) & (p <= 1))
    up = emerging.mann_kendall(np.arange(12.0)[None, :])
    assert up[1][0] > 4 and up[2][0] < 1e-4  # a strictly increasing series is a significant upward trend


def test_it_corrects_the_variance_for_ties():
    x = np.array([[0, 0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 3.0]])
    s, z, _ = emerging.mann_kendall(x)
    var_no_ties = 12 * 11 * 29 / 18
    var_ties = var_no_ties - 4 * (3 * 2 * 11) / 18
    assert s[0] == 54 and np.isclose(z[0], 53 / np.sqrt(var_ties))


def cat(series, trend_z=0.0, trend_p=1.0):
    return emerging.categorize(np.array([series], dtype=np.int8), np.array([trend_z]), np.array([trend_p]))[0]


def test_it_names_the_eight_hot_categories():
    assert cat([0] * 11 + [2]) == "new_hot"
    assert cat([0] * 9 + [1, 2, 3]) == "consecutive_hot"
    assert cat([3] * 12, trend_z=3.0, trend_p=0.001) == "intensifying_hot"
    assert cat([3] * 12) == "persistent_hot"
    assert cat([0] + [3] * 11, trend_z=-3.0, trend_p=0.001) == "diminishing_hot"
    assert cat([1, 0, 0, 2, 0, 0, 0, 1, 0, 0, 0, 1]) == "sporadic_hot"
    assert cat([-2, 0, 0, 2, 0, 0, 0, 1, 0, 0, 0, 1]) == "oscillating_hot"
    assert cat([3] * 11 + [0]) == "historical_hot"
    assert cat([0] * 12) == ""
    assert cat([1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]) == ""


def test_it_mirrors_the_categories_for_cold_spots():
    assert cat([0] * 11 + [-2]) == "new_cold"
    assert cat([-3] * 12, trend_z=-3.0, trend_p=0.001) == "intensifying_cold"
    assert cat([-3] * 12, trend_z=3.0, trend_p=0.001) == "diminishing_cold"
    assert cat([2, 0, 0, -2, 0, 0, 0, -1, 0, 0, 0, -1]) == "oscillating_cold"


def test_it_matches_esda_in_every_time_bin():
    cells, counts, _ = synthetic_counts(seed=11)
    rng = np.random.default_rng(0)
    stack = np.column_stack([rng.binomial(counts, 0.25) for _ in range(4)])  # 4 bins over the same cells
    result = emerging.emerging_hotspots(cells, stack, k=2)
    w = gistar.neighbour_matrix(result.cells, 2)
    for b in range(4):
        np.testing.assert_allclose(result.z[:, b], esda_z(result.cells, result.counts[:, b], w), atol=1e-6)
