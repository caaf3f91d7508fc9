"""Small template helpers for the inboxes."""

from django import template
from django.utils.http import urlencode

register = template.Library()


@register.filter
def get_item(mapping, key):
    return mapping.get(key, "") if hasattr(mapping, "get") else ""


@register.filter
def urlencode_dict(mapping) -> str:
    return urlencode(mapping or {})


@register.filter
def stars(value) -> str:
    try:
        n = int(value)
    except (TypeError, ValueError):
        return ""
    return "★" * n + "☆" * (5 - n)
