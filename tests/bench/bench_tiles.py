"""Tiles on the 1m data set: uncached endpoint vs the bare ST_AsMVT query for the same tile (interleaved, zooms
8–16, the densest tiles of each zoom), cached tile time in-process, largest tile bytes and feature count per zoom.

Figures: tiles.uncached_ratio_p95 (worst zoom), tiles.cached_p50_ms, tiles.max_tile_kb, tiles.max_features.
"""

import gzip
import time

from tests.bench.common import ensure_requests_1m, percentile, time_ms

ZOOMS = range(8, 17)
DENSEST_PER_ZOOM = 3


def _densest_tiles(z: int, k: int) -> list[tuple[int, int, int]]:
    """The k tiles of zoom z holding the most requests (computed from Web Mercator coordinates)."""
    from django.db import connection

    size = 40075016.68557849 / 2 ** z
    with connection.cursor() as cursor:
        cursor.execute(
            """
            select floor((st_x(p) + 20037508.342789244) / %s)::int as x,
                   floor((20037508.342789244 - st_y(p)) / %s)::int as y, count(*)
            from (select st_transform(location, 3857) as p from requests_app_servicerequest
                  where location is not null) s
            group by 1, 2 order by 3 desc limit %s
            """,
            [size, size, k],
        )
        return [(z, x, y) for x, y, _ in cursor.fetchall()]


def run(ctx) -> None:
    import mapbox_vector_tile
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.db import connection
    from django.test import RequestFactory

    from organization.roles import Role
    from tiles.queries import bare_requests_tile_sql
    from tiles.services import h3_cells_fill_all, tiles_data_version_bump
    from tiles.views import tile as tile_view

    ensure_requests_1m()
    started = time.monotonic()
    added = h3_cells_fill_all()
    if added:
        print(f"   stored {added:,} hexagon outlines ({time.monotonic() - started:.0f} s)", flush=True)

    user, _ = get_user_model().objects.get_or_create(username="bench-manager")
    user.groups.set([Group.objects.get_or_create(name=Role.MANAGER)[0]])
    factory = RequestFactory()

    def endpoint(z, x, y):
        request = factory.get(f"/tiles/requests/{z}/{x}/{y}.pbf", HTTP_ACCEPT_ENCODING="gzip")
        request.user = user
        response = tile_view(request, layer="requests", z=z, x=x, y=y)
        assert response.status_code == 200, response.content[:200]
        return response

    def bare(z, x, y):
        sql, params = bare_requests_tile_sql(z, x, y)
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchone()[0]

    worst_ratio, worst_zoom = 0.0, None
    max_kb, max_features = 0.0, 0
    cached_times = []
    for z in ZOOMS:
        tiles = _densest_tiles(z, DENSEST_PER_ZOOM)
        # Sizes and features of the densest tiles.
        zoom_kb, zoom_features = 0.0, 0
        for t in tiles:
            tiles_data_version_bump(layer="requests")
            response = endpoint(*t)
            raw = gzip.decompress(response.content) if response.content else b""
            decoded = mapbox_vector_tile.decode(raw) if raw else {}
            zoom_kb = max(zoom_kb, len(raw) / 1024)
            zoom_features = max(zoom_features, sum(len(layer["features"]) for layer in decoded.values()))
        max_kb, max_features = max(max_kb, zoom_kb), max(max_features, zoom_features)

        # Uncached endpoint vs bare query, interleaved; a version bump (untimed) before each endpoint call.
        probe = time_ms(lambda: bare(*tiles[0]))
        n = max(40, min(200, int(8000 / max(probe, 1))))
        for i in range(3):  # warm-up
            tiles_data_version_bump(layer="requests")
            endpoint(*tiles[i % len(tiles)])
            bare(*tiles[i % len(tiles)])
        ours, peer = [], []
        for i in range(n):
            t = tiles[i % len(tiles)]
            tiles_data_version_bump(layer="requests")
            if i % 2:
                peer.append(time_ms(lambda: bare(*t)))
                ours.append(time_ms(lambda: endpoint(*t)))
            else:
                ours.append(time_ms(lambda: endpoint(*t)))
                peer.append(time_ms(lambda: bare(*t)))
        ratio = percentile(ours, 95) / percentile(peer, 95)
        if ratio > worst_ratio:
            worst_ratio, worst_zoom = ratio, z
            worst = (ours, peer)

        # Cached: the same tiles again without a bump.
        for t in tiles:
            endpoint(*t)
        for i in range(300):
            t = tiles[i % len(tiles)]
            cached_times.append(time_ms(lambda: endpoint(*t)))
        print(f"   z{z:<2} uncached p50 {percentile(ours, 50):8.1f} ms  bare p50 {percentile(peer, 50):8.1f} ms  "
              f"p95 ratio {ratio:4.2f}  largest {zoom_kb:6.1f} KB  {zoom_features:5d} features  (n={n})", flush=True)

    ours, peer = worst
    ctx.record("tiles.uncached_ratio_p95", percentile(ours, 95), "ms", n=len(ours), peer="bare_st_asmvt",
               peer_value=percentile(peer, 95), dataset="1m", note=f"worst zoom z{worst_zoom}, densest tiles")
    ctx.record("tiles.cached_p50_ms", percentile(cached_times, 50), "ms", n=len(cached_times), dataset="1m",
               note="view function in-process (RequestFactory), Redis cache hit, gzip passthrough")
    ctx.record("tiles.max_tile_kb", max_kb, "KB", dataset="1m", note="uncompressed MVT, densest tiles z8-16")
    ctx.record("tiles.max_features", max_features, "count", dataset="1m", note="densest tiles z8-16")
