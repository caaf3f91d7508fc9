"""All tile SQL: ST_AsMVT + ST_AsMVTGeom over ST_TileEnvelope (EPSG:3857), 4096 extent, 64-unit buffer.

Every builder returns (sql, params) for one statement whose row is (tile bytea, missing H3 cells bigint[] or NULL).

Requests layer, by zoom (see REQUEST_HEX_RESOLUTION): hexagon aggregates over the stored h3_r7..h3_r10 columns
at low zooms, single points from POINTS_MINZOOM up. Each hexagon carries
  count    requests in the cell (after filters and scope),
  open     of them open (intake.models.OPEN_STATUSES: registered, in follow-up, in response),
  overdue  of them overdue: open, and older than their category's `sla_hours` (wall-clock hours; categories
           without sla_hours are never overdue). Working-hour deadlines from the workflow calendar will replace
           this once deadlines exist;
  top      the three most frequent sub-subjects (category ids, most frequent first, comma-separated), top1.
Hexagon outlines come from tiles_h3cell (filled from Python, see tiles.services.h3_cells_fill); a tile reports
cells it found without an outline so the caller can fill them and build the tile again.
"""

from django.db.models import F, QuerySet

from intake.models import OPEN_STATUSES

EXTENT = 4096
BUFFER = 64
# Chosen on the 1m bench data set: the densest z16 tile holds ~9,600 requests (~280 KB), the densest z15 tile
# ~4× that, so points start at z16 and every tile stays under 10,000 features and 500 KB. The LIMIT on the
# points query is only a guard for data denser than that.
POINTS_MINZOOM = 16
POINT_LIMIT = 10_000
REQUEST_HEX_RESOLUTION = {z: 7 for z in range(0, 11)} | {11: 8, 12: 9, 13: 9, 14: 10, 15: 10}
# Half-width of an H3 cell (its edge length, metres) per resolution, doubled as a safety margin, used to widen the
# request search box so a hexagon crossing the tile edge counts all its requests, not just the ones in this tile.
_HEX_MARGIN_M = {7: 2 * 1220.6, 8: 2 * 461.4, 9: 2 * 174.4, 10: 2 * 65.9}
# "Open" is intake's OPEN_STATUSES, passed to every statement as a parameter (`status = any(%s)`).
_OPEN = "= any(%s)"
_EMPTY = ("select ''::bytea, null::bigint[]", [])


def _open() -> list[str]:
    return [str(status) for status in OPEN_STATUSES]


def hex_resolution(z: int) -> int | None:
    """The H3 resolution shown at zoom z, or None where points are shown."""
    return None if z >= POINTS_MINZOOM else REQUEST_HEX_RESOLUTION[z]


def _subquery(requests: QuerySet, **columns) -> tuple[str, list] | None:
    """The scoped, filtered requests as SQL (None when the scope shows nothing)."""
    qs = requests.order_by().values(**columns)
    if qs.query.is_empty():
        return None
    sql, params = qs.query.sql_with_params()
    return sql, list(params)


def requests_tile_sql(tile, *, geometry: str = "shape") -> tuple[str, list]:
    """The `requests` layer (geometry='shape': hexagons or points) or `requests_heat` (geometry='center': hexagon
    centres weighted by count, or points)."""
    z, x, y = tile.z, tile.x, tile.y
    layer = "requests" if geometry == "shape" else "requests_heat"
    resolution = hex_resolution(z)
    if resolution is None:
        sub = _subquery(tile.requests, t_id=F("id"), t_location=F("location"), t_category=F("category_id"),
                        t_status=F("status"))
        if sub is None:
            return _EMPTY
        sql = f"""
            select coalesce(st_asmvt(t, '{layer}', {EXTENT}, 'geom'), ''), null::bigint[] from (
              select s.t_id as id, s.t_category as category, s.t_status as status,
                     s.t_status {_OPEN} as open, 1 as count,
                     st_asmvtgeom(st_transform(s.t_location, 3857), st_tileenvelope(%s, %s, %s),
                                  {EXTENT}, {BUFFER}, true) as geom
              from ({sub[0]}) s
              where s.t_location && st_transform(st_tileenvelope(%s, %s, %s, margin => {BUFFER / EXTENT}), 4326)
              limit {POINT_LIMIT}
            ) t where t.geom is not null"""
        return sql, [_open(), z, x, y, *sub[1], z, x, y]

    sub = _subquery(
        tile.requests, t_location=F("location"), t_cell=F(f"h3_r{resolution}"), t_category=F("category_id"),
        t_status=F("status"), t_created_at=F("created_at"), t_sla_hours=F("category__sla_hours"),
    )
    if sub is None:
        return _EMPTY
    shape = "h.geom" if geometry == "shape" else "h.center"
    margin = _HEX_MARGIN_M[resolution]
    sql = f"""
        with per_category as (
          select s.t_cell as cell, s.t_category as category, count(*) as n,
                 count(*) filter (where s.t_status {_OPEN}) as n_open,
                 count(*) filter (where s.t_status {_OPEN} and s.t_sla_hours is not null
                                  and s.t_created_at < now() - make_interval(hours => s.t_sla_hours)) as n_overdue
          from ({sub[0]}) s
          where s.t_location && st_transform(st_expand(st_tileenvelope(%s, %s, %s), %s), 4326)
            and s.t_cell is not null
          group by 1, 2
        ), per_cell as (
          select cell, sum(n)::int as count, sum(n_open)::int as open, sum(n_overdue)::int as overdue,
                 array_to_string((array_agg(category order by n desc, category))[1:3], ',') as top,
                 (array_agg(category order by n desc, category))[1] as top1
          from per_category group by cell
        )
        select
          (select coalesce(st_asmvt(t, '{layer}', {EXTENT}, 'geom'), '') from (
             select c.count, c.open, c.overdue, c.top, c.top1, {resolution} as resolution,
                    st_asmvtgeom({shape}, st_tileenvelope(%s, %s, %s), {EXTENT}, {BUFFER}, true) as geom
             from per_cell c join tiles_h3cell h on h.cell = c.cell
             where {shape} && st_tileenvelope(%s, %s, %s, margin => {BUFFER / EXTENT})
          ) t where t.geom is not null),
          (select array_agg(c.cell) from per_cell c
           where not exists (select 1 from tiles_h3cell h where h.cell = c.cell))
    """
    return sql, [_open(), _open(), *sub[1], z, x, y, margin, z, x, y, z, x, y]


def requests_heat_tile_sql(tile) -> tuple[str, list]:
    return requests_tile_sql(tile, geometry="center")


def bare_requests_tile_sql(z: int, x: int, y: int) -> tuple[str, list]:
    """The plain ST_AsMVT query a hand-written tile server would run for the same tile (benchmark peer): no scope,
    no filters, no outline check."""
    resolution = hex_resolution(z)
    if resolution is None:
        return f"""
            select st_asmvt(t, 'requests', {EXTENT}, 'geom') from (
              select r.id, r.category_id as category, r.status, r.status {_OPEN} as open, 1 as count,
                     st_asmvtgeom(st_transform(r.location, 3857), st_tileenvelope(%s, %s, %s),
                                  {EXTENT}, {BUFFER}, true) as geom
              from requests_app_servicerequest r
              where r.location && st_transform(st_tileenvelope(%s, %s, %s, margin => {BUFFER / EXTENT}), 4326)
            ) t""", [_open(), z, x, y, z, x, y]
    margin = _HEX_MARGIN_M[resolution]
    return f"""
        with per_category as (
          select r.h3_r{resolution} as cell, r.category_id as category, count(*) as n,
                 count(*) filter (where r.status {_OPEN}) as n_open,
                 count(*) filter (where r.status {_OPEN} and c.sla_hours is not null
                                  and r.created_at < now() - make_interval(hours => c.sla_hours)) as n_overdue
          from requests_app_servicerequest r join requests_app_category c on c.id = r.category_id
          where r.location && st_transform(st_expand(st_tileenvelope(%s, %s, %s), %s), 4326)
          group by 1, 2
        ), per_cell as (
          select cell, sum(n)::int as count, sum(n_open)::int as open, sum(n_overdue)::int as overdue,
                 array_to_string((array_agg(category order by n desc, category))[1:3], ',') as top,
                 (array_agg(category order by n desc, category))[1] as top1
          from per_category group by cell
        )
        select st_asmvt(t, 'requests', {EXTENT}, 'geom') from (
          select c.count, c.open, c.overdue, c.top, c.top1, {resolution} as resolution,
                 st_asmvtgeom(h.geom, st_tileenvelope(%s, %s, %s), {EXTENT}, {BUFFER}, true) as geom
          from per_cell c join tiles_h3cell h on h.cell = c.cell
          where h.geom && st_tileenvelope(%s, %s, %s, margin => {BUFFER / EXTENT})
        ) t""", [_open(), _open(), z, x, y, margin, z, x, y, z, x, y]


# --- basemap ------------------------------------------------------------------------------------------------------

def _area_layer_sql(tile, *, table: str, name: str, columns: str, label_minzoom: int) -> tuple[str, list]:
    """Polygons plus one label point per area (`<name>_label`), so each name is drawn once, not once per tile."""
    z, x, y = tile.z, tile.x, tile.y
    sql = f"""
        select coalesce((select st_asmvt(t, '{name}', {EXTENT}, 'geom') from (
                 select {columns}, st_asmvtgeom(st_transform(a.geom, 3857), st_tileenvelope(%s, %s, %s),
                                                {EXTENT}, {BUFFER}, true) as geom
                 from {table} a where a.geom && st_transform(st_tileenvelope(%s, %s, %s), 4326)
               ) t where t.geom is not null), '')
            || coalesce((select st_asmvt(l, '{name}_label', {EXTENT}, 'geom') from (
                 select {columns},
                        st_asmvtgeom(st_transform(st_pointonsurface(a.geom), 3857), st_tileenvelope(%s, %s, %s),
                                     {EXTENT}, {BUFFER}, true) as geom
                 from {table} a
                 where %s >= {label_minzoom} and a.geom && st_transform(st_tileenvelope(%s, %s, %s), 4326)
               ) l where l.geom is not null), ''),
          null::bigint[]"""
    return sql, [z, x, y, z, x, y, z, x, y, z, z, x, y]


def regions_tile_sql(tile):
    return _area_layer_sql(tile, table="addresses_region", name="regions", label_minzoom=9,
                           columns="a.id, a.number, a.name_fa as name, a.name_en, a.synthetic")


def districts_tile_sql(tile):
    return _area_layer_sql(tile, table="addresses_district", name="districts", label_minzoom=12,
                           columns="a.id, a.code, a.name_fa as name, a.name_en, a.synthetic")


def neighbourhoods_tile_sql(tile):
    return _area_layer_sql(tile, table="addresses_neighbourhood", name="neighbourhoods", label_minzoom=14,
                           columns="a.id, a.code, a.name_fa as name, a.name_en, a.synthetic")


# Which street kinds appear from which zoom: highways first, alleys last.
STREET_KIND_MINZOOM = {"highway": 9, "boulevard": 11, "street": 13, "alley": 15}


def streets_tile_sql(tile):
    z, x, y = tile.z, tile.x, tile.y
    kinds = [kind for kind, minzoom in STREET_KIND_MINZOOM.items() if z >= minzoom]
    if not kinds:
        return _EMPTY
    sql = f"""
        select coalesce((select st_asmvt(t, 'streets', {EXTENT}, 'geom') from (
          select s.id, s.name_fa as name, s.name_en, s.kind, s.synthetic,
                 st_asmvtgeom(st_transform(s.geom, 3857), st_tileenvelope(%s, %s, %s), {EXTENT}, {BUFFER}, true) as geom
          from addresses_street s
          where s.kind = any(%s) and s.geom && st_transform(st_tileenvelope(%s, %s, %s), 4326)
        ) t where t.geom is not null), ''), null::bigint[]"""
    return sql, [z, x, y, kinds, z, x, y]


def _landmarks_sql(tile, *, name: str, kinds: list[str]):
    z, x, y = tile.z, tile.x, tile.y
    sql = f"""
        select coalesce((select st_asmvt(t, '{name}', {EXTENT}, 'geom') from (
          select l.id, l.name_fa as name, l.name_en, l.kind, l.subkind, l.synthetic,
                 st_asmvtgeom(st_transform(l.geom, 3857), st_tileenvelope(%s, %s, %s), {EXTENT}, {BUFFER}, true) as geom
          from addresses_landmark l
          where l.kind = any(%s)
            and l.geom && st_transform(st_tileenvelope(%s, %s, %s, margin => {BUFFER / EXTENT}), 4326)
        ) t where t.geom is not null), ''), null::bigint[]"""
    return sql, [z, x, y, kinds, z, x, y]


def landmarks_tile_sql(tile):
    return _landmarks_sql(tile, name="landmarks", kinds=["landmark", "square"])


def metro_tile_sql(tile):
    return _landmarks_sql(tile, name="metro", kinds=["metro"])
