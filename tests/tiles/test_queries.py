"""Query counts of the tile endpoints: a tile with 3 requests costs the same queries as one with 30 (cache miss
both times), under a fixed bound; so do TileJSON, the versions poll, the card and the map page."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.personas import persona_scope
from tests.tiles.conftest import AZADI, features, tile_of, total

pytestmark = pytest.mark.django_db

BOUND = 12


def uncached(client, url: str) -> tuple[int, object]:
    """Queries for one GET with an empty tile cache (so the tile is built from the database)."""
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, response.content[:300]
    return len(queries), response


@pytest.mark.parametrize(("layer", "zoom"), [("requests", 10), ("requests", 16), ("requests_heat", 12)])
def test_it_builds_a_request_tile_in_the_same_queries_for_3_and_30_requests(client, manager, make_request, layer,
                                                                              zoom):
    url = "/tiles/{}/{}/{}/{}.pbf".format(layer, *tile_of(*AZADI, zoom))
    client.force_login(manager)
    for i in range(3):
        make_request(offset_m=i * 3)
    uncached(client, url)
    few, response = uncached(client, url)
    assert features(response, layer)
    for i in range(27):
        make_request(offset_m=10 + i * 3, category="bins" if i % 2 else "pothole", status="closed" if i % 3 else
                     "registered")
    many, response = uncached(client, url)
    if layer == "requests" and zoom == 10:
        assert total(response) == 30
    if layer == "requests" and zoom == 16:
        assert len(features(response)) == 30
    print("QUERIES", f"tile-{layer}-{zoom}", few, many)
    assert few == many <= BOUND


def test_it_builds_a_scoped_experts_tile_in_the_same_queries_for_3_and_30_requests(client, followup_expert,
                                                                                    make_request):
    from tests.intake.factories import city_make

    region = city_make()
    persona_scope(followup_expert, regions=[region])
    url = "/tiles/requests/{}/{}/{}.pbf".format(*tile_of(*AZADI, 10))
    client.force_login(followup_expert)
    for i in range(3):
        make_request(offset_m=i * 3, region=region)
    make_request(offset_m=5)  # outside the expert's region
    uncached(client, url)
    few, response = uncached(client, url)
    assert total(response) == 3
    for i in range(27):
        make_request(offset_m=10 + i * 3, region=region)
    many, response = uncached(client, url)
    assert total(response) == 30
    print("QUERIES", "tile-requests-scoped", few, many)
    assert few == many <= BOUND


def test_it_describes_every_layer_and_its_version_in_a_fixed_number_of_queries(client, manager, make_request):
    from tiles.layers import all_layers

    client.force_login(manager)
    make_request()
    for layer in all_layers():
        uncached(client, f"/tiles/{layer.name}.json")
        count, response = uncached(client, f"/tiles/{layer.name}.json")
        assert response.json()["name"]
        assert count <= BOUND, layer.name
    uncached(client, "/tiles/versions.json")
    count, response = uncached(client, "/tiles/versions.json")
    assert "requests" in response.json()
    print("QUERIES", "tiles-versions", count, count)
    assert count <= BOUND


def test_it_shows_a_request_card_and_the_map_page_in_a_fixed_number_of_queries(client, manager, make_request,
                                                                               categories):
    item = make_request()
    client.force_login(manager)
    uncached(client, f"/tiles/requests/{item.pk}/card.json")
    count, response = uncached(client, f"/tiles/requests/{item.pk}/card.json")
    assert response.json()["tracking_code"] == item.tracking_code
    print("QUERIES", "tiles-card", count, count)
    assert count <= BOUND
    uncached(client, "/map/")
    few, _ = uncached(client, "/map/")
    for n in range(20):
        make_request(offset_m=n)
    many, response = uncached(client, "/map/")
    assert 'id="map-config"' in response.content.decode()
    print("QUERIES", "map-page", few, many)
    assert few == many <= BOUND
