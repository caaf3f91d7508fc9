from django.db.models import Count, Q

from addresses.models import District, Landmark, Region, Street
from intake.models import OPEN_STATUSES, ServiceRequest


def city_summary() -> dict:
    """Counts shown on the landing page."""
    requests = ServiceRequest.objects.aggregate(
        total=Count("id"), open=Count("id", filter=Q(status__in=OPEN_STATUSES)),
        demo=Count("id", filter=Q(is_demo=True)),
    )
    return {
        "regions": Region.objects.count(),
        "districts": District.objects.count(),
        "landmarks": Landmark.objects.count(),
        "streets": Street.objects.count(),
        "synthetic_streets": Street.objects.filter(synthetic=True).count(),
        "requests": requests["total"],
        "open_requests": requests["open"],
        "demo_requests": requests["demo"],
    }
