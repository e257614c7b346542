"""The conformance suite: one module per aspect of PUT /api/v1/Contact/{id}, one marker per requirement.

Run it with ``conformance run`` or ``pytest --pyargs conformance.suite``.
"""

import json
import time

import pytest
from hypothesis import example, given

from conformance.generation.members import boundaries, members
from conformance.harness.exploration import examples
from conformance.judging import checks
from conformance.judging.outcomes import HarnessError, Nonconformance, blame
from conformance.spec import xmlcodec
from conformance.spec.httpdate import imf_fixdate, parse_http_date
from conformance.spec.isodate import parse_datetime
from conformance.spec.rules import SERVER_OWNED, writable_view

#: ``@requirement("put.echo")``: the requirement ids of SPEC-NOTES a test verifies.
requirement = pytest.mark.requirement
#: ``@draws("select:repeated")``: the classes of the input partition (conformance/spec/partition.py) a test sends.
draws = pytest.mark.draws


def drawing(class_id: str, argument: str):
    """``@drawing("select:repeated", "select")``: the test's ``argument`` is drawn from the partition class: its
    boundaries in every run (Hypothesis' explicit examples), then ``profile.class_examples`` drawn members
    (conformance/generation/members.py). The test is marked ``@draws(class_id)``."""

    def decorate(test):
        drawn = given(**{argument: members(class_id)})(test)
        for boundary in reversed(boundaries(class_id)):
            drawn = example(**{argument: boundary})(drawn)
        return draws(class_id)(examples("class_examples")(drawn))

    return decorate


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


#: Seconds to wait for the target's Date header to show a later second than a write, and between two reads of it.
CLOCK_PATIENCE = 5.0
CLOCK_POLL = 0.1


def wait_for_next_second(client, contact: dict) -> None:
    """Wait until the target's own clock shows a later whole second than the contact's UpdatedDate.

    The clock is read from the target's ``Date`` header (whole seconds, RFC 9110 §6.6.1), never from the fraction
    of UpdatedDate, which a conformant server need not keep in step with its clock, nor from the suite's clock.
    A target that sends no Date is given a second and a half (its fraction cannot be trusted either). The clock is
    read with GET Contact/default (a sibling operation the Swagger names), which reads no contact: a read of the
    contact itself would make every wait a GET right before the PUT that follows.
    """
    written = last_modified(contact).replace(microsecond=0)
    path = client.contact_path("default")
    deadline = time.monotonic() + CLOCK_PATIENCE
    while time.monotonic() < deadline:
        answer = client.send("GET", path, setup=True, role="setup: the target's clock")
        shown = parse_http_date(answer.header("Date") or "")
        if shown is None:
            time.sleep(1.5)
            return
        if shown > written:
            return
        time.sleep(CLOCK_POLL)
    raise HarnessError(f"the target's Date header did not pass {imf_fixdate(written)} within {CLOCK_PATIENCE:.0f} s")


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


def xml_body(body: dict) -> bytes:
    """A PUT body as DataContract XML: the client's fields and ContactId, server-owned ones left out."""
    return xmlcodec.to_xml({k: v for k, v in body.items() if k not in SERVER_OWNED or k == "ContactId"})


def put_xml(client, contact_id: int, body: dict, content_type: str = "application/xml"):
    """PUT ``body`` as DataContract XML (xml_body), labelled with ``content_type``."""
    return client.send(
        "PUT", client.contact_path(contact_id), body=xml_body(body), headers={"Content-Type": content_type}
    )


def put_json_as(client, contact_id: int, body: dict, content_type: str):
    """PUT ``body`` as UTF-8 JSON, labelled with ``content_type`` as given (any spelling of a JSON media type)."""
    return client.send(
        "PUT",
        client.contact_path(contact_id),
        body=json.dumps(body, ensure_ascii=False).encode("utf-8"),
        headers={"Content-Type": content_type},
    )
