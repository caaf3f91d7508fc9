"""The REST API, version 1. Each domain owns one module under api/v1/."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

urlpatterns = [
    path("v1/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("v1/addresses/", include("api.v1.addresses")),
    path("v1/requests/", include("api.v1.requests")),
    path("v1/workflow/", include("api.v1.workflow")),
    path("v1/hotspots/", include("api.v1.hotspots")),
]
