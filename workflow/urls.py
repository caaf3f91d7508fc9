"""Pages of the workflow app (the shell includes these at the site root)."""

urlpatterns: list = []
