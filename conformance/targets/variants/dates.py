"""Variants in how dates are spelled: offsets, fraction digits, the zero date.

SPEC-NOTES, "Freedoms of a conformant server": "Dates: any RFC 3339 spelling of the
same instant where the rules above do not ask for UTC (``Z``, ``+00:00``, another
offset), 0 to 7 fractional digits; the .NET zero date in any spelling
(``0001-01-01T00:00:00``, with ``Z``, ``+00:00`` or zero fractions)."
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta, timezone

from conformance.spec import carriers
from conformance.spec.carriers import Kind
from conformance.spec.isodate import ZERO_DATE, is_zero_date, parse_datetime
from conformance.targets.reference import localization
from conformance.targets.reference.app import ReferenceApp
from conformance.targets.variants import variant

CONTACT = Kind("carrier", carrier=carriers.ROOT)
EAST = timezone(timedelta(hours=2))


def respelled(body: dict, spell: Callable[[str, bool], str | None]) -> dict:
    """The body with every date-time passed through ``spell(value, utc_required)`` (None: unchanged).

    ``utc_required`` is true for the top-level CreatedDate and UpdatedDate, which must stay UTC.
    """

    def change(name, kind, value, carrier):
        if kind.name != "date-time" or not isinstance(value, str):
            return value
        return spell(value, not carrier and name in localization.UTC_DATES) or value

    return localization.map_members(body, CONTACT, change)


def spelled(value: str, *, digits: int = 6, zone=None, utc: str = "Z") -> str | None:
    """A non-zero date-time with ``digits`` fraction digits (cut, not rounded) in ``zone`` (default: its own).

    ``utc`` is how the offset +00:00 is written. None for the zero date and non-dates.
    """
    moment = parse_datetime(value)
    if moment is None or is_zero_date(value):
        return None
    local = moment.astimezone(zone or moment.tzinfo)
    text = local.replace(tzinfo=None).isoformat(timespec="seconds")
    fraction = f"{local.microsecond:06d}0"[:digits]
    offset = local.isoformat()[-6:]
    return text + (f".{fraction}" if digits else "") + (utc if offset == "+00:00" else offset)


class _Respelled(ReferenceApp):
    """The reference server with the dates of every body it answers respelled by ``spell``."""

    def spell(self, value: str, utc_required: bool) -> str | None:
        raise NotImplementedError

    def representation(self, request, contact):
        return respelled(super().representation(request, contact), self.spell)


@variant("dates-plus-zero-offset", "dates")
class PlusZeroOffset(_Respelled):
    """Writes UTC dates with ``+00:00`` instead of ``Z``.

    SPEC-NOTES, Freedoms: "Dates: any RFC 3339 spelling of the same instant ... (`Z`, `+00:00`, another offset)".
    """

    def spell(self, value, utc_required):
        return spelled(value, utc="+00:00") if value.endswith(("Z", "z")) else None


@variant("dates-local-offset", "dates")
class LocalOffset(_Respelled):
    """Writes every date UTC is not required for with a +02:00 offset; CreatedDate and UpdatedDate with +00:00.

    SPEC-NOTES, Freedoms: "Dates: any RFC 3339 spelling of the same instant where the rules above do not ask
    for UTC (`Z`, `+00:00`, another offset)"; CreatedDate/UpdatedDate stay UTC (put.updated-date,
    headers.timezone-utc).
    """

    def spell(self, value, utc_required):
        if utc_required:
            return spelled(value, utc="+00:00")
        moment = parse_datetime(value)
        return spelled(value, zone=EAST) if moment is not None and moment.utcoffset() == timedelta(0) else None


@variant("dates-whole-seconds", "dates")
class WholeSeconds(_Respelled):
    """Writes dates without fractional digits (2023-10-18T00:30:52Z), to the second.

    SPEC-NOTES, Freedoms: "Dates: ... 0 to 7 fractional digits".
    """

    def spell(self, value, utc_required):
        return spelled(value, digits=0)


@variant("dates-milliseconds", "dates")
class Milliseconds(_Respelled):
    """Writes dates with 3 fractional digits (JavaScript style), to the millisecond.

    SPEC-NOTES, Freedoms: "Dates: ... 0 to 7 fractional digits".
    """

    def spell(self, value, utc_required):
        return spelled(value, digits=3)


@variant("dates-ticks", "dates")
class Ticks(_Respelled):
    """Writes dates with 7 fractional digits, as .NET's round-trip format does (2023-10-18T00:30:52.4755420Z).

    SPEC-NOTES, Freedoms: "Dates: ... 0 to 7 fractional digits"; the page's samples show
    `2023-10-18T02:30:52.4755423+02:00`.
    """

    def spell(self, value, utc_required):
        return spelled(value, digits=7)


class _ZeroDate(_Respelled):
    zero = ""

    def spell(self, value, utc_required):
        return self.zero if is_zero_date(value) else None


@variant("zero-date-bare", "dates")
class ZeroDateBare(_ZeroDate):
    """Writes the .NET zero date as ``0001-01-01T00:00:00`` (no offset, as DateTime.MinValue serialises).

    SPEC-NOTES, Freedoms: "the .NET zero date in any spelling (`0001-01-01T00:00:00`, with `Z`, `+00:00` or
    zero fractions)".
    """

    zero = ZERO_DATE


@variant("zero-date-plus-zero", "dates")
class ZeroDatePlusZero(_ZeroDate):
    """Writes the .NET zero date as ``0001-01-01T00:00:00+00:00``.

    SPEC-NOTES, Freedoms: "the .NET zero date in any spelling (`0001-01-01T00:00:00`, with `Z`, `+00:00` or
    zero fractions)".
    """

    zero = ZERO_DATE + "+00:00"


@variant("zero-date-fractions", "dates")
class ZeroDateFractions(_ZeroDate):
    """Writes the .NET zero date as ``0001-01-01T00:00:00.0000000Z``.

    SPEC-NOTES, Freedoms: "the .NET zero date in any spelling (`0001-01-01T00:00:00`, with `Z`, `+00:00` or
    zero fractions)".
    """

    zero = ZERO_DATE + ".0000000Z"


@variant("select-zeroes-value-types", "select")
class SelectZeroesValueTypes(ReferenceApp):
    """Under ``$select``, writes unselected int, bool, double and date-time properties as their .NET zero, not null.

    SPEC-NOTES, select.projection: "every other int/bool/double/date-time is `null` or its zero value (0,
    false, `0001-01-01T00:00:00`, the .NET default)"; Freedoms: "the .NET zero date in any spelling". The
    zero date is written ``0001-01-01T00:00:00Z``, the reference server's own spelling.
    """

    def representation(self, request, contact):
        body = super().representation(request, contact)
        selection = self.selection(request)
        if selection is None:
            return body
        kinds = carriers.contact().properties
        return {
            name: carriers.DOTNET_DEFAULTS.get(kinds[name].name)
            if value is None and name not in selection and name in kinds
            else value
            for name, value in body.items()
        }


@variant("clock-skewed", "clock")
class ClockSkewed(ReferenceApp):
    """Runs on a clock two minutes fast: UpdatedDate, CreatedDate and the Date header are 2 minutes ahead.

    SPEC-NOTES, Freedoms: "Clock: the target's clock may differ from the suite's by up to 5 minutes."
    """

    SKEW = timedelta(minutes=2)

    def now(self):  # the Date header follows (ReferenceApp writes it from now())
        return super().now() + self.SKEW


@variant("dates-fractions-untracked", "clock")
class FractionsUntracked(ReferenceApp):
    """Stamps UpdatedDate and CreatedDate with the clock's whole second and a fixed fraction, .999.

    SPEC-NOTES, If-Unmodified-Since: "compared at one-second resolution"; Freedoms: "0 to 7 fractional digits".
    Nothing makes a fraction follow the clock, so "the next second" is judged by the target's Date header.
    """

    def now(self):
        return super().now().replace(microsecond=999000)


@variant("clock-behind-fractions-untracked", "clock")
class ClockBehindFractionsUntracked(ClockSkewed):
    """Runs on a clock four minutes slow, its Date header too, and stamps dates with a fixed fraction, .001.

    SPEC-NOTES, Freedoms: "the target's clock may differ from the suite's by up to 5 minutes"; If-Unmodified-Since:
    "compared at one-second resolution".
    """

    SKEW = timedelta(minutes=-4)

    def now(self):
        return super().now().replace(microsecond=1000)
