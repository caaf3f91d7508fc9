"""Edge validation shared by every view."""

from django.http import JsonResponse

NUL_MESSAGE = {
    "error": "invalid_characters",
    "message_fa": "درخواست نویسهٔ نامعتبر (NUL) دارد.",
    "message_en": "The request contains an invalid character (NUL).",
}


def _has_nul(values) -> bool:
    return any("\x00" in value for value in values)


class RejectNulBytesMiddleware:
    """PostgreSQL cannot store NUL characters: refuse them in the path, the query string, form fields and JSON
    bodies with a clear 400 instead of failing deep inside a query. Uploaded files are not inspected."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._suspicious(request):
            return JsonResponse(NUL_MESSAGE, status=400, json_dumps_params={"ensure_ascii": False})
        return self.get_response(request)

    @staticmethod
    def _suspicious(request) -> bool:
        if "\x00" in request.path or _has_nul(v for values in request.GET.lists() for v in values[1]):
            return True
        if request.method in ("POST", "PUT", "PATCH"):
            content_type = request.content_type or ""
            if content_type == "application/json":
                body = request.body
                return b"\x00" in body or b"\\u0000" in body
            if content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
                return _has_nul(v for values in request.POST.lists() for v in values[1])
        return False


def _shareable(response) -> bool:
    """A response its view declared the same for everyone (`Cache-Control: public`: basemap tiles, glyphs)."""
    return "public" in [part.strip().lower() for part in response.get("Cache-Control", "").split(",")]


class NoStoreForSignedInMiddleware:
    """`Cache-Control: no-store` on every response to a signed-in user (session or API token), so no page, tile or
    JSON with citizens' data stays in the browser's cache of a shared workstation after logging out. Static files
    never come here (WhiteNoise answers them earlier); responses a view marked `public` keep their caching."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not _shareable(response):
            response["Cache-Control"] = "no-store"
            if "Expires" in response:
                del response["Expires"]
        return response
