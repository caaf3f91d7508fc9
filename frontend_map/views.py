from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from frontend_map import selectors


@login_required
def home(request):
    """The shell's landing page: the user's roles and the city at a glance."""
    return render(request, "frontend_map/home.html",
                  {"summary": selectors.city_summary(), "today": timezone.localdate()})


def data_attribution(request):
    """Where the map and address data come from, and their licences."""
    return render(request, "frontend_map/attribution.html")
