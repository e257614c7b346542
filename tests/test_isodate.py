"""The date-time helpers every value comparison uses (conformance/spec/isodate.py)."""

from __future__ import annotations

import pytest

from conformance.spec.isodate import is_zero_date, parse_datetime, same_instant, ticks

ZERO_SPELLINGS = [
    "0001-01-01T00:00:00",
    "0001-01-01T00:00:00Z",
    "0001-01-01T00:00:00z",
    "0001-01-01T00:00:00+00:00",
    "0001-01-01T00:00:00-00:00",
    "0001-01-01T00:00:00.0Z",
    "0001-01-01T00:00:00.000+00:00",
    "0001-01-01T00:00:00.0000000Z",
    "0001-01-01T00:00:00.0000000",
    "0001-01-01 00:00:00Z",
    "0001-01-01T02:00:00+02:00",
]
NOT_ZERO = [
    "0001-01-01T00:00:00.0000001Z",
    "0001-01-01T00:00:01Z",
    "0001-01-01T00:00:00-05:00",
    "0001-01-02T00:00:00Z",
    "2023-10-18T00:30:52Z",
    "0001-01-01",
    "0001-01-01T00:00:00+24:00",
    "",
    "not a date",
    None,
    0,
]


@pytest.mark.parametrize("text", ZERO_SPELLINGS)
def test_every_spelling_of_the_zero_date_is_the_zero_date(text):
    assert is_zero_date(text)
    assert ticks(text) == 0


@pytest.mark.parametrize("value", NOT_ZERO)
def test_other_values_are_not_the_zero_date(value):
    assert not is_zero_date(value)


SAME = [
    ("2023-10-18T02:30:52.4755423+02:00", "2023-10-18T00:30:52.4755423Z"),
    ("2023-10-18T00:30:52.4755423Z", "2023-10-18T00:30:52.475542300+00:00"),
    ("2023-10-18T00:30:52Z", "2023-10-18T00:30:52.0000000Z"),
    ("2023-10-18T00:30:52.5Z", "2023-10-18T00:30:52.500-00:00"),
    ("2023-10-18T00:30:52.123Z", "2023-10-17T19:00:52.123-05:30"),
    ("2023-12-31T23:30:00Z", "2024-01-01T01:30:00+02:00"),
    ("2023-10-18T00:30:52.47554239Z", "2023-10-18T00:30:52.4755423Z"),  # beyond 100 ns: dropped, as .NET does
]
DIFFERENT = [
    ("2023-10-18T00:30:52.4755423Z", "2023-10-18T00:30:52.4755424Z"),  # one tick, below a microsecond
    ("2023-10-18T00:30:52.475Z", "2023-10-18T00:30:52.476Z"),
    ("2023-10-18T02:30:52Z", "2023-10-18T02:30:52+02:00"),
    ("2023-10-18T00:30:52Z", "2023-10-18T00:30:53Z"),
    ("2023-10-18T00:30:52Z", "not a date"),
    ("not a date", "not a date"),
    (None, None),
]


@pytest.mark.parametrize(("a", "b"), SAME)
def test_spellings_of_one_instant_are_the_same_instant(a, b):
    assert same_instant(a, b) and same_instant(b, a)


@pytest.mark.parametrize(("a", "b"), DIFFERENT)
def test_different_instants_and_non_dates_are_not(a, b):
    assert not same_instant(a, b)


def test_ticks_count_dotnet_ticks():
    """.NET's DateTime(2023, 10, 18, 0, 30, 52, DateTimeKind.Utc).Ticks plus 4755423 ticks of fraction."""
    assert ticks("2023-10-18T00:30:52.4755423Z") == 638_331_858_520_000_000 + 4_755_423


def test_parse_datetime_reads_offsets_and_keeps_microseconds():
    moment = parse_datetime("2023-10-18T02:30:52.4755423+02:00")
    assert moment.utcoffset().total_seconds() == 7200 and moment.microsecond == 475542
    assert parse_datetime("0001-01-01T00:00:00").utcoffset().total_seconds() == 0
    assert parse_datetime("2023-02-30T00:00:00Z") is None
