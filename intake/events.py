"""Intake's domain events. Intake never calls the layers above it: they subscribe here
(`workflow/receivers.py`, `tiles/receivers.py`) and intake sends.

- `draft_received(request)`: a draft from an unattended channel was written. Sent *inside* the registering
  transaction, so that what a receiver writes (the draft's place in the receipt inbox) commits with it or not at all.
- `request_registered(request, actor, assignee)`: a request intake wrote (registered, closed on the spot, or a
  draft), sent after commit by the worker that runs its follow-ups, before the tracking-code SMS: receivers route
  the registered ones and refresh the maps.
"""

from django.dispatch import Signal

draft_received = Signal()
request_registered = Signal()
