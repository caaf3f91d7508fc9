"""Jalali dates and Persian digits in templates: {{ value|jalali_date }}, {{ value|jalali_datetime }},
{{ number|fa_digits }}. Digits are Persian when the active language is Persian (see `text.jalali`)."""

from django import template

from text.jalali import fa_digits, jalali_date, jalali_datetime, localized_digits, persian_digits, to_jalali

__all__ = ["fa_digits", "jalali_date", "jalali_datetime", "localized_digits", "persian_digits", "to_jalali"]

register = template.Library()
register.filter("jalali_date", jalali_date)
register.filter("jalali_datetime", jalali_datetime)
register.filter("fa_digits", fa_digits)
