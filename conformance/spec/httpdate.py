"""HTTP-dates (RFC 9110 §5.6.7): the three formats a recipient must read, and how to write them.

An HTTP-date has one-second resolution and is always UTC. The preferred format is
IMF-fixdate (``Sun, 06 Nov 1994 08:49:37 GMT``); the obsolete ones are RFC 850
(``Sunday, 06-Nov-94 08:49:37 GMT``) and asctime (``Sun Nov  6 08:49:37 1994``).
"""

from __future__ import annotations

import re
from datetime import datetime, timezone

DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
LONG_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

_MONTH = "(?P<month>" + "|".join(MONTHS) + ")"
_TIME = r"(?P<hour>\d\d):(?P<minute>\d\d):(?P<second>\d\d)"
IMF_FIXDATE = re.compile(rf"(?:{'|'.join(DAYS)}), (?P<day>\d\d) {_MONTH} (?P<year>\d{{4}}) {_TIME} GMT")
RFC850_DATE = re.compile(rf"(?:{'|'.join(LONG_DAYS)}), (?P<day>\d\d)-{_MONTH}-(?P<year>\d\d) {_TIME} GMT")
ASCTIME_DATE = re.compile(rf"(?:{'|'.join(DAYS)}) {_MONTH} (?P<day>[ \d]\d) {_TIME} (?P<year>\d{{4}})")


def _two_digit_year(year: int, now: datetime) -> int:
    """RFC 9110: a year more than 50 years in the future is the most recent past one with those digits."""
    candidate = now.year - now.year % 100 + year
    return candidate - 100 if candidate > now.year + 50 else candidate


def parse_http_date(value: str, *, now: datetime | None = None) -> datetime | None:
    """The UTC instant of an HTTP-date in any of the three formats; None when it is not one."""
    text = value.strip()
    for pattern in (IMF_FIXDATE, RFC850_DATE, ASCTIME_DATE):
        match = pattern.fullmatch(text)
        if match is None:
            continue
        year = int(match["year"])
        if pattern is RFC850_DATE:
            year = _two_digit_year(year, now or datetime.now(timezone.utc))
        try:
            return datetime(
                year,
                MONTHS.index(match["month"]) + 1,
                int(match["day"]),
                int(match["hour"]),
                int(match["minute"]),
                int(match["second"]),
                tzinfo=timezone.utc,
            )
        except ValueError:
            return None
    return None


def _utc(moment: datetime) -> datetime:
    return moment.astimezone(timezone.utc)


def imf_fixdate(moment: datetime) -> str:
    """``Sun, 06 Nov 1994 08:49:37 GMT`` (fractions of a second dropped)."""
    m = _utc(moment)
    return f"{DAYS[m.weekday()]}, {m.day:02d} {MONTHS[m.month - 1]} {m.year:04d} {m:%H:%M:%S} GMT"


def rfc850_date(moment: datetime) -> str:
    """``Sunday, 06-Nov-94 08:49:37 GMT`` (obsolete format)."""
    m = _utc(moment)
    return f"{LONG_DAYS[m.weekday()]}, {m.day:02d}-{MONTHS[m.month - 1]}-{m.year % 100:02d} {m:%H:%M:%S} GMT"


def asctime_date(moment: datetime) -> str:
    """``Sun Nov  6 08:49:37 1994`` (obsolete format)."""
    m = _utc(moment)
    return f"{DAYS[m.weekday()]} {MONTHS[m.month - 1]} {m.day:2d} {m:%H:%M:%S} {m.year:04d}"
