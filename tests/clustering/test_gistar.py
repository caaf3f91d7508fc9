"""Gi* against PySAL esda on the same cells and neighbourhoods; FDR and classes."""

import warnings

import numpy as np
import pytest
from h3.api import basic_int as h3

from clustering import gistar

CENTRE = (35.70, 51.40)


def synthetic_counts(resolution=9, seed=7, hot_centre=(35.72, 51.42)):
    """Requests scattered over a city-sized area, with one dense cluster: counts per cell."""
    rng = np.random.default_rng(seed)
    lat = np.concatenate([rng.normal(CENTRE[0], 0.03, 4000), rng.normal(hot_centre[0], 0.003, 1500)])
    lon = np.concatenate([rng.normal(CENTRE[1], 0.04, 4000), rng.normal(hot_centre[1], 0.003, 1500)])
    cells = np.array([h3.latlng_to_cell(a, b, resolution) for a, b in zip(lat, lon)], dtype=np.int64)
    unique, counts = np.unique(cells, return_counts=True)
    return unique, counts, h3.latlng_to_cell(*hot_centre, resolution)


def esda_z(area, y, w_matrix):
    """esda.G_Local(star=True) with a libpysal W built from the very same neighbour lists."""
    import esda
    from libpysal.weights import W

    ids = list(range(len(area)))
    neighbours = {i: list(w_matrix.indices[w_matrix.indptr[i]:w_matrix.indptr[i + 1]]) for i in ids}
    w = W(neighbours, id_order=ids, silence_warnings=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return esda.G_Local(y, w, transform="B", star=True, permutations=0).Zs


@pytest.mark.parametrize("k", [1, 2, 3])
def test_it_matches_esda_z_scores_to_1e_6(k):
    cells, counts, _ = synthetic_counts()
    result = gistar.gi_star(cells, counts, k=k)
    w = gistar.neighbour_matrix(result.cells, k)
    expected = esda_z(result.cells, result.counts, w)
    assert len(result) > 1000
    np.testing.assert_allclose(result.z, expected, rtol=0, atol=1e-6)


def test_it_includes_zero_cells_of_the_k_ring_in_the_study_area():
    cell = h3.latlng_to_cell(*CENTRE, 9)
    area, y = gistar.study_area([cell], [5], k=2)
    assert len(area) == 19 and y.sum() == 5 and y[np.searchsorted(area, cell)] == 5
    assert set(area.tolist()) == set(h3.grid_disk(cell, 2))


def test_it_gives_edge_cells_their_truncated_neighbourhoods():
    cell = h3.latlng_to_cell(*CENTRE, 9)
    area, _ = gistar.study_area([cell], [5], k=1)
    w = gistar.neighbour_matrix(area, 1)
    sizes = dict(zip(area.tolist(), np.asarray(w.sum(axis=1)).ravel().tolist()))
    assert sizes[cell] == 7
    assert all(sizes[c] == 4 for c in area.tolist() if c != cell)  # itself, the centre and two ring cells


def test_it_finds_the_dense_cluster_hot_at_99_percent():
    cells, counts, hot_cell = synthetic_counts()
    result = gistar.gi_star(cells, counts, k=1)
    i = np.searchsorted(result.cells, hot_cell)
    assert result.bins[i] == 3 and result.z[i] > 5
    assert (result.bins > 0).sum() < len(result) / 4  # most of the city is not hot


def test_it_applies_benjamini_hochberg():
    p = np.array([0.01, 0.04, 0.03, 0.005, 0.5])
    # sorted: 0.005 0.01 0.03 0.04 0.5 → ×5/rank: 0.025 0.025 0.05 0.05 0.5 (monotone from the top)
    np.testing.assert_allclose(gistar.fdr_bh(p), [0.025, 0.05, 0.05, 0.025, 0.5])


def test_it_makes_fewer_cells_significant_with_fdr_than_without():
    cells, counts, _ = synthetic_counts(seed=3)
    with_fdr = gistar.gi_star(cells, counts, k=1)
    without = gistar.gi_star(cells, counts, k=1, fdr=False)
    assert (with_fdr.bins != 0).sum() < (without.bins != 0).sum()
    assert np.all(np.abs(with_fdr.bins) <= np.abs(without.bins))


def test_it_classifies_by_confidence_level_and_sign():
    z = np.array([3.0, -3.0, 2.0, 1.7, 0.5])
    q = np.array([0.005, 0.005, 0.03, 0.08, 0.6])
    assert gistar.classify(z, q).tolist() == [3, -3, 2, 1, 0]


def test_it_reports_two_sided_normal_p_values():
    np.testing.assert_allclose(gistar.p_two_sided(np.array([1.959964, -2.575829, 0.0])), [0.05, 0.01, 1.0], atol=1e-6)


def test_it_gives_zero_z_when_all_counts_are_equal():
    cell = h3.latlng_to_cell(*CENTRE, 9)
    area = np.array(sorted(h3.grid_disk(cell, 3)), dtype=np.int64)
    _, z, _ = gistar.gi_star_z(np.full(len(area), 4.0), gistar.neighbour_matrix(area, 1))
    assert np.all(z == 0)
