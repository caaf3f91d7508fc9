"""One shape for every API error, registered as REST_FRAMEWORK["EXCEPTION_HANDLER"]:

    {"errors": {field: [message, …]}, "message": "<one sentence>", "code": "<machine-readable reason>", …}

Messages are in the request's language (the active language: LocaleMiddleware reads the language cookie and
Accept-Language; Persian by default). Errors not tied to a field are under "__all__" (as in intake and Django).
Keys an endpoint answered before this shape existed (`detail`, `detail_fa`/`detail_en`, `error`/`error_fa`,
`fields`, `received`) are kept beside it, so existing clients keep working.

Covered: DRF's exceptions (validation, 401/403, 404, 405, 415, parse errors, 429 with Retry-After), Django's
Http404 / PermissionDenied / ValidationError, intake.errors.IntakeError and workflow.services.TransitionRefused
(their own status codes), and ApiError, which views raise for their own refusals. Bad input never becomes a 500.
"""

from __future__ import annotations

import math

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from intake.errors import IntakeError, bilingual
from text.digits import digits_for_language
from workflow.services import TransitionRefused

NON_FIELD = "__all__"
_DRF_NON_FIELD = "non_field_errors"

INVALID = _("Some values are not valid; see the errors of each field.")
NOT_AUTHENTICATED = _("Log in (or send a valid token) to use the API.")
PERMISSION_DENIED = _("You are not allowed to do this.")
NOT_FOUND = _("Not found.")
METHOD_NOT_ALLOWED = _("The method %(method)s is not allowed here.")
UNSUPPORTED_MEDIA_TYPE = _("The content type %(type)s is not accepted: send JSON.")
PARSE_ERROR = _("The body could not be read: send valid JSON.")
THROTTLED = _("Too many requests: try again in %(seconds)s seconds.")
THROTTLED_SOON = _("Too many requests: try again shortly.")
SERVER_ERROR = _("Something went wrong on the server.")


class Bilingual:
    """A message given in both languages as plain text, shown in whichever is active when it is rendered."""

    def __init__(self, fa: str, en: str):
        self.fa, self.en = fa, en

    def __str__(self) -> str:
        return self.fa if (translation.get_language() or "fa").startswith("fa") else self.en


class ApiError(exceptions.APIException):
    """A refusal an API view raises: a lazy `message`, field `errors` ({field: [lazy messages]}), the HTTP status
    and a code; `legacy` holds keys the endpoint answered before the common shape (kept for its clients)."""

    def __init__(self, message, *, status_code: int = 400, errors: dict | None = None, code: str = "invalid",
                 legacy: dict | None = None):
        self.message = message
        self.status_code = status_code
        self.errors = {field: list(messages) for field, messages in (errors or {}).items()}
        self.code = code
        self.legacy = legacy or {}
        Exception.__init__(self, str(message))
        self.detail = exceptions.ErrorDetail(str(message), code=code)

    @classmethod
    def bilingual(cls, fa: str, en: str, *, field: str = NON_FIELD, **kwargs) -> ApiError:
        """From a message written out in both languages (not through gettext)."""
        message = Bilingual(fa, en)
        return cls(message, errors={field: [message]}, **kwargs)


def payload(message, errors: dict | None = None, *, code: str, legacy: dict | None = None) -> dict:
    """The common error body, rendered in the active language; legacy keys never replace the common ones."""
    body = {
        "errors": {field: [str(m) for m in messages] for field, messages in (errors or {}).items()},
        "message": str(message),
        "code": code,
    }
    for key, value in (legacy or {}).items():
        body.setdefault(key, value)
    return body


def _one_sentence(errors: dict) -> object:
    """The message of a set of field errors: the only one when there is one, a general sentence otherwise."""
    messages = [m for field_messages in errors.values() for m in field_messages]
    if len(messages) == 1:
        return messages[0]
    general = errors.get(NON_FIELD)
    return general[0] if general else INVALID


def validation_errors(detail, prefix: str = "") -> dict[str, list]:
    """DRF validation details (nested dicts and lists) as {field: [messages]}; nested fields as "a.b" / "a.0"."""
    if isinstance(detail, dict):
        out: dict[str, list] = {}
        for key, value in detail.items():
            key = NON_FIELD if key == _DRF_NON_FIELD else str(key)
            for field, messages in validation_errors(value, f"{prefix}.{key}" if prefix else key).items():
                out.setdefault(field, []).extend(messages)
        return out
    if isinstance(detail, list):
        if all(not isinstance(item, (dict, list)) for item in detail):
            return {prefix or NON_FIELD: [str(item) for item in detail]}
        out = {}
        for index, item in enumerate(detail):
            for field, messages in validation_errors(item, f"{prefix}.{index}" if prefix else str(index)).items():
                out.setdefault(field, []).extend(messages)
        return out
    return {prefix or NON_FIELD: [str(detail)]}


def _intake_response(error: IntakeError) -> Response:
    legacy = {"detail": error.as_payload()["detail"]}
    legacy.update(getattr(error, "legacy", {}))
    return Response(payload(_one_sentence(error.errors), error.errors, code=getattr(error, "code", "invalid"),
                            legacy=legacy), status=error.status)


def _transition_response(error: TransitionRefused) -> Response:
    text = bilingual(error.message)
    return Response(payload(error.message, {NON_FIELD: [error.message]}, code=error.code,
                            legacy={"error": text["en"], "error_fa": text["fa"]}), status=error.status)


def _django_validation_response(error: DjangoValidationError) -> Response:
    errors = error.message_dict if hasattr(error, "error_dict") else {NON_FIELD: error.messages}
    return Response(payload(_one_sentence(errors), errors, code="invalid"), status=status.HTTP_400_BAD_REQUEST)


def _drf_message(exc: exceptions.APIException):
    """Our sentence for DRF's standard refusals; a view's or permission's own message when it gave one."""
    detail = str(exc.detail) if not isinstance(exc.detail, (dict, list)) else ""
    own = detail and detail != str(exc.default_detail)
    if isinstance(exc, exceptions.Throttled):
        if exc.wait is None:
            return THROTTLED_SOON
        return THROTTLED % {"seconds": digits_for_language(math.ceil(exc.wait), translation.get_language())}
    if isinstance(exc, exceptions.ParseError):
        return PARSE_ERROR  # DRF's detail is the JSON decoder's English, of no use to a reader
    if own:
        return detail
    if isinstance(exc, (exceptions.NotAuthenticated, exceptions.AuthenticationFailed)):
        return NOT_AUTHENTICATED
    if isinstance(exc, exceptions.PermissionDenied):
        return PERMISSION_DENIED
    if isinstance(exc, exceptions.NotFound):
        return NOT_FOUND
    return detail or SERVER_ERROR


def _method_or_media_message(exc: exceptions.APIException, request):
    if isinstance(exc, exceptions.MethodNotAllowed):
        return METHOD_NOT_ALLOWED % {"method": getattr(request, "method", "")}
    content_type = getattr(request, "content_type", "") or ""
    return UNSUPPORTED_MEDIA_TYPE % {"type": content_type.split(";")[0] or "?"}


def exception_handler(exc, context):
    """REST_FRAMEWORK["EXCEPTION_HANDLER"]: every refusal in the common shape (None lets a real bug be a 500)."""
    if isinstance(exc, ApiError):
        return Response(payload(exc.message, exc.errors, code=exc.code, legacy=exc.legacy), status=exc.status_code)
    if isinstance(exc, IntakeError):
        return _intake_response(exc)
    if isinstance(exc, TransitionRefused):
        return _transition_response(exc)
    if isinstance(exc, DjangoValidationError):
        return _django_validation_response(exc)
    response = drf_exception_handler(exc, context)  # Http404 / PermissionDenied → DRF's; headers (Retry-After…)
    if response is None:
        return None
    if not isinstance(exc, exceptions.APIException):
        exc = exceptions.NotFound() if response.status_code == 404 else exceptions.PermissionDenied()
    code = exc.get_codes() if not isinstance(exc.detail, (dict, list)) else "invalid"
    if isinstance(exc, exceptions.ValidationError):
        errors = validation_errors(exc.detail)
        message = _one_sentence(errors) if list(errors) == [NON_FIELD] else INVALID
    elif isinstance(exc, (exceptions.MethodNotAllowed, exceptions.UnsupportedMediaType)):
        message, errors = _method_or_media_message(exc, context.get("request")), {}
    else:
        message, errors = _drf_message(exc), {}
    if not errors:
        errors = {NON_FIELD: [message]}
    legacy = {"detail": str(message)}
    if isinstance(exc, exceptions.Throttled):  # a refusal people read: in both languages whatever the request's
        legacy.update(_both_languages(exc))
    response.data = payload(message, errors, code=str(code), legacy=legacy)
    return response


def _both_languages(exc: exceptions.APIException) -> dict:
    with translation.override("fa"):
        fa = str(_drf_message(exc))
    with translation.override("en"):
        en = str(_drf_message(exc))
    return {"message_fa": fa, "message_en": en}
