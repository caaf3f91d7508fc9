"""Rate limits of the API's create endpoints, per API token (per user for a browser session, per address for a
caller without either): API_CREATE_RATE, on Redis; while Redis is down each web process counts on its own. A refusal
is DRF's Throttled: 429 with Retry-After, in the common error shape (api.errors) with both languages."""

from rest_framework.throttling import BaseThrottle

from limits.clients import client_key
from limits.limiter import Limit

api_creates = Limit("api-create", setting="API_CREATE_RATE", outage="local")


def _ident(request) -> str:
    token = getattr(request, "auth", None)
    if token is not None and getattr(token, "pk", None) is not None:
        return f"token:{type(token).__name__}:{token.pk}"
    if getattr(request.user, "is_authenticated", False):
        return f"user:{request.user.pk}"
    return f"ip:{client_key(request)}"


class CreateRateThrottle(BaseThrottle):
    """Counts POSTs only (the endpoint's reads are not creates)."""

    def allow_request(self, request, view):
        if request.method != "POST":
            return True
        self.decision = api_creates.hit(_ident(request))
        return self.decision.allowed

    def wait(self):
        return self.decision.retry_after
