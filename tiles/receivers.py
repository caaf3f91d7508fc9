"""Map tiles follow the data: requests registered, cases moved (a status is drawn on the map) and address data
changed each bump the data version their layers are cached under."""

from addresses.events import address_data_changed
from intake.events import request_registered
from tiles.services import tiles_data_version_bump
from workflow.events import case_transitioned


def basemap_changed(sender, **kwargs) -> None:
    """Address data changed (an import, the demo load, an admin edit through the services): rebuild basemap tiles."""
    tiles_data_version_bump(layer="addresses")


def requests_changed(sender, **kwargs) -> None:
    """A request appeared: request tiles are rebuilt."""
    tiles_data_version_bump(layer="requests")


def case_moved(sender, operation: str = "", **kwargs) -> None:
    """A case moved (status, inbox): request tiles are rebuilt. A case entering the workflow is the request just
    registered, whose `request_registered` already bumped the version: one rebuild per registration."""
    if operation != "workflow_start":
        tiles_data_version_bump(layer="requests")


def connect() -> None:
    address_data_changed.connect(basemap_changed, dispatch_uid="tiles-basemap-version")
    request_registered.connect(requests_changed, dispatch_uid="tiles-requests-registered")
    case_transitioned.connect(case_moved, dispatch_uid="tiles-requests-transitioned")
