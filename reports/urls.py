"""Pages of the reports app (the shell includes these at the site root)."""

urlpatterns: list = []
