"""Shared pieces of the benchmarks: the bench database, timing, records, the 1M-request data set."""

import gc
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import django


def ensure_bench_database() -> None:
    """Create <name>_bench if missing, set Django up against it and migrate."""
    import psycopg

    from config.settings_bench import DATABASES

    db = DATABASES["default"]
    conninfo = {"dbname": "postgres", "user": db["USER"] or None, "password": db["PASSWORD"] or None,
                "host": db["HOST"] or None, "port": db["PORT"] or None}
    with psycopg.connect(**{k: v for k, v in conninfo.items() if v}, autocommit=True) as conn:
        exists = conn.execute("select 1 from pg_database where datname = %s", [db["NAME"]]).fetchone()
        if not exists:
            conn.execute(f'create database "{db["NAME"]}"')
    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    index = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[index]


def time_ms(fn: Callable[[], object]) -> float:
    started = time.perf_counter()
    fn()
    return (time.perf_counter() - started) * 1000


def interleaved(ours: Callable[[int], object], peer: Callable[[int], object], n: int, warmup: int = 20
                ) -> tuple[list[float], list[float]]:
    """Time `ours(i)` and `peer(i)` alternately, n times each after a warm-up, in milliseconds."""
    for i in range(warmup):
        ours(i)
        peer(i)
    gc.collect()
    mine, theirs = [], []
    for i in range(n):
        if i % 2:
            theirs.append(time_ms(lambda: peer(i)))
            mine.append(time_ms(lambda: ours(i)))
        else:
            mine.append(time_ms(lambda: ours(i)))
            theirs.append(time_ms(lambda: peer(i)))
    return mine, theirs


@dataclass
class BenchContext:
    records: list[dict] = field(default_factory=list)

    def record(self, name: str, value: float, unit: str, *, n: int | None = None, peer: str | None = None,
               peer_value: float | None = None, dataset: str = "", note: str = "") -> None:
        ratio = (value / peer_value) if (peer_value not in (None, 0)) else None
        record = {"name": name, "value": round(value, 4), "unit": unit, "n": n, "peer": peer,
                  "peer_value": None if peer_value is None else round(peer_value, 4),
                  "ratio": None if ratio is None else round(ratio, 3), "dataset": dataset}
        if note:
            record["note"] = note
        self.records.append(record)
        peer_text = ""
        if peer and peer_value is not None:
            peer_text = f"   {peer} {peer_value:,.3f} {unit}" + (f"   ratio {ratio:.2f}" if ratio is not None else "")
        elif peer:
            peer_text = f"   {peer} unavailable"
        print(f"   {name:<34} {value:>12,.3f} {unit:<6}{peer_text}   [{dataset}{', n=' + str(n) if n else ''}]",
              flush=True)


def median(values: list[float]) -> float:
    return statistics.median(values)


BENCH_REQUESTS = 1_000_000


def ensure_requests_1m() -> int:
    """The `1m` data set: the demo city plus 1,000,000 deterministic requests in the bench database."""
    from addresses.models import DatasetLoad
    from demo.city import demo_city_load
    from demo.request_load import demo_requests_load
    from intake.models import ServiceRequest

    marker = DatasetLoad.objects.filter(name="bench-1m").first()
    if marker and ServiceRequest.objects.filter(is_demo=True).count() == BENCH_REQUESTS:
        return BENCH_REQUESTS
    print("   building the 1m data set (once; a few minutes)…", flush=True)
    demo_city_load()
    count = demo_requests_load(count=BENCH_REQUESTS, seed=1_000_000)
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE requests_app_servicerequest")
    DatasetLoad.objects.update_or_create(name="bench-1m", defaults={"fingerprint": "1m", "counts": {"requests": count}})
    return count
