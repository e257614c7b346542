"""The suite's check functions (conformance/judging/checks.py) on canned exchanges, without a server."""

from __future__ import annotations

import copy
import json

import pytest

from conformance.judging import checks
from conformance.judging.exchange import Exchange
from conformance.judging.outcomes import Nonconformance, Nonconformances
from conformance.spec import xmlcodec
from conformance.spec.endpoint_page import sample_response

URL = "http://127.0.0.1:1/api/v1/Contact/5"
JSON = {"Content-Type": "application/json; charset=utf-8"}
MISSING = object()


def exchange(body=MISSING, *, status=200, headers=None, raw=None, **fields) -> Exchange:
    """A PUT exchange answered with ``body`` (JSON-encoded) or ``raw`` bytes."""
    if raw is None:
        raw = b"" if body is MISSING else json.dumps(body, ensure_ascii=False).encode("utf-8")
    return Exchange(
        "PUT",
        URL,
        {},
        b"{}",
        status=status,
        response_headers=JSON if headers is None else headers,
        response_body=raw,
        **fields,
    )


def _asking_for_xml(answer: Exchange) -> Exchange:
    """The exchange, as if its request had asked for XML only."""
    answer.request_headers["Accept"] = "application/xml"
    return answer


def broken(error: str = "connection broken: reset by peer") -> Exchange:
    """A PUT that got no complete response."""
    return Exchange("PUT", URL, {}, b"{}", error=error)


@pytest.fixture
def contact() -> dict:
    """The page's sample response: a valid ContactEntityWithLinks."""
    return copy.deepcopy(sample_response())


def projection_of(full: dict, selected: dict) -> dict:
    """What a conformant $select returns: selected properties kept, every other one null."""
    return {name: (value if name in selected else None) for name, value in full.items()}


def raises(requirement: str, *, pointer=MISSING, expected=MISSING, actual=MISSING):
    """Asserts the block raises Nonconformance for ``requirement`` with the given evidence."""
    return _Raises(requirement, pointer, expected, actual)


class _Raises:
    def __init__(self, requirement, pointer, expected, actual):
        self.requirement, self.pointer, self.expected, self.actual = requirement, pointer, expected, actual
        self.error: Nonconformance | None = None

    def __enter__(self):
        self._context = pytest.raises(Nonconformance)
        self.info = self._context.__enter__()
        return self

    def __exit__(self, *exc):
        handled = self._context.__exit__(*exc)
        self.error = self.info.value
        assert self.error.requirement == self.requirement, self.error.describe()
        if self.pointer is not MISSING:
            assert self.error.pointer == self.pointer, self.error.describe()
        if self.expected is not MISSING:
            assert self.error.has_values and self.error.expected == self.expected, self.error.describe()
        if self.actual is not MISSING:
            assert self.error.has_values and self.error.actual == self.actual, self.error.describe()
        return handled


# --- answered, status_is, json_body -------------------------------------------------------------


def test_answered_returns_a_complete_exchange():
    """A response (whatever its status) counts as answered."""
    done = exchange({}, status=500)
    assert checks.answered(done, requirement="put.ok") is done


def test_answered_fails_on_a_transport_error():
    """A broken connection is evidence against the target, under the caller's requirement."""
    with raises("put.ok") as caught:
        checks.answered(broken("no response within 10 s"), requirement="put.ok")
    assert "no response within 10 s" in caught.error.message
    assert "PUT" in caught.error.message


def test_status_is_accepts_the_expected_status_or_one_of_several():
    """An int or a set of statuses may be expected."""
    assert checks.status_is(exchange({}, status=412), 412, requirement="ius.stale").status == 412
    assert checks.status_is(exchange({}, status=400), (200, 400), requirement="put.path-id").status == 400


def test_status_is_reports_expected_and_actual_with_the_error_message():
    """A wrong status names the wanted ones, the actual one and the body's ErrorMessage."""
    answer = exchange({"Error": True, "ErrorMessage": "database on fire"}, status=500)
    with raises("put.ok", expected="200 or 412", actual=500) as caught:
        checks.status_is(answer, (412, 200), requirement="put.ok")
    assert "database on fire" in caught.error.message


def test_status_is_fails_on_a_transport_error_instead_of_crashing():
    """No response is a Nonconformance, not an AttributeError."""
    with raises("ius.race"):
        checks.status_is(broken(), 200, requirement="ius.race")


def test_json_body_parses_the_response(contact):
    """A JSON body comes back parsed."""
    assert checks.json_body(exchange(contact), requirement="put.ok") == contact


def test_json_body_fails_on_a_truncated_body():
    """A body cut at the client's size limit is not judged as JSON."""
    with raises("put.ok") as caught:
        checks.json_body(exchange({}, truncated=True), requirement="put.ok")
    assert "8 MiB" in caught.error.message


def test_json_body_fails_on_a_body_that_is_not_utf8():
    """Latin-1 bytes are reported as not UTF-8, with the byte offset."""
    with raises("put.echo") as caught:
        checks.json_body(exchange(raw='{"Name": "Ærø"}'.encode("latin-1")), requirement="put.echo")
    assert "not UTF-8" in caught.error.message
    assert "byte 10" in caught.error.message


@pytest.mark.parametrize("raw", [b"", b'{"Name": ', b"<ContactEntity/>"], ids=["empty", "cut", "xml"])
def test_json_body_fails_on_a_body_that_is_not_json(raw):
    """Empty, broken and non-JSON bodies are reported as not JSON."""
    with raises("put.ok") as caught:
        checks.json_body(exchange(raw=raw), requirement="put.ok")
    assert "not JSON" in caught.error.message


# --- valid_contact, media_type_is -----------------------------------------------------------------


def test_valid_contact_accepts_the_page_sample_response(contact):
    """The page's own sample is a valid 200 body."""
    assert checks.valid_contact(exchange(contact), requirement="put.ok") == contact


def test_valid_contact_fails_on_another_status(contact):
    """A valid body with status 201 is not a valid 200."""
    with raises("put.ok", expected="200", actual=201):
        checks.valid_contact(exchange(contact, status=201), requirement="put.ok")


def test_valid_contact_points_at_a_property_of_the_wrong_type(contact):
    """A Name that is a number is reported at /Name."""
    contact["Name"] = 5
    with raises("put.ok", pointer="/Name") as caught:
        checks.valid_contact(exchange(contact), requirement="put.ok")
    assert "not a valid ContactEntityWithLinks" in caught.error.message


def test_valid_contact_fails_on_a_dropped_property(contact):
    """A 200 body carries every property: a missing Name is reported at the root."""
    del contact["Name"]
    with raises("put.ok", pointer="") as caught:
        checks.valid_contact(exchange(contact), requirement="put.ok")
    assert "'Name' is a required property" in caught.error.message


def test_valid_contact_counts_further_violations(contact):
    """Several violations name the first and count the others."""
    contact["Name"], contact["Department"] = 5, 6
    with raises("put.ok") as caught:
        checks.valid_contact(exchange(contact), requirement="put.ok")
    assert "(and 1 more)" in caught.error.message


def test_valid_contact_accepts_a_projection_only_with_projected(contact):
    """Nulls everywhere but Name are a valid projected body and an invalid full one."""
    shaped = projection_of(contact, {"Name": None})
    assert checks.valid_contact(exchange(shaped), requirement="select.projection", projected=True) == shaped
    with raises("put.ok"):
        checks.valid_contact(exchange(shaped), requirement="put.ok")


def test_media_type_is_ignores_parameters_and_case():
    """``Application/JSON; charset=utf-8`` is application/json."""
    checks.media_type_is(
        exchange({}, headers={"content-type": "Application/JSON; charset=utf-8"}),
        "application/json",
        requirement="accept.json",
    )


def test_media_type_is_reports_the_content_type_received():
    """The whole Content-Type header is the actual value."""
    with raises("accept.json", expected="text/json", actual="application/json; charset=utf-8"):
        checks.media_type_is(exchange({}), "text/json", requirement="accept.json")


def test_media_type_is_fails_without_a_content_type():
    """No Content-Type header at all is the wrong media type."""
    with raises("accept.xml", expected="application/xml", actual=None):
        checks.media_type_is(exchange(raw=b"<x/>", headers={}), "application/xml", requirement="accept.xml")


# --- error_shape, status_documented ------------------------------------------------------------


def test_error_shape_accepts_the_documented_error_body():
    """``Error: true`` with a string ErrorMessage is the documented shape."""
    body = {
        "Error": True,
        "ErrorType": "SoNotFoundException",
        "ErrorMessage": "Contact id 99999 not found",
        "ErrorSource": "",
    }
    checks.error_shape(exchange(body, status=404), requirement="error.shape")


@pytest.mark.parametrize(
    ("body", "actual"),
    [
        ({"ErrorMessage": "no"}, None),
        ({"Error": "true", "ErrorMessage": "no"}, "true"),
        ({"Error": 1, "ErrorMessage": "no"}, 1),
    ],
    ids=["missing", "string", "number"],
)
def test_error_shape_fails_without_error_true(body, actual):
    """Error must be the JSON literal true; the pointer is /Error and the actual value is shown."""
    with raises("error.shape", pointer="/Error", actual=actual):
        checks.error_shape(exchange(body, status=400), requirement="error.shape")


def test_error_shape_fails_on_a_body_that_is_not_an_object():
    """A JSON array as error body lacks Error: true."""
    with raises("error.shape", pointer="/Error"):
        checks.error_shape(exchange(["bad"], status=400), requirement="error.shape")


@pytest.mark.parametrize("message", [MISSING, None, 42], ids=["missing", "null", "number"])
def test_error_shape_fails_without_a_string_error_message(message):
    """ErrorMessage must be a string; the pointer is /ErrorMessage."""
    body = {"Error": True} if message is MISSING else {"Error": True, "ErrorMessage": message}
    with raises("error.shape", pointer="/ErrorMessage", actual=None if message is MISSING else message):
        checks.error_shape(exchange(body, status=412), requirement="error.shape")


def test_error_shape_fails_on_a_json_4xx_whose_body_is_not_json():
    """A 4xx that claims JSON but is not is reported under error.shape."""
    with raises("error.shape") as caught:
        checks.error_shape(exchange(raw=b"Bad Request", status=400), requirement="error.shape")
    assert "not JSON" in caught.error.message


@pytest.mark.parametrize(
    "answer",
    [
        _asking_for_xml(exchange(raw=b"Bad Request", status=400, headers={"Content-Type": "text/plain"})),
        exchange(raw=b"Unauthorized", status=401, headers={"Content-Type": "text/html"}),
        exchange({"Name": "x"}, status=200),
        exchange({"oops": 1}, status=500),
        broken(),
    ],
    ids=["4xx-to-an-xml-only-request", "401", "200", "5xx", "no-response"],
)
def test_error_shape_judges_only_documented_errors_to_json_accepting_requests(answer):
    """A 401, 2xx, 5xx, a missing response and an error to a request that accepts no JSON are not judged."""
    assert checks.error_shape(answer, requirement="error.shape") is answer  # nothing raised: the exchange vouched for


@pytest.mark.parametrize("accept", [None, "application/json", "*/*", "application/xml, text/json;q=0.5"])
@pytest.mark.parametrize("status", [400, 404, 412, 415])
def test_a_plain_text_error_to_a_json_accepting_request_breaks_error_shape(status, accept):
    """SPEC-NOTES (clarified 2026-11-30): every 400/404/412/415 to a request that accepts JSON is a JSON error body."""
    answer = exchange(raw=b"Bad Request", status=status, headers={"Content-Type": "text/plain"})
    if accept:
        answer.request_headers["Accept"] = accept
    with pytest.raises(Nonconformance, match="not JSON"):
        checks.error_shape(answer, requirement="error.shape")


@pytest.mark.parametrize("status", sorted(checks.DOCUMENTED_STATUSES))
def test_status_documented_accepts_every_documented_status(status):
    """200, 400, 401, 404, 412 and 415 are documented."""
    checks.status_documented(exchange({}, status=status), requirement="status.documented")


@pytest.mark.parametrize("status", [201, 204, 403, 409, 418, 422, 500])
def test_status_documented_fails_on_any_other_status(status):
    """Any other status is undocumented; the actual status is reported."""
    with raises("status.documented", actual=status, expected="200/400/401/404/412/415"):
        checks.status_documented(exchange({}, status=status), requirement="status.documented")


def test_status_documented_ignores_a_missing_response():
    """A transport error has no status to judge."""
    checks.status_documented(broken(), requirement="status.documented")


# --- echoed ----------------------------------------------------------------------------------------


def test_echoed_accepts_the_same_values(contact):
    """A body echoed unchanged passes."""
    checks.echoed(contact, copy.deepcopy(contact), requirement="put.echo")


def test_echoed_fails_on_a_changed_name(contact):
    """A Name that comes back different is reported at /Name with both values."""
    received = dict(contact, Name="Something else")
    with raises("put.echo", pointer="/Name", expected=contact["Name"], actual="Something else"):
        checks.echoed(contact, received, requirement="put.echo")


def test_echoed_compares_strings_exactly(contact):
    """Trimmed blanks and a changed Unicode normalisation are differences."""
    sent = dict(contact, Name=" Ærø ", Department="e\u0301")
    with raises("put.echo", pointer="/Name"):
        checks.echoed(sent, dict(sent, Name="Ærø"), requirement="put.echo")
    with raises("put.echo", pointer="/Department", actual="é"):
        checks.echoed(sent, dict(sent, Department="é"), requirement="put.echo")


def test_echoed_accepts_an_empty_string_for_a_null_sent(contact):
    """A null sent may come back as "" (cleared)."""
    sent = dict(contact, Department=None)
    checks.echoed(sent, dict(contact, Department=""), requirement="put.echo")


def test_echoed_fails_on_a_null_for_an_empty_string_sent(contact):
    """ "" sent is a value: null back is a difference."""
    sent = dict(contact, Department="")
    with raises("put.echo", pointer="/Department", expected="", actual=None):
        checks.echoed(sent, dict(contact, Department=None), requirement="put.echo")


def test_echoed_fails_when_the_list_order_differs(contact):
    """Emails come back in the order sent (the rank is the list order)."""
    sent = dict(
        contact, Emails=[{"Value": "a@example.com", "Description": "A"}, {"Value": "b@example.com", "Description": "B"}]
    )
    received = dict(contact, Emails=list(reversed(sent["Emails"])))
    with raises("put.echo", pointer="/Emails/0/Value", expected="a@example.com", actual="b@example.com") as caught:
        checks.echoed(sent, received, requirement="put.echo")
    assert "fields differ" in caught.error.message


def test_echoed_fails_when_the_domain_order_differs(contact):
    """Domains are a list of strings compared in order."""
    sent = dict(contact, Domains=["b.example", "a.example"])
    with raises("put.echo", pointer="/Domains", expected=["b.example", "a.example"], actual=["a.example", "b.example"]):
        checks.echoed(sent, dict(contact, Domains=["a.example", "b.example"]), requirement="put.echo")


def test_echoed_fails_on_a_dropped_list_item(contact):
    """One email fewer is reported at the list."""
    sent = dict(contact, Phones=[{"Value": "1", "Description": ""}, {"Value": "2", "Description": ""}])
    with raises("put.echo", pointer="/Phones"):
        checks.echoed(sent, dict(contact, Phones=sent["Phones"][:1]), requirement="put.echo")


def test_echoed_accepts_an_empty_list_as_null(contact):
    """An empty list sent may come back null, and the other way round."""
    checks.echoed(dict(contact, Urls=[], Domains=None), dict(contact, Urls=None, Domains=[]), requirement="put.echo")


def test_echoed_ignores_server_computed_members_and_server_owned_fields(contact):
    """StrippedValue, ContactId and UpdatedDate are never compared with what was sent."""
    received = copy.deepcopy(contact)
    received["Emails"][0]["StrippedValue"] = "different"
    received.update(ContactId=1, UpdatedDate="2030-01-01T00:00:00Z", _Links={})
    checks.echoed(contact, received, requirement="put.echo")


def test_echoed_fails_on_a_changed_boolean(contact):
    """NoMailing true sent and false received is a difference."""
    sent = dict(contact, NoMailing=True)
    with raises("put.echo", pointer="/NoMailing", expected=True, actual=False):
        checks.echoed(sent, dict(contact, NoMailing=False), requirement="put.echo")


def test_echoed_fails_on_a_number_for_a_boolean(contact):
    """1 is not true: the type counts."""
    sent = dict(contact, Xstop=True)
    with raises("put.echo", pointer="/Xstop", actual=1):
        checks.echoed(sent, dict(contact, Xstop=1), requirement="put.echo")


def test_echoed_compares_only_the_fields_sent(contact):
    """A writable field absent from the body sent is not compared."""
    sent = {"Name": contact["Name"]}
    checks.echoed(sent, dict(contact, Department="changed by the server"), requirement="put.echo")


def test_echoed_compares_only_the_fields_named(contact):
    """``fields`` limits the comparison."""
    received = dict(contact, Department="other")
    checks.echoed(contact, received, requirement="content.xml", fields=["Name"])
    with raises("content.xml", pointer="/Department"):
        checks.echoed(contact, received, requirement="content.xml", fields=["Name", "Department"])


# --- same_values -------------------------------------------------------------------------------------


def test_same_values_accepts_equal_representations(contact):
    """Equal bodies pass."""
    checks.same_values(contact, copy.deepcopy(contact), requirement="put.idempotent")


def test_same_values_points_at_a_nested_difference(contact):
    """A changed member deep inside is reported by JSON pointer."""
    changed = copy.deepcopy(contact)
    changed["Urls"][1]["Description"] = "changed"
    with raises("put.idempotent", pointer="/Urls/1/Description", actual="changed") as caught:
        checks.same_values(contact, changed, requirement="put.idempotent", what="the second PUT's body")
    assert "the second PUT's body changed" in caught.error.message


def test_same_values_ignores_links_and_the_names_given(contact):
    """_Links and ``ignore``d properties may differ."""
    changed = dict(contact, _Links={"Self": "elsewhere"}, UpdatedDate="2031-01-01T00:00:00Z")
    checks.same_values(contact, changed, requirement="put.idempotent", ignore=("UpdatedDate",))
    with raises("put.idempotent", pointer="/UpdatedDate"):
        checks.same_values(contact, changed, requirement="put.idempotent")


def test_same_values_reports_a_list_of_another_length(contact):
    """Lists of different lengths are reported at the list."""
    with raises("ius.stale", pointer="/Domains"):
        checks.same_values(contact, dict(contact, Domains=contact["Domains"][:1]), requirement="ius.stale")


def test_same_values_reports_a_value_of_another_type(contact):
    """0 and false differ."""
    with raises("ius.stale", pointer="/Deleted", expected=contact["Deleted"], actual=False):
        checks.same_values(contact, dict(contact, Deleted=False), requirement="ius.stale")


def test_same_values_reports_a_key_only_one_side_has(contact):
    """A schema property only the second representation carries is a difference."""
    first = {k: v for k, v in contact.items() if k != "Department"}
    with raises("ius.stale", pointer="/Department", expected=None, actual="Sales"):
        checks.same_values(first, dict(contact, Department="Sales"), requirement="ius.stale")


def test_same_values_ignores_properties_beyond_the_schema(contact):
    """Properties the schema does not define, at the top or in a carrier, are ignored (SPEC-NOTES, "Freedoms")."""
    extended = copy.deepcopy(contact)
    extended["Extra"] = 1
    extended["Category"] = dict(extended.get("Category") or {"Id": 1}, Colour="blue")
    plain = copy.deepcopy(contact)
    plain["Category"] = dict(plain.get("Category") or {"Id": 1})
    checks.same_values(plain, extended, requirement="ius.stale")
    with raises("ius.stale", pointer="/Category/Id"):
        checks.same_values(plain, dict(extended, Category=dict(extended["Category"], Id=-7)), requirement="ius.stale")


@pytest.mark.parametrize(
    "spelling", ["2023-10-18T00:30:52.4755420Z", "2023-10-18T00:30:52.475542+00:00", "2023-10-18T02:30:52.475542+02:00"]
)
def test_same_values_compares_dates_as_instants(contact, spelling):
    """A date-time in another RFC 3339 spelling of the same instant is the same value; another instant is not."""
    first = dict(contact, DbiLastModified="2023-10-18T00:30:52.475542Z")
    checks.same_values(first, dict(contact, DbiLastModified=spelling), requirement="put.idempotent")
    with raises("put.idempotent", pointer="/DbiLastModified"):
        checks.same_values(
            first, dict(contact, DbiLastModified=spelling.replace("52.", "53.")), requirement="put.idempotent"
        )


def test_same_values_compares_strings_that_look_like_dates_exactly(contact):
    """A string property holding a date is a string: another spelling of the instant is a difference."""
    with raises("put.idempotent", pointer="/Name"):
        checks.same_values(
            dict(contact, Name="2023-10-18T00:30:52Z"),
            dict(contact, Name="2023-10-18T00:30:52+00:00"),
            requirement="put.idempotent",
        )


def test_same_values_reports_a_body_that_is_not_an_object(contact):
    """An array where a contact was expected is a Nonconformance at the root, not a crash."""
    with raises("put.persisted", pointer=""):
        checks.same_values(contact, [contact], requirement="put.persisted")


# --- projected, nested_member_kept, nested_others_nulled ----------------------------------------------


def test_projected_accepts_a_conformant_projection(contact):
    """Selected properties equal, everything else null."""
    selected = {"Name": None, "Department": None}
    checks.projected(contact, projection_of(contact, selected), selected, requirement="select.projection")


ZERO_DATES = [
    "0001-01-01T00:00:00",
    "0001-01-01T00:00:00Z",
    "0001-01-01T00:00:00+00:00",
    "0001-01-01T00:00:00.0000000Z",
    "0001-01-01T00:00:00.000+00:00",
    "0001-01-01T00:00:00.0",
]


@pytest.mark.parametrize("zero_date", ZERO_DATES)
def test_projected_accepts_dotnet_zero_values(contact, zero_date):
    """0, false and the zero date in any RFC 3339 spelling stand for null in value types."""
    shaped = projection_of(contact, {"Name": None})
    shaped.update(ContactId=0, NoMailing=False, UpdatedDate=zero_date, Deleted=0)
    checks.projected(contact, shaped, {"Name": None}, requirement="select.projection")


@pytest.mark.parametrize("date", ["0001-01-01T00:00:00.0000001Z", "0001-01-01T00:00:00-01:00", "2023-10-18T00:30:52Z"])
def test_projected_fails_on_an_unselected_date_that_is_not_the_zero_date(contact, date):
    """A date one tick, one hour or years after the zero date is a value, not a null."""
    shaped = dict(projection_of(contact, {"Name": None}), UpdatedDate=date)
    with raises("select.projection", pointer="/UpdatedDate", actual=date):
        checks.projected(contact, shaped, {"Name": None}, requirement="select.projection")


def test_projected_compares_a_selected_date_as_an_instant(contact):
    """A selected UpdatedDate spelled with another offset is the same value; a later one is not."""
    contact["UpdatedDate"] = "2023-10-18T00:30:52.475542Z"
    checks.projected(
        contact,
        dict(projection_of(contact, {"UpdatedDate": None}), UpdatedDate="2023-10-18T02:30:52.4755420+02:00"),
        {"UpdatedDate": None},
        requirement="select.projection",
    )
    with raises("select.projection", pointer="/UpdatedDate"):
        checks.projected(
            contact,
            dict(projection_of(contact, {"UpdatedDate": None}), UpdatedDate="2023-10-18T00:30:53Z"),
            {"UpdatedDate": None},
            requirement="select.projection",
        )


def test_projected_fails_on_an_unselected_non_null_property(contact):
    """An unselected Department that keeps its value is reported at /Department."""
    contact["Department"] = "Sales"
    shaped = dict(projection_of(contact, {"Name": None}), Department="Sales")
    with raises("select.projection", pointer="/Department", expected=None, actual="Sales"):
        checks.projected(contact, shaped, {"Name": None}, requirement="select.projection")


def test_projected_fails_on_a_zero_of_the_wrong_type(contact):
    """false in an int32 property is not its .NET zero."""
    shaped = dict(projection_of(contact, {"Name": None}), ContactId=False)
    with raises("select.projection", pointer="/ContactId", actual=False):
        checks.projected(contact, shaped, {"Name": None}, requirement="select.projection")


def test_projected_fails_on_a_selected_property_that_differs(contact):
    """A selected Name must equal the full body's."""
    shaped = dict(projection_of(contact, {"Name": None}), Name="other")
    with raises("select.case-insensitive", pointer="/Name", expected=contact["Name"], actual="other"):
        checks.projected(contact, shaped, {"Name": None}, requirement="select.case-insensitive")


def test_projected_fails_on_a_dropped_key(contact):
    """$select keeps every key: one left out is named."""
    shaped = projection_of(contact, {"Name": None})
    del shaped["Department"]
    with raises("select.projection", pointer="/Department") as caught:
        checks.projected(contact, shaped, {"Name": None}, requirement="select.projection")
    assert "dropped keys" in caught.error.message


def test_projected_leaves_a_nested_selection_to_the_nested_checks(contact):
    """A property selected by member (category/id) is neither compared whole nor required null."""
    contact["Category"] = {"Id": 3, "Value": "Customer"}
    shaped = dict(projection_of(contact, {}), Category={"Id": 3, "Value": None})
    checks.projected(contact, shaped, {"Category": {"Id"}}, requirement="select.projection")


CATEGORY = {
    "Id": 7,
    "Value": "Supplier",
    "Tooltip": "A supplier",
    "CategoryGroup": "Partner",
    "EnableLeadStatus": True,
    "Rank": 3,
    "Deleted": False,
    "TableRight": None,
    "FieldProperties": None,
}


def test_nested_member_kept_accepts_the_kept_member(contact):
    """category/id keeps Category.Id."""
    full = dict(contact, Category=CATEGORY)
    shaped = dict(projection_of(full, {}), Category={"Id": 7})
    checks.nested_member_kept(full, shaped, ("Category", "Id"), requirement="select.nested")


@pytest.mark.parametrize(
    "kept", [None, {"Id": None}, {"Id": 8}], ids=["object-nulled", "member-nulled", "member-changed"]
)
def test_nested_member_kept_fails_when_the_member_is_lost(contact, kept):
    """A nulled Category, a nulled or a changed Category.Id is reported at /Category/Id."""
    full = dict(contact, Category=CATEGORY)
    shaped = dict(projection_of(full, {}), Category=kept)
    actual = kept["Id"] if kept else None
    with raises("select.nested", pointer="/Category/Id", expected=7, actual=actual) as caught:
        checks.nested_member_kept(full, shaped, ("Category", "Id"), requirement="select.nested")
    assert "category/id" in caught.error.message


def test_nested_others_nulled_accepts_null_and_zero_members():
    """Other members null or at their .NET zero pass."""
    shaped = {
        "Category": {
            "Id": 7,
            "Value": None,
            "Tooltip": None,
            "CategoryGroup": None,
            "EnableLeadStatus": False,
            "Rank": 0,
            "Deleted": False,
            "TableRight": None,
            "FieldProperties": None,
        }
    }
    checks.nested_others_nulled(shaped, ("Category", "Id"), requirement="select.nested.others-null")


def test_nested_others_nulled_accepts_a_null_object():
    """A nulled Category has no members to judge."""
    checks.nested_others_nulled({"Category": None}, ("Category", "Id"), requirement="select.nested.others-null")


def test_nested_others_nulled_fails_on_a_kept_member():
    """A member other than the selected one that keeps its value is reported by pointer."""
    with raises("select.nested.others-null", pointer="/Category/Value", expected=None, actual="Supplier"):
        checks.nested_others_nulled(
            {"Category": dict(CATEGORY)}, ("Category", "Id"), requirement="select.nested.others-null"
        )


# --- xml_contact -------------------------------------------------------------------------------------------


def xml_exchange(data: bytes, status: int = 200, **fields) -> Exchange:
    return exchange(raw=data, status=status, headers={"Content-Type": "application/xml"}, **fields)


@pytest.mark.parametrize("root", ["ContactEntity", "ContactEntityWithLinks"])
def test_xml_contact_accepts_either_root_with_the_path_id(contact, root):
    """A well-formed contact whose ContactId is the path id passes and comes back as a dict."""
    body = checks.xml_contact(
        xml_exchange(xmlcodec.to_xml(contact, root=root)), contact["ContactId"], requirement="accept.xml"
    )
    assert body["ContactId"] == contact["ContactId"]
    assert body["Name"] == contact["Name"]


def test_xml_contact_fails_on_another_root(contact):
    """<Contact> is not a contact root."""
    data = (
        xmlcodec.to_xml(contact).replace(b"<ContactEntity ", b"<Contact ").replace(b"</ContactEntity>", b"</Contact>")
    )
    with raises("accept.xml") as caught:
        checks.xml_contact(xml_exchange(data), contact["ContactId"], requirement="accept.xml")
    assert "<Contact>" in caught.error.message


def test_xml_contact_fails_on_another_contact_id(contact):
    """The ContactId element must be the path id."""
    with raises("accept.xml", pointer="/ContactId", expected=5, actual=contact["ContactId"]):
        checks.xml_contact(xml_exchange(xmlcodec.to_xml(contact)), 5, requirement="accept.xml")


@pytest.mark.parametrize(
    "data", [b"<ContactEntity><ContactId>5</ContactId>", b"", b'{"ContactId": 5}'], ids=["unclosed", "empty", "json"]
)
def test_xml_contact_fails_on_a_body_that_is_not_well_formed_xml(data):
    """Malformed, empty and JSON bodies are not XML contacts."""
    with raises("accept.xml") as caught:
        checks.xml_contact(xml_exchange(data), 5, requirement="accept.xml")
    assert "not a well-formed XML contact" in caught.error.message


def test_xml_contact_fails_on_a_truncated_body(contact):
    """A body cut at the size limit is not judged."""
    with raises("accept.xml"):
        checks.xml_contact(
            xml_exchange(xmlcodec.to_xml(contact), truncated=True), contact["ContactId"], requirement="accept.xml"
        )


def test_xml_contact_fails_on_another_status(contact):
    """A 406 is not an XML contact."""
    with raises("accept.xml", actual=406):
        checks.xml_contact(
            xml_exchange(xmlcodec.to_xml(contact), status=406), contact["ContactId"], requirement="accept.xml"
        )


# --- utc_date ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["2023-10-18T00:30:52.4755423Z", "2023-10-18T00:30:52+00:00", "2023-10-18T00:30:52z"])
def test_utc_date_accepts_z_and_a_zero_offset(value):
    """Z and +00:00 are UTC."""
    checks.utc_date({"UpdatedDate": value}, "UpdatedDate", requirement="put.updated-date")


@pytest.mark.parametrize(
    "value", ["2023-10-18T02:30:52.4755423+02:00", "2023-10-17T19:30:52-05:00", None, "yesterday", 20231018]
)
def test_utc_date_fails_on_an_offset_or_a_non_date(value):
    """An offset other than zero, a null and a non-date are reported with the value received."""
    with raises("headers.timezone-utc", pointer="/CreatedDate", actual=value):
        checks.utc_date({"CreatedDate": value}, "CreatedDate", requirement="headers.timezone-utc")


# --- Nonconformance ----------------------------------------------------------------------------------------


def test_nonconformance_describes_requirement_pointer_and_values():
    """The message a reader sees carries the id, the pointer and both values."""
    error = Nonconformance("put.echo", "a written value did not come back", pointer="/Name", expected="a", actual=None)
    assert error.describe() == "[put.echo] a written value did not come back at /Name: expected 'a', got None"
    assert error.finding().to_dict() == {
        "requirement": "put.echo",
        "message": "a written value did not come back",
        "pointer": "/Name",
        "expected": "'a'",
        "actual": "None",
    }


def test_nonconformance_without_values_has_no_expected_or_actual():
    """Evidence carries expected/actual only when they were given."""
    evidence = Nonconformance("put.ok", "no complete response").finding().to_dict()
    assert evidence == {"requirement": "put.ok", "message": "no complete response"}


# --- collected ------------------------------------------------------------------------------------------------------


def test_collected_passes_when_every_check_passes(contact):
    """No finding, no exception; each check's result is returned."""
    with checks.collected() as expect:
        body = expect(checks.valid_contact, exchange(contact), requirement="put.ok")
        expect(checks.status_documented, exchange(contact), requirement="status.documented")
    assert body == contact


def test_collected_raises_a_single_finding_as_it_is():
    """One broken check re-raises that Nonconformance."""
    with raises("put.no-body", expected="400", actual=200), checks.collected() as expect:
        expect(checks.status_is, exchange({}, status=200), 400, requirement="put.no-body")
        expect(checks.error_shape, exchange({}, status=200), requirement="error.shape")


def test_collected_reports_every_broken_requirement():
    """Several broken checks on one exchange are all reported, each with its requirement."""
    answer = exchange({"Error": False}, status=418)
    with pytest.raises(Nonconformances) as caught, checks.collected() as expect:
        expect(checks.status_is, answer, 400, requirement="put.no-body")
        expect(checks.status_documented, answer, requirement="status.documented")
        expect(checks.error_shape, exchange({"Error": False}, status=400), requirement="error.shape")
    assert [f.requirement for f in caught.value.exceptions] == ["put.no-body", "status.documented", "error.shape"]
    assert "[status.documented]" in str(caught.value)


def test_collected_lets_other_errors_through():
    """A crash inside a check is not turned into a finding."""
    with pytest.raises(ZeroDivisionError), checks.collected() as expect:
        expect(lambda: 1 / 0)


def test_collected_says_which_requirements_it_judged_without_finding():
    """The finding of a collected block names the requirements whose checks in it passed (given or defaulted ids)."""
    response = exchange({"Error": True, "ErrorMessage": "no body"}, status=400)
    with pytest.raises(Nonconformance) as caught, checks.collected() as expect:
        expect(checks.status_is, response, 400, requirement="put.no-body")
        expect(checks.status_documented, response, requirement="status.documented")
        expect(checks.media_type_is, response, "text/json", requirement="error.shape")
    assert caught.value.requirement == "error.shape"
    assert caught.value.judged == {"put.no-body", "status.documented"}


@pytest.mark.parametrize(
    ("answer", "why"),
    [
        (exchange(raw=b"<html>saved</html>", headers={"Content-Type": "text/html"}), "(text/html) is not JSON"),
        (exchange(raw=b'{"ContactId": 5, "Na'), "is not JSON"),
        (exchange(raw=b'{"Name": "\xc6r\xf8"}'), "is not UTF-8"),
        (exchange(raw=b"{}", truncated=True), "larger than any contact"),
        (broken(), "no complete response"),
    ],
    ids=["html", "truncated-json", "latin-1", "cut-at-the-cap", "no-response"],
)
def test_a_body_that_cannot_be_read_fails_the_requirement_being_judged(answer, why):
    """Not JSON, cut, not UTF-8 or no response: a Nonconformance of the caller's requirement, never a crash."""
    with raises("put.echo") as raised:
        checks.valid_contact(answer, requirement="put.echo")
    assert why in raised.error.message
    assert checks.readable(answer)[1] is not None
