"""API v1: requests endpoints (mounted at /api/v1/requests/)."""

urlpatterns: list = []
