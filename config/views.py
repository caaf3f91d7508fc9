from django.conf import settings
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from config.health import health_report, health_report_shared
from config.proxy import CLIENT_UNKNOWN, address_in, request_is_local


def may_see_health_details(request) -> bool:
    """Staff, this machine itself, and the monitors in HEALTHZ_MONITORS see which part failed and the versions."""
    user = getattr(request, "user", None)
    if user is not None and user.is_active and user.is_staff:
        return True
    if request_is_local(request):
        return True
    return bool(not request.META.get(CLIENT_UNKNOWN)
                and address_in(request.META.get("REMOTE_ADDR", ""), settings.HEALTHZ_MONITORS))


@never_cache
@require_GET
def healthz(request):
    """Database, Redis, Celery worker and beat as JSON; HTTP 503 when anything is down. Anyone else gets only
    {"status": "ok"|"degraded"} (from a report at most a few seconds old)."""
    if may_see_health_details(request):
        report = health_report()
    else:
        report = {"status": health_report_shared()["status"]}
    return JsonResponse(report, status=200 if report["status"] == "ok" else 503,
                        json_dumps_params={"ensure_ascii": False})
