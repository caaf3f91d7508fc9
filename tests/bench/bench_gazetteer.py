"""Gazetteer: accuracy on the labelled set, suggest latency and index memory — ours (in-process index fed by the
database bridge) beside PostgreSQL pg_trgm similarity search over the same entries, in the same run, interleaved.

Figures: gazetteer.top1_region, gazetteer.top1_district, gazetteer.within_300m (labelled set, demo city);
gazetteer.real_top1_region, real_top1_district, real_within_300m, real_top5_region, real_namesakes_shown (the
real-source set, per source kind, beside pg_trgm KNN over the product's own tables);
gazetteer.suggest_p50_ms, gazetteer.suggest_p95_ms (demo city and scaled-100k), gazetteer.index_mb (demo and
scaled-100k). The peer is a table of every entry name (and alias) with a GIN trigram index, queried with
`name % q order by similarity(name, q) desc limit 10` — what a team would otherwise build.
"""

import gc
import io
import tracemalloc

from django.db import connection

from tests.bench.common import interleaved, percentile

N_LATENCY = 600
SCALED = 100_000


def _ensure_demo_city() -> None:
    from addresses.models import Street
    from demo.city import demo_city_load

    if Street.objects.filter(source="demo").count() < 20_000:
        print("   loading the demo city into the bench database (once)…", flush=True)
        demo_city_load()


def _build(records):
    """A gazetteer and the memory its index holds (tracemalloc, MB)."""
    from gazetteer.matcher import Gazetteer

    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    gazetteer = Gazetteer(records)
    after = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    # as the product does after building (addresses.bridge.gazetteer_current): the read-only index leaves
    # the cyclic collector's sight, so no collection rescans it in the middle of a query
    gc.collect()
    gc.freeze()
    return gazetteer, (after - before) / 1e6


def _trgm_table(table: str, records) -> None:
    """The peer's data: every name and alias of every record, one row each, GIN trigram-indexed."""
    with connection.cursor() as cursor:
        cursor.execute("create extension if not exists pg_trgm")
        cursor.execute(f"drop table if exists {table}")
        cursor.execute(f"""create table {table} (rid int, name text, region_no int, district_code text,
                           lon double precision, lat double precision)""")
        buffer = io.StringIO()
        for i, r in enumerate(records):
            for name in (r.name, *r.aliases):
                clean = name.replace("\t", " ").replace("\n", " ").replace("\\", " ")
                buffer.write(f"{i}\t{clean}\t{'' if r.region_no is None else r.region_no}\t{r.district_code}\t"
                             f"{r.lon}\t{r.lat}\n".replace("\t\t", "\t\\N\t"))
        buffer.seek(0)
        with cursor.copy(f"copy {table} (rid, name, region_no, district_code, lon, lat) from stdin") as copy:
            copy.write(buffer.read())
        cursor.execute(f"create index {table}_trgm on {table} using gin (name gin_trgm_ops)")
        cursor.execute(f"analyze {table}")


def _trgm_suggest(table: str):
    def run(query: str, limit: int = 10):
        with connection.cursor() as cursor:
            cursor.execute("set pg_trgm.similarity_threshold = 0.2")
            cursor.execute(
                f"""select region_no, district_code, lon, lat, similarity(name, %s) as s from {table}
                    where name %% %s order by s desc limit %s""",
                [query, query, limit],
            )
            return cursor.fetchall()
    return run


REAL_FIGURES = (("top1_region", "region"), ("top1_district", "district"), ("within_300m", "within"),
                ("top5_region", "top5_region"))


def _real_sources(ctx, gazetteer) -> None:
    """The real-source yardstick (real landmarks, metro names, the stations' real address lines), per source kind,
    beside a pg_trgm KNN over the product's own street and landmark tables (`ORDER BY name <-> q LIMIT 5`)."""
    from tests.addresses.real_eval import (
        SOURCES,
        gazetteer_lookup,
        load_real_cases,
        score_real,
        trgm_lookup,
        trgm_table_build,
    )

    cases = load_real_cases()
    with connection.cursor() as cursor:
        trgm_table_build(cursor, "bench_gazetteer_knn")
        theirs = score_real(trgm_lookup(cursor, "bench_gazetteer_knn"), cases)
    mine = score_real(gazetteer_lookup(gazetteer), cases)
    for source in ("all", *SOURCES):
        ours = mine.overall if source == "all" else mine.by_source[source]
        peer = theirs.overall if source == "all" else theirs.by_source[source]
        for figure, attr in REAL_FIGURES:
            ctx.record(f"gazetteer.real_{figure}", ours.share(attr), "share", n=ours.n, peer="pg_trgm_knn",
                       peer_value=peer.share(attr), dataset=f"real-{source}")
        if ours.ambiguous:
            ctx.record("gazetteer.real_namesakes_shown", ours.share("alternatives_shown"), "share", n=ours.ambiguous,
                       peer="pg_trgm_knn", peer_value=peer.share("alternatives_shown"), dataset=f"real-{source}")


def run(ctx) -> None:
    from addresses.bridge import gazetteer_records
    from gazetteer.synthetic import generate_city, sample_queries
    from tests.addresses.gazetteer_eval import load_cases, score

    _ensure_demo_city()
    demo_records = gazetteer_records()
    demo_index, demo_mb = _build(demo_records)
    _trgm_table("bench_gazetteer_demo", demo_records)
    trgm_demo = _trgm_suggest("bench_gazetteer_demo")
    cases = load_cases()

    def ours_top1(query):
        results = demo_index.suggest(query, limit=1)
        return (results[0].region_no, results[0].district_code, results[0].lon, results[0].lat) if results else None

    def trgm_top1(query):
        rows = trgm_demo(query, 1)
        return tuple(rows[0][:4]) if rows else None

    mine, theirs = score(ours_top1, cases), score(trgm_top1, cases)
    dataset = f"labelled-{len(cases)}"
    for figure, attr in (("top1_region", "region"), ("top1_district", "district"), ("within_300m", "within_300m")):
        ctx.record(f"gazetteer.{figure}", mine.overall.share(attr), "share", n=len(cases), peer="pg_trgm",
                   peer_value=theirs.overall.share(attr), dataset=dataset)

    _real_sources(ctx, demo_index)

    queries = [c.query for c in cases]
    ours_ms, peer_ms = interleaved(lambda i: demo_index.suggest(queries[i % len(queries)], limit=10),
                                   lambda i: trgm_demo(queries[i % len(queries)]), N_LATENCY)
    ctx.record("gazetteer.suggest_p50_ms", percentile(ours_ms, 50), "ms", n=N_LATENCY, peer="pg_trgm",
               peer_value=percentile(peer_ms, 50), dataset=f"demo-{len(demo_records)}")
    ctx.record("gazetteer.suggest_p95_ms", percentile(ours_ms, 95), "ms", n=N_LATENCY, peer="pg_trgm",
               peer_value=percentile(peer_ms, 95), dataset=f"demo-{len(demo_records)}")
    ctx.record("gazetteer.index_mb", demo_mb, "MB", dataset=f"demo-{len(demo_records)}")
    demo_index = None  # release the demo index before the scaled one is built
    gc.unfreeze()
    gc.collect()

    scaled_records = generate_city(SCALED, seed=137)
    scaled, scaled_mb = _build(scaled_records)
    _trgm_table("bench_gazetteer_scaled", scaled_records)
    trgm_scaled = _trgm_suggest("bench_gazetteer_scaled")
    scaled_queries = sample_queries(scaled_records, n=N_LATENCY, seed=7)
    ours_ms, peer_ms = interleaved(lambda i: scaled.suggest(scaled_queries[i % len(scaled_queries)], limit=10),
                                   lambda i: trgm_scaled(scaled_queries[i % len(scaled_queries)]), N_LATENCY)
    dataset = f"scaled-{len(scaled_records) // 1000}k"
    ctx.record("gazetteer.suggest_p50_ms", percentile(ours_ms, 50), "ms", n=N_LATENCY, peer="pg_trgm",
               peer_value=percentile(peer_ms, 50), dataset=dataset)
    ctx.record("gazetteer.suggest_p95_ms", percentile(ours_ms, 95), "ms", n=N_LATENCY, peer="pg_trgm",
               peer_value=percentile(peer_ms, 95), dataset=dataset)
    ctx.record("gazetteer.index_mb", scaled_mb, "MB", dataset=dataset)
    gc.unfreeze()
