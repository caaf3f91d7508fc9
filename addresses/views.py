"""Pages of the addresses app."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render


@login_required
def address_lookup(request):
    """The address widget on a page of its own: look an address up, see its region, district and map point."""
    return render(request, "addresses/lookup.html")
