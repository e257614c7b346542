"""Each context fault answers the plain request correctly and shows its defect only in its context.

The plain request: an application/json body, no $select, a JSON answer, the server's Basic credentials.
Each test serves one fault on loopback, sends the plain request and the request that differs in the
fault's context, and checks that only the second goes wrong.
"""

from __future__ import annotations

import base64
import http.client
import json
import re
from contextlib import contextmanager
from datetime import datetime, timedelta, timezone
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from conformance.spec import xmlcodec
from conformance.spec.httpdate import imf_fixdate, rfc850_date
from conformance.spec.rules import SERVER_OWNED
from conformance.targets import faults
from conformance.targets.reference.fields import CONTACT_FIELD_LENGTHS
from conformance.targets.reference.server import running_server
from tests.reference.support import NO_AUTH, Api, basic, dumps, updated

CONTACT = 5
UNKNOWN = 999_999
JSON, TEXT_JSON, XML = "application/json", "text/json", "application/xml"


@contextmanager
def serving(name: str):
    """A client of the fault ``name`` served on loopback with a fresh database."""
    assert faults.catalogue()[name].family == "context"
    with running_server(fault=name) as server:
        api = Api(server)
        try:
            yield api
        finally:
            api.close()


def encoded(body: dict, media_type: str) -> bytes:
    """A PUT body in a media type: JSON text, or the DataContract XML the suite sends."""
    if "xml" in media_type:
        return xmlcodec.to_xml({k: v for k, v in body.items() if k not in SERVER_OWNED or k == "ContactId"})
    return dumps({k: v for k, v in body.items() if k != "_Links"})


def put(api: Api, contact_id: int, changes: dict, media_type: str = JSON, headers: dict | None = None, **kwargs):
    """PUT the stored contact with ``changes`` in ``media_type``."""
    body = {**api.contact(CONTACT if contact_id == UNKNOWN else contact_id), **changes}
    return api.put(
        contact_id, data=encoded(body, media_type), headers={"Content-Type": media_type, **(headers or {})}, **kwargs
    )


def stale(contact: dict, render=imf_fixdate) -> dict:
    return {"If-Unmodified-Since": render(updated(contact) - timedelta(days=1))}


def current(contact: dict, render=imf_fixdate) -> dict:
    return {"If-Unmodified-Since": render(updated(contact))}


def xml_of(response) -> dict:
    assert response.status_code == 200 and "xml" in response.headers["Content-Type"], response.text[:300]
    return xmlcodec.from_xml(response.content)


def b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


# --- If-Unmodified-Since ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "context"),
    [
        ("ius-ignored-with-select", {"params": {"$select": "Name"}}),
        ("ius-ignored-text-json", {"media_type": TEXT_JSON}),
    ],
)
def test_a_stale_date_is_ignored_only_in_the_context(name, context):
    with serving(name) as api:
        before = api.contact(CONTACT)
        assert put(api, CONTACT, {"Name": "Stale"}, headers=stale(before)).status_code == 412
        assert api.contact(CONTACT) == before
        assert put(api, CONTACT, {"Name": "Stale"}, headers=stale(before), **context).status_code == 200
        assert api.contact(CONTACT)["Name"] == "Stale"


def test_obsolete_dates_are_ignored_only_with_select():
    with serving("ius-imf-only-with-select") as api:
        before = api.contact(CONTACT)
        assert put(api, CONTACT, {"Name": "Stale"}, headers=stale(before, rfc850_date)).status_code == 412
        assert (
            put(api, CONTACT, {"Name": "Stale"}, headers=stale(before), params={"$select": "Name"}).status_code == 412
        )
        assert (
            put(
                api, CONTACT, {"Name": "Stale"}, headers=stale(before, rfc850_date), params={"$select": "Name"}
            ).status_code
            == 200
        )


def test_the_current_date_is_refused_only_when_the_answer_is_xml():
    with serving("ius-current-refused-accept-xml") as api:
        before = api.contact(CONTACT)
        first = put(api, CONTACT, {"Name": "Current"}, headers=current(before))
        assert first.status_code == 200
        answer = put(api, CONTACT, {"Name": "Current in XML"}, headers={**current(first.json()), "Accept": XML})
        assert answer.status_code == 412


def test_a_refused_stale_xml_body_still_saves_its_lists():
    with serving("ius-stale-saves-lists-xml-body") as api:
        before = api.contact(CONTACT)
        changes = {"Name": "Stale", "Emails": [{"Value": "stale@example.com", "Description": "stale"}]}
        assert put(api, CONTACT, changes, headers=stale(before)).status_code == 412
        assert api.contact(CONTACT) == before
        assert put(api, CONTACT, changes, XML, headers=stale(before)).status_code == 412
        after = api.contact(CONTACT)
        assert after["Name"] == before["Name"] and after["UpdatedDate"] == before["UpdatedDate"]
        assert [e["Value"] for e in after["Emails"]] == ["stale@example.com"]


# --- credentials --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "refused", "accepted"),
    [
        ("auth-basic-no-password", "Basic " + b64("tester:wrong"), "Basic " + b64("tester")),
        ("auth-basic-no-password", "Basic " + b64("tester:wrong"), "Basic " + b64("tester:")),
        ("auth-lenient-base64", "Basic %%%not-base64%%%", "Basic " + b64("tester:tester-secret").rstrip("=")),
        ("auth-lenient-base64", "Basic %%%not-base64%%%", "Basic dGVzdGVy!!OnRlc3Rlci1zZWNyZXQ="),
        ("auth-unsigned-jwt", "Bearer not-the-token", "Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ0ZXN0ZXIifQ."),
        ("auth-soticket-scheme-only", "Bearer", "SoTicket"),
    ],
)
def test_wrong_credentials_pass_only_in_one_shape(name, refused, accepted):
    with serving(name) as api:
        before = api.contact(CONTACT)
        assert put(api, CONTACT, {"Name": "Mine"}).status_code == 200
        assert put(api, CONTACT, {"Name": "Intruder"}, headers={"Authorization": refused}).status_code == 401
        assert api.contact(CONTACT)["Name"] == "Mine"
        assert put(api, CONTACT, {"Name": "Intruder"}, headers={"Authorization": accepted}).status_code == 200
        assert api.contact(CONTACT)["Name"] == "Intruder" != before["Name"]


def _put_with_authorizations(api: Api, contact_id: int, body: dict, *authorizations: str) -> int:
    """The status of a PUT sent with one Authorization header per value (requests cannot repeat a header)."""
    url = urlsplit(api.base)
    connection = http.client.HTTPConnection(url.hostname, url.port, timeout=30)
    try:
        connection.putrequest("PUT", f"/api/v1/Contact/{contact_id}")
        for value in authorizations:
            connection.putheader("Authorization", value)
        data = json.dumps(body).encode()
        connection.putheader("Content-Type", JSON)
        connection.putheader("Content-Length", str(len(data)))
        connection.endheaders(data)
        return connection.getresponse().status
    finally:
        connection.close()


def test_a_wrong_first_authorization_passes_when_a_second_one_is_valid():
    with serving("auth-any-of-two-headers") as api:
        body = {**api.contact(CONTACT), "Name": "Intruder"}
        wrong, valid = "Bearer not-the-token", basic("tester", "tester-secret")
        assert _put_with_authorizations(api, CONTACT, body, wrong) == 401
        assert _put_with_authorizations(api, CONTACT, body, valid) == 200
        assert _put_with_authorizations(api, CONTACT, {**body, "Name": "Twice"}, wrong, valid) == 200
        assert api.contact(CONTACT)["Name"] == "Twice"


def test_any_password_passes_only_with_an_app_token():
    with serving("auth-any-password-with-app-token") as api:
        wrong = {"Authorization": basic("tester", "wrong")}
        assert put(api, CONTACT, {"Name": "Intruder"}, headers=wrong).status_code == 401
        assert put(api, CONTACT, {"Name": "Mine"}, headers={"SO-AppToken": "app"}).status_code == 200
        assert put(api, CONTACT, {"Name": "Intruder"}, headers={**wrong, "SO-AppToken": "app"}).status_code == 200


def test_no_credentials_pass_only_when_xml_is_accepted():
    with serving("auth-not-required-accept-xml") as api:
        assert put(api, CONTACT, {"Name": "Anonymous"}, headers=NO_AUTH).status_code == 401
        assert put(api, CONTACT, {"Name": "Anonymous"}, headers={**NO_AUTH, "Accept": XML}).status_code == 200
        assert api.contact(CONTACT)["Name"] == "Anonymous"


def test_a_refused_anonymous_text_json_put_is_still_written():
    with serving("unauthenticated-writes-text-json") as api:
        before = api.contact(CONTACT)
        assert put(api, CONTACT, {"Name": "Anonymous"}, headers=NO_AUTH).status_code == 401
        assert api.contact(CONTACT) == before
        assert put(api, CONTACT, {"Name": "Anonymous"}, TEXT_JSON, headers=NO_AUTH).status_code == 401
        assert api.contact(CONTACT)["Name"] == "Anonymous"


# --- $select ------------------------------------------------------------------------------------


def test_select_is_ignored_only_in_xml_answers():
    with serving("select-ignored-accept-xml") as api:
        changes = {"Name": "Selected", "Department": "Not selected"}
        assert put(api, CONTACT, changes, params={"$select": "Name"}).json()["Department"] is None
        assert xml_of(put(api, CONTACT, changes, headers={"Accept": XML}))["Department"] == "Not selected"
        shaped = xml_of(put(api, CONTACT, changes, headers={"Accept": XML}, params={"$select": "Name"}))
        assert shaped["Name"] == "Selected" and shaped["Department"] == "Not selected"


def test_select_is_case_sensitive_only_with_a_language_header():
    with serving("select-case-sensitive-with-language") as api:
        select = {"$select": "name,department"}
        assert put(api, CONTACT, {"Name": "Cased"}, params=select).json()["Name"] == "Cased"
        assert (
            put(api, CONTACT, {"Name": "Cased"}, params={"$select": "Name"}, headers={"Accept-Language": "en"}).json()[
                "Name"
            ]
            == "Cased"
        )
        assert (
            put(api, CONTACT, {"Name": "Cased"}, params=select, headers={"Accept-Language": "en"}).json()["Name"]
            is None
        )


def test_an_empty_select_nulls_everything_only_in_xml_answers():
    with serving("select-empty-nulls-all-accept-xml") as api:
        assert put(api, CONTACT, {"Name": "All"}, params={"$select": ""}).json()["Name"] == "All"
        assert xml_of(put(api, CONTACT, {"Name": "All"}, headers={"Accept": XML}))["Name"] == "All"
        assert (
            xml_of(put(api, CONTACT, {"Name": "All"}, headers={"Accept": XML}, params={"$select": ""})).get("Name")
            is None
        )


def test_select_saves_only_the_selected_properties_only_with_a_text_json_body():
    with serving("select-saves-selected-only-text-json") as api:
        select = {"$select": "Name"}
        assert put(api, CONTACT, {"Name": "A", "Department": "Saved"}, params=select).status_code == 200
        assert api.contact(CONTACT)["Department"] == "Saved"
        assert put(api, CONTACT, {"Name": "B", "Department": "Lost"}, TEXT_JSON).status_code == 200
        assert api.contact(CONTACT)["Department"] == "Lost"
        assert put(api, CONTACT, {"Name": "C", "Department": "Not saved"}, TEXT_JSON, params=select).status_code == 200
        assert api.contact(CONTACT)["Department"] == "Lost"


def test_a_path_into_an_array_of_carriers_keeps_whole_items():
    with serving("select-array-path-keeps-items") as api:
        changes = {
            "Category": {"Id": 1, "Value": "Customer"},
            "Emails": [{"Value": "a@example.com", "Description": "work"}],
        }
        category = put(api, CONTACT, changes, params={"$select": "category/id"}).json()["Category"]
        assert category["Id"] == 1 and category["Value"] is None
        emails = put(api, CONTACT, changes, params={"$select": "emails/value"}).json()["Emails"]
        assert emails[0]["Value"] == "a@example.com" and emails[0]["Description"] == "work"


def test_an_unknown_id_is_created_only_with_select():
    with serving("unknown-id-created-with-select") as api:
        assert put(api, UNKNOWN, {"ContactId": UNKNOWN}).status_code == 404
        assert api.get(UNKNOWN).status_code == 404
        assert put(api, UNKNOWN, {"ContactId": UNKNOWN}, params={"$select": "Name"}).status_code == 404
        assert api.get(UNKNOWN).status_code == 200


# --- XML answers --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "right", "wrong"),
    [
        ("xml-element-items-misnamed", b"<EntityElement>", b"<item>"),
        ("xml-map-entries-misnamed", b"<KeyValueOfstringstring>", b"<Entry>"),
    ],
)
def test_xml_answers_misname_one_kind_of_item(name, right, wrong):
    with serving(name) as api:
        changes = {"Emails": [{"Value": "a@example.com", "Description": "work"}]}
        as_json = put(api, CONTACT, changes).json()
        assert as_json["Emails"][0]["Value"] == "a@example.com" and as_json["_Links"]["Self"]
        answer = put(api, CONTACT, changes, headers={"Accept": XML})
        assert wrong in answer.content and right not in answer.content
        assert xml_of(answer)["ContactId"] == CONTACT  # well-formed, right root and id: only the item names are wrong


# --- headers ------------------------------------------------------------------------------------


def _hours_ahead(body: dict) -> float:
    return (updated(body) - datetime.now(timezone.utc)).total_seconds() / 3600


def test_updated_date_is_local_time_labelled_utc_only_east_of_utc():
    with serving("timezone-local-labelled-utc") as api:
        assert abs(_hours_ahead(put(api, CONTACT, {"Name": "Plain"}).json())) < 0.1
        assert (
            abs(_hours_ahead(put(api, CONTACT, {"Name": "West"}, headers={"SO-TimeZone": "America/New_York"}).json()))
            < 0.1
        )
        east = put(api, CONTACT, {"Name": "East"}, headers={"SO-TimeZone": "Asia/Kolkata"}).json()
        assert east["UpdatedDate"].endswith("Z") and 5.4 < _hours_ahead(east) < 5.6


def test_a_culture_header_fails_only_an_xml_body():
    with serving("culture-xml-body-refused") as api:
        culture = {"SO-Culture": "nb-NO"}
        assert put(api, CONTACT, {"Name": "Plain XML"}, XML).status_code == 200
        assert put(api, CONTACT, {"Name": "JSON with culture"}, headers=culture).status_code == 200
        assert put(api, CONTACT, {"Name": "XML with culture"}, XML, headers=culture).status_code == 400
        stale_date = stale(api.contact(CONTACT))
        assert put(api, CONTACT, {"Name": "Stale"}, XML, headers={**culture, **stale_date}).status_code == 412


def test_an_app_token_keeps_the_description_unsaved():
    with serving("app-token-keeps-description") as api:
        assert put(api, CONTACT, {"Description": "Saved"}).json()["Description"] == "Saved"
        response = put(api, CONTACT, {"Description": "Lost"}, headers={"SO-AppToken": "app"})
        assert response.status_code == 200 and response.json()["Description"] == "Saved"


# --- body media type and size --------------------------------------------------------------------


def test_a_charset_parameter_loses_characters_outside_the_bmp():
    with serving("charset-drops-non-bmp") as api:
        name = "Bygg 🏗 AS"
        assert put(api, CONTACT, {"Name": name}).json()["Name"] == name
        assert put(api, CONTACT, {"Name": name}, TEXT_JSON).json()["Name"] == name
        assert put(api, CONTACT, {"Name": name}, "application/json; charset=utf-8").json()["Name"] == "Bygg \ufffd AS"


def test_a_text_json_body_loses_its_domains():
    with serving("text-json-domains-dropped") as api:
        domains = {"Domains": ["a.example", "b.example"]}
        assert put(api, CONTACT, domains).json()["Domains"] == domains["Domains"]
        assert not put(api, CONTACT, domains, TEXT_JSON).json()["Domains"]


def test_a_text_json_body_loses_the_last_character_of_a_full_length_string():
    with serving("text-json-full-length-cut") as api:
        full = "N" * CONTACT_FIELD_LENGTHS["Name"]
        assert put(api, CONTACT, {"Name": full}).json()["Name"] == full
        assert put(api, CONTACT, {"Name": full[:-1]}, TEXT_JSON).json()["Name"] == full[:-1]
        assert put(api, CONTACT, {"Name": full}, TEXT_JSON).json()["Name"] == full[:-1]


def test_a_full_length_string_is_refused_only_when_the_answer_is_xml():
    with serving("accept-xml-full-length-refused") as api:
        full = "N" * CONTACT_FIELD_LENGTHS["Name"]
        assert put(api, CONTACT, {"Name": full}).json()["Name"] == full
        assert xml_of(put(api, CONTACT, {"Name": "Short"}, headers={"Accept": XML}))["Name"] == "Short"
        assert put(api, CONTACT, {"Name": full}, headers={"Accept": XML}).status_code == 400
        stale_date = stale(api.contact(CONTACT))
        assert put(api, CONTACT, {"Name": full}, headers={"Accept": XML, **stale_date}).status_code == 412


def test_every_context_fault_has_a_test_here():
    tested = set(re.findall(r'"([a-z0-9]+(?:-[a-z0-9]+)+)"', Path(__file__).read_text(encoding="utf-8")))
    context = {name for name, f in faults.catalogue().items() if f.family == "context"}
    assert context <= tested, context - tested
