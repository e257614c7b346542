"""Request and response media types, XML included (SPEC-NOTES, "Media types").

The JSON media types (content.json, accept.json) have their own tests in test_json_media_types.py. Every JSON
and XML media type, sent and asked for, is also judged in every context by test_contexts.py and test_model.py.
"""

import json
from urllib.parse import urlencode

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conformance.generation.strategies import XML_TEXT, edge_values, writable_values
from conformance.judging import checks
from conformance.suite import draws, put_xml, requirement, with_values


@requirement("accept.xml", "accept.xml.same-values")
@pytest.mark.parametrize("accept", ["application/xml", "text/xml"])
@draws("accept:xml")
def test_xml_is_answered_when_accepted(client, workspace, accept):
    """Accept: application/xml or text/xml gets a well-formed XML contact with the same values as JSON."""
    body = with_values(workspace.primary.snapshot, {"Name": 'Accept XML & <angle> "quotes"', "Department": "Øst"})
    as_json = checks.valid_contact(
        client.send("PUT", client.contact_path(workspace.primary.id), json_body=body), requirement="accept.xml"
    )
    response = client.send("PUT", client.contact_path(workspace.primary.id), json_body=body, headers={"Accept": accept})
    with checks.collected() as expect:
        expect(checks.media_type_is, response, accept, requirement="accept.xml")
        as_xml = expect(checks.xml_contact, response, workspace.primary.id, requirement="accept.xml")
        if as_xml is not None:
            expect(
                checks.same_values,
                as_json,
                as_xml,
                requirement="accept.xml.same-values",
                ignore=("UpdatedDate",),
                what="the XML representation",
            )


@requirement("content.xml")
@given(data=st.data(), content_type=st.sampled_from(["application/xml", "text/xml", "application/xml; charset=utf-8"]))
@draws("content:xml")
def test_xml_bodies_are_accepted_and_saved(client, workspace, data, content_type):
    """An XML body in the DataContract shape is accepted and its writable values saved."""
    edge = st.just(edge_values(workspace.lengths))
    values = data.draw(st.one_of(edge, writable_values(workspace.lengths, alphabet=XML_TEXT)), label="values")
    body = with_values(workspace.primary.snapshot, values)
    response = put_xml(client, workspace.primary.id, body, content_type)
    checks.echoed(body, checks.valid_contact(response, requirement="content.xml"), requirement="content.xml")


@requirement("content.unsupported", "error.shape")
@pytest.mark.parametrize("content_type", ["text/plain", "application/octet-stream"])
@draws("content:unsupported")
def test_unsupported_media_type_is_refused_with_415(client, workspace, content_type):
    """A body in a media type the endpoint does not read answers 415."""
    response = client.send(
        "PUT",
        client.contact_path(workspace.primary.id),
        body=b"Name=Plain text",
        headers={"Content-Type": content_type},
    )
    with checks.collected() as expect:
        expect(checks.status_is, response, 415, requirement="content.unsupported")
        expect(checks.error_shape, response, requirement="error.shape")


def _outcome(response, body: dict, before: dict) -> str:
    """What a PUT did: its status and, on 200, whether the Name was saved and the rest kept or cleared."""
    if response.status != 200:
        return f"answered {response.status}"
    saved, problem = checks.readable(response)
    if problem is not None or not isinstance(saved, dict):
        return f"answered 200, but {problem or 'the body is not a JSON object'}"
    name = "saved the Name" if saved.get("Name") == body.get("Name") else "did not save the Name"
    others = [n for n in ("Department", "Emails", "Phones") if before.get(n)]
    kept = [n for n in others if saved.get(n) == before.get(n)]
    return f"answered 200, {name}; other writable fields: {len(kept)} of {len(others)} kept"


@requirement("content.merge-patch")
@draws("content:patch-forms")
def test_what_a_merge_patch_body_does(client, workspace, observe):
    """Reports what the target does with a PUT in application/merge-patch+json."""
    before = workspace.reset()
    patch = {"Name": "Merge patch"}
    response = client.send(
        "PUT",
        client.contact_path(workspace.primary.id),
        body=json.dumps(patch).encode(),
        headers={"Content-Type": "application/merge-patch+json"},
    )
    observe("content.merge-patch", f"a merge-patch body {_outcome(response, patch, before)}")


@requirement("content.json-patch")
@draws("content:patch-forms")
def test_what_a_json_patch_body_does(client, workspace, observe):
    """Reports what the target does with a PUT in application/json-patch+json."""
    before = workspace.reset()
    patch = [{"op": "replace", "path": "/Name", "value": "JSON patch"}]
    response = client.send(
        "PUT",
        client.contact_path(workspace.primary.id),
        body=json.dumps(patch).encode(),
        headers={"Content-Type": "application/json-patch+json"},
    )
    observe("content.json-patch", f"a JSON Patch body {_outcome(response, {'Name': 'JSON patch'}, before)}")


@requirement("content.form")
@draws("content:patch-forms")
def test_what_flat_form_fields_do(client, workspace, observe):
    """Reports what the target does with a PUT of flat form fields."""
    before = workspace.reset()
    fields = {"Name": "Form fields", "Department": before.get("Department") or ""}
    response = client.send(
        "PUT",
        client.contact_path(workspace.primary.id),
        body=urlencode(fields).encode(),
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    observe("content.form", f"form fields {_outcome(response, fields, before)}")


@requirement("content.form", "server.no-5xx")
@pytest.mark.parametrize(
    "fields",
    [{"Name": "Form fields", "ContactId": "not-a-number"}, {"Name": "Form fields", "NoSuchField": "x"}],
    ids=["mistyped-number", "unknown-name"],
)
@draws("content:patch-forms")
def test_odd_form_fields_are_never_answered_with_5xx(client, workspace, fields, observe):
    """Form fields with a number that is none, or a name the contact does not have, are answered (200 or a 4xx),
    never with a 5xx; what the target does is reported."""
    before = workspace.reset()
    response = client.send(
        "PUT",
        client.contact_path(workspace.primary.id),
        body=urlencode(fields).encode(),
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    checks.not_a_server_error(response, f"form fields {fields}", requirement="server.no-5xx")
    observe("content.form", f"odd form fields {_outcome(response, fields, before)}")


@requirement("server.no-5xx")
@pytest.mark.parametrize(
    "charset, body",
    [
        ("klingon", b'{"Name": "No such charset"}'),
        ("rot13", b'{"Name": "A codec that is no charset"}'),
        ("us-ascii", '{"Name": "Bytes ASCII has no character for: é"}'.encode()),
        ("utf-7", b'{"Name": "+2AA-"}'),
    ],
    ids=["unknown", "not-a-text-encoding", "undecodable-bytes", "lone-surrogate"],
)
@draws("content:charsets")
def test_a_body_in_a_charset_the_server_cannot_read_is_never_answered_with_5xx(client, workspace, charset, body):
    """A JSON body labelled with a charset that does not exist, is no text encoding, has no character for its
    bytes, or decodes to a lone surrogate is refused (a 4xx), never answered with a 5xx (RFC 9110 §8.3.2)."""
    response = client.send(
        "PUT",
        client.contact_path(workspace.primary.id),
        body=body,
        headers={"Content-Type": f"application/json; charset={charset}"},
    )
    checks.not_a_server_error(response, f"a JSON body labelled charset={charset}", requirement="server.no-5xx")
