"""If-Unmodified-Since with later dates and the obsolete HTTP-date formats (SPEC-NOTES, "If-Unmodified-Since").

As in test_if_unmodified_since.py, every date is derived from the UpdatedDate the target itself returned and
compared at one-second resolution. The cases are those the context sweep (test_contexts.py) and the state
machine (test_model.py) draw: a later IMF-fixdate, and RFC 850 and asctime dates that are current, later or stale.
"""

from datetime import timedelta

import pytest

from conformance.judging import checks
from conformance.judging.outcomes import blame
from conformance.spec.httpdate import asctime_date, imf_fixdate, rfc850_date
from conformance.suite import draws, last_modified, requirement, with_values


@requirement("ius.future")
@pytest.mark.parametrize(
    "later", [timedelta(seconds=1), timedelta(days=1), timedelta(days=3650)], ids=["1s", "1d", "10y"]
)
@draws("ius:later")
def test_a_date_later_than_the_last_modification_is_accepted(client, workspace, later):
    """A date after the UpdatedDate the target reports (not the suite's clock) answers 200 and saves the PUT."""
    before = workspace.reset()
    later_date = imf_fixdate(last_modified(before).replace(microsecond=0) + later)
    body = with_values(before, {"Name": "Later date accepted"})
    response = client.send(
        "PUT",
        client.contact_path(workspace.primary.id),
        json_body=body,
        headers={"If-Unmodified-Since": later_date},
        role="conditional PUT",
    )
    checks.echoed(
        body, checks.valid_contact(response, requirement="ius.future"), requirement="ius.future", fields=["Name"]
    )


@requirement("ius.obsolete-formats")
@pytest.mark.parametrize(
    "render, shift, status",
    [
        (rfc850_date, timedelta(0), 200),
        (rfc850_date, timedelta(days=-1), 412),
        (asctime_date, timedelta(hours=1), 200),
        (asctime_date, timedelta(hours=-1), 412),
    ],
    ids=["rfc850-current", "rfc850-stale", "asctime-later", "asctime-stale"],
)
@draws("ius:obsolete")
def test_rfc850_and_asctime_dates_are_honoured_like_imf_fixdate(client, workspace, target, render, shift, status):
    """An RFC 850 or asctime date answers as its IMF-fixdate would: 200 when current or later, 412 when stale."""
    before = workspace.baseline()
    date = render(last_modified(before).replace(microsecond=0) + shift)
    body = with_values(before, {"Name": "Obsolete date format honoured"})
    response = client.send(
        "PUT",
        client.contact_path(workspace.primary.id),
        json_body=body,
        headers={"If-Unmodified-Since": date},
        role="conditional PUT",
    )
    if status == 200:
        saved = checks.valid_contact(response, requirement="ius.obsolete-formats")
        checks.echoed(body, saved, requirement="ius.obsolete-formats", fields=["Name"])
        return
    checks.status_is(response, 412, requirement="ius.obsolete-formats")
    if target.has_get:
        after = checks.valid_contact(
            client.send("GET", client.contact_path(workspace.primary.id)), requirement="put.persisted"
        )
        with blame(response):
            checks.same_values(before, after, requirement="ius.obsolete-formats", what="the contact refused with 412")
