"""The date-time strings of contact bodies (RFC 3339): reading any offset, comparing instants, writing UTC.

``same_instant`` and ``is_zero_date`` are the one place that says when two date-time
spellings are the same value (SPEC-NOTES, "Freedoms of a conformant server": dates are
compared as instants; the .NET zero date may be spelled with or without an offset).
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone, tzinfo

_RFC3339 = re.compile(
    r"(?P<date>\d{4}-\d\d-\d\d)[Tt ](?P<time>\d\d:\d\d:\d\d)(?:\.(?P<fraction>\d+))?"
    r"(?P<offset>[Zz]|[+-]\d\d:\d\d)?"
)


def _parts(text: object) -> tuple[datetime, str, int] | None:
    """(local time without fractions, fraction digits, offset in seconds) of an RFC 3339 date-time; None if not one."""
    match = _RFC3339.fullmatch(text.strip()) if isinstance(text, str) else None
    if match is None:
        return None
    try:
        local = datetime.fromisoformat(f"{match['date']}T{match['time']}")
    except ValueError:
        return None
    offset = match["offset"]
    if offset in (None, "Z", "z"):
        return local, match["fraction"] or "", 0
    hours, minutes = int(offset[1:3]), int(offset[4:6])
    if hours > 23 or minutes > 59:
        return None
    return local, match["fraction"] or "", (1 if offset[0] == "+" else -1) * (hours * 3600 + minutes * 60)


def parse_datetime(text: str) -> datetime | None:
    """An aware datetime for an RFC 3339 date-time (any number of fractional digits); None if not one.

    A string without an offset (the .NET ``0001-01-01T00:00:00``) is read as UTC.
    """
    parts = _parts(text)
    if parts is None:
        return None
    local, fraction, offset = parts
    return local.replace(microsecond=int(fraction[:6].ljust(6, "0")), tzinfo=timezone(timedelta(seconds=offset)))


#: .NET ticks (100 ns, the resolution of DateTime) per second.
TICKS_PER_SECOND = 10_000_000
_YEAR_ONE = datetime(1, 1, 1)


def ticks(text: object) -> int | None:
    """The instant an RFC 3339 date-time names, as .NET ticks since 0001-01-01T00:00:00Z; None if not one.

    Exact to 100 ns (digits beyond the seventh are dropped, as .NET does); works for
    offsets that put the instant before year 1 (``0001-01-01T00:00:00+02:00``).
    """
    parts = _parts(text)
    if parts is None:
        return None
    local, fraction, offset = parts
    seconds = (local - _YEAR_ONE) // timedelta(seconds=1) - offset
    return seconds * TICKS_PER_SECOND + int(fraction[:7].ljust(7, "0"))


def same_instant(a: object, b: object) -> bool:
    """Whether two values are date-times naming the same instant (``...Z`` = ``...+00:00`` = ``...02:00+02:00``)."""
    moment = ticks(a)
    return moment is not None and moment == ticks(b)


#: The .NET zero date (``DateTime.MinValue``) as it serialises without a kind;
#: ``is_zero_date`` recognises every spelling.
ZERO_DATE = "0001-01-01T00:00:00"
#: The same instant written in UTC, the reference server's spelling.
ZERO_DATE_UTC = ZERO_DATE + "Z"


def is_zero_date(value: object) -> bool:
    """Whether a value is the .NET zero date (``0001-01-01T00:00:00``, with ``Z``, ``+00:00``, zero fractions)."""
    return ticks(value) == 0


def format_utc(moment: datetime) -> str:
    """``2023-10-18T00:30:52.475542Z``: UTC with microseconds."""
    return moment.astimezone(timezone.utc).replace(tzinfo=None).isoformat(timespec="microseconds") + "Z"


def format_in_zone(moment: datetime, zone: tzinfo) -> str:
    """The moment in a time zone, with its offset: ``2023-10-18T02:30:52.475542+02:00``.

    A moment the zone cannot represent (near year 1 or 9999, or a historic offset with
    seconds) stays in UTC.
    """
    try:
        local = moment.astimezone(zone)
    except OverflowError:
        return format_utc(moment)
    offset = local.utcoffset()
    assert offset is not None  # astimezone gives an aware datetime: its zone has an offset
    if offset.seconds % 60 or offset.microseconds:
        return format_utc(moment)  # a local mean time offset RFC 3339 cannot write
    return local.isoformat(timespec="microseconds")


def now_utc() -> datetime:
    """The current instant, in UTC."""
    return datetime.now(timezone.utc)
