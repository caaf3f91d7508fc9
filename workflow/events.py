"""Events the workflow fires after commit. Receivers: notifications, tile cache bumps, dashboards."""

from django.dispatch import Signal

# kwargs: request_id, operation, from_box, to_box, actor_id
case_transitioned = Signal()
