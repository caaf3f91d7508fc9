"""OpenStreetMap house numbers (issue 12, part 3): the Helsinki extract imported into the bench database through
`import_osm`, the yardstick of tests/addresses/data/osm_housenumbers.tsv (queries built from the extract's own
address points, with noise written apart from the matcher) answered by ours — the in-process gazetteer fed by
the bridge, as the product serves it — and by two peers over the same extract, one record per peer:

- `pg_trgm`: every address point as a "street number" row (`Mannerheimintie 12`, `Aleksanterinkatu 15 B`), GiST
  trigram-indexed, queried with `ORDER BY s <-> q LIMIT 1`;
- `nominatim`: Nominatim 5.x with the same extract imported into its own throw-away cluster
  (`scripts/nominatim.sh`, which installs what is missing), searched through nominatim-api's Python search in its
  own virtual environment (`tests/bench/nominatim_search.py`). When it cannot be set up, its records say why.

Figures: `gazetteer.osm_housenumber_within_50m` (the top answer within 50 m of a point bearing the address) over
all queries and per kind of noise (`…_clean`, `…_typo`, `…_abbreviation`, `…_format`);
`gazetteer.osm_housenumber_p50_ms` / `…_p95_ms` (ours beside pg_trgm, interleaved; Nominatim's in the note);
`gazetteer.osm_housenumber_interpolated_within_50m` (every other number of each side of each street held out of
our index and of pg_trgm's table, then asked for: ours places them between their neighbours).
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import subprocess
from collections import defaultdict
from pathlib import Path

from django.db import connection

from tests.bench.common import interleaved, percentile

ROOT = Path(__file__).resolve().parents[2]
EXTRACT = ROOT / "tests" / "fixtures" / "osm" / "helsinki.osm.pbf"
NOMINATIM_SH = ROOT / "scripts" / "nominatim.sh"
NOMINATIM_PY = ROOT / "var" / "nominatim" / "venv" / "bin" / "python"
TABLE = "bench_osm_addresses"
N_LATENCY = 600
PEERS = ("pg_trgm", "nominatim")


def _ensure_extract() -> None:
    """The Helsinki extract in the bench database (imported once per version of the file)."""
    from addresses.importers.osm import osm_import
    from addresses.models import AddressPoint, DatasetLoad

    fingerprint = hashlib.sha256(EXTRACT.read_bytes()).hexdigest()
    marker = DatasetLoad.objects.filter(name="bench-osm-helsinki").first()
    if marker and marker.fingerprint == fingerprint and AddressPoint.objects.filter(source="osm").exists():
        return
    print("   importing the Helsinki extract into the bench database…", flush=True)
    report = osm_import(EXTRACT)
    DatasetLoad.objects.update_or_create(name="bench-osm-helsinki",
                                         defaults={"fingerprint": fingerprint, "counts": dict(report.counts)})


def _trgm_table(table: str = TABLE, hidden: set[tuple[str, int]] = frozenset()) -> None:
    """The peer's rows: every address point (but the ``hidden`` street names and numbers) as "street number",
    GiST trigram-indexed."""
    from gazetteer.matcher.housenumbers import parse_house_numbers

    with connection.cursor() as cursor:
        cursor.execute("create extension if not exists pg_trgm")
        cursor.execute(f"drop table if exists {table}")
        cursor.execute(f"create table {table} (s text, lon double precision, lat double precision)")
        cursor.execute("select street_name, housenumber, st_x(geom), st_y(geom) from addresses_addresspoint")
        buffer = io.StringIO()
        for street, number, lon, lat in cursor.fetchall():
            if any((street.lower(), n.number) in hidden for n in parse_house_numbers(number)):
                continue
            text = f"{street} {number}".replace("\t", " ").replace("\n", " ").replace("\\", " ")
            buffer.write(f"{text}\t{lon}\t{lat}\n")
        buffer.seek(0)
        with cursor.copy(f"copy {table} (s, lon, lat) from stdin") as copy:
            copy.write(buffer.read())
        cursor.execute(f"create index {table}_trgm on {table} using gist (s gist_trgm_ops)")
        cursor.execute(f"analyze {table}")


def _trgm_top(query: str, table: str = TABLE) -> tuple[float, float] | None:
    with connection.cursor() as cursor:
        cursor.execute(f"select lon, lat from {table} order by s <-> %s limit 1", [query])
        row = cursor.fetchone()
    return (row[0], row[1]) if row else None


def _nominatim(queries: list[str]) -> tuple[dict[str, tuple[float, float] | None], list[float]] | str:
    """Nominatim's top answer for every query and its times, or why it is unavailable."""
    if os.environ.get("BENCH_NO_NOMINATIM"):
        return "BENCH_NO_NOMINATIM is set"
    print("   Nominatim: scripts/nominatim.sh up (installs and imports on the first run, about a minute)…", flush=True)
    setup = subprocess.run(["bash", str(NOMINATIM_SH), "up", str(EXTRACT)], capture_output=True, text=True,
                           check=False)
    if setup.returncode != 0:
        return "scripts/nominatim.sh failed: " + " ".join((setup.stderr or setup.stdout).strip().splitlines()[-3:])
    project = setup.stdout.strip().splitlines()[-1].removeprefix("ready ").strip()
    run = subprocess.run([str(NOMINATIM_PY), str(Path(__file__).with_name("nominatim_search.py")), project],
                         input=json.dumps(queries), capture_output=True, text=True, check=False)
    if run.returncode != 0:
        return "nominatim search failed: " + " ".join(run.stderr.strip().splitlines()[-3:])
    rows = json.loads(run.stdout)
    answers = {q: (row[0], row[1]) if row[0] is not None else None for q, row in zip(queries, rows)}
    return answers, [row[2] for row in rows]


def _held_out(cases):
    """Every other plain number of each side (odd, even) of each street, in order, the first and last kept."""
    from gazetteer.matcher.housenumbers import parse_house_numbers

    by_street = defaultdict(list)
    for case in cases:
        numbers = parse_house_numbers(case.housenumber) if case.noise == "clean" else []
        if numbers and numbers[0].last is None and not numbers[0].letter:
            by_street[(case.street, numbers[0].number % 2)].append((numbers[0].number, case))
    held = []
    for items in by_street.values():
        items.sort(key=lambda item: item[0])
        held.extend(case for _, case in items[1:-1:2])
    return held


def _interpolated_shares(records, cases) -> tuple[float, float, int]:
    """Ours and pg_trgm with every other number held out of the index (of the table), asked for those numbers."""
    from addresses import selectors
    from addresses.bridge import address_point_records
    from gazetteer.matcher import Gazetteer
    from gazetteer.matcher.housenumbers import AddressPoint, parse_house_numbers
    from tests.addresses.osm_housenumbers import score

    held = _held_out(cases)
    hidden = {(c.street.lower(), parse_house_numbers(c.housenumber)[0].number) for c in held}
    written = {f"address:{pk}": (name.lower(), parse_house_numbers(number))
               for pk, _, name, number, _, _ in selectors.gazetteer_address_rows()}

    def kept(p) -> bool:
        if not isinstance(p, AddressPoint):
            return True
        name, numbers = written[p.id]
        return not any((name, n.number) in hidden for n in numbers)

    gazetteer = Gazetteer(records, address_points=[p for p in address_point_records() if kept(p)])

    def top(query):
        results = gazetteer.suggest(query, limit=1)
        return (results[0].lon, results[0].lat) if results else None

    _trgm_table(f"{TABLE}_heldout", hidden)
    trgm = score(lambda query: _trgm_top(query, f"{TABLE}_heldout"), held).overall.share
    return score(top, held).overall.share, trgm, len(held)


def run(ctx) -> None:
    from addresses.bridge import gazetteer_current, gazetteer_records
    from tests.addresses.osm_housenumbers import NOISE_KINDS, load_cases, score

    _ensure_extract()
    _trgm_table()
    gazetteer = gazetteer_current().gazetteer
    cases = load_cases()
    dataset = f"helsinki-{len(cases)}"

    def ours_top(query):
        results = gazetteer.suggest(query, limit=1)
        return (results[0].lon, results[0].lat) if results else None

    mine, trgm = score(ours_top, cases), score(_trgm_top, cases)
    nominatim = _nominatim([c.query for c in cases])
    if isinstance(nominatim, str):
        print(f"   nominatim unavailable: {nominatim}", flush=True)
        theirs, nominatim_ms, unavailable = None, [], nominatim
    else:
        answers, nominatim_ms = nominatim
        theirs, unavailable = score(answers.get, cases), ""
    peers = {"pg_trgm": trgm, "nominatim": theirs}
    for suffix, kind in [("", None)] + [(f"_{k}", k) for k in NOISE_KINDS]:
        n = mine.overall.n if kind is None else mine.by_noise[kind].n
        for peer in PEERS:
            other = peers[peer]
            value = None if other is None else (other.overall if kind is None else other.by_noise[kind]).share
            ctx.record(f"gazetteer.osm_housenumber_within_50m{suffix}",
                       (mine.overall if kind is None else mine.by_noise[kind]).share, "share", n=n, peer=peer,
                       peer_value=value, dataset=dataset, note=f"unavailable: {unavailable}" if value is None else "")

    queries = [c.query for c in cases]
    ours_ms, peer_ms = interleaved(lambda i: gazetteer.suggest(queries[i % len(queries)], limit=10),
                                   lambda i: _trgm_top(queries[i % len(queries)]), N_LATENCY)
    note = (f"nominatim p50 {percentile(nominatim_ms, 50):.1f} / p95 {percentile(nominatim_ms, 95):.1f} ms "
            "(its own process, not interleaved)" if nominatim_ms else "")
    for figure, q in (("p50", 50), ("p95", 95)):
        ctx.record(f"gazetteer.osm_housenumber_{figure}_ms", percentile(ours_ms, q), "ms", n=N_LATENCY,
                   peer="pg_trgm", peer_value=percentile(peer_ms, q), dataset=dataset, note=note)

    share, trgm_share, held = _interpolated_shares(gazetteer_records(), cases)
    ctx.record("gazetteer.osm_housenumber_interpolated_within_50m", share, "share", n=held, peer="pg_trgm",
               peer_value=trgm_share, dataset=f"helsinki-heldout-{held}",
               note="Nominatim not measured here: its database keeps the held-out points")
