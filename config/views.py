from django.conf import settings
from django.http import JsonResponse
from django.views import defaults
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


def _api_path(request) -> bool:
    return request.path.startswith("/api/")


def page_not_found(request, exception=None):
    """handler404: under /api/ the API's one error shape (api.errors) as JSON, elsewhere Django's page."""
    if not _api_path(request):
        return defaults.page_not_found(request, exception)
    from api.errors import NON_FIELD, NOT_FOUND, payload

    return JsonResponse(payload(NOT_FOUND, {NON_FIELD: [NOT_FOUND]}, code="not_found"), status=404,
                        json_dumps_params={"ensure_ascii": False})


def server_error(request):
    """handler500: under /api/ a JSON body in the API's error shape (never an HTML page), elsewhere Django's."""
    if not _api_path(request):
        return defaults.server_error(request)
    from api.errors import NON_FIELD, SERVER_ERROR, payload

    return JsonResponse(payload(SERVER_ERROR, {NON_FIELD: [SERVER_ERROR]}, code="server_error"), status=500,
                        json_dumps_params={"ensure_ascii": False})
