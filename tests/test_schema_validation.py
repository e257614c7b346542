"""The derived schemas accept the page's samples and reject what the spec forbids, saying where."""

from __future__ import annotations

import copy

import pytest
from jsonschema import Draft202012Validator
from referencing.exceptions import Unresolvable

from conformance.spec import endpoint_page as page
from conformance.spec.validators import load_validators

VALIDATORS = load_validators()


def test_sample_request_is_a_valid_request_body():
    assert VALIDATORS.request.violations(page.sample_request()) == []


def test_sample_response_is_a_valid_response_body():
    assert VALIDATORS.response.violations(page.sample_response()) == []


def test_sample_response_is_also_a_valid_projected_response():
    assert VALIDATORS.projected.violations(page.sample_response()) == []


def _set(document: dict, pointer: str, value) -> dict:
    changed = copy.deepcopy(document)
    *parents, last = pointer.strip("/").split("/")
    node = changed
    for part in parents:
        node = node[int(part)] if isinstance(node, list) else node[part]
    node[int(last) if isinstance(node, list) else last] = value
    return changed


REJECTED_REQUESTS = [
    pytest.param("/GroupId", "240", "is not of type 'integer'", id="string-for-int32"),
    pytest.param("/Persons/0/Rank", 2**31, "greater than the maximum", id="int32-overflow"),
    pytest.param("/Deleted", -(2**31) - 1, "less than the minimum", id="int32-underflow"),
    pytest.param("/UpdatedDate", "18.10.2023 02:30", "is not a 'date-time'", id="date-not-date-time"),
    pytest.param("/Interests/0/LastChanged", "2019-02-30T02:30:52+01:00", "is not a 'date-time'", id="impossible-date"),
    pytest.param("/UserDefinedFields/SuperOffice:1", 42, "is not of type 'string'", id="number-in-string-map"),
    pytest.param("/NoMailing", None, "is not of type 'boolean'", id="null-bool"),
    pytest.param("/Domains/0", None, "is not of type 'string'", id="null-array-item"),
]


@pytest.mark.parametrize(("pointer", "value", "message"), REJECTED_REQUESTS)
def test_request_schema_rejects_with_the_pointer_of_the_culprit(pointer, value, message):
    found = VALIDATORS.request.violations(_set(page.sample_request(), pointer, value))
    assert [v.pointer for v in found] == [pointer]
    assert message in found[0].message


def test_unknown_enum_value_is_rejected_inside_a_nullable_carrier():
    body = page.sample_request()
    body["Category"] = {"Id": 3, "CategoryGroup": "VeryImportant"}
    found = VALIDATORS.request.violations(body)
    assert [v.pointer for v in found] == ["/Category/CategoryGroup"]
    assert "is not one of" in found[0].message


def test_unknown_enum_value_is_rejected_in_a_response():
    body = page.sample_response()
    body["CreatedBy"] = dict.fromkeys(VALIDATORS.response.schema["$defs"]["Associate"]["required"])
    body["CreatedBy"].update(AssociateId=1, PersonId=1, Rank=1, GroupIdx=1, EjUserId=0, Deleted=False, Type="Robot")
    assert [str(v) for v in VALIDATORS.response.violations(body)] == [
        "/CreatedBy/Type: 'Robot' is not one of "
        "['Unknown', 'InternalAssociate', 'ResourceAssociate', 'ExternalAssociate', "
        "'AnonymousAssociate', 'SystemAssociate']"
    ]


def test_nullable_kinds_accept_null_in_a_request():
    body = dict.fromkeys(["Name", "Emails", "Category", "CustomFields", "Persons", "Address"])
    assert VALIDATORS.request.violations(body) == []


def test_value_types_refuse_null_in_a_request():
    body = dict.fromkeys(["ContactId", "NoMailing", "UpdatedDate"])
    assert [v.pointer for v in VALIDATORS.request.violations(body)] == ["/ContactId", "/NoMailing", "/UpdatedDate"]


def test_request_may_omit_every_property():
    assert VALIDATORS.request.violations({}) == []


def test_response_missing_a_property_is_rejected():
    body = page.sample_response()
    del body["_Links"]
    assert [str(v) for v in VALIDATORS.response.violations(body)] == ["/: '_Links' is a required property"]


def test_response_with_every_property_null_is_only_valid_as_a_projection():
    body = dict.fromkeys(page.sample_response())
    assert VALIDATORS.projected.violations(body) == []
    refused = {v.pointer for v in VALIDATORS.response.violations(body)}
    assert {"/ContactId", "/NoMailing", "/UpdatedDate"} <= refused
    assert "/Name" not in refused


def test_projection_accepts_dotnet_default_dates_and_zero_values():
    body = page.sample_response()
    body.update(UpdatedDate="0001-01-01T00:00:00", ContactId=0, Xstop=False)
    assert VALIDATORS.projected.violations(body) == []


@pytest.mark.parametrize("zero", ["0001-01-01T00:00:00", "0001-01-01T00:00:00Z", "0001-01-01T00:00:00.0000000+00:00"])
def test_every_body_accepts_the_dotnet_zero_date_in_any_spelling(zero):
    """SPEC-NOTES, Freedoms: "the .NET zero date in any spelling (`0001-01-01T00:00:00`, with `Z`, ...)"."""
    body = dict(page.sample_response(), DbiLastModified=zero)
    assert VALIDATORS.response.violations(body) == []
    assert VALIDATORS.request.violations({"DbiLastModified": zero}) == []
    assert [v.pointer for v in VALIDATORS.response.violations(dict(body, DbiLastModified="0001-01-01"))] == [
        "/DbiLastModified"
    ]


def test_projection_still_checks_types_of_present_values():
    body = _set(page.sample_response(), "/ContactId", "733")
    assert [v.pointer for v in VALIDATORS.projected.violations(body)] == ["/ContactId"]


def test_remote_references_are_never_fetched():
    schema = {"$ref": "https://schemas.example.com/elsewhere.json"}
    validator = Draft202012Validator(schema, registry=VALIDATORS.registry)
    with pytest.raises(Unresolvable):
        validator.validate({})
