"""Writes for hotspots: validate parameters, start (or reuse) a run, execute it with live progress."""

from __future__ import annotations

import hashlib
import json
import logging
import time as clock
from datetime import date, datetime, timedelta

import jdatetime
import numpy as np
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.contrib.gis.geos import Polygon
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from h3.api import basic_int as h3

from clustering import dbscan, emerging, gistar, selectors
from clustering.models import HotspotCell, HotspotCluster, HotspotRun, RunKind, RunStatus
from clustering.tile_layer import bump_hotspot_tiles
from intake.models import Category, Channel, Status

log = logging.getLogger(__name__)

DEFAULT_DAYS = {RunKind.GISTAR: 90, RunKind.EMERGING: 365, RunKind.DBSCAN: 14}
MAX_DAYS = 3 * 366
MAX_BINS = 60
STALE_AFTER = timedelta(minutes=15)  # a run 'running' this long lost its worker


def _date(raw, field: str, errors: dict) -> date | None:
    if raw in (None, ""):
        return None
    try:
        return date.fromisoformat(str(raw))
    except ValueError:
        errors[field] = _("Enter a date as YYYY-MM-DD.")
        return None


def _int(raw, field: str, default: int, low: int, high: int, errors: dict, message) -> int:
    if raw in (None, ""):
        return default
    try:
        value = int(raw)
    except (TypeError, ValueError):
        errors[field] = message
        return default
    if not low <= value <= high:
        errors[field] = message
    return value


def _period_clean(kind: str, raw: dict, errors: dict) -> tuple[date, date]:
    today = timezone.localdate()
    date_to = _date(raw.get("date_to"), "date_to", errors) or today
    date_from = _date(raw.get("date_from"), "date_from", errors) or (date_to - timedelta(days=DEFAULT_DAYS[kind] - 1))
    if date_from > date_to:
        errors["date_from"] = _("The start of the period must not be after its end.")
    elif (date_to - date_from).days > MAX_DAYS:
        errors["date_from"] = _("The period may be at most three years long.")
    return date_from, date_to


def _category_clean(raw, errors: dict) -> int | None:
    category = raw or None
    if category is None:
        return None
    try:
        category = int(category)
    except (TypeError, ValueError):
        category = -1
    if not Category.objects.filter(pk=category).exists():
        errors["category"] = _("Unknown subject or sub-subject.")
    return category


def _statuses_clean(raw, errors: dict) -> list[str]:
    statuses = raw or []
    if isinstance(statuses, str):
        statuses = [s for s in statuses.split(",") if s]
    if not isinstance(statuses, (list, tuple)) or any(not isinstance(s, str) or s not in Status.values
                                                       for s in statuses):
        errors["status"] = _("Unknown status.")
        return []
    return sorted(set(statuses))


def _kind_params_clean(kind: str, raw: dict, params: dict, errors: dict) -> None:
    """The parameters only some kinds take: bins for emerging, distance and size for dbscan."""
    if kind == RunKind.EMERGING:
        params["bin"] = raw.get("bin") or "month"
        if params["bin"] not in ("month", "week"):
            errors["bin"] = _("Time bins are months or weeks.")
        elif len(time_bins(params)[1]) > MAX_BINS:
            errors["bin"] = _("Too many time bins: use months or a shorter period (at most 60 bins).")
    if kind == RunKind.DBSCAN:
        params["eps_m"] = _int(raw.get("eps_m"), "eps_m", 250, 10, 5000, errors,
                               _("The cluster distance must be between 10 and 5000 metres."))
        params["min_samples"] = _int(raw.get("min_samples"), "min_samples", 5, 2, 1000, errors,
                                     _("The minimum cluster size must be between 2 and 1000."))


def run_params_clean(*, kind: str, raw: dict) -> dict:
    """Validated, normalised parameters of a run (the reuse key is computed from these). Raises ValidationError."""
    errors: dict = {}
    if kind not in RunKind.values:
        raise ValidationError({"kind": _("Unknown analysis kind: choose gistar, emerging or dbscan.")})
    params: dict = {}
    if kind != RunKind.DBSCAN:
        params["resolution"] = _int(raw.get("resolution"), "resolution", 9, 7, 10, errors,
                                    _("The H3 resolution must be 7, 8, 9 or 10."))
        params["k"] = _int(raw.get("k"), "k", 1, 1, 5, errors, _("The neighbourhood size k must be between 1 and 5."))
    date_from, date_to = _period_clean(kind, raw, errors)
    params["date_from"], params["date_to"] = date_from.isoformat(), date_to.isoformat()
    params["category"] = _category_clean(raw.get("category"), errors)
    channel = raw.get("channel") or ""
    if channel and channel not in Channel.values:
        errors["channel"] = _("Unknown channel.")
    params["channel"] = channel
    params["status"] = _statuses_clean(raw.get("status"), errors)
    _kind_params_clean(kind, raw, params, errors)
    if errors:
        raise ValidationError(errors)
    return params


def params_key(kind: str, params: dict) -> str:
    return hashlib.sha256(json.dumps([kind, params], sort_keys=True).encode()).hexdigest()


def time_bins(params: dict) -> tuple[list[datetime], list[str]]:
    """Bin edges (local midnights) and labels: Jalali calendar months, or 7-day weeks from date_from."""
    start, end = selectors.window(params)
    zone = timezone.get_default_timezone()
    edges = [start]
    labels = []
    if params.get("bin", "month") == "week":
        cursor = start
        while cursor < end:
            labels.append(jdatetime.date.fromgregorian(date=cursor.date()).strftime("%Y/%m/%d"))
            cursor = min(cursor + timedelta(days=7), end)
            edges.append(cursor)
        return edges, labels
    jalali = jdatetime.date.fromgregorian(date=start.date())
    while edges[-1] < end:
        labels.append(f"{jalali.year:04d}/{jalali.month:02d}")
        year, month = (jalali.year + 1, 1) if jalali.month == 12 else (jalali.year, jalali.month + 1)
        jalali = jdatetime.date(year, month, 1)
        nxt = datetime.combine(jalali.togregorian(), datetime.min.time(), tzinfo=zone)
        edges.append(min(nxt, end))
    return edges, labels


def run_start(*, user, kind: str, raw_params: dict, enqueue: bool = True) -> tuple[HotspotRun, bool]:
    """Start a run, or return the stored one with the same parameters on the same data version (reused=True)."""
    params = run_params_clean(kind=kind, raw=raw_params)
    key = params_key(kind, params)
    version = selectors.data_version(selectors.requests_for(user, params))
    existing = selectors.run_reusable(kind=kind, params_key=key, version=version)
    if existing is not None:
        return existing, True
    start, end = selectors.window(params)
    with transaction.atomic():
        run = HotspotRun.objects.create(
            kind=kind, params=params, params_key=key, data_version=version, window_start=start, window_end=end,
            created_by=user if getattr(user, "is_authenticated", False) else None, stage="queued",
        )
        if enqueue:
            from clustering.tasks import hotspot_run_execute

            transaction.on_commit(lambda: hotspot_run_execute.delay(run.pk))
    return run, False


def run_progress(*, run: HotspotRun, progress: int, stage: str) -> None:
    run.progress, run.stage = progress, stage
    run.save(update_fields=["progress", "stage"])


def run_execute(*, run_id: int) -> HotspotRun:
    """Compute a queued run (called by the Celery task). Progress and stage are written as it goes."""
    with transaction.atomic():
        run = HotspotRun.objects.select_for_update().get(pk=run_id)
        if run.status == RunStatus.DONE:
            return run  # a redelivered task: the work is done
        if run.status == RunStatus.RUNNING and run.started_at and run.started_at > timezone.now() - STALE_AFTER:
            return run  # under way on another worker
        # queued, failed, or running for so long that its worker must have died: (re)compute from scratch
        run.cells.all().delete()
        run.clusters.all().delete()
        run.status, run.started_at, run.progress, run.stage, run.error = (
            RunStatus.RUNNING, timezone.now(), 1, "start", ""
        )
        run.save(update_fields=["status", "started_at", "progress", "stage", "error"])
    # The run sees what its creator sees; a run without a (still existing) creator sees nothing.
    user = (get_user_model().objects.filter(pk=run.created_by_id).first() if run.created_by_id else None) \
        or AnonymousUser()
    try:
        queryset = selectors.requests_for(user, run.params)
        {RunKind.GISTAR: _execute_gistar, RunKind.EMERGING: _execute_emerging,
         RunKind.DBSCAN: _execute_dbscan}[run.kind](run, queryset)
    except Exception as exc:  # the run records the failure; the planner sees it
        log.exception("hotspot run %s failed", run.pk)
        run.status, run.error, run.finished_at = RunStatus.FAILED, f"{type(exc).__name__}: {exc}", timezone.now()
        run.save(update_fields=["status", "error", "finished_at"])
        return run
    run.status, run.progress, run.stage, run.finished_at = RunStatus.DONE, 100, "done", timezone.now()
    run.save(update_fields=["status", "progress", "stage", "finished_at", "summary", "timings", "request_count"])
    transaction.on_commit(bump_hotspot_tiles)  # tiles cached while the run was empty are rebuilt
    return run


class _Timer:
    def __init__(self, run: HotspotRun):
        self.run, self.last = run, clock.perf_counter()
        run.timings = {}

    def lap(self, name: str) -> None:
        now = clock.perf_counter()
        self.run.timings[name] = round((now - self.last) * 1000, 1)
        self.last = now


CELL_COLUMNS = ("cell", "count", "neighbours", "gi", "z", "p", "q", "gi_bin", "category", "trend_z", "trend_p",
                "hot_bins", "cold_bins")
CELL_DEFAULTS = {"neighbours": 0, "gi": 0.0, "z": 0.0, "p": 1.0, "q": 1.0, "gi_bin": 0, "category": "",
                 "trend_z": None, "trend_p": None, "hot_bins": None, "cold_bins": None}


def _hexagon_ewkt(cell: int) -> str:
    ring = [f"{lon:.7f} {lat:.7f}" for lat, lon in h3.cell_to_boundary(cell)]
    return f"SRID=4326;POLYGON(({', '.join(ring + ring[:1])}))"


@transaction.atomic
def _save_cells(run: HotspotRun, rows: list[dict]) -> None:
    """All cells of a run in one COPY (a run at resolution 10 has tens of thousands; ORM inserts take seconds)."""
    table = HotspotCell._meta.db_table
    columns = ("run_id", *CELL_COLUMNS, "geom")
    with connection.cursor() as cursor, cursor.cursor.copy(
            f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            values = {**CELL_DEFAULTS, **row}
            copy.write_row((run.pk, *(values[c] for c in CELL_COLUMNS), _hexagon_ewkt(int(row["cell"]))))


def _execute_gistar(run: HotspotRun, queryset) -> None:
    timer = _Timer(run)
    k, resolution = run.params["k"], run.params["resolution"]
    run_progress(run=run, progress=5, stage="aggregate")
    cells, counts = selectors.cell_counts(queryset, resolution)
    timer.lap("aggregate")
    run_progress(run=run, progress=30, stage="neighbours")
    area, y = gistar.study_area(cells, counts, k)
    w = gistar.neighbour_matrix(area, k) if len(area) >= 3 else None
    timer.lap("neighbours")
    run_progress(run=run, progress=55, stage="statistics")
    if w is not None:
        g, z, kk = gistar.gi_star_z(y, w)
        p = gistar.p_two_sided(z)
        q = gistar.fdr_bh(p)
        bins = gistar.classify(z, q)
    else:
        g = z = np.zeros(len(area))
        p = q = np.ones(len(area))
        kk, bins = np.ones(len(area), np.int32), np.zeros(len(area), np.int8)
    timer.lap("statistics")
    run_progress(run=run, progress=75, stage="saving")
    _save_cells(run, [
        {"cell": int(area[i]), "count": int(y[i]), "neighbours": int(kk[i]), "gi": float(g[i]), "z": float(z[i]),
         "p": float(p[i]), "q": float(q[i]), "gi_bin": int(bins[i])} for i in range(len(area))
    ])
    timer.lap("saving")
    run.request_count = int(y.sum())
    run.summary = {
        "cells": len(area), "occupied_cells": int((y > 0).sum()),
        "hot": {str(level): int((bins == level).sum()) for level in (1, 2, 3)},
        "cold": {str(level): int((bins == -level).sum()) for level in (1, 2, 3)},
    }


def _execute_emerging(run: HotspotRun, queryset) -> None:
    timer = _Timer(run)
    k, resolution = run.params["k"], run.params["resolution"]
    edges, labels = time_bins(run.params)
    run_progress(run=run, progress=5, stage="aggregate")
    cells, counts = selectors.cell_bin_counts(queryset, resolution, edges)
    timer.lap("aggregate")
    run_progress(run=run, progress=30, stage="statistics")
    if len(cells) == 0:
        counts = np.zeros((0, len(labels)))
    result = emerging.emerging_hotspots(cells, counts, k=k)
    timer.lap("statistics")
    run_progress(run=run, progress=75, stage="saving")
    last = result.bins.shape[1] - 1
    rows = []
    for i in range(len(result)):
        rows.append({
            "cell": int(result.cells[i]), "count": int(result.counts[i].sum()),
            "z": float(result.z[i, last]) if last >= 0 else 0.0,
            "gi_bin": int(result.bins[i, last]) if last >= 0 else 0,
            "category": result.category[i], "trend_z": float(result.trend_z[i]), "trend_p": float(result.trend_p[i]),
            "hot_bins": int((result.bins[i] > 0).sum()), "cold_bins": int((result.bins[i] < 0).sum()),
        })
    _save_cells(run, rows)
    timer.lap("saving")
    run.request_count = int(result.counts.sum())
    categories: dict[str, int] = {}
    for name in result.category:
        if name:
            categories[name] = categories.get(name, 0) + 1
    run.summary = {"cells": len(result), "bins": labels, "categories": categories,
                   "requests_per_bin": [int(v) for v in result.counts.sum(axis=0)]}


def _execute_dbscan(run: HotspotRun, queryset) -> None:
    timer = _Timer(run)
    run_progress(run=run, progress=5, stage="aggregate")
    points = selectors.recent_points(queryset)
    timer.lap("aggregate")
    by_category: dict[int, list[tuple]] = {}
    for point in points:
        by_category.setdefault(point[4], []).append(point)
    rows = []
    for done, (category_id, group) in enumerate(sorted(by_category.items())):
        run_progress(run=run, progress=10 + int(70 * done / max(len(by_category), 1)), stage="clusters")
        ids, lon, lat, created, _ = zip(*group)
        for cluster in dbscan.clusters(ids, lon, lat, list(created), eps_m=run.params["eps_m"],
                                       min_samples=run.params["min_samples"]):
            rows.append(HotspotCluster(
                run=run, category_id=category_id, label=cluster.label, size=cluster.size, first_at=cluster.first_at,
                last_at=cluster.last_at, request_ids=cluster.members,
                hull=Polygon(list(cluster.hull.exterior.coords), srid=4326),
            ))
    timer.lap("clusters")
    run_progress(run=run, progress=85, stage="saving")
    with transaction.atomic():
        HotspotCluster.objects.bulk_create(rows, batch_size=1000)
    timer.lap("saving")
    run.request_count = len(points)
    run.summary = {"clusters": len(rows), "clustered_requests": sum(r.size for r in rows),
                   "sub_subjects": len({r.category_id for r in rows})}
