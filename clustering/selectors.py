"""Reads for hotspots: the filtered requests, H3 aggregates in SQL, the data version, results as GeoJSON (SQL)."""

from __future__ import annotations

import hashlib
import json
from datetime import date, datetime, time, timedelta

import numpy as np
from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Count, Max, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.utils import timezone

from clustering.models import HotspotRun, RunStatus
from intake.models import Category, ServiceRequest
from organization.scopes import visible_requests

RESOLUTIONS = (7, 8, 9, 10)
TABLE = ServiceRequest._meta.db_table


def window(params: dict) -> tuple[datetime | None, datetime | None]:
    """[start, end) of a run: local midnights of date_from and of the day after date_to (the city's time zone)."""
    zone = timezone.get_default_timezone()
    start = end = None
    if params.get("date_from"):
        start = datetime.combine(date.fromisoformat(params["date_from"]), time.min, tzinfo=zone)
    if params.get("date_to"):
        end = datetime.combine(date.fromisoformat(params["date_to"]) + timedelta(days=1), time.min, tzinfo=zone)
    return start, end


def requests_for(user, params: dict) -> QuerySet:
    """The requests a run analyses: what the user may see, narrowed by the run's filters."""
    queryset = (visible_requests(user, ServiceRequest.objects.all()) if user is not None
                else ServiceRequest.objects.all())
    # No `location IS NOT NULL` here: the H3 columns are null exactly when the point is, and the aggregates filter
    # on them, which lets PostgreSQL answer from the H3 index alone (an index-only scan).
    start, end = window(params)
    if start:
        queryset = queryset.filter(created_at__gte=start)
    if end:
        queryset = queryset.filter(created_at__lt=end)
    if params.get("category"):
        queryset = queryset.filter(Q(category_id=params["category"]) | Q(category__parent_id=params["category"]))
    if params.get("channel"):
        queryset = queryset.filter(channel=params["channel"])
    if params.get("status"):
        queryset = queryset.filter(status__in=params["status"])
    return queryset


def _fetch_rows(queryset: QuerySet) -> list[tuple]:
    """Rows of a values_list queryset through a plain cursor (no model instances); [] for an empty filter."""
    try:
        sql, sql_params = queryset.query.sql_with_params()
    except EmptyResultSet:
        return []
    with connection.cursor() as cursor:
        cursor.execute(sql, sql_params)
        return cursor.fetchall()


def cell_counts(queryset: QuerySet, resolution: int) -> tuple[np.ndarray, np.ndarray]:
    """Requests per H3 cell at a stored resolution (7–10), aggregated in the database."""
    column = f"h3_r{int(resolution)}"
    assert resolution in RESOLUTIONS
    rows = queryset.order_by().values_list(column).annotate(n=Count("*")).filter(**{f"{column}__isnull": False})
    data = _fetch_rows(rows)
    if not data:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float64)
    array = np.array(data, dtype=np.int64)
    return array[:, 0], array[:, 1].astype(np.float64)


def cell_bin_counts(queryset: QuerySet, resolution: int, edges: list[datetime]) -> tuple[np.ndarray, np.ndarray]:
    """Requests per (H3 cell, time bin): cells (m,) and counts (m, len(edges) − 1). Bins are [edge_i, edge_i+1)."""
    column = f"h3_r{int(resolution)}"
    assert resolution in RESOLUTIONS
    bucket = RawSQL(f'width_bucket("{TABLE}"."created_at", %s::timestamptz[])', ([e.isoformat() for e in edges],))
    rows = (queryset.order_by().annotate(bucket=bucket).values_list(column, "bucket").annotate(n=Count("*"))
            .filter(**{f"{column}__isnull": False}))
    data = _fetch_rows(rows)
    t = len(edges) - 1
    if not data:
        return np.zeros(0, dtype=np.int64), np.zeros((0, t))
    array = np.array(data, dtype=np.int64)
    array = array[(array[:, 1] >= 1) & (array[:, 1] <= t)]
    cells, index = np.unique(array[:, 0], return_inverse=True)
    counts = np.zeros((len(cells), t))
    np.add.at(counts, (index, array[:, 1] - 1), array[:, 2])
    return cells, counts


def recent_points(queryset: QuerySet) -> list[tuple]:
    """(id, lon, lat, created_at, category_id) of the requests, for DBSCAN."""
    rows = queryset.filter(location__isnull=False).order_by().annotate(
        lon=RawSQL(f'ST_X("{TABLE}"."location")', ()), lat=RawSQL(f'ST_Y("{TABLE}"."location")', ()),
    ).values_list("id", "lon", "lat", "created_at", "category_id")
    return list(rows)


def data_version(queryset: QuerySet) -> str:
    """A fingerprint of the data a run would see: the filter (scope included), row count, last id, last change."""
    stats = queryset.order_by().aggregate(n=Count("id"), last_id=Max("id"), last_change=Max("updated_at"))
    try:
        sql, sql_params = queryset.order_by().values("id").query.sql_with_params()
    except EmptyResultSet:
        sql, sql_params = "empty", []
    text = json.dumps([sql, [str(p) for p in sql_params], stats["n"], stats["last_id"], str(stats["last_change"])])
    return hashlib.sha256(text.encode()).hexdigest()


def run_reusable(*, kind: str, params_key: str, version: str) -> HotspotRun | None:
    """A finished (or still running) run with the same parameters on the same data, if any."""
    from clustering.services import STALE_AFTER

    stale = Q(status=RunStatus.RUNNING, started_at__lt=timezone.now() - STALE_AFTER)
    return (HotspotRun.objects.filter(kind=kind, params_key=params_key, data_version=version)
            .exclude(status=RunStatus.FAILED).exclude(stale).order_by("-created_at").first())


def run_get(run_id: int) -> HotspotRun | None:
    return HotspotRun.objects.filter(pk=run_id).first()


def runs_recent(limit: int = 20) -> QuerySet:
    return HotspotRun.objects.order_by("-created_at")[:limit]


def _fetch_json(sql: str, params: list) -> dict:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        value = cursor.fetchone()[0]
    return json.loads(value) if isinstance(value, str) else value


def cells_geojson(run_id: int, *, significant_only: bool = False) -> dict:
    """The run's cells as a GeoJSON FeatureCollection, built in PostGIS."""
    where = "AND (c.gi_bin <> 0 OR c.category <> '')" if significant_only else ""
    sql = f"""
        SELECT json_build_object('type', 'FeatureCollection', 'features', coalesce(json_agg(json_build_object(
            'type', 'Feature', 'id', c.cell,
            'geometry', ST_AsGeoJSON(c.geom, 6)::json,
            'properties', json_build_object(
                'h3', lower(to_hex(c.cell)), 'count', c.count, 'neighbours', c.neighbours, 'gi', c.gi, 'z', c.z,
                'p', c.p, 'q', c.q, 'gi_bin', c.gi_bin, 'category', c.category, 'trend_z', c.trend_z,
                'trend_p', c.trend_p, 'hot_bins', c.hot_bins, 'cold_bins', c.cold_bins)
        ) ORDER BY c.cell), '[]'::json))
        FROM clustering_hotspotcell c WHERE c.run_id = %s {where}
    """
    return _fetch_json(sql, [run_id])


def clusters_geojson(run_id: int) -> dict:
    sql = """
        SELECT json_build_object('type', 'FeatureCollection', 'features', coalesce(json_agg(json_build_object(
            'type', 'Feature', 'id', k.id,
            'geometry', ST_AsGeoJSON(k.hull, 6)::json,
            'properties', json_build_object(
                'label', k.label, 'size', k.size, 'category_id', k.category_id, 'category', cat.name_fa,
                'first_at', k.first_at, 'last_at', k.last_at)
        ) ORDER BY k.size DESC), '[]'::json))
        FROM clustering_hotspotcluster k LEFT JOIN requests_app_category cat ON cat.id = k.category_id
        WHERE k.run_id = %s
    """
    return _fetch_json(sql, [run_id])


def regions_geojson() -> dict:
    """Region outlines (simplified) for the map's background: no outside tiles."""
    sql = """
        SELECT json_build_object('type', 'FeatureCollection', 'features', coalesce(json_agg(json_build_object(
            'type', 'Feature', 'id', r.id,
            'geometry', ST_AsGeoJSON(ST_SimplifyPreserveTopology(r.geom, 0.0003), 5)::json,
            'properties', json_build_object('number', r.number, 'name', r.name_fa)
        ) ORDER BY r.number), '[]'::json))
        FROM addresses_region r
    """
    return _fetch_json(sql, [])


def compare_geojson(run_a: int, run_b: int) -> dict:
    """Cells of two runs side by side: class in A, class in B and the change (B − A)."""
    sql = """
        SELECT json_build_object('type', 'FeatureCollection', 'features', coalesce(json_agg(json_build_object(
            'type', 'Feature', 'id', coalesce(a.cell, b.cell),
            'geometry', ST_AsGeoJSON(coalesce(b.geom, a.geom), 6)::json,
            'properties', json_build_object(
                'h3', lower(to_hex(coalesce(a.cell, b.cell))),
                'count_a', coalesce(a.count, 0), 'count_b', coalesce(b.count, 0),
                'gi_bin_a', coalesce(a.gi_bin, 0), 'gi_bin_b', coalesce(b.gi_bin, 0),
                'change', coalesce(b.gi_bin, 0) - coalesce(a.gi_bin, 0))
        )), '[]'::json))
        FROM (SELECT * FROM clustering_hotspotcell WHERE run_id = %s) a
        FULL JOIN (SELECT * FROM clustering_hotspotcell WHERE run_id = %s) b ON a.cell = b.cell
        WHERE coalesce(a.gi_bin, 0) <> 0 OR coalesce(b.gi_bin, 0) <> 0
    """
    return _fetch_json(sql, [run_a, run_b])


def sub_subjects() -> QuerySet:
    return Category.objects.filter(parent__isnull=False, is_active=True).select_related("parent")


def subjects() -> QuerySet:
    return Category.objects.filter(parent__isnull=True, is_active=True)


def hotspot_tile_sql(tile) -> tuple[str, list]:
    """The `hotspots` vector tile layer (tiles/layers.py registry): one run's cells, filter ?run=<id>."""
    from clustering.access import run_tiles_visible

    run = run_get(int(tile.filters.get("run")[0]))
    if run is None or not run_tiles_visible(tile.user, run):
        return "SELECT ''::bytea", []
    sql = """
        SELECT coalesce(ST_AsMVT(t, 'hotspots', 4096, 'geom'), ''::bytea) FROM (
            SELECT c.cell AS id, lower(to_hex(c.cell)) AS h3, c.count, c.z, c.p, c.q, c.gi_bin, c.category,
                   ST_AsMVTGeom(ST_Transform(c.geom, 3857), ST_TileEnvelope(%s, %s, %s), 4096, 64, true) AS geom
            FROM clustering_hotspotcell c
            WHERE c.run_id = %s AND c.geom && ST_Transform(ST_TileEnvelope(%s, %s, %s), 4326)
        ) t WHERE t.geom IS NOT NULL
    """
    return sql, [tile.z, tile.x, tile.y, run.pk, tile.z, tile.x, tile.y]
