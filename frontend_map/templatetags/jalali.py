"""Jalali dates and Persian digits in templates: {{ value|jalali_date }}, {{ value|jalali_datetime }},
{{ number|fa_digits }}. Digits are Persian when the active language is Persian."""

import datetime

import jdatetime
from django import template
from django.utils import timezone, translation

register = template.Library()

_FA_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")


def persian_digits(value) -> str:
    return str(value).translate(_FA_DIGITS)


def localized_digits(value) -> str:
    text = str(value)
    return persian_digits(text) if (translation.get_language() or "fa").startswith("fa") else text


def to_jalali(value) -> jdatetime.datetime | jdatetime.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return jdatetime.datetime.fromgregorian(datetime=value)
    if isinstance(value, datetime.date):
        return jdatetime.date.fromgregorian(date=value)
    raise TypeError(f"not a date: {value!r}")


@register.filter
def jalali_date(value) -> str:
    jalali = to_jalali(value)
    return "" if jalali is None else localized_digits(jalali.strftime("%Y/%m/%d"))


@register.filter
def jalali_datetime(value) -> str:
    jalali = to_jalali(value)
    if jalali is None:
        return ""
    if isinstance(jalali, jdatetime.datetime):
        return localized_digits(jalali.strftime("%Y/%m/%d %H:%M"))
    return localized_digits(jalali.strftime("%Y/%m/%d"))


@register.filter
def fa_digits(value) -> str:
    return localized_digits(value)
