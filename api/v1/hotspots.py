"""API v1: hotspots endpoints (mounted at /api/v1/hotspots/)."""

urlpatterns: list = []
