"""Pages of the organization app (the shell includes these at the site root)."""

from django.urls import path

from organization import views

urlpatterns = [
    path("organization/heartbeat", views.heartbeat, name="organization-heartbeat"),
    path("organization/online/", views.online, name="organization-online"),
]
