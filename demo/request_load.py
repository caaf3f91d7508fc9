"""Load the demo requests: deterministic, ≥ 50,000 over the last 12 months (see demo_requests.py).

Written with PostgreSQL COPY so a full reload takes seconds. Demo rows are marked ``is_demo`` and are the
only requests a reload removes.
"""

import json
import random
from datetime import datetime, timezone

from django.conf import settings
from django.db import connection, transaction

from addresses.models import District, Neighbourhood, Region
from demo.city import DEMO_DIR
from demo.request_generator import generate_demo_requests, load_demo_city
from gis.h3cells import h3_cells
from intake.models import Category, Citizen, ServiceRequest, Status
from intake.tracking import luhn_check_digit

DEMO_SEED = 137
STATUS_MAP = {status.value: status.value for status in Status}


def _copy(cursor, table: str, columns: list[str], rows) -> None:
    with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


def _tracking_codes(count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    taken = set(ServiceRequest.objects.filter(is_demo=False).values_list("tracking_code", flat=True))
    codes: list[str] = []
    seen: set[str] = set()
    while len(codes) < count:
        body = str(rng.randint(10_000_000, 99_999_999))
        code = body + luhn_check_digit(body)
        if code in seen or code in taken:
            continue
        seen.add(code)
        codes.append(code)
    return codes


_REFERENCING_SQL = """
select c.conrelid::regclass::text, a.attname, a.attnotnull
from pg_constraint c
join pg_attribute a on a.attrelid = c.conrelid and a.attnum = any(c.conkey)
where c.contype = 'f' and c.confrelid = %s::regclass and c.conrelid <> c.confrelid
"""


def purge_rows_with_references(cursor, table: str, where: str, depth: int = 0) -> int:
    """Delete rows of `table` matching `where`, after dealing with every row that
    references them: required references are deleted the same way (recursively), optional ones set to NULL."""
    if depth > 5:
        raise RuntimeError(f"demo purge: reference chain too deep at {table}")
    cursor.execute(
        "select a.attname from pg_index i join pg_attribute a on a.attrelid = i.indrelid and a.attnum = i.indkey[0] "
        "where i.indrelid = %s::regclass and i.indisprimary", [table],
    )
    primary_key = cursor.fetchone()[0]
    cursor.execute(_REFERENCING_SQL, [table])
    for ref_table, column, required in cursor.fetchall():
        subquery = f"select {primary_key} from {table} where {where}"
        if required:
            purge_rows_with_references(cursor, ref_table, f"{column} in ({subquery})", depth + 1)
        else:
            cursor.execute(f"update {ref_table} set {column} = null where {column} in ({subquery})")
    cursor.execute(f"delete from {table} where {where}")
    return cursor.rowcount


def demo_requests_purge() -> int:
    """Remove the demo requests and everything hanging off them (history, cases, attachments rows …)."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL civic.purge_demo_history = 'on'")
        return purge_rows_with_references(cursor, "requests_app_servicerequest", "is_demo")


@transaction.atomic
def demo_requests_load(*, count: int | None = None, seed: int = DEMO_SEED, now: datetime | None = None,
                       progress=None) -> int:
    """Replace the demo requests with `count` freshly generated ones. Returns how many were written."""
    count = count or settings.DEMO_REQUEST_COUNT
    now = now or datetime.now(timezone.utc).replace(minute=0, second=0, microsecond=0)
    progress = progress or (lambda stage, done, total: None)
    demo_requests_purge()

    city = load_demo_city(DEMO_DIR)
    rows = list(generate_demo_requests(seed=seed, count=count, now=now, city=city))
    progress("generate", len(rows), count)

    citizens = {}
    for row in rows:
        citizens.setdefault(row["citizen_phone"], row.get("citizen_name", ""))
    Citizen.objects.bulk_create(
        [Citizen(phone=phone, name=name) for phone, name in citizens.items()], batch_size=5000, ignore_conflicts=True,
    )
    citizen_ids = dict(Citizen.objects.filter(phone__in=list(citizens)).values_list("phone", "id"))
    category_ids = dict(Category.objects.values_list("code", "id"))
    region_ids = dict(Region.objects.values_list("number", "id"))
    district_ids = dict(District.objects.values_list("code", "id"))
    neighbourhood_ids = dict(Neighbourhood.objects.values_list("code", "id"))
    codes = _tracking_codes(len(rows), seed)

    columns = [
        "tracking_code", "channel", "urgency", "category_id", "citizen_id", "text", "address_text", "location",
        "region_id", "district_id", "neighbourhood_id", "h3_r7", "h3_r8", "h3_r9", "h3_r10", "status",
        "created_at", "updated_at", "closed_at", "is_demo", "followups",
    ]

    def request_rows():
        for row, code in zip(rows, codes):
            cells = h3_cells(row["lon"], row["lat"])
            closed_at = row.get("closed_at")
            yield (
                code, row["channel"], row["urgency"], category_ids[row["category_code"]],
                citizen_ids[row["citizen_phone"]], row["text"], row["address_text"][:400],
                f"SRID=4326;POINT({row['lon']} {row['lat']})", region_ids[row["region_no"]],
                district_ids[row["district_code"]], neighbourhood_ids.get(row.get("neighbourhood_code")),
                cells[7], cells[8], cells[9], cells[10], STATUS_MAP[row["status"]], row["created_at"],
                closed_at or row["created_at"], closed_at, True, "",  # demo requests owe no follow-ups
            )

    with connection.cursor() as cursor:
        _copy(cursor, "requests_app_servicerequest", columns, request_rows())
        progress("requests", len(rows), count)
        cursor.execute(
            "SELECT tracking_code, id FROM requests_app_servicerequest WHERE is_demo",
        )
        ids = dict(cursor.fetchall())

        def history_rows():
            for row, code in zip(rows, codes):
                request_id = ids[code]
                yield (request_id, "register", "", "registered", "", json.dumps({"channel": row["channel"]}),
                       row["created_at"])
                if row["status"] != "registered":
                    at = row.get("closed_at") or row["created_at"]
                    yield (request_id, "demo_progress", "registered", row["status"], "", "{}", at)

        _copy(cursor, "requests_app_requesthistory",
              ["request_id", "action", "from_status", "to_status", "text", "data", "created_at"], history_rows())
        progress("history", len(rows), count)
        # Fresh statistics after a bulk load: without them the planner takes these tables for nearly empty and
        # later joins on them (the backfill of cases, the next reload's purge) run as nested loops for minutes.
        for table in ("requests_app_citizen", "requests_app_servicerequest", "requests_app_requesthistory"):
            cursor.execute(f"ANALYZE {table}")
    return len(rows)
