"""The planners' and managers' hotspot screen. The page talks to /api/v1/hotspots/ for runs and results."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from clustering import exports, selectors
from clustering.access import can_use_hotspots
from clustering.models import STAGE_LABELS, RunKind
from intake.models import Channel, Status

TEXTS = {
    "hot": _("hot cells"), "cold": _("cold cells"), "requests": _("requests analysed"),
    "cells": _("cells in the study area"), "clusters": _("clusters"),
    "reused": _("stored result reused (same parameters, same data)"), "failed": _("The analysis failed:"),
    "network": _("The server could not be reached."), "change_hotter": _("cells hotter in the second period"),
    "change_cooler": _("cells cooler in the second period"), "categories": _("emerging categories"),
    "duration": _("duration (seconds)"), "period_a": _("first period"), "period_b": _("second period"),
}

# The eight patterns of clustering/emerging.py, hot and cold.
PATTERN_LABELS = {
    "new": _("new"), "consecutive": _("consecutive"), "intensifying": _("intensifying"),
    "persistent": _("persistent"), "diminishing": _("diminishing"), "sporadic": _("sporadic"),
    "oscillating": _("oscillating"), "historical": _("historical"),
}
SIDE_LABELS = {"hot": _("hot spot"), "cold": _("cold spot")}


@login_required
def hotspots_page(request):
    if not can_use_hotspots(request.user):
        raise PermissionDenied
    today = timezone.localdate()
    return render(request, "clustering/hotspots.html", {
        "kinds": RunKind.choices, "channels": Channel.choices, "statuses": Status.choices,
        "subjects": selectors.subjects().prefetch_related("children"), "resolutions": selectors.RESOLUTIONS,
        "formats": exports.FORMATS.values(), "today": today.isoformat(),
        "stage_labels": {key: str(value) for key, value in STAGE_LABELS.items()},
        "texts": {key: str(value) for key, value in TEXTS.items()} | {
            "patterns": {f"{p}_{side}": f"{SIDE_LABELS[side]} {label}" for p, label in PATTERN_LABELS.items()
                         for side in SIDE_LABELS}},
    })
