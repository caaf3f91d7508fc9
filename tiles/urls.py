"""Tiles at /tiles/<layer>/<z>/<x>/<y>.pbf, TileJSON at /tiles/<layer>.json, and the map page at /map/."""

from django.urls import path

from tiles import views

urlpatterns = [
    path("map/", views.map_page, name="map"),
    path("tiles/versions.json", views.versions, name="tiles-versions"),
    path("tiles/requests/<int:pk>/card.json", views.request_card, name="tiles-request-card"),
    path("tiles/glyphs/<str:fontstack>/<int:start>-<int:end>.pbf", views.glyphs, name="tiles-glyphs"),
    path("tiles/<str:layer>/<int:z>/<int:x>/<int:y>.pbf", views.tile, name="tiles-tile"),
    path("tiles/<str:layer>.json", views.tilejson, name="tiles-tilejson"),
]
