"""The `hotspots` tile layer, registered in the tiles app's registry: /tiles/hotspots/{z}/{x}/{y}.pbf?run=<id>."""

from django.utils.translation import gettext_lazy as _

from clustering import selectors
from tiles.filters import TileFilterError, TileFilters
from tiles.layers import TileLayer, register
from tiles.services import tiles_data_version_bump

FIELDS = {"id": "Number", "h3": "String", "count": "Number", "z": "Number", "p": "Number", "q": "Number",
          "gi_bin": "Number", "category": "String"}


def parse_run_filter(params):
    unknown = sorted(set(params.keys()) - {"run", "v"})
    run = (params.get("run") or "").strip()
    if unknown or not run.isdigit() or len(run) > 12:
        raise TileFilterError(_("The hotspots layer takes one parameter, run=<run id>."))
    return TileFilters(items=(("run", (str(int(run)),)),))


def register_hotspot_layer() -> None:
    register(TileLayer(
        name="hotspots", title=_("Hotspots"), sql=selectors.hotspot_tile_sql, fields=FIELDS,
        data_versions=("hotspots",), scoped=True, parse_filters=parse_run_filter, maxzoom=22,
        attribution="© OpenStreetMap contributors", description="cells of one hotspot run (?run=<id>)",
    ), replace=True)


def bump_hotspot_tiles() -> None:
    tiles_data_version_bump(layer="hotspots")
