"""Who may PUT (SPEC-NOTES, "Authentication and headers").

Wrong credentials of every kind, in every context, are judged by test_contexts.py and test_model.py.
"""

import pytest

from conformance.generation.credentials import wrong_authorization
from conformance.judging import checks
from conformance.judging.outcomes import Nonconformance, blame
from conformance.suite import draws, requirement, with_values


def _unchanged(client, target, workspace, before, requirement, refused):
    """The contact is as it was (read back by GET); else the ``refused`` PUT is to blame."""
    if target.has_get:
        after = checks.valid_contact(
            client.send("GET", client.contact_path(workspace.primary.id)), requirement=requirement
        )
        with blame(refused):
            checks.same_values(before, after, requirement=requirement, what="the contact after a refused PUT")


@requirement("auth.required")
@draws("auth:none")
def test_no_credentials_answers_401_and_changes_nothing(client, workspace, target):
    """A PUT with neither Authorization nor X-XSRF-TOKEN answers 401 (with any body) and changes nothing."""
    before = workspace.baseline()
    body = with_values(before, {"Name": "Anonymous must not write"})
    response = client.send("PUT", client.contact_path(workspace.primary.id), json_body=body, authorization=False)
    with checks.collected() as expect:
        expect(checks.status_is, response, 401, requirement="auth.required")
        expect(_unchanged, client, target, workspace, before, "auth.required", response)


@requirement("auth.invalid")
@draws("auth:before-all")
def test_credentials_are_checked_before_the_body(client, workspace, target):
    """Wrong credentials with a broken body still answer 401: authentication comes first."""
    wrong = wrong_authorization("bearer-wrong-token", target.authorizations())
    response = client.send(
        "PUT",
        client.contact_path(workspace.primary.id),
        body=b"{broken",
        authorization=wrong,
        headers={"Content-Type": "application/json"},
    )
    checks.status_is(response, 401, requirement="auth.invalid")


@requirement("auth.scheme")
@pytest.mark.parametrize("scheme", ["Basic", "Bearer", "SoTicket"])
@draws("auth:valid")
def test_each_declared_scheme_is_accepted(client, workspace, target, scheme):
    """Each scheme the target declares, with the credentials given for it, is accepted."""
    given = target.authorizations()
    if scheme not in given:
        declared = scheme in target.declared_schemes
        pytest.skip(f"no --auth {scheme.lower()}:... given" + (f" (the target declares {scheme})" if declared else ""))
    body = with_values(workspace.primary.snapshot, {"Name": f"Written with {scheme}"})
    response = client.send(
        "PUT", client.contact_path(workspace.primary.id), json_body=body, authorization=given[scheme]
    )
    checks.echoed(
        body, checks.valid_contact(response, requirement="auth.scheme"), requirement="auth.scheme", fields=["Name"]
    )


@requirement("auth.scheme")
@pytest.mark.parametrize(
    "body",
    [b"{broken", b'{"Name": 5}', b"[]", b'{"Name": "%s"}' % (b"N" * 300)],
    ids=["malformed", "mistyped", "not-an-object", "too-long"],
)
@draws("auth:valid-with-a-bad-body")
def test_valid_credentials_with_a_bad_body_are_never_answered_401(client, workspace, body):
    """A PUT whose only fault is its body is refused for the body (a 4xx other than 401), never as unauthenticated:
    a 401 would tell the client its valid credentials were refused (RFC 9110 §15.5.2)."""
    response = client.send(
        "PUT", client.contact_path(workspace.primary.id), body=body, headers={"Content-Type": "application/json"}
    )
    checks.answered(response, requirement="auth.scheme")
    if response.status == 401:
        raise Nonconformance(
            "auth.scheme",
            "a PUT with valid credentials and a bad body answered 401",
            expected="a 4xx other than 401 (or 200)",
            actual=response.status,
        )
