from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations


class Migration(migrations.Migration):
    """pg_trgm: the peer the gazetteer is measured against, and fuzzy search in the admin."""

    dependencies = [("addresses", "0001_initial")]

    operations = [TrigramExtension()]
