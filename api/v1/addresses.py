"""API v1: addresses endpoints (mounted at /api/v1/addresses/)."""

urlpatterns: list = []
