"""Credentials one step off the real ones; 401 before every other refusal (SPEC-NOTES, "Authentication and headers").

``auth.required`` and ``auth.invalid`` say that a request without valid credentials answers 401 and changes
nothing, whatever else it carries: the rule has no exception for a request that is also wrong in another way, so
the server answers it 401 rather than 404, 400, 415 or 412, and its answer reveals nothing of the contact. Each
PUT here sends a small body whose Name marks it, so that one GET afterwards tells which refused PUT wrote.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from conformance.generation.credentials import neighbours, wrong_authorization
from conformance.judging import checks
from conformance.judging.exchange import Exchange
from conformance.judging.outcomes import Nonconformance, blame
from conformance.spec.rules import writable_view
from conformance.suite import draws, requirement

#: An If-Unmodified-Since long before any contact was last modified.
STALE_DATE = "Sun, 06 Nov 1994 08:49:37 GMT"


def _stored(client, target, workspace) -> dict[str, Any] | None:
    """The primary contact as stored (reset first unless the last read shows it clean); None without GET."""
    workspace.start_clean()
    before = workspace.current()
    if before is None and target.has_get:
        before = checks.valid_contact(
            client.send("GET", client.contact_path(workspace.primary.id), role="setup"), requirement="put.persisted"
        )
        workspace.remember(before)
    return before


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for item in value.values() for s in _strings(item)]
    if isinstance(value, list):
        return [s for item in value for s in _strings(item)]
    return []


def _reveals_nothing(response: Exchange, stored: dict[str, Any], *, requirement: str) -> None:
    """A refusal carries none of the stored contact's writable values (of six characters or more) not sent with it."""
    sent = (response.request_body or b"").decode("utf-8", "replace")
    text = response.response_body.decode("utf-8", "replace")
    try:
        text += "\n".join(_strings(response.json()))
    except ValueError:
        pass
    for value in _strings(writable_view(stored)):
        if len(value) >= 6 and value not in sent and value in text:
            raise Nonconformance(
                requirement,
                f"the {response.status} answer to a request without valid credentials reveals the stored contact",
                expected="no value of the contact",
                actual=value,
                culprit=response,
            )


def _unchanged(client, target, workspace, before, refused: dict[str, Exchange], *, requirement: str) -> None:
    """The contact is as it was (GET); else the refused PUT whose marker Name it now holds is to blame."""
    if not target.has_get or before is None:
        return
    after = checks.valid_contact(
        client.send("GET", client.contact_path(workspace.primary.id), role="verify: after the refused PUTs"),
        requirement=requirement,
    )
    workspace.remember(after)
    culprit = refused.get(after.get("Name") or "", list(refused.values()))
    with blame(culprit):
        checks.same_values(before, after, requirement=requirement, what="the contact after refused PUTs")


@requirement("auth.invalid")
@pytest.mark.parametrize("scheme", ["Basic", "Bearer", "SoTicket"])
@draws("auth:neighbours")
def test_credentials_one_step_off_are_refused_with_401_and_change_nothing(client, workspace, target, scheme) -> None:
    """The run's secret with one character changed, added or removed, or in another case or scheme, answers 401."""
    near = neighbours(scheme, target.authorizations())
    if not near:
        pytest.skip(f"no --auth {scheme.lower()}:... given")
    before = _stored(client, target, workspace)
    stored = before or workspace.primary.snapshot
    refused: dict[str, Exchange] = {}
    with checks.collected() as expect:
        for kind, authorization in near.items():
            marker = f"Written by {scheme} {kind}"
            response = client.send(
                "PUT",
                client.contact_path(workspace.primary.id),
                json_body={"Name": marker},
                authorization=authorization,
                role=f"under test: {scheme} {kind}",
            )
            refused[marker] = response
            expect(checks.status_is, response, 401, requirement="auth.invalid")
            expect(_reveals_nothing, response, stored, requirement="auth.invalid")
        expect(_unchanged, client, target, workspace, before, refused, requirement="auth.invalid")


def _other_wrongs(workspace) -> dict[str, dict[str, Any]]:
    """Requests wrong in one more way than their credentials: what a faithful server would refuse otherwise."""
    contact = workspace.primary.id
    return {
        "unknown id": {"id": workspace.unknown_id(), "json_body": {"Name": "Refused: unknown id"}},
        "id not a number": {"id": "not-a-number", "json_body": {"Name": "Refused: id not a number"}},
        "malformed JSON": {"id": contact, "body": b'{"Name": "Refused: malformed', "type": "application/json"},
        "no body": {"id": contact, "body": b"", "type": "application/json"},
        "unsupported media type": {
            "id": contact,
            "body": json.dumps({"Name": "Refused: text/plain"}).encode(),
            "type": "text/plain",
        },
        "stale If-Unmodified-Since": {
            "id": contact,
            "json_body": {"Name": "Refused: stale date"},
            "headers": {"If-Unmodified-Since": STALE_DATE},
        },
    }


@pytest.mark.parametrize(
    "credentials",
    [
        pytest.param("none", marks=requirement("auth.required")),
        pytest.param("wrong", marks=requirement("auth.invalid")),
    ],
)
@draws("auth:before-all")
def test_401_comes_before_every_other_refusal(client, workspace, target, credentials) -> None:
    """Without valid credentials, a PUT wrong in another way too answers 401 (not 404, 400, 415, 412): nothing shown."""
    given = target.authorizations()
    if credentials == "none":
        authorization: Any = False
        judged = "auth.required"
    else:
        primary = next(iter(given), None)
        near = neighbours(primary, given) if primary else {}
        authorization = near.get("last-changed") or wrong_authorization("bearer-wrong-token", given)
        judged = "auth.invalid"
    before = _stored(client, target, workspace)
    stored = before or workspace.primary.snapshot
    cases = _other_wrongs(workspace)
    refused: dict[str, Exchange] = {}
    with checks.collected() as expect:
        for case, request in cases.items():
            headers = dict(request.get("headers", {}))
            if "type" in request:
                headers["Content-Type"] = request["type"]
            response = client.send(
                "PUT",
                client.contact_path(request["id"]),
                body=request.get("body"),
                json_body=request.get("json_body"),
                headers=headers,
                authorization=authorization,
                role=f"under test: {case}",
            )
            name = (request.get("json_body") or {}).get("Name")
            if name:
                refused[name] = response
            expect(checks.status_is, response, 401, requirement=judged)
            expect(_reveals_nothing, response, stored, requirement=judged)
        expect(_unchanged, client, target, workspace, before, refused, requirement=judged)
        expect(_not_created, client, target, workspace, cases["unknown id"]["id"], refused, requirement=judged)


def _not_created(client, target, workspace, contact_id: int, refused: dict[str, Exchange], *, requirement: str):
    """The unknown id is still unknown (GET answers 404); a contact made there is deleted at the end."""
    if not target.has_get:
        return
    answer = client.send("GET", client.contact_path(contact_id), role="verify: the unknown id")
    if answer.status == 200:
        workspace.strays.append(contact_id)
        raise Nonconformance(
            requirement,
            f"a PUT without valid credentials created contact {contact_id}",
            expected="GET answers 404",
            actual=answer.status,
            culprit=refused.get("Refused: unknown id"),
        )
