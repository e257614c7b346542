"""Status codes and error bodies (SPEC-NOTES, "Status codes and bodies")."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conformance.generation.strategies import contact_entities
from conformance.judging import checks
from conformance.judging.outcomes import Nonconformance
from conformance.spec import endpoint_page as page
from conformance.suite import draws, requirement, with_values


@requirement("put.ok", "status.documented")
@given(data=st.data())
@draws("id:existing", "body:valid", "content:json", "select:absent", "ius:absent")
def test_schema_valid_entity_is_saved_with_200(client, workspace, data):
    """Any schema-valid ContactEntity PUT to an existing id answers 200 with a valid ContactEntityWithLinks."""
    entity = data.draw(contact_entities(workspace.lengths), label="entity")
    entity["ContactId"] = workspace.primary.id
    response = client.send("PUT", client.contact_path(workspace.primary.id), json_body=entity)
    with checks.collected() as expect:
        expect(checks.status_documented, response, requirement="status.documented")
        expect(checks.valid_contact, response, requirement="put.ok")


@requirement("put.ok")
@draws("body:valid")
def test_the_contact_as_read_is_saved_with_200(client, workspace):
    """PUTting back the representation the target returned answers 200 with a valid body."""
    response = client.send(
        "PUT", client.contact_path(workspace.primary.id), json_body=with_values(workspace.primary.snapshot, {})
    )
    checks.valid_contact(response, requirement="put.ok")


@requirement("put.ok")
@draws("body:valid")
def test_the_pages_sample_request_is_saved_with_200(client, workspace):
    """The page's own sample request body (dates with +02:00 offsets, 7 fractional digits) answers 200."""
    entity = {**page.sample_request(), "ContactId": workspace.primary.id}
    response = client.send("PUT", client.contact_path(workspace.primary.id), json_body=entity)
    checks.valid_contact(response, requirement="put.ok")


@requirement("put.no-body", "error.shape", "status.documented")
@pytest.mark.parametrize("content_type", ["application/json", "application/json; charset=utf-8", None])
@draws("body:empty", "content:none")
def test_empty_body_is_refused_with_400(client, workspace, content_type):
    """A PUT without a body answers 400 ("Entity to save is not in request body")."""
    response = client.send(
        "PUT", client.contact_path(workspace.primary.id), body=b"", headers={"Content-Type": content_type}
    )
    with checks.collected() as expect:
        expect(checks.status_is, response, 400, requirement="put.no-body")
        expect(checks.error_shape, response, requirement="error.shape")
        expect(checks.status_documented, response, requirement="status.documented")


@requirement("put.malformed", "error.shape", "status.documented")
@pytest.mark.parametrize(
    "body",
    [
        b'{"Name": "Acme"',
        b"{Name: 'Acme'}",
        b'{"Name": "Acme",}',
        b'{"Name": "Acme"} trailing',
        b"\xff\xfe{}",
        b"[1, 2",
    ],
    ids=["unclosed", "unquoted", "trailing-comma", "trailing-text", "not-utf8", "unclosed-array"],
)
@draws("body:malformed")
def test_malformed_json_is_refused_with_400(client, workspace, body):
    """A syntactically broken JSON body answers 400."""
    response = client.send(
        "PUT", client.contact_path(workspace.primary.id), body=body, headers={"Content-Type": "application/json"}
    )
    with checks.collected() as expect:
        expect(checks.status_is, response, 400, requirement="put.malformed")
        expect(checks.error_shape, response, requirement="error.shape")
        expect(checks.status_documented, response, requirement="status.documented")


@requirement("put.unknown-id", "error.shape", "status.documented")
@pytest.mark.parametrize("select", [None, "name,department"], ids=["plain", "with-select"])
@draws("id:unknown")
def test_unknown_id_answers_404_and_creates_nothing(client, workspace, target, select):
    """A PUT to an id no contact has answers 404, and no contact appears under that id (with $select too)."""
    unknown = workspace.unknown_id()
    body = with_values(workspace.primary.snapshot, {"ContactId": unknown})
    response = client.send(
        "PUT", client.contact_path(unknown), json_body=body, params=None if select is None else {"$select": select}
    )
    created = target.has_get and client.send("GET", client.contact_path(unknown), setup=True).status == 200
    if created:
        workspace.strays.append(unknown)
    with checks.collected() as expect:
        expect(checks.status_is, response, 404, requirement="put.unknown-id")
        expect(checks.error_shape, response, requirement="error.shape")
        expect(checks.status_documented, response, requirement="status.documented")
        if created:
            expect(_raise, Nonconformance("put.unknown-id", f"the PUT created contact {unknown}"))


@requirement("error.shape", "status.documented")
@pytest.mark.parametrize("contact_id", ["abc", "2147483648", "-1"])
@draws("id:not-a-number", "id:int32-edges")
def test_invalid_ids_answer_a_documented_error(client, workspace, contact_id):
    """An id that is not an int32 contact id answers a documented 4xx with the error body."""
    response = client.send(
        "PUT", client.contact_path(contact_id), json_body=with_values(workspace.primary.snapshot, {})
    )
    with checks.collected() as expect:
        expect(checks.status_is, response, (400, 404), requirement="status.documented")
        expect(checks.error_shape, response, requirement="error.shape")


def _raise(finding: Nonconformance) -> None:
    raise finding
