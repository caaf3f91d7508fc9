"""DBSCAN with the haversine metric: eps in metres, hull polygons, time spans."""

from datetime import datetime, timedelta, timezone

import numpy as np

from clustering import dbscan

T0 = datetime(2025, 6, 1, tzinfo=timezone.utc)


def test_it_uses_eps_in_metres_on_the_sphere():
    # points 100 m apart along a street (≈ 0.0011° of longitude at 35.7° N)
    lon = 51.40 + np.arange(6) * (100 / (111_320 * np.cos(np.radians(35.7))))
    lat = np.full(6, 35.7)
    assert set(dbscan.dbscan_labels(lon, lat, eps_m=110, min_samples=3)) == {0}
    assert set(dbscan.dbscan_labels(lon, lat, eps_m=90, min_samples=3)) == {-1}


def test_it_returns_clusters_with_hull_size_and_time_span():
    rng = np.random.default_rng(1)
    lon = np.concatenate([51.40 + rng.normal(0, 0.0004, 20), 51.45 + rng.normal(0, 0.0004, 8), [51.30]])
    lat = np.concatenate([35.70 + rng.normal(0, 0.0004, 20), 35.72 + rng.normal(0, 0.0004, 8), [35.60]])
    times = [T0 + timedelta(hours=i) for i in range(29)]
    found = dbscan.clusters(list(range(29)), lon, lat, times, eps_m=120, min_samples=5)
    assert [c.size for c in found] == [20, 8]
    assert found[0].first_at == T0 and found[0].last_at == T0 + timedelta(hours=19)
    assert found[0].hull.geom_type == "Polygon" and found[0].hull.contains(found[0].hull.centroid)
    assert 28 not in found[0].members + found[1].members  # the lone point is noise


def test_it_draws_a_polygon_for_collinear_points():
    hull = dbscan.hull_polygon(np.array([51.4, 51.4001, 51.4002]), np.array([35.7, 35.7, 35.7]), 100)
    assert hull.geom_type == "Polygon" and hull.area > 0
