"""The layers the tiles app itself serves: requests (hexagons/points), requests_heat, and the basemap."""

from django.utils.translation import gettext_lazy as _

from tiles import queries
from tiles.filters import no_filters, parse_request_filters
from tiles.layers import TileLayer, register

OSM = "© OpenStreetMap contributors (ODbL)"
SYNTHETIC = "synthetic demo data"

_HEX_FIELDS = {"count": "Number", "open": "Number", "overdue": "Number", "top": "String", "top1": "Number",
               "resolution": "Number", "id": "Number", "category": "Number", "status": "String"}
_AREA_FIELDS = {"id": "Number", "name": "String", "name_en": "String", "synthetic": "Boolean"}


# Overdue counts depend on the clock: request tiles are rebuilt at least this often.
OVERDUE_CLOCK_SECONDS = 300


def register_builtin_layers() -> None:
    request_layer = dict(scoped=True, parse_filters=parse_request_filters, data_versions=("requests",), maxzoom=22,
                         attribution=SYNTHETIC, clock_seconds=OVERDUE_CLOCK_SECONDS)
    register(TileLayer(name="requests", title=_("Requests"), sql=queries.requests_tile_sql, fields=_HEX_FIELDS,
                       description="H3 hexagon aggregates below zoom %d, points from there" % queries.POINTS_MINZOOM,
                       **request_layer), replace=True)
    register(TileLayer(name="requests_heat", title=_("Requests heatmap"), sql=queries.requests_heat_tile_sql,
                       fields=_HEX_FIELDS, description="hexagon centres weighted by count, then points",
                       **request_layer), replace=True)
    basemap = dict(public=True, parse_filters=no_filters, data_versions=("addresses",), maxzoom=22)
    register(TileLayer(name="regions", title=_("Regions"), sql=queries.regions_tile_sql,
                       fields=_AREA_FIELDS | {"number": "Number"}, source_layers=("regions", "regions_label"),
                       attribution=OSM, **basemap), replace=True)
    register(TileLayer(name="districts", title=_("Districts"), sql=queries.districts_tile_sql,
                       fields=_AREA_FIELDS | {"code": "String"}, source_layers=("districts", "districts_label"),
                       attribution=SYNTHETIC, minzoom=10, **basemap), replace=True)
    register(TileLayer(name="neighbourhoods", title=_("Neighbourhoods"), sql=queries.neighbourhoods_tile_sql,
                       fields=_AREA_FIELDS | {"code": "String"},
                       source_layers=("neighbourhoods", "neighbourhoods_label"), attribution=SYNTHETIC, minzoom=12,
                       **basemap), replace=True)
    register(TileLayer(name="streets", title=_("Streets"), sql=queries.streets_tile_sql,
                       fields=_AREA_FIELDS | {"kind": "String"}, attribution=SYNTHETIC, minzoom=9, **basemap),
             replace=True)
    register(TileLayer(name="landmarks", title=_("Landmarks"), sql=queries.landmarks_tile_sql,
                       fields=_AREA_FIELDS | {"kind": "String", "subkind": "String"}, attribution=SYNTHETIC,
                       minzoom=13, **basemap), replace=True)
    register(TileLayer(name="metro", title=_("Metro stations"), sql=queries.metro_tile_sql,
                       fields=_AREA_FIELDS | {"kind": "String", "subkind": "String"}, attribution=OSM, minzoom=11,
                       **basemap), replace=True)
