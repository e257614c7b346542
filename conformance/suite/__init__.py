"""The conformance suite: one module per aspect of PUT /api/v1/Contact/{id}, one marker per requirement.

Run it with ``conformance run`` or ``pytest --pyargs conformance.suite``.
"""

import time

import pytest

from conformance.judging.outcomes import HarnessError
from conformance.spec.isodate import parse_datetime

#: ``@requirement("put.echo")``: the requirement ids of SPEC-NOTES a test verifies.
requirement = pytest.mark.requirement


def with_values(contact: dict, values: dict) -> dict:
    """A PUT body: the contact as the target returned it, with some properties replaced."""
    body = {k: v for k, v in contact.items() if k != "_Links"}
    body.update(values)
    return body


def last_modified(contact: dict):
    """The contact's UpdatedDate as an aware datetime (a harness error when it is not a date-time)."""
    moment = parse_datetime(contact.get("UpdatedDate") or "")
    if moment is None:
        raise HarnessError(f"the target's UpdatedDate is not a date-time: {contact.get('UpdatedDate')!r}")
    return moment


def wait_for_next_second(contact: dict, received_at: float) -> None:
    """Sleep until the target's clock (estimated from the UpdatedDate it answered at ``received_at``) is past the next whole second."""
    to_next_second = 1 - last_modified(contact).microsecond / 1e6
    delay = received_at + to_next_second + 0.05 - time.monotonic()
    if delay > 0:
        time.sleep(delay)
