"""Language, culture, time-zone and app-token headers on a valid PUT (SPEC-NOTES, "Authentication and headers").

The header sets are the context sweep's (conformance.spec.contexts.HEADER_SETS), which test_contexts.py and
test_model.py send in every context; here each is sent alone, with a body that exposes lossy servers.
"""

import time
from datetime import datetime, timezone

import pytest

from conformance.generation.strategies import edge_values
from conformance.judging import checks
from conformance.judging.contact_model import CLOCK_TOLERANCE
from conformance.judging.outcomes import Nonconformance, blame
from conformance.spec.contexts import HEADER_SETS
from conformance.spec.httpdate import parse_http_date
from conformance.spec.isodate import parse_datetime
from conformance.suite import drawing, draws, echoed_like_a_plain_put, requirement, with_values

#: The header sets of the context sweep, by name (``so-timezone``: ``{"SO-TimeZone": "Asia/Kolkata"}``).
TOLERATED = {name: headers for name, headers in HEADER_SETS.items() if headers}


@requirement("headers.tolerated")
@pytest.mark.parametrize("headers", list(TOLERATED.values()), ids=list(TOLERATED))
@draws("headers:language", "headers:app-token")
def test_language_zone_and_app_token_headers_never_make_a_valid_put_fail(client, workspace, headers):
    """With Accept-Language, SO-Language, SO-Culture, SO-TimeZone or SO-AppToken, a valid PUT answers 200 and saves."""
    workspace.reset()
    body = with_values(workspace.primary.snapshot, edge_values(workspace.lengths))
    response = client.send("PUT", client.contact_path(workspace.primary.id), json_body=body, headers=headers)
    echoed_like_a_plain_put(client, workspace.primary.id, response, body, requirement="headers.tolerated")


@requirement("headers.tolerated")
@drawing("headers:language-forms", "accept_language")
def test_accept_language_in_every_form_its_standard_allows_never_makes_a_valid_put_fail(
    client, workspace, accept_language
):
    """Accept-Language with the wildcard range, an empty list element, q=0 or letters in any case (RFC 9110 §12.5.4,
    §5.6.1.2; RFC 4647 §2.1): a valid PUT still answers 200 and saves what it sent."""
    workspace.reset()
    body = with_values(workspace.primary.snapshot, edge_values(workspace.lengths))
    response = client.send(
        "PUT", client.contact_path(workspace.primary.id), json_body=body, headers={"Accept-Language": accept_language}
    )
    echoed_like_a_plain_put(client, workspace.primary.id, response, body, requirement="headers.tolerated")


@requirement("headers.timezone-utc")
@pytest.mark.parametrize("zone", ["Asia/Kolkata", "America/New_York"])
@draws("headers:timezone")
def test_created_and_updated_dates_stay_utc_in_any_time_zone(client, workspace, zone):
    """With SO-TimeZone, CreatedDate and UpdatedDate come back in UTC, UpdatedDate the time of the PUT."""
    workspace.reset()  # a plain PUT first: one that fails without SO-TimeZone too is put.ok's to judge
    body = with_values(workspace.primary.snapshot, {"Name": "Time zone AS"})
    sent_at = time.time()
    response = client.send(
        "PUT", client.contact_path(workspace.primary.id), json_body=body, headers={"SO-TimeZone": zone}
    )
    answered_at = time.time()
    saved = checks.valid_contact(response, requirement="headers.timezone-utc")
    with blame(response), checks.collected() as expect:
        for name in ("CreatedDate", "UpdatedDate"):
            expect(checks.utc_date, saved, name, requirement="headers.timezone-utc")
        expect(_the_time_of_the_put, saved, response, sent_at, answered_at)


def _the_time_of_the_put(saved: dict, response, sent_at: float, answered_at: float) -> None:
    """UpdatedDate names the moment of the PUT, by the suite's clock and the target's own Date header, within the
    clock skew SPEC-NOTES allows (a wall time labelled Z in another zone is hours off)."""
    moment = parse_datetime(saved.get("UpdatedDate") or "")
    if moment is None or moment.year == 1:
        return  # not a UTC date-time at all: checks.utc_date says so
    earliest = datetime.fromtimestamp(sent_at, timezone.utc) - CLOCK_TOLERANCE
    latest = datetime.fromtimestamp(answered_at, timezone.utc) + CLOCK_TOLERANCE
    stamped = parse_http_date(response.header("date") or "")
    clock = response.header("date") or f"{datetime.fromtimestamp(sent_at, timezone.utc):%a, %d %b %Y %H:%M:%S GMT}"
    if not earliest <= moment <= latest or (stamped is not None and abs(stamped - moment) > CLOCK_TOLERANCE):
        raise Nonconformance(
            "headers.timezone-utc",
            "UpdatedDate is not the time of the PUT in UTC (off by more than the allowed clock skew)",
            pointer="/UpdatedDate",
            expected=f"within {CLOCK_TOLERANCE} of {clock}",
            actual=saved.get("UpdatedDate"),
        )
