"""Historical calls from a CSV file as uniform `CallRecord`s: New York City's 311 open-data columns, or our own
format. Pure Python (no Django, no database).

`civic` (our own format): a UTF-8 CSV with a header row and the columns

    tracking_code, created_at, closed_at, subject, sub_subject, lon, lat, address_text, text

`created_at` / `closed_at` are ISO 8601 (`2026-03-01T09:15:00+03:30`; without an offset the `default_tz` is
assumed; `closed_at` empty while open); `subject` / `sub_subject` are the category's codes or names (two calls are of
the same complaint type when both are equal); lon/lat are WGS84 degrees.

`nyc311`: the columns of NYC Open Data's "311 Service Requests" export (`Unique Key`, `Created Date` such as
`12/25/2013 11:59:08 PM` in New York time, `Closed Date` (may be empty), `Agency`, `Complaint Type`, `Descriptor`,
`Incident Address`, `Latitude`, `Longitude`; `Open Data Channel Type` when present). The agency is the subject,
the complaint type the sub-subject, the descriptor the text.

Rows without coordinates are skipped and counted; so are rows whose dates or coordinates cannot be read."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta, timezone, tzinfo
from pathlib import Path
from zoneinfo import ZoneInfo

NYC_TZ = ZoneInfo("America/New_York")
NYC_DATE_FORMAT = "%m/%d/%Y %I:%M:%S %p"
CIVIC_COLUMNS = ("tracking_code", "created_at", "closed_at", "subject", "sub_subject", "lon", "lat", "address_text",
                 "text")
NYC_COLUMNS = ("Unique Key", "Created Date", "Closed Date", "Agency", "Complaint Type", "Descriptor",
               "Incident Address", "Latitude", "Longitude")
FORMATS = ("nyc311", "civic")
# NYC's "Open Data Channel Type" (2016 on) as our channels; anything else is a phone call.
NYC_CHANNELS = {"PHONE": "phone", "ONLINE": "web", "MOBILE": "app"}


class ImportFailed(ValueError):
    """The file cannot be read as the format asked for (missing columns, unknown format)."""


@dataclass(frozen=True)
class CallRecord:
    """One historical call, whatever file it came from."""

    key: str  # the source's own identifier (NYC Unique Key, our tracking code)
    created_at: datetime  # timezone-aware
    closed_at: datetime | None
    subject: str
    sub_subject: str
    complaint_type: str  # the same kind of problem: NYC's Complaint Type, our subject + sub-subject
    lon: float
    lat: float
    address: str
    text: str
    channel: str = "phone"
    sequence: int = 0  # the arrival order among calls recorded at the same time (NYC: the Unique Key)
    kind: str = ""  # where the problem is (Category.duplicate_kind); empty: the default kind


@dataclass
class ImportResult:
    calls: list[CallRecord] = field(default_factory=list)
    rows: int = 0
    skipped_no_coordinates: int = 0
    skipped_unreadable: int = 0
    format: str = ""


def detect_format(header: list[str]) -> str:
    if set(NYC_COLUMNS) <= set(header):
        return "nyc311"
    if set(CIVIC_COLUMNS) <= set(header):
        return "civic"
    raise ImportFailed("unknown columns: expected NYC 311 open-data columns (Unique Key, Created Date, …) or "
                       f"ours ({', '.join(CIVIC_COLUMNS)})")


def read_calls(path: str | Path, file_format: str | None = None, *, default_tz: tzinfo = timezone.utc
               ) -> ImportResult:
    """Every readable call of the file, in file order. `file_format` None: told by the header."""
    with open(path, newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        header = reader.fieldnames or []
        file_format = file_format or detect_format(header)
        if file_format not in FORMATS:
            raise ImportFailed(f"unknown format {file_format!r}; formats: {', '.join(FORMATS)}")
        needed = NYC_COLUMNS if file_format == "nyc311" else CIVIC_COLUMNS
        missing = [column for column in needed if column not in header]
        if missing:
            raise ImportFailed(f"{file_format}: missing columns {', '.join(missing)}")
        result = ImportResult(format=file_format)
        parse = _nyc_row if file_format == "nyc311" else (lambda row: _civic_row(row, default_tz))
        for row in reader:
            result.rows += 1
            try:
                call = parse(row)
                if call is not None and file_format == "civic":
                    call = replace(call, sequence=result.rows)
            except ValueError:
                result.skipped_unreadable += 1
                continue
            if call is None:
                result.skipped_no_coordinates += 1
            else:
                result.calls.append(call)
    return result


def _coordinates(lon: str, lat: str) -> tuple[float, float] | None:
    lon, lat = (lon or "").strip(), (lat or "").strip()
    if not lon or not lat:
        return None
    x, y = float(lon), float(lat)
    if not (-180 <= x <= 180 and -90 <= y <= 90):
        raise ValueError("coordinates out of range")
    if x == 0 and y == 0:
        return None
    return x, y


def _nyc_date(value: str) -> datetime | None:
    value = (value or "").strip()
    if not value:
        return None
    return datetime.strptime(value, NYC_DATE_FORMAT).replace(tzinfo=NYC_TZ)


# Where NYC's kinds of complaint are, as a city would configure its sub-subjects (Category.duplicate_kind): the
# housing and buildings agencies' complaints and noise from a home or a business are inside one building; street
# furniture, a blocked driveway or a parked car are at one spot; noise from the street or litter run along it;
# a helicopter, rodents or an encampment spread over an area; leaflets and taxi complaints have no place.
NYC_KIND_AGENCIES = {"HPD": "building", "DOB": "building"}
NYC_KINDS = [
    ("none", re.compile(r"literature request|benefit card|taxi complaint|for hire vehicle|lost property|consumer "
                        r"complaint|non-emergency|internal|food poisoning", re.I)),
    ("area", re.compile(r"helicopter|air quality|rodent|noise - park|encampment|homeless|panhandling", re.I)),
    ("building", re.compile(r"residential|commercial|building|elevator|boiler|indoor|food establishment|smoking|"
                            r"heat|plumbing|paint|electric|appliance|door/window|water leak|flooring|unsanitary",
                            re.I)),
    ("point", re.compile(r"street light|traffic signal|street sign|sidewalk|street condition|blocked driveway|"
                         r"illegal parking|derelict|abandoned|tree|parking meter|sewer|water system|hydrant|"
                         r"dead animal|dumpster|bridge|highway|manhole|vacant lot|graffiti", re.I)),
]


def nyc_problem_kind(agency: str, complaint_type: str) -> str:
    """The kind of problem a NYC complaint type is (building, point, street, area or none; street if unknown)."""
    if agency.strip().upper() in NYC_KIND_AGENCIES:
        return NYC_KIND_AGENCIES[agency.strip().upper()]
    return next((kind for kind, pattern in NYC_KINDS if pattern.search(complaint_type)), "street")


def _nyc_row(row: dict) -> CallRecord | None:
    point = _coordinates(row["Longitude"], row["Latitude"])
    created = _nyc_date(row["Created Date"])
    if created is None:
        raise ValueError("no created date")
    if point is None:
        return None
    return CallRecord(
        key=row["Unique Key"].strip(), created_at=created, closed_at=_nyc_date(row["Closed Date"]),
        subject=row["Agency"].strip(), sub_subject=row["Complaint Type"].strip(),
        complaint_type=row["Complaint Type"].strip(), lon=point[0], lat=point[1],
        address=(row["Incident Address"] or "").strip(), text=(row["Descriptor"] or "").strip(),
        channel=NYC_CHANNELS.get((row.get("Open Data Channel Type") or "").strip().upper(), "phone"),
        sequence=int(row["Unique Key"]) if row["Unique Key"].strip().isdigit() else 0,
        kind=nyc_problem_kind(row["Agency"], row["Complaint Type"]),
    )


def _iso(value: str, default_tz: tzinfo) -> datetime | None:
    value = (value or "").strip()
    if not value:
        return None
    moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    return moment if moment.tzinfo else moment.replace(tzinfo=default_tz)


def _civic_row(row: dict, default_tz: tzinfo) -> CallRecord | None:
    point = _coordinates(row["lon"], row["lat"])
    created = _iso(row["created_at"], default_tz)
    if created is None:
        raise ValueError("no created_at")
    if point is None:
        return None
    subject, sub_subject = row["subject"].strip(), row["sub_subject"].strip()
    return CallRecord(
        key=row["tracking_code"].strip(), created_at=created, closed_at=_iso(row["closed_at"], default_tz),
        subject=subject, sub_subject=sub_subject, complaint_type=f"{subject} / {sub_subject}",
        lon=point[0], lat=point[1], address=(row["address_text"] or "").strip(), text=(row["text"] or "").strip(),
        kind=(row.get("kind") or "").strip(),
    )


def in_time_order(calls: list[CallRecord]) -> list[CallRecord]:
    """The calls as they arrived: by creation time, then by arrival among equal times (NYC's Unique Key, our file
    order). Calls recorded at the same time (NYC's housing complaints all read 12:00:00 AM) are moved apart by a
    microsecond each, in that order, so that "created before it" holds for the earlier of them in the replay
    and in the ground truth alike; no call moves past one recorded later."""
    ordered = sorted(calls, key=lambda call: (call.created_at, call.sequence))
    separated: list[CallRecord] = []
    for call in ordered:
        if separated and call.created_at <= separated[-1].created_at:
            call = replace(call, created_at=separated[-1].created_at + timedelta(microseconds=1))
        separated.append(call)
    return separated
