"""Pages of the clustering app (the shell includes these at the site root)."""

from django.urls import path

from clustering import views

urlpatterns = [
    path("hotspots/", views.hotspots_page, name="hotspots"),
]
