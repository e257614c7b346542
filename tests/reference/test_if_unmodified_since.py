"""If-Unmodified-Since: optimistic concurrency at one-second resolution."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from conformance.spec.httpdate import asctime_date, imf_fixdate, parse_http_date, rfc850_date

from .support import assert_error, truncated, updated, wait_past_second_after

FORMATS = {"imf-fixdate": imf_fixdate, "rfc850": rfc850_date, "asctime": asctime_date}


@pytest.fixture
def modified(api, fresh_contact):
    """A contact just written by a PUT: returns (id, its body, the PUT body to send again)."""
    contact_id = fresh_contact(26)
    body = api.contact(contact_id)
    response = api.put(contact_id, {**body, "Name": "Just modified"})
    assert response.status_code == 200
    return contact_id, response.json(), body


def _put(api, contact_id, body, date_header: str, name: str):
    return api.put(contact_id, {**body, "Name": name}, headers={"If-Unmodified-Since": date_header})


@pytest.mark.parametrize("style", FORMATS)
def test_stale_date_is_refused_with_412_and_the_contact_is_unchanged(api, modified, style):
    """A date one second before the last modification answers 412 and leaves the contact exactly as it was."""
    contact_id, current, body = modified
    stale = FORMATS[style](updated(current) - timedelta(seconds=1))
    error = assert_error(_put(api, contact_id, body, stale, "Stale write"), 412, "PreconditionFailed")
    assert str(contact_id) in error["ErrorMessage"]
    assert api.contact(contact_id) == current


@pytest.mark.parametrize("style", FORMATS)
def test_updated_date_truncated_to_the_second_is_accepted(api, modified, style):
    """The last modification itself, as an HTTP-date (fractions dropped), answers 200 and writes."""
    contact_id, current, body = modified
    header = FORMATS[style](updated(current))
    assert parse_http_date(header) == truncated(updated(current))
    response = _put(api, contact_id, body, header, "Current write")
    assert response.status_code == 200, response.text[:300]
    assert api.contact(contact_id)["Name"] == "Current write"


@pytest.mark.parametrize("ahead", [timedelta(seconds=1), timedelta(days=1), timedelta(days=365 * 100)])
def test_future_date_is_accepted(api, modified, ahead):
    """A date later than the last modification answers 200."""
    contact_id, current, body = modified
    response = _put(api, contact_id, body, imf_fixdate(updated(current) + ahead), "Future write")
    assert response.status_code == 200
    assert response.json()["Name"] == "Future write"


def test_long_unmodified_seed_contact_accepts_a_recent_date(api, fresh_contact):
    """A date after the last write but long before now answers 200 (the comparison is with UpdatedDate, not now)."""
    contact_id = fresh_contact(27)
    current = api.contact(contact_id)
    response = _put(api, contact_id, current, imf_fixdate(updated(current) + timedelta(seconds=2)), "Recent date")
    assert response.status_code == 200


def test_old_date_on_a_seed_contact_is_refused_with_412(api):
    """A seed contact last modified years ago refuses a date before that with 412, and stays unchanged."""
    before = api.contact(28)
    old = imf_fixdate(updated(before) - timedelta(days=30))
    assert_error(_put(api, 28, before, old, "Never written"), 412)
    assert api.contact(28) == before


@pytest.mark.parametrize(
    "garbage",
    [
        "yesterday",
        "2015-10-21T07:28:00Z",
        "Wed, 32 Oct 2015 07:28:00 GMT",
        "Wed, 21 Oct 2015 25:28:00 GMT",
        "Wed, 21 Oct 2015 07:28:00 UTC",
        "Wed, 21 Foo 2015 07:28:00 GMT",
        "0",
        "Wed, 21 Oct 15 07:28:00 GMT",
        ",",
    ],
)
def test_invalid_date_is_ignored(api, modified, garbage):
    """An If-Unmodified-Since that is not an HTTP-date is ignored: unconditional update, 200."""
    contact_id, _, body = modified
    response = _put(api, contact_id, body, garbage, "Invalid date ignored")
    assert response.status_code == 200
    assert api.contact(contact_id)["Name"] == "Invalid date ignored"


def test_without_the_header_the_put_always_updates(api, modified):
    """No If-Unmodified-Since: the PUT updates whatever the contact's history."""
    contact_id, _, body = modified
    for name in ("First unconditional", "Second unconditional"):
        assert api.put(contact_id, {**body, "Name": name}).status_code == 200
        assert api.contact(contact_id)["Name"] == name


def test_refused_write_keeps_the_updated_date_so_a_retry_with_it_succeeds(api, modified):
    """After a 412 the client can GET, use the Last-Modified it sees, and succeed."""
    contact_id, current, body = modified
    assert _put(api, contact_id, body, imf_fixdate(datetime(2015, 10, 21, tzinfo=timezone.utc)), "x").status_code == 412
    last_modified = api.get(contact_id).headers["Last-Modified"]
    assert last_modified == imf_fixdate(updated(current))
    assert _put(api, contact_id, body, last_modified, "Retried").status_code == 200


def test_second_write_with_the_same_date_after_the_clock_moved_is_refused(api, modified):
    """Once a conditional write succeeded in a later second, the same date is stale: 412."""
    contact_id, current, body = modified
    header = imf_fixdate(updated(current))
    wait_past_second_after(updated(current))
    assert _put(api, contact_id, body, header, "Winner").status_code == 200
    assert_error(_put(api, contact_id, body, header, "Loser"), 412)
    assert api.contact(contact_id)["Name"] == "Winner"
