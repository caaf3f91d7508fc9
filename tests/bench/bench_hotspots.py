"""Hotspots: Gi* end to end at resolution 9 and emerging hot spots over 12 monthly bins, on 1,000,000 requests,
each beside PySAL esda on the same aggregated cells and the same H3 neighbourhoods, in the same run.

- `hotspots.gistar_s`: ours = aggregate in SQL + study area + H3 neighbours (sparse matrix) + Gi* + p + BH FDR +
  classes. Peer (`esda`) = the same SQL aggregate and study area, neighbour lists from h3.grid_disk into a libpysal
  W, `esda.G_Local(star=True, transform="B", permutations=0)` (the analytical part only), then BH
  (scipy.stats.false_discovery_control). The z-scores of both are checked equal (1e-6) on every repetition.
- `hotspots.emerging_s`: 12 Jalali-month bins. Ours = SQL (cell, bin) aggregate + Gi* for all bins at once + FDR per
  bin + Mann–Kendall + categories. Peer = the same aggregate, a libpysal W, esda.G_Local per bin, the same FDR,
  Mann–Kendall and categorisation code (esda has no space-time trend test).
"""

import time
import warnings

import numpy as np

from tests.bench.common import ensure_requests_1m, median

REPEATS = 5


def _esda_w(area, k):
    from h3.api import basic_int as h3
    from libpysal.weights import W

    index = {int(c): i for i, c in enumerate(area)}
    neighbours = {i: [index[n] for n in h3.grid_disk(int(c), k) if n in index] for i, c in enumerate(area)}
    return W(neighbours, id_order=list(range(len(area))), silence_warnings=True)


def _esda_z(y, w):
    import esda

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return esda.G_Local(y, w, transform="B", star=True, permutations=0).Zs


def run(ctx) -> None:
    from scipy.stats import false_discovery_control

    from clustering import emerging, gistar, selectors, services
    from intake.models import ServiceRequest

    n = ensure_requests_1m()
    queryset = selectors.requests_for(None, {})
    k, resolution = 1, 9

    def ours():
        cells, counts = selectors.cell_counts(queryset, resolution)
        area, y = gistar.study_area(cells, counts, k)
        w = gistar.neighbour_matrix(area, k)
        _, z, _ = gistar.gi_star_z(y, w)
        q = gistar.fdr_bh(gistar.p_two_sided(z))
        return area, z, gistar.classify(z, q)

    def peer():
        cells, counts = selectors.cell_counts(queryset, resolution)
        area, y = gistar.study_area(cells, counts, k)
        w = _esda_w(area, k)
        z = _esda_z(y, w)
        q = false_discovery_control(gistar.p_two_sided(z), method="bh")
        return area, z, gistar.classify(z, q)

    ours(), peer()  # warm-up (connections, caches)
    mine, theirs = [], []
    for i in range(REPEATS):
        for label, fn, out in ((("ours", ours, mine), ("esda", peer, theirs))[::1 if i % 2 == 0 else -1]):
            started = time.perf_counter()
            result = fn()
            out.append(time.perf_counter() - started)
            if label == "ours":
                our_result = result
            else:
                their_result = result
        assert np.array_equal(our_result[0], their_result[0])
        assert np.max(np.abs(our_result[1] - their_result[1])) < 1e-6, "z-scores differ from esda"
        assert np.array_equal(our_result[2], their_result[2])
    cells = len(our_result[0])
    ctx.record("hotspots.gistar_s", median(mine), "s", n=n, peer="esda", peer_value=median(theirs), dataset="1m",
               note=f"res {resolution}, k={k}, {cells} cells in the study area, {REPEATS} interleaved runs, median")

    # Emerging hot spots: the last 12 Jalali months of the data set.
    last = ServiceRequest.objects.order_by("-created_at").values_list("created_at", flat=True).first()
    from django.utils import timezone

    date_to = timezone.localtime(last).date()
    import jdatetime

    start = jdatetime.date.fromgregorian(date=date_to)
    year, month = (start.year - 1, start.month + 1) if start.month < 12 else (start.year, 1)
    date_from = jdatetime.date(year, month, 1).togregorian()
    params = {"date_from": date_from.isoformat(), "date_to": date_to.isoformat(), "bin": "month"}
    edges, labels = services.time_bins(params)
    assert len(labels) == 12, labels
    window_qs = selectors.requests_for(None, params)

    def ours_emerging():
        cells, counts = selectors.cell_bin_counts(window_qs, resolution, edges)
        return emerging.emerging_hotspots(cells, counts, k=k)

    def peer_emerging():
        cells, counts = selectors.cell_bin_counts(window_qs, resolution, edges)
        area, _ = gistar.study_area(cells, counts.sum(axis=1), k)
        y = np.zeros((len(area), counts.shape[1]))
        y[np.searchsorted(area, cells)] = counts
        w = _esda_w(area, k)
        z = np.column_stack([_esda_z(y[:, b], w) for b in range(y.shape[1])])
        q = np.column_stack([false_discovery_control(gistar.p_two_sided(z[:, b]), method="bh")
                             for b in range(z.shape[1])])
        bins = gistar.classify(z, q)
        _, trend_z, trend_p = emerging.mann_kendall(z)
        return area, z, emerging.categorize(bins, trend_z, trend_p)

    ours_emerging(), peer_emerging()
    mine, theirs = [], []
    for i in range(3):
        pair = [("ours", ours_emerging, mine), ("esda", peer_emerging, theirs)]
        for label, fn, out in (pair if i % 2 == 0 else pair[::-1]):
            started = time.perf_counter()
            result = fn()
            out.append(time.perf_counter() - started)
            if label == "ours":
                our_e = result
            else:
                their_e = result
        assert np.max(np.abs(our_e.z - their_e[1])) < 1e-6, "emerging z-scores differ from esda"
        assert list(our_e.category) == list(their_e[2])
    categories = {}
    for name in our_e.category:
        if name:
            categories[name] = categories.get(name, 0) + 1
    ctx.record("hotspots.emerging_s", median(mine), "s", n=int(our_e.counts.sum()), peer="esda",
               peer_value=median(theirs), dataset="1m",
               note=f"12 Jalali months {labels[0]}–{labels[-1]}, res {resolution}, k={k}, {len(our_e)} cells; "
                    f"categories {categories}")
