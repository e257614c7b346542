"""One PUT in a context: the request built from the context, sent, and the contact read before and after.

The request is built from the contact as the target stored it (read with GET just
before), so that If-Unmodified-Since dates are relative to the target's own
UpdatedDate. The stored contact is read again after the PUT, whatever it answered:
a refused PUT must leave it exactly as it was.
"""

from __future__ import annotations

import json
import random
import time
from datetime import timedelta
from typing import Any

from conformance.generation.credentials import authorization_for
from conformance.generation.strategies import edge_values, fit, pools
from conformance.harness.client import Client
from conformance.harness.contacts import Workspace
from conformance.harness.target import Target
from conformance.judging import checks
from conformance.judging.contact_model import Step
from conformance.judging.exchange import Exchange
from conformance.judging.outcomes import HarnessError
from conformance.spec.contexts import HEADER_SETS, Context
from conformance.spec.httpdate import asctime_date, imf_fixdate, rfc850_date
from conformance.spec.rules import WRITABLE_ELEMENT_LISTS, WRITABLE_STRINGS
from conformance.suite import last_modified, xml_body

RENDER_DATE = {"imf": imf_fixdate, "rfc850": rfc850_date, "asctime": asctime_date}


def typical_values(lengths: dict[str, int], chance: random.Random) -> dict[str, Any]:
    """Realistic values for every writable field, picked from the Faker pools."""
    pick = {name: chance.choice(values) for name, values in pools().items()}
    values: dict[str, Any] = {
        name: fit(pick["Number" if name.startswith("Number") else name], lengths.get(name, 255))
        for name in WRITABLE_STRINGS
    }
    values.update(NoMailing=chance.random() < 0.5, Xstop=chance.random() < 0.5)
    for list_name in WRITABLE_ELEMENT_LISTS:
        values[list_name] = [
            {
                "Value": fit(chance.choice(pools()[list_name]), lengths[f"{list_name}.Value"]),
                "Description": fit(chance.choice(pools()["Label"]), lengths[f"{list_name}.Description"]),
            }
            for _ in range(
                chance.randint(1, 3)
            )  # never empty: list rules (order, $select paths) always have items to judge
        ]
    values["Domains"] = [chance.choice(pools()["Domains"]) for _ in range(chance.randint(1, 2))]
    return values


def values_for(context: Context, lengths: dict[str, int], chance: random.Random) -> dict[str, Any]:
    """The writable values a context's body size asks for."""
    if context.body == "max":
        return edge_values(lengths)
    typical = typical_values(lengths, chance)
    if context.body == "few":
        return {"Name": typical["Name"], "Department": typical["Department"]}
    return typical


def entity_for(context: Context, stored: dict[str, Any], values: dict[str, Any]) -> dict[str, Any]:
    """The entity a PUT sends: the stored contact with the values, or only the values for a small body."""
    if context.body == "few":
        return dict(values)
    body = {k: v for k, v in stored.items() if k != "_Links"}
    body.update(values)
    return body


def encode(context: Context, entity: dict[str, Any]) -> bytes:
    """The body in the context's media type (XML in the DataContract shape)."""
    if context.xml_body:
        return xml_body(entity)
    return json.dumps(entity, ensure_ascii=False).encode("utf-8")


def condition_header(context: Context, stored: dict[str, Any]) -> str | None:
    """The If-Unmodified-Since value, relative to the stored contact's UpdatedDate."""
    condition = context.if_unmodified_since
    if condition.date_format == "none":
        return None
    if condition.shift is None:
        return condition.text
    moment = last_modified(stored)
    return RENDER_DATE[condition.date_format](moment.replace(microsecond=0) + timedelta(seconds=condition.shift))


def read_stored(
    client: Client, target: Target, contact_id: int, role: str
) -> tuple[dict[str, Any] | None, Exchange | None]:
    """The contact as stored (GET), or (None, None) when the target has no GET.

    Before a step, a GET that fails leaves the suite without a starting point (a harness error); after it,
    the GET verifies what the PUT stored, and a GET that fails is the target's (``put.persisted``).
    """
    if not target.has_get:
        return None, None
    before = role.startswith("before")
    answer = client.send(
        "GET", client.contact_path(contact_id), setup=before, role="setup" if before else f"verify: {role}"
    )
    if before and answer.status != 200:
        raise HarnessError(f"could not read contact {contact_id} {role} (GET answered {answer.status})")
    return checks.valid_contact(answer, requirement="put.persisted") if not before else _json(
        answer, contact_id, role
    ), answer


def _json(answer: Exchange, contact_id: int, role: str) -> dict[str, Any]:
    body, problem = checks.readable(answer)
    if problem is not None:
        raise HarnessError(f"could not read contact {contact_id} {role}: {problem}")
    return body


def put_in_context(
    client: Client,
    workspace: Workspace,
    target: Target,
    context: Context,
    values: dict[str, Any],
    *,
    before: dict[str, Any] | None = None,
    role: str = "under test",
) -> Step:
    """Read the contact (unless ``before`` says how it is stored), PUT ``values`` in ``context``, read it again."""
    contact_id = workspace.primary.id
    if before is None:
        before = workspace.current()
    if before is None:
        before, _ = read_stored(client, target, contact_id, "before the PUT")
        if before is not None:
            workspace.remember(before)
    stored = before if before is not None else workspace.primary.snapshot
    entity = entity_for(context, stored, values)
    headers = dict(_context_headers(context))
    condition = condition_header(context, stored) if context.condition != "absent" else None
    if condition is not None:
        headers["If-Unmodified-Since"] = condition
    authorization, _ = authorization_for(context.credentials, target.authorizations(), client.authorization)
    params = None if context.select_form.raw is None else {"$select": context.select_form.raw}
    client.ledger.contexts.add(context.label())
    sent_at = time.time()
    response = client.send(
        "PUT",
        client.contact_path(contact_id),
        body=encode(context, entity),
        headers=headers,
        params=params,
        authorization=authorization,
        role=role,
    )
    step = Step(context, contact_id, values, entity, before, response, sent_at=sent_at, answered_at=time.time())
    step.after, _ = read_stored(client, target, contact_id, "after the PUT")
    if step.after is not None:
        workspace.remember(step.after)
    return step


def _context_headers(context: Context) -> dict[str, str]:
    headers = {"Content-Type": context.content_type, **HEADER_SETS[context.headers]}
    if context.accept is not None:
        headers["Accept"] = context.accept
    return headers


def put_again_in_context(client: Client, workspace: Workspace, target: Target, step: Step, context: Context) -> Step:
    """The step's values sent again in another context, from the contact as it was before the step."""
    before = None
    if step.before is not None:
        answer = client.send(
            "PUT", client.contact_path(step.contact_id), json_body=entity_for(Context(), step.before, {}), setup=True
        )
        before = checks.valid_contact(answer, requirement="put.ok")  # a plain, valid PUT to an existing id
    return put_in_context(
        client, workspace, target, context, step.values, before=before, role=f"probe: {context.label()}"
    )
