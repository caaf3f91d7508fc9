"""Pages of the addresses app (the shell includes these at the site root)."""

from django.urls import path

from addresses import views

urlpatterns: list = [
    path("addresses/lookup/", views.address_lookup, name="address-lookup"),
]
