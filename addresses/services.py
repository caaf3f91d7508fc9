"""Writes to address data."""

from django.db import transaction
from django.db.models import F

from addresses.models import AddressDataVersion


def address_data_version_bump(name: str = "addresses") -> int:
    """Move the address data version on; in-memory gazetteer indexes rebuild when they see it change."""
    with transaction.atomic():
        version, created = AddressDataVersion.objects.select_for_update().get_or_create(name=name)
        if not created:
            AddressDataVersion.objects.filter(pk=version.pk).update(version=F("version") + 1)
            version.refresh_from_db()
    return version.version
