"""Deriving the JSON Schemas (draft 2020-12) of the request and response bodies from the Swagger.

Rules (SPEC-NOTES, "Facts"): integers are int32; strings, objects, arrays and maps
may be null, int/bool/double/date-time/enum values may not; a response body carries
every property of its type, so a response schema lists them all as required; in a
``$select``-projected response any property may be null (or a .NET default).
"""

from __future__ import annotations

import copy
import hashlib
import json
from dataclasses import dataclass
from typing import Any

from conformance.spec.isodate import ZERO_DATE

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
ID_BASE = "https://schemas.conformance.invalid/"
INT32 = {"type": "integer", "minimum": -(2**31), "maximum": 2**31 - 1}
NULL = {"type": "null"}

SWAGGER_REQUEST_ROOT = "SuperOffice.CRM.Services.ContactEntity"
SWAGGER_RESPONSE_ROOT = "SuperOffice.WebApi.v1.Carriers.ContactCarriers.ContactEntityWithLinks"

REQUEST_FILE = "ContactEntity.schema.json"
RESPONSE_FILE = "ContactEntityWithLinks.schema.json"
PROJECTED_FILE = "ContactEntityWithLinks.select.schema.json"
DERIVED_FILES = (REQUEST_FILE, RESPONSE_FILE, PROJECTED_FILE)

#: Suffix of the definition used where a carrier type nests inside itself (see ``_relax_recursion``).
NESTED_SUFFIX = "Child"


def short_name(swagger_name: str) -> str:
    """``SuperOffice.CRM.Services.Associate`` -> ``Associate``."""
    return swagger_name.rsplit(".", 1)[-1]


def _ref_target(ref: str) -> str:
    return ref.rsplit("/", 1)[-1]


def _description(node: dict[str, Any]) -> dict[str, Any]:
    text = " ".join(str(node.get("description", "")).split())
    return {"description": text} if text else {}


def _value_schema(node: dict[str, Any]) -> dict[str, Any]:
    """The schema of an array item or map value: its declared type, never null."""
    if "$ref" in node:
        return {"$ref": "#/$defs/" + short_name(_ref_target(node["$ref"]))}
    kind = node.get("type")
    if kind == "array":
        return {"type": "array", "items": _value_schema(node["items"])}
    if kind == "object":
        return {"type": "object", "additionalProperties": _value_schema(node.get("additionalProperties", {}))}
    return _scalar_schema(node, nullable_string=False)


def _scalar_schema(node: dict[str, Any], *, nullable_string: bool) -> dict[str, Any]:
    kind, fmt = node.get("type"), node.get("format")
    if kind == "integer":
        return dict(INT32) if fmt in (None, "int32") else {"type": "integer"}
    if kind == "number":
        return {"type": "number"}
    if kind == "boolean":
        return {"type": "boolean"}
    if kind == "string" and fmt == "date-time":
        # RFC 3339, or the .NET zero date as DateTime.MinValue serialises (SPEC-NOTES, Freedoms: "in any spelling")
        return {"anyOf": [{"type": "string", "format": "date-time"}, {"const": ZERO_DATE}]}
    if kind == "string" and "enum" in node:
        return {"type": "string", "enum": list(node["enum"])}
    if kind == "string":
        return {"type": ["string", "null"] if nullable_string else "string"}
    raise ValueError(f"unsupported Swagger type {node!r}")


def property_schema(node: dict[str, Any]) -> dict[str, Any]:
    """The schema of one property of a carrier, with the carrier's nullability rules."""
    schema: dict[str, Any]
    if "$ref" in node:
        schema = {"anyOf": [{"$ref": "#/$defs/" + short_name(_ref_target(node["$ref"]))}, NULL]}
    elif node.get("type") == "array":
        schema = {"type": ["array", "null"], "items": _value_schema(node["items"])}
    elif node.get("type") == "object":
        schema = {
            "type": ["object", "null"],
            "additionalProperties": _value_schema(node.get("additionalProperties", {})),
        }
    else:
        schema = _scalar_schema(node, nullable_string=True)
    return {**_description(node), **schema}


def _refs(node: object) -> set[str]:
    """Every Swagger definition name a node refers to, at any depth."""
    if isinstance(node, dict):
        found = {_ref_target(node["$ref"])} if "$ref" in node else set()
        for value in node.values():
            found |= _refs(value)
        return found
    if isinstance(node, list):
        return set().union(*(_refs(v) for v in node)) if node else set()
    return set()


def reachable_definitions(swagger: dict[str, Any], root: str) -> list[str]:
    """Swagger definitions reachable from ``root``, in first-seen order (root first)."""
    definitions = swagger["definitions"]
    order, pending = [], [root]
    while pending:
        name = pending.pop(0)
        if name in order:
            continue
        order.append(name)
        pending.extend(sorted(_refs(definitions[name].get("properties", {})) - set(order)))
    return order


def carrier_schema(definition: dict[str, Any], *, complete: bool) -> dict[str, Any]:
    """The object schema of one carrier type; ``complete`` lists every property as required."""
    properties = {name: property_schema(node) for name, node in definition.get("properties", {}).items()}
    schema = {**_description(definition), "type": "object", "properties": properties}
    if complete:
        schema["required"] = list(properties)
    return schema


def _self_references(name: str, schema: dict[str, Any]) -> bool:
    return f"#/$defs/{name}" in json.dumps(schema["properties"])


def _relax_recursion(defs: dict[str, Any]) -> list[str]:
    """Point a carrier's references to itself at a copy whose properties are not required.

    The page's sample response shows ``"ChildItems": [{}, {}]``: the documentation
    generator stops at the first level of a recursive type, so nested occurrences
    are not held to completeness. Returns the names of the relaxed types.
    """
    relaxed = []
    for name in [n for n, s in defs.items() if "required" in s and _self_references(n, s)]:
        nested = copy.deepcopy(defs[name])
        nested.pop("required")
        defs[name + NESTED_SUFFIX] = nested
        for target in (defs[name], nested):
            text = json.dumps(target["properties"])
            text = text.replace(f'"#/$defs/{name}"', f'"#/$defs/{name}{NESTED_SUFFIX}"')
            target["properties"] = json.loads(text)
        relaxed.append(name)
    return relaxed


def _accepts_null(schema: dict[str, Any]) -> bool:
    kinds = schema.get("type")
    if kinds == "null" or (isinstance(kinds, list) and "null" in kinds):
        return True
    return any(branch == NULL for branch in schema.get("anyOf", []))


def projected_property(schema: dict[str, Any]) -> dict[str, Any]:
    """A response property as ``$select`` may leave it: the value, null, or the .NET default."""
    if _accepts_null(schema):
        return schema
    description = {k: v for k, v in schema.items() if k == "description"}
    value = {k: v for k, v in schema.items() if k != "description"}
    branches = value["anyOf"] if set(value) == {"anyOf"} else [value]
    return {**description, "anyOf": [*branches, NULL]}


@dataclass(frozen=True)
class Derivation:
    """The derived schema documents, by file name, and facts about them."""

    documents: dict[str, dict[str, Any]]
    relaxed_types: list[str]
    source_sha256: str

    def definition_count(self, file_name: str) -> int:
        return len(self.documents[file_name]["$defs"])

    def property_count(self, file_name: str) -> int:
        return sum(len(d.get("properties", {})) for d in self.documents[file_name]["$defs"].values())


def _document(file_name: str, title: str, root: str, defs: dict[str, Any], source_sha256: str) -> dict[str, Any]:
    return {
        "$schema": SCHEMA_DIALECT,
        "$id": ID_BASE + file_name,
        "title": title,
        "$comment": (
            "Derived by `conformance schemas` from schemas/source/Swagger-v1-Contact.json "
            f"(sha256 {source_sha256}). Do not edit: rerun the derivation."
        ),
        "$ref": f"#/$defs/{root}",
        "$defs": defs,
    }


def _definitions(swagger: dict[str, Any], root: str, *, complete: bool) -> dict[str, Any]:
    return {
        short_name(name): carrier_schema(swagger["definitions"][name], complete=complete)
        for name in reachable_definitions(swagger, root)
    }


def derive(swagger: dict[str, Any], source_bytes: bytes) -> Derivation:
    """Derive the request, response and projected-response schemas from the Swagger document."""
    digest = hashlib.sha256(source_bytes).hexdigest()
    request_defs = _definitions(swagger, SWAGGER_REQUEST_ROOT, complete=False)
    response_defs = _definitions(swagger, SWAGGER_RESPONSE_ROOT, complete=True)
    relaxed = _relax_recursion(response_defs)
    projected_defs = copy.deepcopy(response_defs)
    for definition in projected_defs.values():
        definition["properties"] = {n: projected_property(s) for n, s in definition["properties"].items()}
    request_root, response_root = short_name(SWAGGER_REQUEST_ROOT), short_name(SWAGGER_RESPONSE_ROOT)
    documents = {
        REQUEST_FILE: _document(
            REQUEST_FILE, "ContactEntity: request body of PUT /api/v1/Contact/{id}", request_root, request_defs, digest
        ),
        RESPONSE_FILE: _document(
            RESPONSE_FILE, "ContactEntityWithLinks: 200 response body", response_root, response_defs, digest
        ),
        PROJECTED_FILE: _document(
            PROJECTED_FILE,
            "ContactEntityWithLinks as returned with $select: unselected properties null or .NET default",
            response_root,
            projected_defs,
            digest,
        ),
    }
    return Derivation(documents, relaxed, digest)


def render(document: dict[str, Any]) -> str:
    """The canonical text of a derived document (stable key order, two-space indent)."""
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
