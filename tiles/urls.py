"""Pages of the tiles app (the shell includes these at the site root)."""

urlpatterns: list = []
