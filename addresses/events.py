"""Signals other apps listen to (so addresses never imports the apps above it)."""

from django.dispatch import Signal

# Sent after the transaction that changed address data commits; kwargs: version (int).
address_data_changed = Signal()
