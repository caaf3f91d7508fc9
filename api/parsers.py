"""JSON bodies the API accepts: at most `API_JSON_MAX_DEPTH` levels of arrays and objects, checked before parsing,
so a body nested a thousand deep is a clear 400, not a recursion error (a 500)."""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

DEFAULT_MAX_DEPTH = 32


def json_depth(text: str) -> int:
    """The deepest nesting of arrays and objects in a JSON text (brackets inside strings do not count)."""
    depth = deepest = 0
    in_string = escaped = False
    for ch in text:
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif ch in "]}":
            depth -= 1
    return deepest


class JsonTooDeep(ParseError):
    """A JSON body nested deeper than the limit."""


class BoundedJSONParser(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        raw = stream.read() if stream is not None else b""
        limit = getattr(settings, "API_JSON_MAX_DEPTH", DEFAULT_MAX_DEPTH)
        try:
            text = raw.decode((parser_context or {}).get("encoding") or settings.DEFAULT_CHARSET)
        except UnicodeDecodeError as error:
            raise ParseError(_("The body is not valid UTF-8 JSON.")) from error
        if json_depth(text) > limit:  # before json.loads, which would recurse past Python's limit
            raise JsonTooDeep(_("The JSON body is nested deeper than %(limit)s levels.") % {"limit": limit})
        from io import BytesIO

        return super().parse(BytesIO(raw), media_type, parser_context)
