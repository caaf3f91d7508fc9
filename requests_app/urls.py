"""Pages of the requests_app app (the shell includes these at the site root)."""

urlpatterns: list = []
