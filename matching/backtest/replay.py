"""Load historical calls into a separate database and replay them in time order through our detector and the
simple rules, each check against what was open at the call's moment.

The backtest database is `<name>_backtest` beside the configured one (created and migrated when missing, as the
benchmarks do for `<name>_bench`); the default connection is pointed at it for the replay, as Django's test runner
does for its test database, and pointed back afterwards. Each run wipes the previous run's requests and categories
there; the configured database is never written."""

from __future__ import annotations

import inspect
import re
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import cache
from pathlib import Path

from django.contrib.gis.geos import Point
from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.utils import timezone

from intake.models import Category, ServiceRequest, Status
from matching.backtest import baselines, metrics, truth
from matching.backtest.importers import CallRecord, in_time_order, read_calls
from matching.backtest.jitter import jittered_points
from matching.candidates import duplicate_candidates

SUFFIX = "_backtest"
CANDIDATE_LIMIT = 10
DETECTORS = ("ours", *baselines.RULES)


# ---- the separate database -------------------------------------------------------------------------------------


def _database_create(settings_dict: dict, name: str) -> None:
    import psycopg

    conninfo = {"dbname": "postgres", "user": settings_dict.get("USER"), "password": settings_dict.get("PASSWORD"),
                "host": settings_dict.get("HOST"), "port": settings_dict.get("PORT")}
    with psycopg.connect(**{k: v for k, v in conninfo.items() if v}, autocommit=True) as conn:
        if not conn.execute("select 1 from pg_database where datname = %s", [name]).fetchone():
            conn.execute(f'create database "{name}"')


@contextmanager
def backtest_database() -> Iterator[str]:
    """Inside: the default connection is `<name>_backtest`, created if missing and migrated. Yields its name."""
    from django.contrib.contenttypes.models import ContentType

    conn = connections[DEFAULT_DB_ALIAS]
    original = conn.settings_dict["NAME"]
    name = original if original.endswith(SUFFIX) else original + SUFFIX
    _database_create(conn.settings_dict, name)
    conn.close()
    conn.settings_dict["NAME"] = name
    ContentType.objects.clear_cache()
    try:
        call_command("migrate", verbosity=0, interactive=False)
        yield name
    finally:
        conn.close()
        conn.settings_dict["NAME"] = original
        ContentType.objects.clear_cache()


# ---- load ------------------------------------------------------------------------------------------------------


def _slug(value: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-") or "x"


def _categories_create(calls: Sequence[CallRecord]) -> dict[str, Category]:
    """A subject per source subject (NYC: agency), a sub-subject per complaint type (under the subject of its first
    call), of the call's kind of problem (its radius and window). Returns the sub-subject of each complaint type."""
    subjects: dict[str, Category] = {}
    types: dict[str, Category] = {}
    for call in calls:
        if call.complaint_type in types:
            continue
        if call.subject not in subjects:
            subjects[call.subject] = Category.objects.create(
                code=f"bt{len(subjects) + 1}-{_slug(call.subject)}"[:40], name_fa=call.subject[:150] or "—",
                name_en=call.subject[:150], sort_order=len(subjects))
        types[call.complaint_type] = Category.objects.create(
            parent=subjects[call.subject], code=f"bt{len(subjects)}.{len(types) + 1}-{_slug(call.sub_subject)}"[:40],
            name_fa=call.sub_subject[:150] or "—", name_en=call.sub_subject[:150], sort_order=len(types),
            duplicate_kind=call.kind if call.kind in Category.DuplicateKind.values else Category.DuplicateKind.STREET)
    return types


def _assert_backtest_database() -> None:
    if not connection.settings_dict["NAME"].endswith(SUFFIX):
        raise RuntimeError("the backtest writes only into a <name>_backtest database (see backtest_database())")


def calls_load(calls: Sequence[CallRecord], points: Sequence[tuple[float, float]]
               ) -> tuple[list[int], dict[str, Category]]:
    """Wipe the previous backtest, then insert every call (at its stored point) as a request. Returns the ids in
    the order of `calls` and the sub-subject of each complaint type."""
    _assert_backtest_database()
    tables = ", ".join(model._meta.db_table for model in (ServiceRequest, Category))
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(f"truncate {tables} restart identity cascade")
        categories = _categories_create(calls)
        seen: set[str] = set()
        rows = []
        for position, (call, (lon, lat)) in enumerate(zip(calls, points)):
            code = call.key if call.key and len(call.key) <= 12 and call.key not in seen else f"bt{position:010d}"
            seen.add(code)
            row = ServiceRequest(
                tracking_code=code, channel=call.channel, category=categories[call.complaint_type],
                text=call.text[:4000], address_text=call.address[:400], location=Point(lon, lat, srid=4326),
                status=Status.CLOSED if call.closed_at else Status.REGISTERED, created_at=call.created_at,
                closed_at=call.closed_at)
            row.set_h3_cells()
            rows.append(row)
        created = ServiceRequest.objects.bulk_create(rows, batch_size=1000)
    with connection.cursor() as cursor:
        cursor.execute(f"analyze {ServiceRequest._meta.db_table}")
    return [row.pk for row in created], categories


# ---- replay ----------------------------------------------------------------------------------------------------


@cache
def _detector_takes_address() -> bool:
    return "address_text" in inspect.signature(duplicate_candidates).parameters


def ours_check(*, call: CallRecord, category: Category, lon: float, lat: float, exclude_id: int,
               limit: int = CANDIDATE_LIMIT, use_address: bool = True):
    """Our detector on one call, as it would have answered at the call's moment (the one place it is called).
    `use_address=False` keeps the typed address from it (the truth is made of addresses: this shows what the
    detector finds without reading them)."""
    arguments = {"lon": lon, "lat": lat, "category": category, "text": call.text, "exclude_id": exclude_id,
                 "limit": limit, "as_of": call.created_at}
    if use_address and _detector_takes_address():
        arguments["address_text"] = call.address
    return duplicate_candidates(**arguments)


def _timed(check) -> tuple[object, float]:
    started = time.perf_counter()
    found = check()
    return found, (time.perf_counter() - started) * 1000


def calls_replay(calls: Sequence[CallRecord], ids: Sequence[int], categories: dict[str, Category],
                 probes: Sequence[tuple[float, float]], *, use_address: bool = True
                 ) -> dict[str, list[metrics.Outcome]]:
    """Every call, in the order given (time order), checked by every detector at its probe point; the detectors
    take turns going first, so none is always the one with a cold cache."""
    position_of = {pk: position for position, pk in enumerate(ids)}
    outcomes: dict[str, list[metrics.Outcome]] = {name: [] for name in DETECTORS}
    for position, (call, pk, (lon, lat)) in enumerate(zip(calls, ids, probes)):
        category = categories[call.complaint_type]
        order = DETECTORS[position % len(DETECTORS):] + DETECTORS[:position % len(DETECTORS)]
        for name in order:
            if name == "ours":
                found, ms = _timed(lambda: ours_check(call=call, category=category, lon=lon, lat=lat, exclude_id=pk,
                                                      use_address=use_address))
                outcome = metrics.Outcome(candidates=tuple(position_of[c.id] for c in found if c.id in position_of),
                                          flagged=any(c.is_strong for c in found), ms=ms)
            else:
                found, ms = _timed(lambda: baselines.rule_candidates(
                    radius_m=baselines.RULES[name], lon=lon, lat=lat, category_id=category.pk, as_of=call.created_at,
                    exclude_id=pk, limit=CANDIDATE_LIMIT))
                outcome = metrics.Outcome(candidates=tuple(position_of[i] for i, _ in found), flagged=bool(found),
                                          ms=ms)
            outcomes[name].append(outcome)
    return outcomes


def backtest_run(path: str | Path, *, file_format: str | None = None, jitter_m: float = 0.0, seed: int = 0,
                 limit: int | None = None, per_type: int = 8, use_address: bool = True) -> dict:
    """Read, load into the backtest database, replay and score: the report (see `metrics.render`)."""
    imported = read_calls(path, file_format, default_tz=timezone.get_current_timezone())
    arrived = sorted(imported.calls, key=lambda call: (call.created_at, call.sequence))[:limit]
    recorded = Counter(call.created_at for call in arrived)
    calls = in_time_order(arrived)
    matches = truth.true_matches(calls)
    stored, probes = jittered_points(calls, jitter_m, seed)
    with backtest_database() as database:
        ids, categories = calls_load(calls, stored)
        outcomes = calls_replay(calls, ids, categories, probes, use_address=use_address)
    report = {
        "file": Path(path).name, "format": imported.format, "rows": imported.rows,
        "skipped_no_coordinates": imported.skipped_no_coordinates, "skipped_unreadable": imported.skipped_unreadable,
        "calls": len(calls),
        "calls_sharing_a_time": sum(n for n in recorded.values() if n > 1),
        "repeats": truth.repeat_count(matches), "jitter_m": jitter_m, "seed": seed,
        "database": database, "detector_takes_address": _detector_takes_address() and use_address,
    }
    report.update(metrics.summary(outcomes, matches, [call.complaint_type for call in calls], per_type=per_type))
    return report
