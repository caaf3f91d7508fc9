"""Writes of the tiles app: data version bumps (cache invalidation) and the H3 outline cache."""

import h3
from django.db import connection

from tiles import cache


def tiles_data_version_bump(*, layer: str) -> int:
    """Mark a data version as changed so tiles built from it are rebuilt on their next request.

    Call it after the change is committed, e.g. in intake:
        transaction.on_commit(lambda: tiles_data_version_bump(layer="requests"))
    Versions in use: "requests" (requests, requests_heat), "addresses" (the basemap layers), and whatever name a
    registered layer lists in its `data_versions` (e.g. "hotspots").
    """
    return cache.data_version_bump(layer)


def h3_cells_fill(*, cells: list[int]) -> int:
    """Store the hexagon outline (EPSG:3857) and centre of each cell not yet stored; returns how many were added."""
    rows = []
    for cell in set(cells):
        text = h3.int_to_str(int(cell))
        ring = [(lon, lat) for lat, lon in h3.cell_to_boundary(text)]
        ring.append(ring[0])
        lat, lon = h3.cell_to_latlng(text)
        wkt = "POLYGON((" + ",".join(f"{lon:.9f} {lat:.9f}" for lon, lat in ring) + "))"
        rows.append((int(cell), h3.get_resolution(text), wkt, f"POINT({lon:.9f} {lat:.9f})"))
    if not rows:
        return 0
    with connection.cursor() as cursor:
        cursor.execute(
            """
            insert into tiles_h3cell (cell, resolution, geom, center)
            select c, r, st_transform(st_geomfromtext(g, 4326), 3857), st_transform(st_geomfromtext(p, 4326), 3857)
            from unnest(%s::bigint[], %s::smallint[], %s::text[], %s::text[]) as u(c, r, g, p)
            on conflict (cell) do nothing
            """,
            [[r[0] for r in rows], [r[1] for r in rows], [r[2] for r in rows], [r[3] for r in rows]],
        )
        return cursor.rowcount


def h3_cells_fill_all() -> int:
    """Outlines for every cell any request uses (after a bulk load); tiles fill missing cells themselves too."""
    added = 0
    with connection.cursor() as cursor:
        for resolution in (7, 8, 9, 10):
            cursor.execute(
                f"select distinct h3_r{resolution} from requests_app_servicerequest r "
                f"where h3_r{resolution} is not null and not exists "
                f"(select 1 from tiles_h3cell h where h.cell = r.h3_r{resolution})"
            )
            cells = [row[0] for row in cursor.fetchall()]
            for start in range(0, len(cells), 20_000):
                added += h3_cells_fill(cells=cells[start:start + 20_000])
    return added
