"""The carrier types as a small typed model read off the derived response schema.

Code that needs to know "what kind of value is ``Category.Id``" (the XML codec,
``$select`` projection, form fields, the value strategies) asks this model rather
than walking JSON Schema itself.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Optional

from conformance.spec.validators import load_validators

@dataclass(frozen=True)
class Kind:
    """The type of a property, an array item or a map value."""

    name: str  # int32 | double | bool | string | date-time | enum | carrier | array | map
    carrier: Optional[str] = None  # for "carrier": the definition name
    item: Optional["Kind"] = None  # for "array" and "map": the item / value kind
    choices: tuple[str, ...] = ()  # for "enum"


@dataclass(frozen=True)
class Carrier:
    """One carrier type: its properties, in the Swagger's order."""

    name: str
    properties: dict[str, Kind]
    _by_lower_name: dict[str, str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_lower_name", {p.lower(): p for p in self.properties})

    def lookup(self, name: str) -> Optional[str]:
        """The property's canonical spelling for a case-insensitive name, or None."""
        return self._by_lower_name.get(name.lower())


def _non_null(schema: dict) -> dict:
    if "anyOf" in schema:
        branches = [b for b in schema["anyOf"] if b != {"type": "null"}]
        return branches[0]
    return schema


def kind_of(schema: dict) -> Kind:
    """The kind a (property, item or value) schema describes."""
    schema = _non_null(schema)
    if "$ref" in schema:
        return Kind("carrier", carrier=schema["$ref"].rsplit("/", 1)[-1])
    declared = schema.get("type")
    declared = [t for t in declared if t != "null"][0] if isinstance(declared, list) else declared
    if declared == "integer":
        return Kind("int32")
    if declared == "number":
        return Kind("double")
    if declared == "boolean":
        return Kind("bool")
    if declared == "array":
        return Kind("array", item=kind_of(schema["items"]))
    if declared == "object":
        return Kind("map", item=kind_of(schema["additionalProperties"]))
    if schema.get("format") == "date-time":
        return Kind("date-time")
    if "enum" in schema:
        return Kind("enum", choices=tuple(schema["enum"]))
    return Kind("string")


@lru_cache(maxsize=1)
def carriers() -> dict[str, Carrier]:
    """Every carrier type of the response schema (a superset of the request's), by name."""
    defs = load_validators().response.schema["$defs"]
    return {
        name: Carrier(name, {prop: kind_of(schema) for prop, schema in definition["properties"].items()})
        for name, definition in defs.items()
    }


ROOT = "ContactEntityWithLinks"


def contact() -> Carrier:
    """The top-level carrier of a response body (ContactEntity plus ``_Links``)."""
    return carriers()[ROOT]
