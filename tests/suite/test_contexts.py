"""The contexts, the wrong-credential family and the contact model, without a server where none is needed."""

from __future__ import annotations

import base64
import json
from itertools import combinations

import pytest

from conformance.generation.credentials import SWEEP_KINDS, WRONG_KINDS, authorization_for, wrong_authorization
from conformance.judging import contact_model
from conformance.judging.exchange import Exchange
from conformance.spec import xmlcodec
from conformance.spec.contexts import (
    ACCEPTS,
    CONTENT_TYPES,
    HEADER_SETS,
    Context,
    accepted_contexts,
    covering,
    refused_contexts,
)
from conformance.suite.steps import Step

REAL = {"Basic": "Basic " + base64.b64encode(b"tester:tester-secret").decode(), "Bearer": "Bearer tester-token"}


def _pairs(rows: list[Context], dimensions: dict) -> set:
    return {((a, getattr(r, a)), (b, getattr(r, b))) for r in rows for a, b in combinations(dimensions, 2)}


def test_the_covering_rows_hold_every_pair_of_values():
    dimensions = {"content_type": CONTENT_TYPES, "accept": ACCEPTS, "headers": tuple(HEADER_SETS)}
    rows = covering(dimensions)
    wanted = {((a, x), (b, y)) for a, b in combinations(dimensions, 2) for x in dimensions[a] for y in dimensions[b]}
    assert wanted <= _pairs(rows, dimensions)
    assert len(rows) < len(CONTENT_TYPES) * len(ACCEPTS) * len(HEADER_SETS) / 3


def test_the_sweeps_are_deterministic_and_their_ids_unique():
    first = accepted_contexts() + refused_contexts(SWEEP_KINDS)
    again = accepted_contexts() + refused_contexts(SWEEP_KINDS)
    assert first == again
    labels = [c.label() for c in first]
    assert len(set(labels)) == len(labels) and all(" " not in label for label in labels)


def test_every_refused_context_is_predicted_401_or_412_and_every_accepted_one_200():
    assert {contact_model.expected_status(c)[0] for c in accepted_contexts()} == {200}
    assert {contact_model.expected_status(c)[0] for c in refused_contexts(SWEEP_KINDS)} == {401, 412}


@pytest.mark.parametrize("kind", list(WRONG_KINDS))
def test_each_wrong_kind_differs_from_every_real_credential(kind):
    values = wrong_authorization(kind, REAL)
    assert values and (len(values) > 1 or values[0] not in REAL.values())


def test_the_wrong_basic_kinds_name_the_real_user():
    (value,) = wrong_authorization("basic-no-password-part", REAL)
    assert base64.b64decode(value.split(" ", 1)[1]) == b"tester"


def test_named_schemes_use_the_given_credentials_and_fall_back_to_the_primary():
    assert authorization_for("Bearer", REAL, REAL["Basic"]) == (["Bearer tester-token"], "Bearer")
    assert authorization_for("SoTicket", REAL, REAL["Basic"]) == ([REAL["Basic"]], None)
    assert authorization_for("none", REAL, REAL["Basic"]) == ([], None)


def test_a_divergence_is_credited_by_the_dimensions_that_cause_it():
    context = Context(content_type="text/json", select="lower-case", condition="current")
    assert contact_model.requirement_of("content_type", context, "status") == "content.json"
    assert contact_model.requirement_of("select", context, "status") == "select.case-insensitive"
    assert contact_model.requirement_of("select", context, "persisted") == "select.saves-all"
    assert contact_model.requirement_of("condition", context, "status") == "ius.current"
    assert set(contact_model.requirements_judged(context)) >= {
        "content.json",
        "select.case-insensitive",
        "ius.current",
        "put.ok",
    }


def _step(context: Context, status: int, body: dict, before: dict, after: dict) -> Step:
    response = Exchange(
        "PUT",
        "http://127.0.0.1/api/v1/Contact/7",
        {"Content-Type": context.content_type},
        b"{}",
        status=status,
        response_headers={"Content-Type": "application/json; charset=utf-8"},
        response_body=json.dumps(body).encode(),
    )
    return Step(context, 7, {"Name": "Sent"}, {"Name": "Sent"}, before, response, after=after)


def test_a_refused_put_that_changed_the_contact_diverges_as_unchanged():
    before = {"ContactId": 7, "Name": "Before", "UpdatedDate": "2026-01-01T00:00:00Z"}
    after = {**before, "Name": "Sent"}
    step = _step(Context(credentials="wrong:basic-no-password-part"), 401, {}, before, after)
    kinds = {d.kind for d in contact_model.divergences(step)}
    assert kinds == {"unchanged"}
    (finding,) = contact_model.credit(step, contact_model.divergences(step), probe=None)
    assert finding.requirement == "auth.invalid" and "/Name" == finding.pointer


def test_a_stale_put_answered_200_diverges_as_refused():
    before = {"ContactId": 7, "Name": "Before", "UpdatedDate": "2026-01-01T00:00:00Z"}
    step = _step(Context(condition="stale-rfc850"), 200, before, before, before)
    assert [d.kind for d in contact_model.divergences(step)] == ["refused"]
    assert contact_model.fixed_requirement("refused", step.context) == "ius.obsolete-formats"


def test_datacontract_dialect_problems_are_named():
    good = xmlcodec.to_xml(
        {"ContactId": 1, "Emails": [{"Value": "a@example.com"}], "NoMailing": True, "UserDefinedFields": {"k": "v"}}
    )
    assert xmlcodec.dialect_problems(good) == []
    bad = (
        good.replace(b"<EntityElement>", b"<item>")
        .replace(b"</EntityElement>", b"</item>")
        .replace(b">true<", b">True<")
    )
    problems = xmlcodec.dialect_problems(bad)
    assert any("<item>" in p for p in problems) and any("True" in p for p in problems)


def test_a_wrong_status_is_credited_to_the_dimension_whose_removal_makes_it_conform():
    """A 415 to a text/json body with $select that goes away without text/json (not without $select) breaks
    content.json."""
    context = Context(content_type="text/json", select="as-written")
    before = {"ContactId": 7, "Name": "Before", "UpdatedDate": "2026-01-01T00:00:00Z"}
    sent = []

    def probe(variant: Context) -> Step:
        sent.append(variant)
        return _step(variant, 415 if variant.content_type == "text/json" else 200, {}, before, before)

    step = _step(context, 415, {}, before, before)
    (finding,) = contact_model.credit(step, contact_model.divergences(step), probe)
    assert finding.requirement == "content.json"
    assert "conforms without its content-type" in finding.message
    assert sent[0] == Context() and set(sent[1:]) == {context.without("content_type"), context.without("select")}


def test_a_divergence_that_happens_in_the_plain_context_too_is_the_base_requirement():
    """A 400 to every PUT is put.ok's, whatever else the request carried (one probe: the plain context)."""
    context = Context(accept="application/xml", headers="so-culture")
    before = {"ContactId": 7, "Name": "Before", "UpdatedDate": "2026-01-01T00:00:00Z"}
    sent = []

    def probe(variant: Context) -> Step:
        sent.append(variant)
        return _step(variant, 400, {}, before, before)

    step = _step(context, 400, {}, before, before)
    (finding,) = contact_model.credit(step, contact_model.divergences(step), probe)
    assert finding.requirement == "put.ok" and sent == [Context()]
