"""Authentication: the three schemes, refusals that change nothing, and credentials given by environment."""

from __future__ import annotations

import pytest
import requests

from conformance.targets.reference.authentication import Credentials
from conformance.targets.reference.server import running_server

from .support import NO_AUTH, TIMEOUT, Api, assert_error, basic

DEFAULT = Credentials()


def _schemes(credentials: Credentials) -> dict[str, str]:
    return {
        "Basic": basic(credentials.user, credentials.password),
        "Bearer": f"Bearer {credentials.token}",
        "SoTicket": f"SoTicket {credentials.ticket}",
    }


@pytest.mark.parametrize("scheme", ["Basic", "Bearer", "SoTicket"])
def test_each_scheme_is_accepted_for_put_and_get(api, fresh_contact, scheme):
    """Basic, Bearer and SoTicket credentials of the server each authorise a PUT and a GET."""
    contact_id = fresh_contact(36)
    headers = {"Authorization": _schemes(api.credentials)[scheme]}
    body = {**api.contact(contact_id), "Name": f"Written with {scheme}"}
    assert api.put(contact_id, body, headers=headers).status_code == 200
    response = api.get(contact_id, headers=headers)
    assert response.status_code == 200 and response.json()["Name"] == f"Written with {scheme}"


@pytest.mark.parametrize(
    "authorization",
    [
        "bearer tester-token",
        "BEARER tester-token",
        "Bearer   tester-token",
        "soticket tester-ticket",
        "basic dGVzdGVyOnRlc3Rlci1zZWNyZXQ=",
    ],
)
def test_scheme_names_are_case_insensitive(api, authorization):
    """The scheme name matches regardless of case and surrounding blanks."""
    assert api.get(37, headers={"Authorization": authorization}).status_code == 200


def test_missing_credentials_are_refused_with_401_and_nothing_changes(api):
    """A PUT without Authorization answers 401 with a WWW-Authenticate challenge, and the contact is unchanged."""
    before = api.contact(37)
    response = api.put(37, {**before, "Name": "Unauthorised"}, headers=NO_AUTH)
    assert "Authorization" not in response.request.headers
    assert_error(response, 401, "SoUnauthorizedException")
    challenge = response.headers["WWW-Authenticate"]
    assert all(scheme in challenge for scheme in ("Basic", "Bearer", "SoTicket"))
    assert api.contact(37) == before


@pytest.mark.parametrize(
    "authorization",
    [
        basic("tester", "wrong"),
        basic("someone", "tester-secret"),
        basic("tester", ""),
        "Basic !!!not-base64!!!",
        "Basic dGVzdGVy",
        "Basic " + "w6k=",
        "Bearer wrong-token",
        "Bearer",
        "Bearer tester-ticket",
        "SoTicket wrong",
        "SoTicket tester-token",
        "Digest tester-token",
        "tester-token",
        "Basic",
        "",
    ],
    ids=lambda a: a[:24] or "empty",
)
def test_wrong_credentials_are_refused_with_401_and_nothing_changes(api, authorization):
    """Wrong, malformed or mismatched credentials answer 401 and leave the contact unchanged."""
    before = api.contact(37)
    response = api.put(37, {**before, "Name": "Wrong credentials"}, headers={"Authorization": authorization})
    assert_error(response, 401, "SoUnauthorizedException")
    assert api.contact(37) == before


@pytest.mark.parametrize(
    ("data", "contact_id"),
    [(b"", 37), (b"{broken", 37), (b'{"Name": "x"}', 999_999), (b'{"Name": "x"}', "abc")],
    ids=["empty-body", "malformed", "unknown-id", "bad-id"],
)
def test_authentication_is_checked_before_the_body_and_the_id(api, data, contact_id):
    """Without credentials the answer is 401, whatever the body or id."""
    response = api.put(contact_id, data=data, headers={**NO_AUTH, "Content-Type": "application/json"})
    assert_error(response, 401)


@pytest.mark.parametrize("method", ["GET", "POST", "DELETE"])
def test_other_operations_require_credentials_too(api, method):
    """GET, POST and DELETE without credentials answer 401 (and DELETE removes nothing)."""
    path = "/api/v1/Contact" if method == "POST" else "/api/v1/Contact/38"
    assert_error(api.request(method, path, json={"Name": "x"}, headers=NO_AUTH), 401)
    assert api.get(38).status_code == 200


CUSTOM = Credentials(user="alice", password="päss wörd:with:colons", token="custom-token", ticket="custom-ticket")


@pytest.fixture(scope="module")
def custom_server():
    """A server started with custom credentials passed through the CONFORMANCE_SERVER_* variables."""
    with running_server(credentials=CUSTOM) as server:
        yield server


@pytest.mark.parametrize("scheme", ["Basic", "Bearer", "SoTicket"])
def test_credentials_from_environment_variables_are_accepted(custom_server, scheme):
    """A server given credentials by environment accepts them in every scheme."""
    response = requests.get(
        f"{custom_server.url}/api/v1/Contact/1", headers={"Authorization": _schemes(CUSTOM)[scheme]}, timeout=TIMEOUT
    )
    assert response.status_code == 200


@pytest.mark.parametrize("scheme", ["Basic", "Bearer", "SoTicket"])
def test_default_credentials_are_refused_when_others_are_configured(custom_server, scheme):
    """The built-in tester credentials stop working once custom ones are configured."""
    response = requests.get(
        f"{custom_server.url}/api/v1/Contact/1", headers={"Authorization": _schemes(DEFAULT)[scheme]}, timeout=TIMEOUT
    )
    assert_error(response, 401)


def test_custom_credentials_authorise_a_put(custom_server):
    """A PUT with the custom Basic credentials answers 200."""
    client = Api(custom_server)
    try:
        response = client.put(2, {**client.contact(2), "Name": "Custom credentials"})
        assert response.status_code == 200
        assert response.request.headers["Authorization"] == basic(CUSTOM.user, CUSTOM.password)
    finally:
        client.close()
