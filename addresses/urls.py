"""Pages of the addresses app (the shell includes these at the site root)."""

urlpatterns: list = []
