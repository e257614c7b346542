"""The one typed reading of the schemas (conformance/spec/schema.py): refusals, and every keyword honoured by all."""

from __future__ import annotations

import copy
import functools
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from conformance.cli import main
from conformance.generation.strategies import contact_entities
from conformance.spec.carriers import kind_of
from conformance.spec.compiled import compile_schema
from conformance.spec.derive import REQUEST_FILE
from conformance.spec.paths import SCHEMAS_DIR
from conformance.spec.schema import CONSTRAINTS, UnsupportedSchema, read_schema

REQUEST = json.loads((SCHEMAS_DIR / REQUEST_FILE).read_text(encoding="utf-8"))

#: One request schema per constraint keyword, the keyword put on a property the strategies generate.
CONSTRAINED = {
    "maxLength": ("Name", {"type": ["string", "null"], "maxLength": 3}),
    "minLength": ("Name", {"type": "string", "minLength": 5}),
    "pattern": ("OrgNr", {"type": ["string", "null"], "pattern": "^[0-9]{3}-[A-Z]{2}$"}),
    "minimum": ("ContactId", {"type": "integer", "minimum": 40, "maximum": 2**31 - 1}),
    "maximum": ("ContactId", {"type": "integer", "minimum": -(2**31), "maximum": 7}),
    "enum": ("Kananame", {"type": "string", "enum": ["left", "right"]}),
    "const": ("Kananame", {"const": "fixed"}),
}


def _with_property(name: str, schema: dict) -> dict:
    document = copy.deepcopy(REQUEST)
    document["$defs"]["ContactEntity"]["properties"][name] = schema
    return document


@functools.cache
def _constrained(keyword: str):
    """(jsonschema validator, compiled check, body strategy) of the schema carrying ``keyword``."""
    name, schema = CONSTRAINED[keyword]
    document = _with_property(name, schema)
    typed = read_schema(document)
    bodies = contact_entities({}, max_depth=0, schema=typed).filter(lambda b: name in b)
    return (
        Draft202012Validator(document, format_checker=Draft202012Validator.FORMAT_CHECKER),
        compile_schema(typed),
        bodies,
    )


def test_the_derived_schemas_read_without_refusal():
    assert set(read_schema(REQUEST).definitions) == set(REQUEST["$defs"])


def test_an_unsupported_keyword_is_refused_with_its_keyword_and_pointer():
    document = _with_property("Name", {"type": "string", "patternProperties": {}})
    with pytest.raises(UnsupportedSchema) as refused:
        read_schema(document)
    assert str(refused.value).startswith(
        "unsupported JSON Schema keyword 'patternProperties' at /$defs/ContactEntity/properties/Name/patternProperties"
    )


def test_kind_of_refuses_a_node_it_cannot_name():
    with pytest.raises(UnsupportedSchema):
        kind_of(read_schema({"description": "no type at all"}).root)


def test_schemas_check_fails_on_an_unsupported_keyword(tmp_path, monkeypatch, capsys):
    """``conformance schemas --check`` exits 1 naming the keyword when the committed schemas carry one."""
    for path in SCHEMAS_DIR.glob("*.schema.json"):
        (tmp_path / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "source").symlink_to(SCHEMAS_DIR / "source")
    (tmp_path / REQUEST_FILE).write_text(
        json.dumps(_with_property("Name", {"type": "string", "oneOf": []})), encoding="utf-8"
    )
    assert main(["schemas", "--check", "--dir", str(tmp_path)]) == 1
    assert (
        "unsupported JSON Schema keyword 'oneOf' at /$defs/ContactEntity/properties/Name/oneOf"
        in capsys.readouterr().out
    )


def test_every_constraint_keyword_has_a_strategy_test():
    assert {"maxLength", "minLength", "pattern", "minimum", "maximum", "enum", "const"} == set(CONSTRAINED)
    assert set(CONSTRAINED) <= CONSTRAINTS


@pytest.mark.parametrize("keyword", sorted(CONSTRAINED))
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(data=st.data())
def test_generated_bodies_honour_each_constraint_keyword(keyword, data):
    """Bodies drawn from a schema carrying the keyword validate with jsonschema and the compiled check."""
    validator, check, bodies = _constrained(keyword)
    body = data.draw(bodies, label="body")
    assert validator.is_valid(body), body[CONSTRAINED[keyword][0]]
    assert check(body)
