"""Pages of the organization app (the shell includes these at the site root)."""

urlpatterns: list = []
