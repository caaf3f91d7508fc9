"""User-facing messages of the hotspots API (kept in this app so its catalogue translates them)."""

from django.utils.translation import gettext_lazy as _

FORBIDDEN = _("Hotspots are for planners and managers.")
NO_SUCH_RUN = _("No such hotspot run.")
BAD_PARAMETERS = _("Check the analysis parameters.")
BAD_FORMAT = _("Unknown export format: choose geojson, gpkg, shp, csv or kml.")
NOT_FINISHED = _("The run has not finished yet.")
EXPORT_FAILED = _("The export could not be written.")
COMPARE_NEEDS_TWO = _("Give two run ids to compare, as a and b.")
BAD_BODY = _("Send the parameters as a JSON object.")
