"""Organisation pages: heartbeat (online/offline) and the online users list."""

from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_POST

from organization.roles import user_roles
from organization.selectors import online_users
from organization.services import user_heartbeat


@require_POST
def heartbeat(request):
    if not request.user.is_authenticated:
        return JsonResponse({"error": "login required", "error_fa": "ابتدا وارد شوید."}, status=401)
    user_heartbeat(user=request.user)
    return JsonResponse({"ok": True})


@login_required
def online(request):
    roles = user_roles(request.user)
    if not (request.user.is_superuser or roles & {"supervisor", "manager"}):
        return render(request, "workflow/forbidden.html", {"message": "—"}, status=403)
    users = online_users()
    if request.headers.get("Accept", "").startswith("application/json"):
        return JsonResponse({"online": [{"username": u.username, "name": u.get_full_name(),
                                         "last_seen_at": u.profile.last_seen_at.isoformat()} for u in users]})
    return render(request, "organization/online.html", {"users": users})
