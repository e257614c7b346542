"""What a PUT does to the contact (SPEC-NOTES, "What a PUT does")."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conformance.generation.strategies import edge_values, writable_values
from conformance.judging import checks
from conformance.judging.outcomes import Nonconformance, blame
from conformance.spec import carriers
from conformance.spec.isodate import parse_datetime
from conformance.spec.rules import READ_ONLY_IGNORED, READ_ONLY_KEPT, WRITABLE, WRITABLE_SCALARS
from conformance.suite import draws, requirement, wait_for_next_second, with_values


@requirement("put.echo")
@given(data=st.data())
@draws("body:valid")
def test_written_fields_come_back_in_the_response(client, workspace, data):
    """Every writable field sent comes back equal in the 200 body: strings exactly, booleans, list order."""
    body = with_values(workspace.primary.snapshot, data.draw(writable_values(workspace.lengths), label="values"))
    response = client.send("PUT", client.contact_path(workspace.primary.id), json_body=body)
    checks.echoed(body, checks.valid_contact(response, requirement="put.echo"), requirement="put.echo")


@requirement("put.echo")
@draws("body:string-edges", "body:length-limits")
def test_edge_values_come_back_in_the_response(client, workspace):
    """Strings at their FieldLength with blanks, accents and non-BMP characters, flipped booleans and unsorted lists
    come back."""
    body = with_values(workspace.primary.snapshot, edge_values(workspace.lengths))
    response = client.send("PUT", client.contact_path(workspace.primary.id), json_body=body)
    checks.echoed(body, checks.valid_contact(response, requirement="put.echo"), requirement="put.echo")


@requirement("put.persisted")
@draws("body:string-edges")
def test_edge_values_are_read_back_by_get(client, workspace, target):
    """A GET after the PUT returns the edge values exactly."""
    if not target.has_get:
        pytest.skip("the target has no GET Contact/{id}")
    body = with_values(workspace.primary.snapshot, edge_values(workspace.lengths))
    written = checks.status_is(
        client.send("PUT", client.contact_path(workspace.primary.id), json_body=body), 200, requirement="put.persisted"
    )
    read = client.send("GET", client.contact_path(workspace.primary.id))
    with blame(written):
        checks.echoed(body, checks.valid_contact(read, requirement="put.persisted"), requirement="put.persisted")


@requirement("put.persisted")
@given(data=st.data())
def test_written_fields_are_read_back_by_get(client, workspace, target, data):
    """A GET after the PUT returns the writable values that were sent."""
    if not target.has_get:
        pytest.skip("the target has no GET Contact/{id}")
    body = with_values(workspace.primary.snapshot, data.draw(writable_values(workspace.lengths), label="values"))
    written = checks.status_is(
        client.send("PUT", client.contact_path(workspace.primary.id), json_body=body), 200, requirement="put.persisted"
    )
    read = client.send("GET", client.contact_path(workspace.primary.id))
    with blame(written):
        checks.echoed(body, checks.valid_contact(read, requirement="put.persisted"), requirement="put.persisted")


@requirement("put.idempotent")
@given(data=st.data())
@draws("seq:repeated")
def test_the_same_put_twice_leaves_the_same_representation(client, workspace, data):
    """Sending the same PUT twice gives the same representation, UpdatedDate and UpdatedBy excepted."""
    values = data.draw(
        st.one_of(st.just(edge_values(workspace.lengths)), writable_values(workspace.lengths)), label="values"
    )
    body = with_values(workspace.primary.snapshot, values)
    first = checks.valid_contact(
        client.send("PUT", client.contact_path(workspace.primary.id), json_body=body), requirement="put.idempotent"
    )
    second = checks.valid_contact(
        client.send("PUT", client.contact_path(workspace.primary.id), json_body=body), requirement="put.idempotent"
    )
    checks.same_values(
        first, second, requirement="put.idempotent", ignore=("UpdatedDate", "UpdatedBy"), what="the second PUT"
    )


@requirement("put.updated-date")
def test_updated_date_moves_forward_in_utc(client, workspace):
    """A successful PUT moves UpdatedDate forward, and it is a UTC date-time.

    The PUT is sent once the target's own clock (its Date header) has passed the second of the last write. It goes
    to the worker's second contact where there is one: last written by the race, a long test that runs first, it
    needs no wait (so this test comes before the path-id test, which writes that contact too).
    """
    contact = workspace.other() or workspace.primary
    before = workspace.read(contact) or workspace.reset(contact)
    wait_for_next_second(client, before)
    body = with_values(before, {"Name": "Updated date moves"})
    after = checks.valid_contact(
        client.send("PUT", client.contact_path(contact.id), json_body=body), requirement="put.updated-date"
    )
    checks.utc_date(after, "UpdatedDate", requirement="put.updated-date")
    old, new = parse_datetime(before["UpdatedDate"]), parse_datetime(after["UpdatedDate"])
    if old is not None and new <= old:
        raise Nonconformance(
            "put.updated-date",
            "UpdatedDate did not move forward",
            pointer="/UpdatedDate",
            expected=f"later than {before['UpdatedDate']}",
            actual=after["UpdatedDate"],
        )


@requirement("put.path-id")
@draws("id:other-in-body")
def test_path_id_wins_over_a_different_body_contact_id(client, workspace, target):
    """A body ContactId naming another contact is ignored (200, path id kept) or refused (400); the other is
    untouched."""
    other = workspace.other()
    other_id = other.id if other else workspace.unknown_id()
    before = workspace.baseline(other) if other else None
    body = with_values(workspace.primary.snapshot, {"ContactId": other_id, "Name": "Path id wins"})
    response = client.send("PUT", client.contact_path(workspace.primary.id), json_body=body)
    checks.status_is(response, (200, 400), requirement="put.path-id")
    if response.status == 200:
        saved = checks.valid_contact(response, requirement="put.path-id")
        if saved["ContactId"] != workspace.primary.id:
            raise Nonconformance(
                "put.path-id",
                "the response names another contact",
                pointer="/ContactId",
                expected=workspace.primary.id,
                actual=saved["ContactId"],
            )
    if target.has_get and before is not None:
        after = checks.valid_contact(client.send("GET", client.contact_path(other_id)), requirement="put.path-id")
        checks.same_values(before, after, requirement="put.path-id", what=f"the other contact ({other_id})")
    elif target.has_get:
        checks.status_is(client.send("GET", client.contact_path(other_id)), 404, requirement="put.path-id")


@requirement("put.readonly")
@draws("body:read-only")
def test_read_only_fields_sent_by_the_client_do_not_change(client, workspace):
    """CreatedDate, CreatedBy and UtmParameters sent do not change; _Links, TableRight, FieldProperties are ignored."""
    before = workspace.reset()
    forged = {
        "CreatedDate": "2001-02-03T04:05:06Z",
        "CreatedBy": {"AssociateId": 424242, "Name": "FORGED", "FullName": "Forged Creator"},
        "UtmParameters": {"Source": "forged", "Medium": "forged", "Campaign": "forged"},
        "_Links": {"Self": "http://forged.invalid/api/v1/Contact/1"},
        "TableRight": {"Mask": "None", "Reason": "forged"},
        "FieldProperties": {"Name": {"FieldRight": None, "FieldType": "System.String", "FieldLength": 1}},
    }
    body = {**with_values(before, {}), **forged}
    after = checks.valid_contact(
        client.send("PUT", client.contact_path(workspace.primary.id), json_body=body), requirement="put.readonly"
    )
    kinds = carriers.contact().properties
    for name in READ_ONLY_KEPT + tuple(n for n in READ_ONLY_IGNORED if n != "_Links"):
        if not checks.equal(after[name], before[name], kinds[name]):
            raise Nonconformance(
                "put.readonly",
                f"{name} sent by the client was applied",
                pointer=f"/{name}",
                expected=before[name],
                actual=after[name],
            )
    if (after.get("_Links") or {}).get("Self") == forged["_Links"]["Self"]:
        raise Nonconformance(
            "put.readonly",
            "_Links sent by the client was echoed",
            pointer="/_Links/Self",
            actual=forged["_Links"]["Self"],
        )


@requirement("put.replace")
def test_what_happens_to_writable_fields_left_out(client, workspace, observe):
    """Reports whether writable fields left out of a PUT body are cleared or kept."""
    before = workspace.reset()
    response = client.send(
        "PUT",
        client.contact_path(workspace.primary.id),
        json_body={"ContactId": workspace.primary.id, "Name": "Only the name"},
    )
    if response.status != 200:
        observe("put.replace", f"a body with only Name answered {response.status}")
        return
    after, problem = checks.readable(response)
    if problem is not None:
        observe("put.replace", f"a body with only Name answered 200, but {problem}")
        return
    left_out = [n for n in WRITABLE if n != "Name" and before.get(n) not in (None, "", [], False)]
    cleared = [n for n in left_out if after.get(n) in (None, "", [], False)]
    kept = [n for n in left_out if after.get(n) == before.get(n)]
    observe(
        "put.replace",
        f"left out of the body: {len(cleared)} cleared ({', '.join(cleared) or '-'}), "
        f"{len(kept)} kept ({', '.join(kept) or '-'})",
    )


@requirement("put.echo")
@draws("body:length-limits")
def test_strings_one_under_their_field_length_come_back(client, workspace):
    """Strings one UTF-16 unit under their FieldLength (blanks, accents and a non-BMP character inside) come back."""
    one_under = {name: max(length - 1, 0) for name, length in workspace.lengths.items()}
    body = with_values(workspace.primary.snapshot, edge_values(one_under))
    response = client.send("PUT", client.contact_path(workspace.primary.id), json_body=body)
    checks.echoed(body, checks.valid_contact(response, requirement="put.echo"), requirement="put.echo")


@requirement("put.field-length")
@draws("body:length-limits")
def test_what_happens_to_a_string_one_over_its_field_length(client, workspace, observe):
    """Reports what the target does with a Name one character longer than the FieldLength it declares."""
    limit = workspace.lengths["Name"]
    too_long = "N" * (limit + 1)
    response = client.send(
        "PUT",
        client.contact_path(workspace.primary.id),
        json_body=with_values(workspace.primary.snapshot, {"Name": too_long}),
    )
    sent = f"a Name of {limit + 1} characters (FieldLength {limit})"
    saved, problem = checks.readable(response)
    if response.status == 200 and problem is not None:
        observe("put.field-length", f"{sent} answered 200, but {problem}")
    elif response.status == 200:
        stored = (saved.get("Name") if isinstance(saved, dict) else None) or ""
        what = "stored whole" if stored == too_long else f"stored cut to {len(stored)} characters"
        observe("put.field-length", f"{sent} answered 200, {what}")
    else:
        observe("put.field-length", f"{sent} answered {response.status}")


@requirement("put.echo")
@pytest.mark.parametrize(
    "text",
    [
        "",
        "  blanks at both ends  ",
        "Ærøskøbing Ålesund",
        "中文 日本語 한국어",
        "emoji 🏢🚀 outside the BMP",
        "עברית RTL",
        "e\u0301 combining",
        "tab\tand\nnewline",
    ],
)
def test_unicode_names_come_back_exactly(client, workspace, text):
    """Names in any script, outside the BMP, with combining marks or control whitespace come back unchanged."""
    body = with_values(workspace.primary.snapshot, {"Name": text})
    checks.echoed(
        body,
        checks.valid_contact(
            client.send("PUT", client.contact_path(workspace.primary.id), json_body=body), requirement="put.echo"
        ),
        fields=WRITABLE_SCALARS,
        requirement="put.echo",
    )
