"""Who may PUT (SPEC-NOTES, "Authentication and headers")."""

import base64

import pytest

from conformance import checks
from conformance.outcomes import blame
from conformance.suite import requirement, with_values

WRONG_CREDENTIALS = {
    "basic-wrong-password": "Basic " + base64.b64encode(b"tester:not-the-password").decode(),
    "basic-not-base64": "Basic %%%not-base64%%%",
    "bearer-wrong-token": "Bearer not-the-token",
    "soticket-wrong-ticket": "SoTicket 7T:not-the-ticket",
    "unknown-scheme": "Negotiate c29tZXRoaW5n",
    "scheme-only": "Bearer",
}


def _unchanged(client, target, workspace, before, requirement_id, refused):
    """The contact is as it was (read back by GET); else the ``refused`` PUT is to blame."""
    if target.has_get:
        after = checks.valid_contact(client.send("GET", client.contact_path(workspace.primary.id)), requirement_id)
        with blame(refused):
            checks.same_values(before, after, requirement_id, what="the contact after a refused PUT")


@requirement("auth.required", "error.shape")
def test_no_credentials_answers_401_and_changes_nothing(client, workspace, target):
    """A PUT with neither Authorization nor X-XSRF-TOKEN answers 401 and changes nothing."""
    before = workspace.baseline()
    body = with_values(before, {"Name": "Anonymous must not write"})
    response = client.send("PUT", client.contact_path(workspace.primary.id), json_body=body, authorization=False)
    with checks.collected() as expect:
        expect(checks.status_is, response, 401, "auth.required")
        expect(checks.error_shape, response)
    _unchanged(client, target, workspace, before, "auth.required", response)


@requirement("auth.invalid", "error.shape")
@pytest.mark.parametrize("authorization", list(WRONG_CREDENTIALS.values()), ids=list(WRONG_CREDENTIALS))
def test_wrong_credentials_answer_401_and_change_nothing(client, workspace, target, authorization):
    """A PUT with wrong credentials answers 401 and changes nothing."""
    before = workspace.baseline()
    body = with_values(before, {"Name": "Intruder must not write"})
    response = client.send("PUT", client.contact_path(workspace.primary.id), json_body=body, authorization=authorization)
    with checks.collected() as expect:
        expect(checks.status_is, response, 401, "auth.invalid")
        expect(checks.error_shape, response)
    _unchanged(client, target, workspace, before, "auth.invalid", response)


@requirement("auth.invalid")
def test_credentials_are_checked_before_the_body(client, workspace):
    """Wrong credentials with a broken body still answer 401: authentication comes first."""
    response = client.send("PUT", client.contact_path(workspace.primary.id), body=b"{broken", authorization=WRONG_CREDENTIALS["bearer-wrong-token"], headers={"Content-Type": "application/json"})
    checks.status_is(response, 401, "auth.invalid")


@requirement("auth.scheme")
@pytest.mark.parametrize("scheme", ["Basic", "Bearer", "SoTicket"])
def test_each_declared_scheme_is_accepted(client, workspace, target, scheme):
    """Each scheme the target declares, with the credentials given for it, is accepted."""
    given = target.authorizations()
    if scheme not in given:
        declared = scheme in target.declared_schemes
        pytest.skip(f"no --auth {scheme.lower()}:... given" + (f" (the target declares {scheme})" if declared else ""))
    body = with_values(workspace.primary.snapshot, {"Name": f"Written with {scheme}"})
    response = client.send("PUT", client.contact_path(workspace.primary.id), json_body=body, authorization=given[scheme])
    checks.echoed(body, checks.valid_contact(response, "auth.scheme"), "auth.scheme", fields=["Name"])
