"""Jalali dates and localised digits as the reader expects them: Persian digits when the active language is
Persian, dates in the current time zone. The template filters in `frontend_map.templatetags.jalali` wrap these."""

import datetime

import jdatetime
from django.utils import timezone, translation

from text.digits import digits_for_language, to_persian_digits

persian_digits = to_persian_digits


def localized_digits(value) -> str:
    return digits_for_language(value, translation.get_language())


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


def jalali_date(value) -> str:
    jalali = to_jalali(value)
    return "" if jalali is None else localized_digits(jalali.strftime("%Y/%m/%d"))


def jalali_datetime(value) -> str:
    jalali = to_jalali(value)
    if jalali is None:
        return ""
    if isinstance(jalali, jdatetime.datetime):
        return localized_digits(jalali.strftime("%Y/%m/%d %H:%M"))
    return localized_digits(jalali.strftime("%Y/%m/%d"))


def fa_digits(value) -> str:
    return localized_digits(value)
