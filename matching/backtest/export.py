"""Our own requests as a backtest file (the `civic` format of `matching.backtest.importers`), so a city can replay
its own history with `manage.py duplicates_backtest`: one row per request with a location, in time order, with the
sub-subject's kind of problem. Reads only."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from datetime import datetime
from typing import TextIO

from intake.models import ServiceRequest
from matching.backtest.importers import CIVIC_COLUMNS

EXPORT_COLUMNS = (*CIVIC_COLUMNS, "kind")


def requests_for_export(*, since: datetime | None = None, until: datetime | None = None) -> Iterable[ServiceRequest]:
    """The requests with a location created in [since, until), oldest first, streamed."""
    rows = ServiceRequest.objects.filter(location__isnull=False).select_related("category__parent")
    if since is not None:
        rows = rows.filter(created_at__gte=since)
    if until is not None:
        rows = rows.filter(created_at__lt=until)
    return rows.order_by("created_at", "id").only(
        "tracking_code", "created_at", "closed_at", "location", "address_text", "text", "category__code",
        "category__duplicate_kind", "category__parent__code").iterator(chunk_size=2000)


def _row(request: ServiceRequest) -> dict[str, str]:
    category = request.category
    return {
        "tracking_code": request.tracking_code, "created_at": request.created_at.isoformat(),
        "closed_at": request.closed_at.isoformat() if request.closed_at else "",
        "subject": category.parent.code if category.parent_id else category.code, "sub_subject": category.code,
        "lon": f"{request.location.x:.7f}", "lat": f"{request.location.y:.7f}",
        "address_text": request.address_text, "text": request.text, "kind": category.duplicate_kind,
    }


def calls_export(handle: TextIO, *, since: datetime | None = None, until: datetime | None = None) -> int:
    """Write the backtest file to `handle` (UTF-8 text); returns the number of requests written."""
    writer = csv.DictWriter(handle, fieldnames=EXPORT_COLUMNS)
    writer.writeheader()
    written = 0
    for request in requests_for_export(since=since, until=until):
        writer.writerow(_row(request))
        written += 1
    return written
