"""The tile endpoint: hexagons and points, filters, scope, bad input, caching headers."""

from datetime import timedelta

import jdatetime
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from addresses.models import City, Region
from intake.models import OPEN_STATUSES, Status
from tests.tiles.conftest import AZADI, TAJRISH, decode, features, tile_of, total
from tiles.services import tiles_data_version_bump


def url(layer, z, x, y, query=""):
    return f"/tiles/{layer}/{z}/{x}/{y}.pbf" + (f"?{query}" if query else "")


def azadi_tile(z, query=""):
    return url("requests", *tile_of(*AZADI, z), query)


def test_it_aggregates_requests_into_hexagons_at_low_zoom(client, manager, make_request):
    for i in range(3):
        make_request(offset_m=i * 5)
    make_request(status="closed", offset_m=10)
    make_request(category="bins", offset_m=15, created_at=timezone.now() - timedelta(days=3))  # overdue (24 h SLA)
    client.force_login(manager)
    response = client.get(azadi_tile(10), HTTP_ACCEPT_ENCODING="gzip")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.mapbox-vector-tile"
    assert response["Content-Encoding"] == "gzip"
    hexes = features(response)
    assert len(hexes) == 1
    props = hexes[0]["properties"]
    assert props["count"] == 5 and props["open"] == 4 and props["overdue"] == 1
    assert props["resolution"] == 7
    pothole_id = str(props["top1"])
    assert props["top"].split(",")[0] == pothole_id
    assert hexes[0]["geometry"]["type"] == "Polygon"


def test_it_shows_single_points_at_high_zoom(client, manager, make_request):
    first = make_request()
    make_request(offset_m=20)
    client.force_login(manager)
    response = client.get(azadi_tile(16))
    points = features(response)
    assert {p["geometry"]["type"] for p in points} == {"Point"}
    assert first.pk in {p["properties"]["id"] for p in points}
    assert all(p["properties"]["open"] is True for p in points)


@pytest.mark.parametrize("layer", ["requests", "requests_heat"])
def test_it_counts_as_open_exactly_the_statuses_intake_calls_open(client, manager, make_request, layer):
    made = {status: make_request(status=status, offset_m=i * 5) for i, status in enumerate(Status.values)}
    client.force_login(manager)
    z, x, y = tile_of(*AZADI, 10)
    hexes = features(client.get(url(layer, z, x, y)), layer)
    assert sum(h["properties"]["count"] for h in hexes) == len(Status.values)
    assert sum(h["properties"]["open"] for h in hexes) == len(OPEN_STATUSES)
    z, x, y = tile_of(*AZADI, 16)
    points = {p["properties"]["id"]: p["properties"]["open"] for p in features(client.get(url(layer, z, x, y)), layer)}
    assert points == {request.pk: status in OPEN_STATUSES for status, request in made.items()}


def test_it_keeps_far_away_requests_out_of_the_tile(client, manager, make_request):
    make_request(AZADI)
    make_request(TAJRISH)
    client.force_login(manager)
    assert total(client.get(azadi_tile(12))) == 1


@pytest.mark.parametrize("query, expected", [
    ("status=closed", 1),
    ("status=open", 3),
    ("status=registered,closed", 4),
    ("category={waste}", 1),  # a subject includes its sub-subjects
    ("category={pothole}", 3),
    ("channel=sms", 1),
    ("channel=phone&status=open", 2),
])
def test_it_filters_by_query_parameters(client, manager, make_request, categories, query, expected):
    make_request()
    make_request(offset_m=5)
    make_request(status="closed", offset_m=10)
    make_request(category="bins", channel="sms", offset_m=15)
    client.force_login(manager)
    query = query.format(**{k: c.pk for k, c in categories.items()})
    assert total(client.get(azadi_tile(11, query))) == expected


def test_it_filters_by_jalali_dates_in_persian_or_latin_digits(client, manager, make_request):
    make_request(created_at=timezone.now() - timedelta(days=40))
    make_request(offset_m=5, created_at=timezone.now() - timedelta(days=2))
    client.force_login(manager)
    since = jdatetime.date.fromgregorian(date=timezone.localdate() - timedelta(days=10)).strftime("%Y/%m/%d")
    assert total(client.get(azadi_tile(12, f"from={since}"))) == 1
    persian = since.translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))
    assert total(client.get(azadi_tile(12, f"to={persian}"))) == 1


def test_it_filters_by_region(client, manager, make_request):
    city = City.objects.create(slug="tehran", name_fa="تهران")
    region = Region.objects.create(city=city, number=9, name_fa="منطقه ۹",
                                   geom="MULTIPOLYGON(((51 35,52 35,52 36,51 35)))")
    make_request(region=region)
    make_request(offset_m=5)
    client.force_login(manager)
    assert total(client.get(azadi_tile(12, f"region={region.pk}"))) == 1


@pytest.mark.parametrize("path, status, fragment", [
    (url("requests", 23, 0, 0), 400, "zoom"),
    (url("requests", 3, 8, 0), 400, "3/8/0"),
    (url("requests", 3, 0, 8), 400, "3/0/8"),
    (url("nosuchlayer", 3, 0, 0), 404, "nosuchlayer"),
    (url("requests", 10, 600, 400, "status=lost"), 400, "lost"),
    (url("requests", 10, 600, 400, "from=1403/13/01"), 400, "1403/13/01"),
    (url("requests", 10, 600, 400, "from=yesterday"), 400, "YYYY/MM/DD"),
    (url("requests", 10, 600, 400, "from=1403/05/01&to=1403/01/01"), 400, "after"),
    (url("requests", 10, 600, 400, "category=roads"), 400, "category"),
    (url("requests", 10, 600, 400, "categroy=1"), 400, "categroy"),
    (url("regions", 10, 600, 400, "status=open"), 400, "status"),
    (url("requests", 99999999999, 0, 0), 400, "zoom"),
])
def test_it_refuses_bad_input_with_a_message_never_a_500(client, manager, path, status, fragment):
    client.force_login(manager)
    response = client.get(path)
    assert response.status_code == status
    body = response.json()
    assert fragment in body["error_en"]
    assert body["error"] and body["error"] != body["error_en"]  # Persian first


def test_it_shows_nothing_outside_the_users_scope(client, outsider, make_request):
    make_request()
    assert client.get(azadi_tile(10)).status_code == 401  # not logged in
    client.force_login(outsider)
    response = client.get(azadi_tile(10))
    assert response.status_code == 200 and features(response) == []


def test_it_serves_the_basemap_without_login(client, db):
    city = City.objects.create(slug="tehran", name_fa="تهران")
    Region.objects.create(city=city, number=9, name_fa="منطقه ۹", synthetic=False,
                          geom="MULTIPOLYGON(((51.30 35.68,51.36 35.68,51.36 35.72,51.30 35.72,51.30 35.68)))")
    response = client.get(url("regions", *tile_of(*AZADI, 11)))
    assert response.status_code == 200
    layers = decode(response)
    assert layers["regions"]["features"][0]["properties"]["name"] == "منطقه ۹"
    assert layers["regions_label"]["features"][0]["properties"]["number"] == 9


def test_it_answers_304_when_the_etag_still_matches(client, manager, make_request):
    make_request()
    client.force_login(manager)
    first = client.get(azadi_tile(10))
    etag = first["ETag"]
    again = client.get(azadi_tile(10), HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again.content == b""
    assert client.get(azadi_tile(10, "status=closed"), HTTP_IF_NONE_MATCH=etag).status_code == 200
    # request tiles show a signed-in user's requests: never kept in the browser's cache (config.middleware)
    assert first["Cache-Control"] == "no-store"
    versioned = client.get(azadi_tile(10, f"v={first['X-Data-Version']}"))
    assert versioned["Cache-Control"] == "no-store"


def test_it_serves_cached_tiles_until_the_requests_version_is_bumped(
        client, manager, make_request, django_assert_num_queries):
    make_request()
    client.force_login(manager)
    assert total(client.get(azadi_tile(10))) == 1
    make_request(offset_m=5)
    # Cached: only the session, user and scope lookups; the tile comes from Redis.
    with CaptureQueriesContext(connection) as cached:
        assert total(client.get(azadi_tile(10))) == 1
    assert not [q for q in cached.captured_queries if "st_asmvt" in q["sql"] or "tiles_h3cell" in q["sql"]]
    tiles_data_version_bump(layer="requests")
    # Rebuilt: the same lookups plus exactly one tile query.
    with django_assert_num_queries(len(cached.captured_queries) + 1):
        assert total(client.get(azadi_tile(10))) == 2


def test_it_describes_each_layer_in_tilejson(client, manager):
    client.force_login(manager)
    body = client.get("/tiles/requests.json").json()
    assert body["tilejson"] == "3.0.0"
    assert body["tiles"][0].startswith("http://testserver/tiles/requests/{z}/{x}/{y}.pbf?v=")
    assert body["vector_layers"][0]["id"] == "requests" and "count" in body["vector_layers"][0]["fields"]
    regions = client.get("/tiles/regions.json").json()
    assert "OpenStreetMap" in regions["attribution"]
    assert [layer["id"] for layer in regions["vector_layers"]] == ["regions", "regions_label"]
    assert client.get("/tiles/nope.json").status_code == 404


def test_it_reports_new_data_versions_for_polling(client, manager):
    client.force_login(manager)
    before = client.get("/tiles/versions.json").json()
    tiles_data_version_bump(layer="requests")
    after = client.get("/tiles/versions.json").json()
    assert after["requests"] != before["requests"] and after["regions"] == before["regions"]


def test_it_shows_a_request_card_only_within_scope(client, manager, outsider, make_request):
    item = make_request()
    card_url = f"/tiles/requests/{item.pk}/card.json"
    assert client.get(card_url).status_code == 401
    client.force_login(manager)
    card = client.get(card_url).json()
    assert card["tracking_code"] == item.tracking_code
    assert card["sub_subject"] == "چاله در آسفالت" and card["subject"] == "راه و ترابری"
    assert card["address"] == "میدان آزادی"
    assert card["date"][:2] == "۱۴"  # Jalali year, Persian digits
    assert card["url"] == f"/admin/intake/servicerequest/{item.pk}/change/"
    assert client.get("/tiles/requests/999999/card.json").status_code == 404
    client.force_login(outsider)
    assert client.get(card_url).status_code == 404


def test_it_shows_the_map_page_with_filters_and_attribution(client, manager, categories):
    assert client.get("/map/").status_code == 302  # login first
    client.force_login(manager)
    page = client.get("/map/").content.decode()
    assert 'id="map-config"' in page and "راه و ترابری" in page
    assert "OpenStreetMap" in page and "ساختگی" in page
    assert "vendor/maplibre/maplibre-gl.js" in page and "frontend_map/mapview.js" in page
