"""``$select``: which properties a 200 body keeps; it never limits what is saved."""

from __future__ import annotations

import pytest

from conformance.spec import carriers
from conformance.spec.isodate import parse_datetime
from conformance.spec.rules import writable_view

from .support import projected_violations, response_violations

ZERO_DATE_YEAR = 1


def _is_empty(value, kind: carriers.Kind) -> bool:
    """Null, or the .NET default of a value type (0, false, 0001-01-01)."""
    if value is None:
        return True
    if kind.name == "date-time":
        moment = parse_datetime(value)
        return moment is not None and moment.year == ZERO_DATE_YEAR
    if kind.name in ("int32", "double"):
        return value == 0 and not isinstance(value, bool)
    if kind.name == "bool":
        return value is False
    return False


def _assert_only(body: dict, full: dict, kept: set[str], carrier: carriers.Carrier) -> None:
    """``kept`` properties equal the full body's; every other one is null or its zero value; all keys present."""
    assert set(body) == set(full)
    for name, kind in carrier.properties.items():
        if name not in body:
            continue
        if name in kept:
            assert body[name] == full[name], name
        else:
            assert _is_empty(body[name], kind), (name, body[name])


@pytest.fixture
def selected(api, fresh_contact):
    """PUT the same body with and without a ``$select``: returns (full body, send(select) -> response)."""
    contact_id = fresh_contact(22)
    body = api.contact(contact_id)
    full = api.put(contact_id, body).json()

    def send(select: str, **kwargs):
        return api.put(contact_id, body, params={"$select": select}, **kwargs)

    return full, send


def test_selected_properties_keep_their_values_and_the_others_are_emptied(selected):
    """``$select=Name,Department`` keeps those two; every other property is null or zero, its key still present."""
    full, send = selected
    response = send("Name,Department")
    assert response.status_code == 200
    body = response.json()
    assert projected_violations(body) == []
    _assert_only(body, full, {"Name", "Department"}, carriers.contact())


def test_page_example_select_in_the_raw_query_string_is_honoured(api, fresh_contact):
    """The page's own ``?$select=name,department,category/id`` (unencoded) shapes the response."""
    contact_id = fresh_contact(23)
    full = api.contact(contact_id)
    response = api.put(f"{contact_id}?$select=name,department,category/id", full)
    assert response.status_code == 200
    body = response.json()
    assert body["Name"] == full["Name"] and body["Department"] == full["Department"]
    assert body["Category"]["Id"] == full["Category"]["Id"]
    assert body["Emails"] is None and body["Address"] is None
    assert projected_violations(body) == []


@pytest.mark.parametrize("select", ["name,department", "NAME,DEPARTMENT", "nAmE,dEpArTmEnT"])
def test_select_names_match_regardless_of_case(selected, select):
    """Property names in ``$select`` are case-insensitive."""
    full, send = selected
    body = send(select).json()
    _assert_only(body, full, {"Name", "Department"}, carriers.contact())


def test_nested_select_keeps_one_member_and_nulls_the_others(selected):
    """``category/id`` keeps Category.Id; the other members of Category are null or zero; Name is null."""
    full, send = selected
    body = send("category/id").json()
    assert projected_violations(body) == []
    assert full["Category"] is not None and full["Category"]["Id"] != 0
    assert body["Category"]["Id"] == full["Category"]["Id"]
    category = carriers.carriers()["Category"]
    _assert_only(body["Category"], full["Category"], {"Id"}, category)
    assert body["Name"] is None


def test_nested_select_applies_to_each_item_of_a_list(selected):
    """``emails/value`` keeps Value of every email and empties their other members."""
    full, send = selected
    body = send("Emails/Value").json()
    assert full["Emails"], "the seed contact has emails"
    assert [e["Value"] for e in body["Emails"]] == [e["Value"] for e in full["Emails"]]
    assert all(e["Description"] is None and e["StrippedValue"] is None for e in body["Emails"])


def test_selecting_a_whole_object_keeps_all_its_members(selected):
    """``$select=Category`` keeps the whole Category carrier."""
    full, send = selected
    body = send("Category").json()
    assert body["Category"] == full["Category"]


def test_blanks_around_select_names_are_ignored(selected):
    """``Name , Department`` selects the same as ``Name,Department``."""
    full, send = selected
    body = send("  Name ,   Department  ").json()
    _assert_only(body, full, {"Name", "Department"}, carriers.contact())


def test_empty_select_answers_everything(selected):
    """``$select=`` behaves as no ``$select``: the full body, valid against the full response schema."""
    full, send = selected
    body = send("").json()
    assert response_violations(body) == []
    assert {k: v for k, v in body.items() if k != "UpdatedDate"} == {
        k: v for k, v in full.items() if k != "UpdatedDate"
    }


def test_unknown_select_names_are_ignored(selected):
    """An unknown name next to a known one is ignored: 200, the known one kept."""
    full, send = selected
    response = send("Name,NoSuchProperty,category/nothing")
    assert response.status_code == 200
    body = response.json()
    assert body["Name"] == full["Name"]
    assert projected_violations(body) == []


def test_only_unknown_select_names_empty_every_property(selected):
    """A ``$select`` naming nothing known answers 200 with every property emptied."""
    full, send = selected
    response = send("NoSuchProperty")
    assert response.status_code == 200
    _assert_only(response.json(), full, set(), carriers.contact())


@pytest.mark.parametrize("select", [",", ",,Name,,", "/", "Name/", "/Name", "Category//Id", "Name/Id/Deeper", "*"])
def test_odd_select_values_never_fail_the_put(selected, select):
    """Odd ``$select`` values (stray commas and slashes, ``*``) still answer 200 with a projected-valid body."""
    _, send = selected
    response = send(select)
    assert response.status_code == 200
    assert projected_violations(response.json()) == []


def test_select_does_not_limit_what_is_saved(api, fresh_contact):
    """With ``$select=Name`` every writable field sent is still saved, as a following GET shows."""
    contact_id = fresh_contact(24)
    body = {
        **api.contact(contact_id),
        "Name": "Select saves all",
        "Department": "Saved anyway",
        "Description": "Saved too",
        "Emails": [{"Value": "saved@example.com", "Description": "kept"}],
        "Domains": ["saved.example"],
        "NoMailing": True,
    }
    response = api.put(contact_id, body, params={"$select": "Name"})
    assert response.status_code == 200
    assert response.json()["Department"] is None
    stored = api.contact(contact_id)
    assert writable_view(stored) == writable_view(body)


def test_select_shapes_get_too(api):
    """``$select`` on GET projects the same way."""
    response = api.get(25, params={"$select": "Name"})
    assert response.status_code == 200
    body = response.json()
    assert body["Name"] == api.contact(25)["Name"] and body["Emails"] is None
    assert projected_violations(body) == []
