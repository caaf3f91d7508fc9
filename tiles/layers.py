"""The tile layer registry: every layer served at /tiles/<name>/<z>/<x>/<y>.pbf is registered here.

Registering a layer from another app takes one call, usually in that app's `AppConfig.ready()`:

    from tiles.layers import TileLayer, register

    def hotspot_tile_sql(tile):            # tile: tiles.layers.TileRequest
        return (
            '''select st_asmvt(t, 'hotspots', 4096, 'geom') from (
                 select h.id, h.z_score, st_asmvtgeom(h.geom_3857, st_tileenvelope(%s, %s, %s), 4096, 64, true) geom
                 from clustering_hotspotcell h where h.geom_3857 && st_tileenvelope(%s, %s, %s)) t''',
            [tile.z, tile.x, tile.y, tile.z, tile.x, tile.y],
        )

    register(TileLayer(name="hotspots", title=_("Hotspots"), sql=hotspot_tile_sql,
                       fields={"id": "Number", "z_score": "Number"}, data_versions=("hotspots",)))

and after writing new data, once the transaction commits:

    transaction.on_commit(lambda: tiles.services.tiles_data_version_bump(layer="hotspots"))

What the registry gives a layer for free: URL routing, bad-input handling (400/404, never 500), the Redis tile cache
keyed by (layer, z, x, y, normalised filters, scope, data version), ETag/304, Cache-Control, gzip and a TileJSON at
/tiles/<name>.json. The `sql` callable returns one SQL statement and its parameters; the statement yields one row
whose first column is the tile (bytea, usually from ST_AsMVT). Keep spatial SQL in the app's selectors or here in
tiles/queries.py. A layer whose data comes from requests sets `scoped=True`: its `sql` then receives the user's
visible requests as `tile.requests` (a queryset already filtered by `organization.scopes.visible_requests` and the
layer's filters) and the cache keeps one entry per scope.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet

from tiles.filters import NO_FILTERS, TileFilters


class UnknownLayer(LookupError):
    """No layer of that name is registered."""


@dataclass(frozen=True)
class TileRequest:
    """What a layer's SQL builder gets: the tile address, the parsed filters and (scoped layers) the requests."""

    z: int
    x: int
    y: int
    filters: TileFilters = NO_FILTERS
    requests: QuerySet | None = None
    user: Any = None


@dataclass(frozen=True)
class TileLayer:
    name: str
    title: Any
    sql: Callable[[TileRequest], tuple[str, list]]
    fields: dict[str, str] = field(default_factory=dict)  # TileJSON vector_layers fields: name → type
    source_layers: tuple[str, ...] = ()  # MVT layer names inside the tile (default: just `name`)
    minzoom: int = 0
    maxzoom: int = 22
    data_versions: tuple[str, ...] = ()  # data version names the tile depends on (default: just `name`)
    clock_seconds: int = 0  # > 0: the tile depends on the current time too (overdue): cached per clock period
    scoped: bool = False  # built from requests: filtered by the user's scope, one cache entry per scope
    public: bool = False  # served without logging in (basemap only)
    parse_filters: Callable[[Any], TileFilters] | None = None  # QueryDict → TileFilters; None: no filters
    attribution: str = ""
    description: str = ""

    @property
    def versions(self) -> tuple[str, ...]:
        return self.data_versions or (self.name,)

    @property
    def mvt_layers(self) -> tuple[str, ...]:
        return self.source_layers or (self.name,)


_REGISTRY: dict[str, TileLayer] = {}


def register(layer: TileLayer, *, replace: bool = False) -> TileLayer:
    """Add a layer to the registry; registering the same name twice is an error unless `replace`."""
    if not layer.name.replace("_", "").replace("-", "").isalnum():
        raise ValueError(f"layer names are letters, digits, '-' and '_': {layer.name!r}")
    if layer.name in _REGISTRY and not replace and _REGISTRY[layer.name] is not layer:
        raise ValueError(f"tile layer {layer.name!r} is already registered")
    _REGISTRY[layer.name] = layer
    return layer


def unregister(name: str) -> None:
    _REGISTRY.pop(name, None)


def get_layer(name: str) -> TileLayer:
    try:
        return _REGISTRY[name]
    except KeyError:
        raise UnknownLayer(name) from None


def all_layers() -> list[TileLayer]:
    return list(_REGISTRY.values())
