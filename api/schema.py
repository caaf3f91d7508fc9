"""The OpenAPI schema (drf-spectacular): every operation with its query parameters and the errors it answers.

`AutoSchema` (REST_FRAMEWORK["DEFAULT_SCHEMA_CLASS"]) adds to what each view declares with `extend_schema` the
refusals that follow from the view's configuration, all in the common error shape (api.errors): 401 when an
authenticator can challenge (a token) and 403 otherwise for a caller not logged in, 403 for a permission refused,
404 where a path parameter names nothing, 429 when the view throttles, 400 and 415 for an unreadable body. A view's
own refusals (400 for a bad parameter, 404, 409, 422 …) are declared beside it with `errors(...)`.
"""

from __future__ import annotations

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from drf_spectacular.utils import OpenApiResponse
from rest_framework import permissions, serializers


class ErrorSerializer(serializers.Serializer):
    """Every refusal of the API: `errors` by field (`__all__` for the request as a whole), one sentence, a code.
    Some endpoints add the keys they answered before this shape (`detail`, `error`, `error_fa`, `fields`)."""

    errors = serializers.DictField(child=serializers.ListField(child=serializers.CharField()))
    message = serializers.CharField()
    code = serializers.CharField()

    class Meta:
        ref_name = "Error"


ERROR_DESCRIPTIONS = {
    400: "Bad input: a missing or invalid parameter or field, or an unreadable body.",
    401: "Not authenticated: send `Authorization: Token <key>` (or log in).",
    403: "Not allowed: not logged in, no role for this, outside the user's scope, or a CSRF failure.",
    404: "Not found, or outside what the user may see.",
    409: "Conflict with the current state (e.g. a case that cannot take this operation now).",
    413: "The body is larger than allowed.",
    415: "Unsupported content type: send JSON.",
    422: "The Idempotency-Key was already used with another body.",
    429: "Too many requests: retry after the `Retry-After` header's seconds.",
    500: "The server failed to produce the file (export).",
    503: "A part the operation needs (the database, Redis, the broker) is unavailable: retry later.",
}


def errors(*codes: int, **descriptions: str) -> dict[int, OpenApiResponse]:
    """Error responses for `extend_schema(responses=...)`: `errors(400, 404, e404="No such run.")`."""
    return {code: OpenApiResponse(ErrorSerializer, description=descriptions.get(f"e{code}",
                                                                               ERROR_DESCRIPTIONS[code]))
            for code in codes}


def _requires_login(view) -> bool:
    return not all(isinstance(p, permissions.AllowAny) for p in view.get_permissions())


class AutoSchema(SpectacularAutoSchema):
    """drf-spectacular's AutoSchema, with the refusals every view answers because of how it is configured."""

    def _implied_errors(self) -> list[int]:
        view, codes = self.view, []
        authenticators = view.get_authenticators()
        if _requires_login(view):
            challenges = any(a.authenticate_header(getattr(view, "request", None)) for a in authenticators)
            codes += [401, 403] if challenges else [403]
        if "{" in self.path:
            codes.append(404)  # a path parameter that names nothing (or does not match the path's pattern)
        if self.method in ("POST", "PUT", "PATCH"):
            codes += [400, 415] if self.method != "PUT" else [400]
        if view.get_throttles():
            codes.append(429)
        return codes

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        for code in self._implied_errors():
            if str(code) not in responses:
                responses[str(code)] = self._get_response_for_code(
                    OpenApiResponse(ErrorSerializer, description=ERROR_DESCRIPTIONS[code]), str(code),
                    direction=direction)
        return dict(sorted(responses.items()))


class TokenAuthenticationScheme(OpenApiAuthenticationExtension):
    """`Authorization: Token <key>` (intake.tokens): a client's API token."""

    target_class = "intake.tokens.TokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return {"type": "apiKey", "in": "header", "name": "Authorization",
                "description": "`Token <key>`: an API token made for a client (only its hash is stored)."}


class IntegrationTokenScheme(OpenApiAuthenticationExtension):
    """`Authorization: Token <key>` of an office-automation integration (checked by the letters view itself)."""

    target_class = "api.v1.workflow.IntegrationTokenAuthentication"
    name = "integrationToken"

    def get_security_definition(self, auto_schema):
        return {"type": "apiKey", "in": "header", "name": "Authorization",
                "description": "`Token <key>` of an office-automation integration."}
