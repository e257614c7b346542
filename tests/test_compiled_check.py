"""The compiled check answers exactly as jsonschema does, on valid and broken bodies alike."""

from __future__ import annotations

import copy
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from conformance.spec import endpoint_page as page
from conformance.spec.compiled import compile_schema
from conformance.spec.schema import UnsupportedSchema
from conformance.spec.validators import load_validators

VALIDATORS = load_validators()
SCHEMAS = {"request": VALIDATORS.request, "response": VALIDATORS.response, "projected": VALIDATORS.projected}

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**40), 2**40)
    | st.floats(allow_nan=False)
    | st.text(max_size=12)
    | st.sampled_from(["2023-10-18T02:30:52.4755423+02:00", "0001-01-01T00:00:00", "Customer", "2023-02-30T00:00:00Z"]),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=6), children, max_size=3),
    max_leaves=6,
)


def _pointers(node, prefix=()):
    yield prefix
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _pointers(value, (*prefix, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _pointers(value, (*prefix, index))


SAMPLES = {"request": page.sample_request(), "response": page.sample_response()}
POINTERS = {name: [p for p in _pointers(body) if p] for name, body in SAMPLES.items()}


@pytest.mark.parametrize("schema_name", list(SCHEMAS))
def test_derived_schemas_are_valid_draft_2020_12(schema_name):
    Draft202012Validator.check_schema(SCHEMAS[schema_name].schema)


@settings(max_examples=400)
@given(data=st.data(), schema_name=st.sampled_from(list(SCHEMAS)), value=json_values)
def test_compiled_check_agrees_with_jsonschema_on_mutated_samples(data, schema_name, value):
    sample = "request" if schema_name == "request" else "response"
    body = copy.deepcopy(SAMPLES[sample])
    *parents, last = data.draw(st.sampled_from(POINTERS[sample]))
    node = body
    for part in parents:
        node = node[part]
    node[last] = value
    validator = SCHEMAS[schema_name]
    assert validator.is_valid(body) == validator.jsonschema.is_valid(body)


@given(value=json_values)
def test_compiled_check_agrees_with_jsonschema_on_arbitrary_documents(value):
    for validator in SCHEMAS.values():
        assert validator.is_valid(value) == validator.jsonschema.is_valid(value)


@pytest.mark.parametrize("keyword", [{"$ref": "https://elsewhere.example/x.json"}, {"oneOf": []}, {"format": "email"}])
def test_keywords_outside_the_subset_are_refused_rather_than_ignored(keyword):
    with pytest.raises(UnsupportedSchema, match=re.escape(f"keyword {next(iter(keyword))!r} at /")):
        compile_schema({"type": "string", **keyword})


@pytest.mark.parametrize("keyword", [{"maxLength": 3}, {"minLength": 2}, {"pattern": "^a[0-9]"}])
@given(value=st.text(alphabet="ab0123🏢", max_size=6) | st.integers() | st.none())
def test_compiled_string_constraints_agree_with_jsonschema(keyword, value):
    schema = {"type": ["string", "integer", "null"], **keyword}
    assert compile_schema(schema)(value) == Draft202012Validator(schema).is_valid(value)
