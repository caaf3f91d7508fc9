"""API v1: workflow endpoints (mounted at /api/v1/workflow/)."""

urlpatterns: list = []
