"""Clusters of nearby requests: scikit-learn DBSCAN with the haversine metric (eps in metres). No Django here.

Used per sub-subject over recent requests (e.g. flooding reports after a storm): each cluster gets its members,
a hull polygon (the convex hull; for two or collinear points a thin polygon around them, eps/2 wide), its size and
its time span.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime

import numpy as np
from shapely.geometry import MultiPoint, Polygon
from sklearn.cluster import DBSCAN

EARTH_RADIUS_M = 6_371_008.8


@dataclass(frozen=True)
class Cluster:
    label: int
    members: list[int]  # request ids
    hull: Polygon  # lon/lat (EPSG:4326)
    first_at: datetime
    last_at: datetime

    @property
    def size(self) -> int:
        return len(self.members)


def dbscan_labels(lon: np.ndarray, lat: np.ndarray, *, eps_m: float, min_samples: int) -> np.ndarray:
    """DBSCAN labels (−1 = noise) for points in degrees, eps in metres on the sphere."""
    if len(lon) == 0:
        return np.zeros(0, dtype=np.int64)
    coords = np.radians(np.column_stack([lat, lon]))
    model = DBSCAN(eps=eps_m / EARTH_RADIUS_M, min_samples=min_samples, metric="haversine", algorithm="ball_tree")
    return model.fit_predict(coords)


def hull_polygon(lon: np.ndarray, lat: np.ndarray, eps_m: float) -> Polygon:
    hull = MultiPoint(np.column_stack([lon, lat])).convex_hull
    if isinstance(hull, Polygon) and hull.area > 0:
        return hull
    # A point or a line: buffer by eps/2, in degrees at this latitude (good enough for a drawing).
    degrees = (eps_m / 2) / (EARTH_RADIUS_M * math.pi / 180) / max(math.cos(math.radians(float(np.mean(lat)))), 0.2)
    return hull.buffer(degrees, quad_segs=4)


def clusters(ids, lon, lat, created_at, *, eps_m: float, min_samples: int) -> list[Cluster]:
    """Clusters of the given points, largest first."""
    ids = np.asarray(ids)
    lon = np.asarray(lon, dtype=np.float64)
    lat = np.asarray(lat, dtype=np.float64)
    labels = dbscan_labels(lon, lat, eps_m=eps_m, min_samples=min_samples)
    found = []
    for label in sorted(set(labels.tolist()) - {-1}):
        mask = labels == label
        times = [created_at[i] for i in np.flatnonzero(mask)]
        found.append(Cluster(label=label, members=ids[mask].tolist(), hull=hull_polygon(lon[mask], lat[mask], eps_m),
                             first_at=min(times), last_at=max(times)))
    found.sort(key=lambda c: -c.size)
    return found
