"""What a PUT does to a contact: replacement, server-owned fields, ids, errors; and the sibling operations."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from conformance.spec import carriers
from conformance.spec.httpdate import imf_fixdate
from conformance.spec.isodate import parse_datetime
from conformance.spec.rules import SERVER_OWNED, WRITABLE_STRINGS, writable_view

from .support import assert_error, response_violations, updated, without_volatile

#: Seed contact with UtmParameters, BounceEmails and ActiveErpLinks set; only the server-owned test writes it.
SERVER_OWNED_SEED = 53
UNKNOWN_ID = 999_999
ZERO_DATE = datetime(1, 1, 1, tzinfo=timezone.utc)


def _edited(body: dict, tag: str) -> dict:
    """A contact body with every writable field given a new value."""
    return {
        **body,
        "Name": f"Renamed {tag}",
        "Department": "Procurement ÆØÅ",
        "OrgNr": "NO-123",
        "Number1": "N1",
        "Number2": "N2",
        "Description": "Línea 1\nLine 2 – ünïcødé 🎉",
        "Kananame": "カナ",
        "NoMailing": not body["NoMailing"],
        "Xstop": not body["Xstop"],
        "Emails": [
            {"Value": "B@example.com", "Description": "second"},
            {"Value": "a@example.com", "Description": "first"},
        ],
        "Urls": [{"Value": "https://example.com", "Description": "web"}],
        "Phones": [{"Value": "+47 22 33 44 55", "Description": "Switchboard"}],
        "Faxes": [{"Value": "+47 22 33 44 56", "Description": ""}],
        "Domains": ["zeta.example", "alpha.example"],
    }


def test_put_answers_200_with_a_body_valid_against_the_response_schema(api, fresh_contact):
    """A schema-valid PUT answers 200 with a body valid against ContactEntityWithLinks."""
    contact_id = fresh_contact(2)
    response = api.put(contact_id, _edited(api.contact(contact_id), "schema"))
    assert response.status_code == 200, response.text[:500]
    assert response.headers["Content-Type"] == "application/json; charset=utf-8"
    assert response_violations(response.json()) == []


def test_every_writable_field_sent_comes_back_and_is_saved(api, fresh_contact):
    """The writable fields sent are echoed in the 200 body and returned by a following GET."""
    contact_id = fresh_contact(3)
    sent = _edited(api.contact(contact_id), "echo")
    response = api.put(contact_id, sent)
    assert response.status_code == 200, response.text[:500]
    assert writable_view(response.json()) == writable_view(sent)
    assert writable_view(api.contact(contact_id)) == writable_view(sent)


def test_element_stripped_values_are_computed_by_the_server(api, fresh_contact):
    """StrippedValue of emails and phones is computed from Value, whatever the client sent."""
    contact_id = fresh_contact(4)
    body = {
        **api.contact(contact_id),
        "Emails": [{"Value": " Mixed@Example.COM ", "StrippedValue": "ignored"}],
        "Phones": [{"Value": "+47 (22) 33-44", "StrippedValue": "ignored"}],
    }
    saved = api.put(contact_id, body).json()
    assert saved["Emails"][0]["StrippedValue"] == "mixed@example.com"
    assert saved["Phones"][0]["StrippedValue"] == "+47223344"


def _expected_default(kind: carriers.Kind):
    if kind.name in ("string", "carrier", "array", "map"):
        return None
    return {"int32": 0, "double": 0, "bool": False}[kind.name]


def test_omitted_fields_take_the_dotnet_default(api, fresh_contact):
    """A property left out of the body becomes null (reference types) or 0/false/0001-01-01 (value types)."""
    contact_id = fresh_contact(5)
    response = api.put(contact_id, {"Name": "Only a name"})
    assert response.status_code == 200, response.text[:500]
    for body in (response.json(), api.contact(contact_id)):
        assert body["Name"] == "Only a name"
        assert response_violations(body) == []
        for name, kind in carriers.contact().properties.items():
            if name in SERVER_OWNED or name == "Name":
                continue
            if kind.name == "date-time":
                assert parse_datetime(body[name]) == ZERO_DATE, (name, body[name])
            else:
                expected = _expected_default(kind)
                assert body[name] == expected and type(body[name]) is type(expected), (name, body[name])


def test_server_owned_fields_are_kept_whatever_the_body_says(api):
    """Server-owned fields (ContactId, CreatedDate/By, UtmParameters, rights, ERP links, bounces) keep their values."""
    before = api.contact(SERVER_OWNED_SEED)
    assert before["UtmParameters"] is not None and before["BounceEmails"] and before["ActiveErpLinks"]
    other_associate = api.contact(1)["Associate"]
    assert other_associate["AssociateId"] != before["CreatedBy"]["AssociateId"]
    body = {
        **before,
        "ContactId": SERVER_OWNED_SEED,
        "Name": "Server-owned fields test",
        "CreatedDate": "2030-01-01T00:00:00Z",
        "CreatedBy": other_associate,
        "UtmParameters": {**before["UtmParameters"], "Source": "forged", "Campaign": "forged"},
        "TableRight": {"Mask": "Read", "Reason": "forged"},
        "FieldProperties": {},
        "ActiveErpLinks": 99,
        "BounceEmails": ["forged@example.com"],
        "_Links": {"Self": "http://forged.example/api/v1/Contact/1"},
    }
    response = api.put(SERVER_OWNED_SEED, body)
    assert response.status_code == 200, response.text[:500]
    kept = (
        "ContactId",
        "CreatedDate",
        "CreatedBy",
        "UtmParameters",
        "TableRight",
        "FieldProperties",
        "ActiveErpLinks",
        "BounceEmails",
    )
    for answer in (response.json(), api.contact(SERVER_OWNED_SEED)):
        assert answer["Name"] == "Server-owned fields test"
        for name in kept:
            assert answer[name] == before[name], name
        assert answer["_Links"]["Self"] == api.url(SERVER_OWNED_SEED)


def test_updated_date_is_now_in_utc_and_moves_forward(api, fresh_contact):
    """Each successful PUT sets UpdatedDate to the current UTC instant (ending in Z), later than the one before."""
    contact_id = fresh_contact(6)
    previous = api.contact(contact_id)
    for _ in range(2):
        before = datetime.now(timezone.utc)
        response = api.put(contact_id, {**previous, "Name": f"Moving {before.timestamp()}"})
        after = datetime.now(timezone.utc)
        assert response.status_code == 200
        body = response.json()
        assert body["UpdatedDate"].endswith("Z")
        assert before - timedelta(seconds=1) <= updated(body) <= after + timedelta(seconds=1)
        assert updated(body) > updated(previous)
        assert api.contact(contact_id)["UpdatedDate"] == body["UpdatedDate"]
        previous = body


def test_updated_by_is_the_caller(api, fresh_contact):
    """UpdatedBy becomes the API user, not what the body says."""
    contact_id = fresh_contact(7)
    body = {**api.contact(contact_id), "UpdatedBy": api.contact(1)["Associate"]}
    answer = api.put(contact_id, body).json()
    assert answer["UpdatedBy"]["UserName"] == "api"


def test_same_put_twice_leaves_the_same_representation(api, fresh_contact):
    """Sending the same PUT twice gives the same contact, UpdatedDate excepted."""
    contact_id = fresh_contact(8)
    body = _edited(api.contact(contact_id), "idempotent")
    first = api.put(contact_id, body).json()
    second = api.put(contact_id, body).json()
    assert without_volatile(first) == without_volatile(second)
    assert first["_Links"] == second["_Links"]


def test_get_body_put_back_unchanged_is_accepted(api, fresh_contact):
    """A contact as GET returns it (with _Links) is a valid PUT body and changes no writable field."""
    contact_id = fresh_contact(9)
    before = api.contact(contact_id)
    response = api.put(contact_id, before)
    assert response.status_code == 200, response.text[:500]
    assert without_volatile(response.json()) == {**without_volatile(before), "UpdatedBy": response.json()["UpdatedBy"]}


def test_path_id_wins_over_the_body_contact_id(api, fresh_contact):
    """A body ContactId naming another contact is ignored: the path's contact changes, the other is untouched."""
    target, other = fresh_contact(10), fresh_contact(11)
    other_before = api.contact(other)
    response = api.put(target, {**api.contact(target), "ContactId": other, "Name": "Path id wins"})
    assert response.status_code == 200, response.text[:500]
    assert response.json()["ContactId"] == target
    assert api.contact(target)["Name"] == "Path id wins"
    assert api.contact(other) == other_before


def test_unknown_id_is_refused_with_404_and_nothing_is_created(api):
    """A PUT to an id that does not exist answers 404 SoNotFoundException and creates no contact."""
    body = {**api.contact(12), "ContactId": UNKNOWN_ID, "Name": "Should not exist"}
    assert_error(api.put(UNKNOWN_ID, body), 404, "SoNotFoundException")
    assert_error(api.get(UNKNOWN_ID), 404, "SoNotFoundException")


@pytest.mark.parametrize("segment", ["abc", "1.5", "-1", "+1", "0x10", "1e3", "2147483648", "99999999999", "%20"])
def test_id_that_is_not_an_int32_is_refused_with_404(api, segment):
    """Non-numeric, negative or larger than int32 path ids answer 404."""
    assert_error(api.put(segment, api.contact(12)), 404)


def test_largest_int32_id_is_an_unknown_contact(api):
    """2147483647 is a valid id without a contact: 404."""
    assert_error(api.put(2**31 - 1, {"Name": "x"}), 404, "SoNotFoundException")


@pytest.mark.parametrize(
    "data",
    [b"", b"   \r\n\t ", b"null", b"[]", b"42", b'"a contact"', b"[{}]"],
    ids=["empty", "blank", "null", "array", "number", "string", "array-of-object"],
)
def test_body_without_an_entity_is_refused_with_400(api, data):
    """An empty body or a JSON value that is not an object answers 400."""
    assert_error(api.put(13, data=data, headers={"Content-Type": "application/json"}), 400, "BadRequest")


@pytest.mark.parametrize(
    "data",
    [
        b'{"Name": "x"',
        b"{Name: 'x'}",
        b'{"Name": "x",}',
        b'{"Name": "x"} trailing',
        b"\x00",
        b'{"Name": NaN}',
        b'{"Name": "x", "Source": Infinity}',
        b'{"Wgs84Latitude": 1e999}',
        b'{"Source": ' + b"9" * 5000 + b"}",
    ],
    ids=[
        "unclosed",
        "single-quotes",
        "trailing-comma",
        "trailing-text",
        "nul",
        "nan",
        "infinity",
        "overflow",
        "huge-integer",
    ],
)
def test_malformed_json_is_refused_with_400(api, data):
    """A syntactically broken JSON body (or one .NET cannot bind) answers 400."""
    assert_error(api.put(13, data=data, headers={"Content-Type": "application/json"}), 400, "BadRequest")


@pytest.mark.parametrize(
    "body",
    [
        {"Name": 5},
        {"ContactId": "13"},
        {"NoMailing": "yes"},
        {"Emails": 5},
        {"Emails": [None]},
        {"Emails": "a@b"},
        {"Phones": True},
        {"Domains": [1]},
        {"Category": []},
        {"Source": 2**31},
        {"Source": 1.5},
        {"UpdatedDate": "yesterday"},
        {"CustomFields": {"a": 1}},
        {"Address": {"Street": 5}},
    ],
    ids=lambda b: next(iter(b)) + "=" + repr(next(iter(b.values())))[:20],
)
def test_schema_invalid_body_is_refused_with_400_and_changes_nothing(api, body):
    """A body that breaks the request schema answers 400 and the contact stays as it was."""
    before = api.contact(14)
    assert_error(api.put(14, body), 400, "BadRequest")
    assert api.contact(14) == before


@pytest.mark.parametrize("field", WRITABLE_STRINGS)
def test_string_over_its_field_length_is_refused_with_400(api, fresh_contact, field):
    """A string one UTF-16 unit longer than the FieldLength the server declares answers 400; exactly that is saved."""
    contact_id = fresh_contact(15)
    before = api.contact(contact_id)
    limit = before["FieldProperties"][field]["FieldLength"]
    assert_error(api.put(contact_id, {**before, field: "x" * (limit + 1)}), 400, "BadRequest")
    assert api.contact(contact_id) == before
    response = api.put(contact_id, {**before, field: "x" * limit})
    assert response.status_code == 200 and response.json()[field] == "x" * limit


def test_field_length_counts_utf16_code_units(api, fresh_contact):
    """A character outside the BMP counts two: half the Name length in emoji fits, one more is refused."""
    contact_id = fresh_contact(16)
    body = api.contact(contact_id)
    half = body["FieldProperties"]["Name"]["FieldLength"] // 2
    assert api.put(contact_id, {**body, "Name": "\U0001f600" * half}).status_code == 200
    assert_error(api.put(contact_id, {**body, "Name": "\U0001f600" * (half + 1)}), 400)


@pytest.mark.parametrize("member", ["Value", "Description"])
def test_element_member_over_its_field_length_is_refused_with_400(api, fresh_contact, member):
    """An email Value or Description longer than the element's declared FieldLength answers 400."""
    contact_id = fresh_contact(17)
    body = {**api.contact(contact_id), "Emails": [{"Value": "a@example.com", "Description": "d"}]}
    declared = api.put(contact_id, body).json()["Emails"][0]["FieldProperties"][member]["FieldLength"]
    before = api.contact(contact_id)
    body["Emails"][0][member] = "e" * (declared + 1)
    assert_error(api.put(contact_id, body), 400, "BadRequest")
    assert api.contact(contact_id) == before
    body["Emails"][0][member] = "e" * declared
    assert api.put(contact_id, body).status_code == 200


def test_get_answers_last_modified_of_the_updated_date(api):
    """GET carries Last-Modified: the contact's UpdatedDate as an IMF-fixdate."""
    response = api.get(18)
    assert response.status_code == 200
    assert response.headers["Last-Modified"] == imf_fixdate(updated(response.json()))


def test_post_creates_a_contact_answering_200(api):
    """POST Contact answers 200 with a new contact (new id, creation stamps) that GET then returns."""
    source = api.contact(19)
    response = api.post({**source, "Name": "Created by POST"})
    assert response.status_code == 200, response.text[:500]
    created = response.json()
    assert response_violations(created) == []
    assert created["ContactId"] not in (0, 19)
    assert created["Name"] == "Created by POST"
    assert created["CreatedDate"] == created["UpdatedDate"]
    assert abs(updated(created) - datetime.now(timezone.utc)) < timedelta(minutes=1)
    assert api.contact(created["ContactId"]) == created


def test_delete_removes_the_contact(api, fresh_contact):
    """DELETE answers 204; afterwards GET, PUT and DELETE of that id answer 404."""
    contact_id = fresh_contact(20)
    body = api.contact(contact_id)
    response = api.delete(contact_id)
    assert response.status_code == 204 and response.content == b""
    assert_error(api.get(contact_id), 404)
    assert_error(api.put(contact_id, body), 404)
    assert_error(api.delete(contact_id), 404)


def test_default_contact_has_contact_id_0(api):
    """GET Contact/default answers an empty contact with ContactId 0, valid against the response schema."""
    response = api.get("default")
    assert response.status_code == 200
    body = response.json()
    assert body["ContactId"] == 0 and body["Name"] is None
    assert response_violations(body) == []


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("PATCH", "/api/v1/Contact/21"),
        ("POST", "/api/v1/Contact/21"),
        ("PUT", "/api/v1/Contact"),
        ("PUT", "/api/v1/Contact/default"),
        ("DELETE", "/api/v1/Contact"),
    ],
)
def test_method_not_allowed_is_refused_with_405_and_allow(api, method, path):
    """A method a resource does not offer answers 405 with an Allow header, and changes nothing."""
    before = api.contact(21)
    response = api.request(method, path, json={"Name": "x"})
    assert_error(response, 405)
    assert response.headers["Allow"]
    assert api.contact(21) == before


def test_path_outside_the_api_is_404(api):
    """A path that is not an API resource answers 404 with the error body."""
    assert_error(api.request("GET", "/nothing/here"), 404)
    assert_error(api.request("GET", "/api/v1/Person/1"), 404)
