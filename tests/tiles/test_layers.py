"""Other apps register their own tile layers; they get routing, filters, scope, cache and TileJSON for free."""

import pytest
from django.utils.translation import gettext_lazy as _

from tests.tiles.conftest import AZADI, features, tile_of
from tiles.filters import parse_request_filters
from tiles.layers import TileLayer, get_layer, register, unregister


def pins_sql(tile):
    """A layer built from the user's scoped, filtered requests: one point per request, as another app might."""
    sql, params = tile.requests.order_by().values("id", "location").query.sql_with_params()
    return (
        f"""select coalesce(st_asmvt(t, 'pins', 4096, 'geom'), '') from (
              select s.id, st_asmvtgeom(st_transform(s.location, 3857), st_tileenvelope(%s, %s, %s)) as geom
              from ({sql}) s) t where t.geom is not null""",
        [tile.z, tile.x, tile.y, *params],
    )


@pytest.fixture
def pins_layer():
    layer = register(TileLayer(name="pins", title=_("Pins"), sql=pins_sql, scoped=True,
                               parse_filters=parse_request_filters, data_versions=("requests",),
                               fields={"id": "Number"}))
    yield layer
    unregister("pins")


def test_it_serves_a_layer_registered_by_another_app(client, manager, outsider, make_request, pins_layer):
    mine = make_request()
    make_request(status="closed", offset_m=5)
    client.force_login(manager)
    z, x, y = tile_of(*AZADI, 12)
    assert {f["properties"]["id"] for f in features(client.get(f"/tiles/pins/{z}/{x}/{y}.pbf?status=open"), "pins")} \
        == {mine.pk}
    assert client.get("/tiles/pins.json").json()["vector_layers"][0]["id"] == "pins"
    client.force_login(outsider)
    assert features(client.get(f"/tiles/pins/{z}/{x}/{y}.pbf"), "pins") == []


def test_it_refuses_a_second_layer_of_the_same_name(pins_layer):
    with pytest.raises(ValueError):
        register(TileLayer(name="pins", title="other", sql=pins_sql))
    assert get_layer("pins") is pins_layer
