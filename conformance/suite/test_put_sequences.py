"""A PUT in the sequences clients send it in (SPEC-NOTES, "What a PUT does", "If-Unmodified-Since").

Elsewhere a PUT follows a reset or another test's PUT. Here it follows what a client does just before:
a GET of the same contact (the read-modify-write cycle), a PUT within the same second (two edits in a row,
the second conditional on the first: one-second resolution, RFC 9110 §13.1.4), and a PUT the target
refused (401, 412, 415), which must leave no trace on the next one.
"""

import json

import pytest

from conformance.judging import checks
from conformance.spec.httpdate import imf_fixdate
from conformance.suite import draws, echoed_and_read_back, last_modified, requirement, with_values

#: Attempts at landing two PUTs in one second of the target's clock (a second boundary falls between them rarely).
SAME_SECOND_ATTEMPTS = 3


@requirement("put.echo", "put.persisted")
@draws("seq:after-get")
def test_a_put_right_after_a_get_is_answered_and_saved(client, workspace, target):
    """The contact read by GET, changed and PUT back at once, answers with the new values and a GET reads them back."""
    if not target.has_get:
        pytest.skip("the target has no GET Contact/{id}")
    read = checks.valid_contact(
        client.send("GET", client.contact_path(workspace.primary.id)), requirement="put.persisted"
    )
    body = with_values(read, {"Name": "Right After A GET", "Department": "Read-modify-write"})
    written = client.send("PUT", client.contact_path(workspace.primary.id), json_body=body)
    again = client.send("GET", client.contact_path(workspace.primary.id))
    fields = ["Name", "Department"]
    echoed_and_read_back(body, written, again, fields)


@requirement("ius.current")
@draws("seq:same-second")
def test_two_puts_within_one_second_both_succeed(client, workspace):
    """A PUT conditional on the UpdatedDate of a PUT made within the same second is accepted (one-second resolution)."""
    for attempt in range(SAME_SECOND_ATTEMPTS):
        first_body = with_values(workspace.primary.snapshot, {"Name": f"First Of Two {attempt}"})
        first = checks.valid_contact(
            client.send("PUT", client.contact_path(workspace.primary.id), json_body=first_body), requirement="put.ok"
        )
        body = with_values(first, {"Name": f"Second Of Two {attempt}"})
        response = client.send(
            "PUT",
            client.contact_path(workspace.primary.id),
            json_body=body,
            headers={"If-Unmodified-Since": imf_fixdate(last_modified(first))},
            role="conditional PUT",
        )
        second = checks.valid_contact(response, requirement="ius.current")
        checks.echoed(body, second, requirement="ius.current", fields=["Name"])
        if last_modified(second).replace(microsecond=0) == last_modified(first).replace(microsecond=0):
            return  # both in one second of the target's clock: the case this test is for


#: Wrong Basic credentials (``no-such-user:wrong``).
WRONG_CREDENTIALS = "Basic bm8tc3VjaC11c2VyOndyb25n"
#: An IMF-fixdate earlier than any contact the suite works on was last modified (the page's own example).
LONG_AGO = "Wed, 21 Oct 2015 07:28:00 GMT"


def _refused_put(client, contact_id: int, body: dict, status: int):
    """A PUT of ``body`` a conformant target refuses with ``status``: a stale date, bad credentials, text/plain."""
    if status == 412:
        return client.send(
            "PUT",
            client.contact_path(contact_id),
            json_body=body,
            headers={"If-Unmodified-Since": LONG_AGO},
            role="refused PUT",
        )
    if status == 401:
        return client.send(
            "PUT", client.contact_path(contact_id), json_body=body, authorization=WRONG_CREDENTIALS, role="refused PUT"
        )
    return client.send(
        "PUT",
        client.contact_path(contact_id),
        body=json.dumps(body).encode("utf-8"),
        headers={"Content-Type": "text/plain"},
        role="refused PUT",
    )


@requirement("put.echo", "put.persisted")
@pytest.mark.parametrize("refusal", [412, 401, 415], ids=["after-412", "after-401", "after-415"])
@draws("seq:after-refusal")
def test_a_put_after_a_refused_put_behaves_as_if_the_refusal_never_happened(client, workspace, target, refusal):
    """After a PUT refused with 401, 412 or 415, the next valid PUT answers and saves exactly its own values."""
    before = workspace.reset()
    refused_values = {"Name": "Refused Values AS", "Department": "Refused", "NoMailing": not before.get("NoMailing")}
    refused = _refused_put(client, workspace.primary.id, with_values(before, refused_values), refusal)
    if refused.status != refusal:
        pytest.skip(f"the target answered {refused.status}, not {refusal}: there is no refusal to follow")
    body = with_values(before, {"Name": "After A Refusal", "Department": before.get("Department") or ""})
    written = client.send("PUT", client.contact_path(workspace.primary.id), json_body=body)
    read = client.send("GET", client.contact_path(workspace.primary.id)) if target.has_get else None
    fields = ["Name", "Department", "NoMailing"]
    echoed_and_read_back(body, written, read, fields)
