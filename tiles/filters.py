"""Tile filters from query parameters: parsed, validated and normalised (the normal form is part of the cache key)."""

import datetime
import re
from dataclasses import dataclass

import jdatetime
from django.utils import timezone
from django.utils.translation import gettext as _

from text.digits import to_ascii_digits


class TileFilterError(ValueError):
    """A malformed filter; the message is shown to the client (HTTP 400)."""


@dataclass(frozen=True)
class TileFilters:
    """Normalised filters: sorted (name, values) pairs. Equal filters give equal keys whatever the URL order."""

    items: tuple[tuple[str, tuple[str, ...]], ...] = ()

    def get(self, name: str) -> tuple[str, ...]:
        for key, values in self.items:
            if key == name:
                return values
        return ()

    def key(self) -> str:
        return ";".join(f"{name}={','.join(values)}" for name, values in self.items)

    def __bool__(self) -> bool:
        return bool(self.items)


NO_FILTERS = TileFilters()

_JALALI = re.compile(r"^(\d{4})[/-](\d{1,2})[/-](\d{1,2})$")

# Query parameters of the requests layer. `v` (the data version the client saw) is ignored here.
REQUEST_FILTER_PARAMS = ("category", "status", "channel", "from", "to", "region")
IGNORED_PARAMS = frozenset({"v"})


def parse_jalali_date(text: str) -> jdatetime.date:
    """'1403/01/01' (Persian or Latin digits, '/' or '-') → a Jalali date; TileFilterError otherwise."""
    match = _JALALI.match(to_ascii_digits(text.strip()))
    if not match:
        raise TileFilterError(_("Dates are Jalali, written YYYY/MM/DD (e.g. 1403/01/01): %(value)s") % {"value": text})
    try:
        return jdatetime.date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        raise TileFilterError(_("No such Jalali date: %(value)s") % {"value": text}) from None


def jalali_day_start(date: jdatetime.date) -> datetime.datetime:
    """The start of a Jalali day in the site's time zone, as an aware datetime."""
    return timezone.make_aware(datetime.datetime.combine(date.togregorian(), datetime.time.min))


def _list(raw: str) -> list[str]:
    return [part.strip() for part in to_ascii_digits(raw).split(",") if part.strip()]


def _ids(name: str, raw: str) -> tuple[str, ...]:
    values = _list(raw)
    if not values or not all(v.isdigit() and len(v) < 12 for v in values):
        raise TileFilterError(_("%(name)s takes whole numbers separated by commas: %(value)s")
                              % {"name": name, "value": raw})
    return tuple(sorted({str(int(v)) for v in values}, key=int))


def _choices(name: str, raw: str, allowed: set[str]) -> tuple[str, ...]:
    values = _list(raw)
    unknown = [v for v in values if v not in allowed]
    if not values or unknown:
        raise TileFilterError(
            _("Unknown %(name)s: %(value)s (allowed: %(allowed)s)")
            % {"name": name, "value": ", ".join(unknown) or raw, "allowed": ", ".join(sorted(allowed))}
        )
    return tuple(sorted(set(values)))


def parse_request_filters(params) -> TileFilters:
    """Filters of request layers: category (subject or sub-subject ids), status (or 'open'), channel, Jalali
    from/to (inclusive days), region ids. Unknown parameters are refused so a typo never looks like 'no filter'."""
    from intake.models import Channel, Status

    unknown = sorted(set(params.keys()) - set(REQUEST_FILTER_PARAMS) - IGNORED_PARAMS)
    if unknown:
        raise TileFilterError(
            _("Unknown filter: %(names)s (filters: %(allowed)s)")
            % {"names": ", ".join(unknown), "allowed": ", ".join(REQUEST_FILTER_PARAMS)}
        )
    items: dict[str, tuple[str, ...]] = {}
    for name in REQUEST_FILTER_PARAMS:
        raw = params.get(name, "")
        if raw is None or raw.strip() == "":
            continue
        if name in ("category", "region"):
            items[name] = _ids(name, raw)
        elif name == "status":
            items[name] = _choices(name, raw, set(Status.values) | {"open"})
        elif name == "channel":
            items[name] = _choices(name, raw, set(Channel.values))
        else:
            items[name] = (parse_jalali_date(raw).strftime("%Y/%m/%d"),)
    if "from" in items and "to" in items and items["from"][0] > items["to"][0]:
        raise TileFilterError(_("The start date is after the end date."))
    return TileFilters(tuple(sorted(items.items())))


def no_filters(params) -> TileFilters:
    """Layers without filters still refuse unknown parameters."""
    unknown = sorted(set(params.keys()) - IGNORED_PARAMS)
    if unknown:
        raise TileFilterError(_("This layer takes no filters: %(names)s") % {"names": ", ".join(unknown)})
    return NO_FILTERS
