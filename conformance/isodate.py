"""The date-time strings of contact bodies (RFC 3339): reading any offset, writing UTC."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from typing import Optional

_RFC3339 = re.compile(
    r"(?P<date>\d{4}-\d\d-\d\d)[Tt ](?P<time>\d\d:\d\d:\d\d)(?:\.(?P<fraction>\d+))?"
    r"(?P<offset>[Zz]|[+-]\d\d:\d\d)?"
)


def parse_datetime(text: str) -> Optional[datetime]:
    """An aware datetime for an RFC 3339 date-time (any number of fractional digits); None if not one.

    A string without an offset (the .NET ``0001-01-01T00:00:00``) is read as UTC.
    """
    match = _RFC3339.fullmatch(text.strip()) if isinstance(text, str) else None
    if match is None:
        return None
    try:
        moment = datetime.fromisoformat(f"{match['date']}T{match['time']}")
    except ValueError:
        return None
    fraction = (match["fraction"] or "0")[:6].ljust(6, "0")
    moment = moment.replace(microsecond=int(fraction))
    offset = match["offset"]
    if offset in (None, "Z", "z"):
        return moment.replace(tzinfo=timezone.utc)
    sign = 1 if offset[0] == "+" else -1
    delta = timedelta(hours=int(offset[1:3]), minutes=int(offset[4:6]))
    try:
        return moment.replace(tzinfo=timezone(sign * delta))
    except ValueError:
        return None


def format_utc(moment: datetime) -> str:
    """``2023-10-18T00:30:52.475542Z``: UTC with microseconds."""
    return moment.astimezone(timezone.utc).replace(tzinfo=None).isoformat(timespec="microseconds") + "Z"


def format_in_zone(moment: datetime, zone) -> str:
    """The moment in a time zone, with its offset: ``2023-10-18T02:30:52.475542+02:00``.

    A moment the zone cannot represent (near year 1 or 9999, or a historic offset with
    seconds) stays in UTC.
    """
    try:
        local = moment.astimezone(zone)
    except OverflowError:
        return format_utc(moment)
    if local.utcoffset().seconds % 60 or local.utcoffset().microseconds:
        return format_utc(moment)  # a local mean time offset RFC 3339 cannot write
    return local.isoformat(timespec="microseconds")


def now_utc() -> datetime:
    """The current instant, in UTC."""
    return datetime.now(timezone.utc)
