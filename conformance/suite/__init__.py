"""The conformance suite: one module per aspect of PUT /api/v1/Contact/{id}, one marker per requirement.

Run it with ``conformance run`` or ``pytest --pyargs conformance.suite``.
"""

import json
import time

import pytest

from conformance.judging import checks
from conformance.judging.outcomes import HarnessError, Nonconformance, blame
from conformance.spec.isodate import parse_datetime
from conformance.spec.rules import writable_view

#: ``@requirement("put.echo")``: the requirement ids of SPEC-NOTES a test verifies.
requirement = pytest.mark.requirement
#: ``@draws("select:repeated")``: the classes of the input partition (conformance/spec/partition.py) a test sends.
draws = pytest.mark.draws


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
    """Sleep until the target's clock (estimated from the UpdatedDate it answered at ``received_at``) is past the
    next whole second."""
    to_next_second = 1 - last_modified(contact).microsecond / 1e6
    delay = received_at + to_next_second + 0.05 - time.monotonic()
    if delay > 0:
        time.sleep(delay)


def kept_by_a_plain_put(client, contact_id: int, body: dict) -> list[str]:
    """The writable fields of ``body`` that the same PUT sent plainly (application/json, no extra header) gives back.

    A test of one dimension of a PUT (its media type, Accept, a header) judges only these, as the context sweep's
    isolation does: a value the plain PUT loses too is put.echo's to judge, not the dimension's.
    """
    response = client.send("PUT", client.contact_path(contact_id), json_body=body, role="the same PUT, plain")
    answer = checks.valid_contact(response, requirement="put.ok")
    kept = []
    for name in writable_view(body):
        try:
            checks.echoed(body, answer, fields=[name], requirement="put.echo")
        except Nonconformance:
            continue
        kept.append(name)
    return kept


def echoed_like_a_plain_put(client, contact_id: int, response, body: dict, *, requirement: str) -> None:
    """The answer to ``response`` gives back what the same PUT sent plainly gives back (kept_by_a_plain_put): a
    value the plain PUT loses too is put.echo's to judge, not ``requirement``'s."""
    saved = checks.valid_contact(response, requirement=requirement)
    kept = kept_by_a_plain_put(client, contact_id, body)
    with blame(response):
        checks.echoed(body, saved, requirement=requirement, fields=kept)


def read_back(body: dict, read, written, fields: list[str], *, requirement: str) -> None:
    """The values sent, read back by GET (``read``); a difference is blamed on the PUT (``written``)."""
    with blame(written):
        stored = checks.valid_contact(read, requirement=requirement)
        checks.echoed(body, stored, requirement=requirement, fields=fields)


def echoed_and_read_back(body: dict, written, read, fields: list[str]) -> None:
    """The ``fields`` sent come back in the answer (put.echo) and in the GET ``read`` after it (put.persisted; no
    GET, None: not judged here)."""
    with checks.collected() as expect:
        saved = expect(checks.valid_contact, written, requirement="put.echo")
        if saved is not None:
            expect(checks.echoed, body, saved, requirement="put.echo", fields=fields)
        if read is not None:
            expect(read_back, body, read, written, fields, requirement="put.persisted")


def put_json_as(client, contact_id: int, body: dict, content_type: str):
    """PUT ``body`` as UTF-8 JSON, labelled with ``content_type`` as given (any spelling of a JSON media type)."""
    return client.send(
        "PUT",
        client.contact_path(contact_id),
        body=json.dumps(body, ensure_ascii=False).encode("utf-8"),
        headers={"Content-Type": content_type},
    )
