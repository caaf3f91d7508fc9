"""Reads of the tiles app: the requests a tile may show, the scope key, tile bytes, the request card."""

import datetime
import hashlib

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Q, QuerySet

from intake.models import OPEN_STATUSES, Category, ServiceRequest
from organization.scopes import visible_requests
from tiles.filters import TileFilters, jalali_day_start, parse_jalali_date
from tiles.layers import TileLayer, TileRequest


def scope_key(user) -> str:
    """A short key naming what the user may see: equal for users whose scope compiles to the same SQL."""
    qs = visible_requests(user, ServiceRequest.objects.order_by()).values("id")
    if qs.query.is_empty():
        return "none"
    sql, params = qs.query.sql_with_params()
    return hashlib.sha1(f"{sql}|{params!r}".encode()).hexdigest()[:16]


def requests_for_tile(user, filters: TileFilters) -> QuerySet:
    """The user's visible requests with a located point, narrowed by the tile filters."""
    qs = ServiceRequest.objects.filter(location__isnull=False)
    if ids := filters.get("category"):
        ids = [int(i) for i in ids]
        qs = qs.filter(category_id__in=Category.objects.filter(Q(id__in=ids) | Q(parent_id__in=ids)).values("id"))
    if statuses := filters.get("status"):
        wanted = set(statuses) - {"open"}
        if "open" in statuses:
            wanted |= {str(s) for s in OPEN_STATUSES}
        qs = qs.filter(status__in=sorted(wanted))
    if channels := filters.get("channel"):
        qs = qs.filter(channel__in=channels)
    if start := filters.get("from"):
        qs = qs.filter(created_at__gte=jalali_day_start(parse_jalali_date(start[0])))
    if end := filters.get("to"):
        qs = qs.filter(created_at__lt=jalali_day_start(parse_jalali_date(end[0]) + datetime.timedelta(days=1)))
    if regions := filters.get("region"):
        qs = qs.filter(region_id__in=[int(r) for r in regions])
    return visible_requests(user, qs)


def tile_bytes(layer: TileLayer, tile: TileRequest) -> bytes:
    """Build one tile in PostGIS. Hexagon outlines missing from the cache table are computed and the tile rebuilt."""
    from tiles.services import h3_cells_fill

    if tile.requests is not None and tile.requests.query.is_empty():
        return b""  # the scope shows nothing: no layer needs to handle that itself
    try:
        sql, params = layer.sql(tile)
    except EmptyResultSet:
        return b""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
        missing = row[1] if len(row) > 1 else None
        if missing:
            h3_cells_fill(cells=missing)
            cursor.execute(sql, params)
            row = cursor.fetchone()
    return bytes(row[0] or b"")


def request_card(user, pk: int) -> ServiceRequest | None:
    """One request the user may see, with what its map card shows; None when absent or out of scope."""
    qs = ServiceRequest.objects.select_related("category", "category__parent", "region").filter(pk=pk)
    return visible_requests(user, qs).first()
