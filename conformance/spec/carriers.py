"""The carrier types as a small typed model read off the derived response schema.

Code that needs to know "what kind of value is ``Category.Id``" (the XML codec,
``$select`` projection, form fields, the value strategies) asks this model rather
than walking JSON Schema itself.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from conformance.spec.isodate import ZERO_DATE_UTC, is_zero_date
from conformance.spec.schema import Node, SchemaDocument, UnsupportedSchema
from conformance.spec.validators import load_validators


@dataclass(frozen=True)
class Kind:
    """The type of a property, an array item or a map value."""

    name: str  # int32 | double | bool | string | date-time | enum | carrier | array | map
    carrier: str | None = None  # for "carrier": the definition name
    item: Kind | None = None  # for "array" and "map": the item / value kind
    choices: tuple[str, ...] = ()  # for "enum"


@dataclass(frozen=True)
class Carrier:
    """One carrier type: its properties, in the Swagger's order."""

    name: str
    properties: dict[str, Kind]
    _by_lower_name: dict[str, str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_lower_name", {p.lower(): p for p in self.properties})

    def lookup(self, name: str) -> str | None:
        """The property's canonical spelling for a case-insensitive name, or None."""
        return self._by_lower_name.get(name.lower())


def kind_of(node: Node) -> Kind:
    """The kind a (property, item or value) node describes."""
    node = node.without_null()
    if node.ref is not None:
        return Kind("carrier", carrier=node.ref)
    declared = next((t for t in node.types if t != "null"), None)
    if declared == "integer":
        return Kind("int32")
    if declared == "number":
        return Kind("double")
    if declared == "boolean":
        return Kind("bool")
    if declared == "array":
        return Kind("array", item=kind_of(_member(node.items, node, "an array needs items")))
    if declared == "object":
        return Kind("map", item=kind_of(_member(node.values, node, "an object needs additionalProperties")))
    if node.format == "date-time":
        return Kind("date-time")
    if declared == "string" and node.choices is not None:
        return Kind("enum", choices=node.choices)
    if declared == "string":
        return Kind("string")
    raise UnsupportedSchema("type", node.pointer, "no kind of value: a node needs $ref, type or format")


def _member(member: Node | None, container: Node, needs: str) -> Node:
    """The item (or value) node of an array (or map) node; refused when the container does not give one."""
    if member is None:
        raise UnsupportedSchema("type", container.pointer, f"no kind of value: {needs}")
    return member


def carriers_of(document: SchemaDocument) -> dict[str, Carrier]:
    """Every carrier type a schema document defines, by name."""
    return {
        name: Carrier(name, {prop: kind_of(node) for prop, node in definition.properties.items()})
        for name, definition in document.definitions.items()
    }


@lru_cache(maxsize=1)
def carriers() -> dict[str, Carrier]:
    """Every carrier type of the response schema (a superset of the request's), by name."""
    return carriers_of(load_validators().response.typed)


#: The .NET default of each value kind (strings, carriers, arrays and maps default to null).
DOTNET_DEFAULTS = {"int32": 0, "double": 0.0, "bool": False, "date-time": ZERO_DATE_UTC}


def is_dotnet_default(value: object, kind: Kind) -> bool:
    """Whether a value is its kind's .NET default: 0, 0.0, false, or the zero date in any spelling."""
    if kind.name == "date-time":
        return is_zero_date(value)
    zero = DOTNET_DEFAULTS.get(kind.name)
    if kind.name == "double":
        return isinstance(value, (int, float)) and not isinstance(value, bool) and value == 0
    return zero is not None and type(value) is type(zero) and value == zero


ROOT = "ContactEntityWithLinks"


def contact() -> Carrier:
    """The top-level carrier of a response body (ContactEntity plus ``_Links``)."""
    return carriers()[ROOT]
