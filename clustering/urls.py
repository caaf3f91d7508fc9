"""Pages of the clustering app (the shell includes these at the site root)."""

urlpatterns: list = []
