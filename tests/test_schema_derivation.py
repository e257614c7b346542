"""The schemas are a faithful, reproducible derivation of the page and the Swagger."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest

from conformance.spec import disagreements
from conformance.spec import endpoint_page as page
from conformance.spec.derive import (
    DERIVED_FILES,
    INT32,
    SWAGGER_REQUEST_ROOT,
    SWAGGER_RESPONSE_ROOT,
    derive,
    short_name,
)
from conformance.spec.paths import SCHEMAS_DIR, SWAGGER_PATH
from conformance.spec.validators import load_validators

SWAGGER = json.loads(SWAGGER_PATH.read_text(encoding="utf-8"))
VALIDATORS = load_validators()
REQUEST_DEFS = VALIDATORS.request.schema["$defs"]
RESPONSE_DEFS = VALIDATORS.response.schema["$defs"]
NESTED_TYPES = [
    "Associate",
    "Business",
    "Category",
    "Country",
    "Person",
    "Address",
    "StructuredAddress",
    "LocalizedField",
    "EntityElement",
    "SelectableMDOListItem",
    "TicketPriority",
    "CustomerLanguage",
    "SavedUtmParameters",
    "TableRight",
    "FieldProperty",
    "FieldRight",
]


def _branches(schema: dict) -> list[dict]:
    """The non-null alternatives of a property schema."""
    if "anyOf" in schema:
        return [b for b in schema["anyOf"] if b != {"type": "null"}]
    return [schema]


def _kinds(schema: dict) -> set[str]:
    kinds = set()
    for branch in _branches(schema):
        declared = branch.get("type", [])
        kinds |= {declared} if isinstance(declared, str) else set(declared)
    return kinds - {"null"}


def _matches_page_type(word: str, schema: dict) -> bool:
    """Whether a property schema has the type the page's table names."""
    normalised = disagreements.page_type(word)
    branch = _branches(schema)[0]
    if normalised == "int32":
        return branch.get("type") == "integer" and branch.get("minimum") == INT32["minimum"]
    if normalised == "date-time":
        return branch.get("format") == "date-time"
    simple = {"string": "string", "bool": "boolean", "array": "array", "object": "object"}
    if normalised in simple:
        return simple[normalised] in _kinds(schema)
    return branch.get("$ref") == f"#/$defs/{normalised}"


@pytest.mark.parametrize(
    ("rows", "defs", "root"),
    [
        pytest.param(page.request_properties(), REQUEST_DEFS, "ContactEntity", id="request-table"),
        pytest.param(page.response_properties(), RESPONSE_DEFS, "ContactEntityWithLinks", id="response-table"),
    ],
)
def test_every_page_property_is_in_the_schema_with_the_same_type(rows, defs, root):
    properties = defs[root]["properties"]
    assert len(rows) > 40
    wrong = [
        (r.name, r.type) for r in rows if r.name not in properties or not _matches_page_type(r.type, properties[r.name])
    ]
    assert wrong == []


@pytest.mark.parametrize(
    ("swagger_root", "defs"), [(SWAGGER_REQUEST_ROOT, REQUEST_DEFS), (SWAGGER_RESPONSE_ROOT, RESPONSE_DEFS)]
)
def test_every_swagger_property_is_in_the_schema_with_the_same_type(swagger_root, defs):
    swagger_props = SWAGGER["definitions"][swagger_root]["properties"]
    schema_props = defs[short_name(swagger_root)]["properties"]
    assert list(schema_props) == list(swagger_props)
    wrong = [
        n
        for n, node in swagger_props.items()
        if not _matches_page_type(disagreements.swagger_type(node), schema_props[n])
    ]
    assert wrong == []


@pytest.mark.parametrize("name", NESTED_TYPES)
def test_every_nested_type_is_a_reusable_definition(name):
    for defs in (REQUEST_DEFS, RESPONSE_DEFS):
        swagger_props = next(v for k, v in SWAGGER["definitions"].items() if short_name(k) == name)["properties"]
        assert list(defs[name]["properties"]) == list(swagger_props)


def _swagger_properties(defs: dict):
    """(definition, property, Swagger node) of every property of every definition in ``defs``."""
    for def_name, definition in SWAGGER["definitions"].items():
        if short_name(def_name) in defs:
            for prop, node in definition["properties"].items():
                yield short_name(def_name), prop, node


@pytest.mark.parametrize("defs", [REQUEST_DEFS, RESPONSE_DEFS], ids=["request", "response"])
def test_every_int32_has_int32_bounds_and_is_never_null(defs):
    int32s = [(d, p) for d, p, node in _swagger_properties(defs) if node.get("format") == "int32"]
    assert len(int32s) > 40
    without_description = [{k: v for k, v in defs[d]["properties"][p].items() if k != "description"} for d, p in int32s]
    assert all(schema == INT32 for schema in without_description)


def test_nullability_follows_the_dotnet_carriers():
    value_types = {"integer", "number", "boolean"}
    for d, p, node in _swagger_properties(REQUEST_DEFS):
        schema = REQUEST_DEFS[d]["properties"][p]
        accepts_null = "null" in str(schema.get("type")) or {"type": "null"} in schema.get("anyOf", [])
        is_value_type = node.get("type") in value_types or "format" in node or "enum" in node
        assert accepts_null != is_value_type, (d, p)


def test_response_requires_every_property_and_request_none():
    for name, definition in RESPONSE_DEFS.items():
        if not name.endswith("Child"):
            assert definition["required"] == list(definition["properties"]), name
    assert all("required" not in definition for definition in REQUEST_DEFS.values())


def test_projected_variant_is_derived_from_the_response_schema():
    derived = derive(SWAGGER, SWAGGER_PATH.read_bytes()).documents
    projected = derived["ContactEntityWithLinks.select.schema.json"]["$defs"]
    assert projected.keys() == RESPONSE_DEFS.keys()
    for name, definition in projected.items():
        assert definition.get("required") == RESPONSE_DEFS[name].get("required")


def test_derivation_is_deterministic():
    first = derive(SWAGGER, SWAGGER_PATH.read_bytes()).documents
    second = derive(json.loads(SWAGGER_PATH.read_text(encoding="utf-8")), SWAGGER_PATH.read_bytes()).documents
    assert json.dumps(first) == json.dumps(second)


def test_disagreements_between_page_and_swagger_are_found():
    found = disagreements.compare(SWAGGER, page.request_properties(), page.response_properties())
    missing = {(d.table, d.property) for d in found if d.kind == "missing-on-page"}
    assert missing == {("request", "TableRight"), ("request", "FieldProperties")}
    less_precise = {d.property for d in found if d.kind == "type-less-precise"}
    assert less_precise == {"UpdatedDate", "CreatedDate", "DbiLastSyncronized", "DbiLastModified"}
    assert not [d for d in found if d.kind in ("type-conflict", "missing-in-swagger")]


def _schemas_command(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "conformance", "schemas", *args], capture_output=True, text=True, timeout=120
    )


def test_check_passes_on_the_committed_schemas():
    result = _schemas_command("--check")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "schemas are current" in result.stdout


@pytest.mark.parametrize("file_name", [*DERIVED_FILES, "DERIVATION.md"])
def test_check_fails_after_a_one_byte_edit(tmp_path, file_name):
    copy = tmp_path / "schemas"
    shutil.copytree(SCHEMAS_DIR, copy)
    target = copy / file_name
    data = bytearray(target.read_bytes())
    data[len(data) // 2] ^= 0x01
    target.write_bytes(bytes(data))
    result = _schemas_command("--check", "--dir", str(copy))
    assert result.returncode == 1
    assert f"STALE {target}" in result.stdout


def test_regeneration_repairs_an_edited_copy(tmp_path):
    copy = tmp_path / "schemas"
    shutil.copytree(SCHEMAS_DIR, copy)
    (copy / DERIVED_FILES[0]).write_text("{}", encoding="utf-8")
    assert _schemas_command("--dir", str(copy)).returncode == 0
    assert _schemas_command("--check", "--dir", str(copy)).returncode == 0
