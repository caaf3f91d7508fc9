"""Reads of duplicate detection: open requests near a point. Spatial SQL lives here."""

from dataclasses import dataclass
from datetime import datetime

from django.db import connection

from intake.models import OPEN_STATUSES, Status
from matching import scoring

H3_COLUMNS = {7: "h3_r7", 8: "h3_r8", 9: "h3_r9", 10: "h3_r10"}


@dataclass(frozen=True)
class NearbyRequest:
    id: int
    tracking_code: str
    status: str
    category_id: int
    subject_id: int | None
    text: str
    address_text: str
    created_at: datetime
    distance_m: float


def requests_open_near(*, lon: float, lat: float, radius_m: float, since: datetime, h3_resolution: int | None = None,
                       h3_cells: list[int] | None = None, exclude_id: int | None = None, limit: int = 50,
                       as_of: datetime | None = None, category_id: int | None = None,
                       other_limit: int = 10) -> list[NearbyRequest]:
    """Open requests within radius_m metres of the point, registered since `since`, nearest first.

    With `category_id`, the `limit` nearest of that sub-subject come first and only the `other_limit` nearest of
    other sub-subjects after them, so a busy spot's other problems never push the right one out of the list.
    `as_of`: what was open at that moment instead of now — registered before it and not closed by then (a replay
    of history, drafts aside). `h3_cells` (at `h3_resolution`) is a pre-filter: a set of cells known to cover the
    whole disk, which lets the planner combine the H3 b-tree index with the geography GiST index."""
    params: dict = {"lon": lon, "lat": lat, "radius": radius_m, "since": since, "limit": limit,
                    "other_limit": other_limit, "statuses": list(OPEN_STATUSES), "exclude": exclude_id or 0,
                    "as_of": as_of, "draft": Status.DRAFT, "category": category_id or 0}
    h3_clause = ""
    if h3_cells:
        h3_clause = f"and r.{H3_COLUMNS[h3_resolution]} = any(%(cells)s)"
        params["cells"] = list(h3_cells)
    open_clause = "r.status = any(%(statuses)s)"
    if as_of is not None:
        open_clause = ("r.status <> %(draft)s and r.created_at < %(as_of)s "
                       "and (r.closed_at is null or r.closed_at > %(as_of)s)")
    near = f"""
        select r.id, r.tracking_code, r.status, r.category_id, c.parent_id, r.text, r.address_text, r.created_at,
               st_distance(r.location::geography, p.g) as distance_m
        from p, requests_app_servicerequest r
        join requests_app_category c on c.id = r.category_id
        where st_dwithin(r.location::geography, p.g, %(radius)s)
          {h3_clause}
          and {open_clause}
          and r.created_at >= %(since)s
          and r.id <> %(exclude)s
    """
    point = "with p as (select st_setsrid(st_makepoint(%(lon)s, %(lat)s), 4326)::geography as g)"
    if category_id:
        sql = f"""
            {point}, near as ({near})
            (select * from near where category_id = %(category)s order by distance_m limit %(limit)s)
            union all
            (select * from near where category_id <> %(category)s order by distance_m limit %(other_limit)s)
        """
    else:
        sql = f"{point} {near} order by distance_m limit %(limit)s"
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [NearbyRequest(*row) for row in cursor.fetchall()]


def requests_plain_dwithin(*, lon: float, lat: float, radius_m: float, since: datetime) -> list[int]:
    """The bare indexed ST_DWithin query (the benchmark's peer): ids of open requests near a point."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            select r.id from requests_app_servicerequest r
            where st_dwithin(r.location::geography, st_setsrid(st_makepoint(%s, %s), 4326)::geography, %s)
              and r.status = any(%s) and r.created_at >= %s
            """,
            [lon, lat, radius_m, list(OPEN_STATUSES), since],
        )
        return [row[0] for row in cursor.fetchall()]


ACTIVE_MODEL_SECONDS = 60
_active: list = [None, 0.0]  # this process's copy of the model in use and until when (monotonic seconds)


def active_model():
    """The duplicate model in use: the latest one put in use, else the hand-set prior. Each process reads it at
    most once a minute (a duplicate check must stay a few milliseconds), and at once after it fits or chooses
    a model itself. The copy is replaced in one assignment, so threads never see half of it."""
    import time

    from matching.models import DuplicateModel

    model, until = _active[0], _active[1]
    now = time.monotonic()
    if model is not None and until > now:
        return model
    model = model_of(DuplicateModel.objects.filter(is_active=True).first())
    _active[:] = [model, now + ACTIVE_MODEL_SECONDS]
    return model


def active_model_forget() -> None:
    """Read the model in use again on the next check (after fitting or choosing one)."""
    _active[:] = [None, 0.0]


def model_of(row):
    """A stored DuplicateModel as a scoring.Model (None: the hand-set prior)."""
    if row is None:
        return scoring.PRIOR
    return scoring.Model(weights=dict(row.weights), intercept=row.intercept, strong=row.strong,
                         overwhelming=row.overwhelming, name=f"learned #{row.pk}")
