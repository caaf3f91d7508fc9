import pytest

from addresses.services import address_data_version_bump
from tiles.cache import data_versions

pytestmark = pytest.mark.django_db(transaction=True)


def test_it_rebuilds_basemap_tiles_after_address_data_changes_commit():
    before = data_versions(("addresses",))["addresses"]
    address_data_version_bump()
    assert data_versions(("addresses",))["addresses"] > before


def test_it_keeps_basemap_tiles_when_the_address_change_rolls_back():
    from django.db import transaction

    before = data_versions(("addresses",))["addresses"]
    with pytest.raises(RuntimeError), transaction.atomic():
        address_data_version_bump()
        raise RuntimeError("import failed")
    assert data_versions(("addresses",))["addresses"] == before
