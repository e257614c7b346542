"""Media types: the bodies a PUT reads (JSON, XML, forms, patches) and the ones it answers (Accept)."""

from __future__ import annotations

from urllib.parse import urlencode
from xml.etree import ElementTree

import pytest

from conformance.spec import xmlcodec
from conformance.spec.rules import writable_view

from .support import assert_error, dumps, response_violations


@pytest.mark.parametrize(
    "content_type",
    [
        "application/json",
        "text/json",
        "application/json; charset=utf-8",
        "text/json; charset=utf-8",
        "application/json;charset=UTF-8",
        "Application/JSON",
        'application/json; charset="utf-8"',
    ],
)
def test_json_content_types_are_accepted_and_saved(api, fresh_contact, content_type):
    """application/json and text/json bodies, with or without a charset, answer 200 and are saved."""
    contact_id = fresh_contact(29)
    name = f"Saved as {content_type}"[:80]
    response = api.put(
        contact_id, data=dumps({**api.contact(contact_id), "Name": name}), headers={"Content-Type": content_type}
    )
    assert response.status_code == 200, response.text[:300]
    assert api.contact(contact_id)["Name"] == name


@pytest.mark.parametrize(
    ("charset", "codec"), [("iso-8859-1", "latin-1"), ("utf-16", "utf-16"), ("windows-1252", "cp1252")]
)
def test_json_in_another_declared_charset_is_decoded(api, fresh_contact, charset, codec):
    """A JSON body in the charset its Content-Type declares is read in that charset."""
    contact_id = fresh_contact(29)
    data = '{"Name": "Ærøskøbing Ørsted"}'.encode(codec)
    response = api.put(contact_id, data=data, headers={"Content-Type": f"application/json; charset={charset}"})
    assert response.status_code == 200, response.text[:300]
    assert api.contact(contact_id)["Name"] == "Ærøskøbing Ørsted"


@pytest.mark.parametrize("charset", ["klingon", "rot13", "base64", "hex", "zlib"])
def test_unknown_or_non_text_charset_is_refused_with_415(api, charset):
    """A charset that is not a known text encoding answers 415 (never a 5xx)."""
    response = api.put(30, data=b'{"Name": "x"}', headers={"Content-Type": f"application/json; charset={charset}"})
    assert_error(response, 415, "UnsupportedMediaType")


@pytest.mark.parametrize(
    ("charset", "data"),
    [
        ("utf-8", b'{"Name": "\xff"}'),
        ("ascii", '{"Name": "é"}'.encode()),
        ("undefined", b'{"Name": "x"}'),
        ("utf-7", b'{"Name": "+2AA-"}'),
    ],
)
def test_body_not_in_its_declared_charset_is_refused_with_400(api, charset, data):
    """Bytes the declared charset cannot decode into Unicode text answer 400."""
    response = api.put(30, data=data, headers={"Content-Type": f"application/json; charset={charset}"})
    assert_error(response, 400, "BadRequest")


@pytest.mark.parametrize(
    "content_type", ["text/plain", "application/octet-stream", "image/png", "multipart/form-data", "json"]
)
def test_unsupported_content_type_is_refused_with_415(api, content_type):
    """A body in a media type the endpoint does not read answers 415, and nothing changes."""
    before = api.contact(30)
    response = api.put(30, data=dumps({**before, "Name": "x"}), headers={"Content-Type": content_type})
    assert_error(response, 415, "UnsupportedMediaType")
    assert api.contact(30) == before


def test_body_without_content_type_is_refused_with_415(api):
    """A JSON body sent without any Content-Type answers 415."""
    response = api.put(30, data=dumps({"Name": "x"}))
    assert "Content-Type" not in response.request.headers
    assert_error(response, 415)


@pytest.mark.parametrize("accept", ["application/json", "text/json"])
def test_json_accept_gets_that_media_type_back(api, accept):
    """Accept application/json or text/json answers that media type, charset utf-8."""
    response = api.put(31, api.contact(31), headers={"Accept": accept})
    assert response.status_code == 200
    assert response.headers["Content-Type"] == f"{accept}; charset=utf-8"
    assert response_violations(response.json()) == []


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        ("application/foo", "application/json"),
        ("*/*", "application/json"),
        ("", "application/json"),
        ("garbage;;q=x", "application/json"),
        ("text/*", "text/json"),
        ("application/xml;q=0.5, text/json", "text/json"),
        ("text/json;q=0, application/xml", "application/xml"),
        ("image/png, text/xml;q=0.1", "text/xml"),
    ],
)
def test_accept_negotiation_falls_back_to_json(api, accept, expected):
    """Accept is honoured by quality and order; nothing acceptable gets JSON."""
    response = api.get(31, headers={"Accept": accept})
    assert response.status_code == 200
    assert response.headers["Content-Type"] == f"{expected}; charset=utf-8"


@pytest.mark.parametrize("accept", ["application/xml", "text/xml"])
def test_xml_accept_gets_contact_entity_xml_with_the_json_values(api, fresh_contact, accept):
    """Accept XML answers well-formed XML rooted at ContactEntity, ContactId = path id, same values as JSON."""
    contact_id = fresh_contact(32)
    body = api.contact(contact_id)
    response = api.put(contact_id, body, headers={"Accept": accept})
    assert response.status_code == 200
    assert response.headers["Content-Type"] == f"{accept}; charset=utf-8"
    root = ElementTree.fromstring(response.content)
    assert root.tag == "ContactEntity"
    assert root.findtext("ContactId") == str(contact_id)
    from_xml = xmlcodec.from_xml(response.content)
    from_json = api.get(contact_id).json()
    assert writable_view(from_xml) == writable_view(from_json)
    assert from_xml["UpdatedDate"] == from_json["UpdatedDate"]
    assert from_xml["Category"] == from_json["Category"]


@pytest.mark.parametrize("content_type", ["application/xml", "text/xml", "application/xml; charset=utf-8"])
def test_xml_body_is_accepted_and_saved(api, fresh_contact, content_type):
    """A ContactEntity XML body answers 200 and its values are saved."""
    contact_id = fresh_contact(33)
    body = {**api.contact(contact_id), "Name": "Sent as XML <&>", "Domains": ["xml.example"], "NoMailing": True}
    response = api.put(contact_id, data=xmlcodec.to_xml(body), headers={"Content-Type": content_type})
    assert response.status_code == 200, response.text[:300]
    assert writable_view(api.contact(contact_id)) == writable_view(body)


def test_malformed_xml_body_is_refused_with_400(api):
    """XML that is not well-formed, or not a ContactEntity, answers 400."""
    for data in (
        b"<ContactEntity><Name>x</ContactEntity>",
        b"<Person><Name>x</Name></Person>",
        b"not xml at all",
        b"<ContactEntity><ContactId>abc</ContactId></ContactEntity>",
    ):
        assert_error(api.put(30, data=data, headers={"Content-Type": "application/xml"}), 400, "BadRequest")


def test_merge_patch_body_is_treated_as_a_whole_entity(api, fresh_contact):
    """application/merge-patch+json is read as an entity: fields left out are cleared, not kept."""
    contact_id = fresh_contact(34)
    assert api.contact(contact_id)["Department"] is not None
    response = api.put(
        contact_id, data=dumps({"Name": "Merge patch"}), headers={"Content-Type": "application/merge-patch+json"}
    )
    assert response.status_code == 200
    stored = api.contact(contact_id)
    assert stored["Name"] == "Merge patch" and stored["Department"] is None


def test_json_patch_array_is_refused_with_400(api):
    """A JSON Patch document (an array of operations) is not an entity: 400, nothing changes."""
    before = api.contact(30)
    patch = [{"op": "replace", "path": "/Name", "value": "Patched"}]
    response = api.put(30, data=dumps(patch), headers={"Content-Type": "application/json-patch+json"})
    assert_error(response, 400, "BadRequest")
    assert api.contact(30) == before


def test_json_patch_content_type_with_an_object_is_read_as_an_entity(api, fresh_contact):
    """A JSON object sent as application/json-patch+json is read as an entity."""
    contact_id = fresh_contact(34)
    response = api.put(
        contact_id, data=dumps({"Name": "Object as patch"}), headers={"Content-Type": "application/json-patch+json"}
    )
    assert response.status_code == 200
    assert api.contact(contact_id)["Name"] == "Object as patch"


def test_flat_form_fields_are_saved(api, fresh_contact):
    """``Name=..&NoMailing=true`` as a form answers 200, saves those fields and clears the rest (a replacement)."""
    contact_id = fresh_contact(35)
    data = urlencode({"Name": "Form & fields", "noMailing": "true", "Description": "ünïcødé", "Emails": "ignored"})
    response = api.put(contact_id, data=data, headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert response.status_code == 200, response.text[:300]
    stored = api.contact(contact_id)
    assert (stored["Name"], stored["NoMailing"], stored["Description"]) == ("Form & fields", True, "ünïcødé")
    assert stored["Department"] is None and stored["Emails"] is None


@pytest.mark.parametrize("data", ["NoMailing=perhaps", "Source=many", "Source=99999999999", "Name=" + "x" * 300])
def test_form_field_of_the_wrong_type_is_refused_with_400(api, data):
    """A form value that is not of its property's type (or too long) answers 400."""
    response = api.put(30, data=data, headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert_error(response, 400, "BadRequest")


def test_xml_error_answers_are_json(api):
    """An error answered to a client accepting XML still carries the JSON error body."""
    response = api.put(30, data=b"", headers={"Content-Type": "application/json", "Accept": "application/xml"})
    assert_error(response, 400)
