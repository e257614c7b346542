"""The one typed reading of a derived JSON Schema document: every node, its types and constraints.

The compiled check (``spec/compiled.py``), the body strategies (``strategies.py``) and the
carrier model (``spec/model.py``) all read a schema through ``read_schema``, so they agree on
what it says. A keyword outside the subset below is refused here, once, when the schemas are
derived or loaded, with the keyword and its JSON pointer: no reader can enforce a keyword
another one ignores.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

#: Keywords that describe and never constrain.
ANNOTATIONS = frozenset({"$schema", "$id", "$comment", "$defs", "title", "description"})
#: Keywords every reader of the schemas honours (the check, the strategies, the model).
CONSTRAINTS = frozenset(
    {
        "$ref",
        "type",
        "anyOf",
        "enum",
        "const",
        "format",
        "minimum",
        "maximum",
        "minLength",
        "maxLength",
        "pattern",
        "properties",
        "required",
        "additionalProperties",
        "items",
    }
)
SUPPORTED_KEYWORDS = ANNOTATIONS | CONSTRAINTS
FORMATS = frozenset({"date-time"})
JSON_TYPES = frozenset({"null", "boolean", "string", "object", "array", "number", "integer"})
DEFS_PREFIX = "#/$defs/"


class UnsupportedSchema(ValueError):
    """A schema uses something outside the subset the suite reads; names the keyword and where."""

    def __init__(self, keyword: str, pointer: str, detail: str = ""):
        self.keyword, self.pointer = keyword, pointer or "/"
        reason = detail or f"the suite reads only {', '.join(sorted(CONSTRAINTS))} (and annotations)"
        super().__init__(f"unsupported JSON Schema keyword {keyword!r} at {self.pointer}: {reason}")


@dataclass(frozen=True)
class Node:
    """One schema node, every keyword typed. An absent keyword is None (or empty)."""

    pointer: str
    types: tuple[str, ...] = ()  # allowed JSON types; empty: any
    ref: str | None = None  # the $defs name a "$ref" names
    any_of: tuple[Node, ...] = ()
    choices: tuple[str, ...] | None = None  # "enum", or "const" as one choice (strings only)
    format: str | None = None
    minimum: float | None = None
    maximum: float | None = None
    min_length: int | None = None
    max_length: int | None = None
    pattern: str | None = None
    items: Node | None = None
    values: Node | None = None  # "additionalProperties": the schema of every map value
    properties: dict[str, Node] = field(default_factory=dict)  # in the document's order
    required: frozenset[str] = frozenset()

    def without_null(self) -> Node:
        """The node a non-null value is read against: the first non-null ``anyOf`` branch, or itself."""
        branches = [branch for branch in self.any_of if branch.types != ("null",)]
        return branches[0] if self.any_of and branches else self


@dataclass(frozen=True)
class SchemaDocument:
    """A derived schema document: its root node and its definitions by name."""

    root: Node
    definitions: dict[str, Node]


def _pointer(parent: str, *parts: str | int) -> str:
    return parent + "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in parts)


def _strings(keyword: str, values: list[Any], pointer: str) -> tuple[str, ...]:
    if not all(isinstance(v, str) for v in values):
        raise UnsupportedSchema(keyword, pointer, "only string values are supported")
    return tuple(values)


def _node(schema: Any, pointer: str, names: frozenset[str]) -> Node:
    if not isinstance(schema, dict):
        raise UnsupportedSchema("(boolean schema)", pointer, "a schema must be an object")
    for keyword in schema:
        if keyword not in SUPPORTED_KEYWORDS:
            raise UnsupportedSchema(keyword, _pointer(pointer, keyword))
    read: dict[str, Any] = {}
    if "$ref" in schema:
        ref = schema["$ref"]
        if not (isinstance(ref, str) and ref.startswith(DEFS_PREFIX) and ref[len(DEFS_PREFIX) :] in names):
            raise UnsupportedSchema("$ref", _pointer(pointer, "$ref"), f"{ref!r} is not a definition of this document")
        read["ref"] = ref[len(DEFS_PREFIX) :]
    if "type" in schema:
        types = (schema["type"],) if isinstance(schema["type"], str) else tuple(schema["type"])
        if not set(types) <= JSON_TYPES:
            raise UnsupportedSchema("type", _pointer(pointer, "type"), f"unknown type in {schema['type']!r}")
        read["types"] = types
    if "anyOf" in schema:
        read["any_of"] = tuple(_node(b, _pointer(pointer, "anyOf", i), names) for i, b in enumerate(schema["anyOf"]))
    if "enum" in schema and "const" in schema:
        raise UnsupportedSchema("const", _pointer(pointer, "const"), "const beside enum")
    if "enum" in schema:
        read["choices"] = _strings("enum", schema["enum"], _pointer(pointer, "enum"))
    if "const" in schema:
        read["choices"] = _strings("const", [schema["const"]], _pointer(pointer, "const"))
    if "format" in schema:
        if schema["format"] not in FORMATS:
            raise UnsupportedSchema(
                "format", _pointer(pointer, "format"), f"format {schema['format']!r} is not one of {sorted(FORMATS)}"
            )
        read["format"] = schema["format"]
    for keyword, name in (
        ("minimum", "minimum"),
        ("maximum", "maximum"),
        ("minLength", "min_length"),
        ("maxLength", "max_length"),
        ("pattern", "pattern"),
    ):
        if keyword in schema:
            read[name] = schema[keyword]
    if "items" in schema:
        read["items"] = _node(schema["items"], _pointer(pointer, "items"), names)
    if "additionalProperties" in schema:
        if "properties" in schema:
            raise UnsupportedSchema(
                "additionalProperties", _pointer(pointer, "additionalProperties"), "beside properties"
            )
        read["values"] = _node(schema["additionalProperties"], _pointer(pointer, "additionalProperties"), names)
    if "properties" in schema:
        read["properties"] = {
            name: _node(sub, _pointer(pointer, "properties", name), names) for name, sub in schema["properties"].items()
        }
    if "required" in schema:
        read["required"] = frozenset(schema["required"])
    return Node(pointer, **read)


def read_schema(document: dict[str, Any]) -> SchemaDocument:
    """The typed reading of a schema document; raises ``UnsupportedSchema`` on anything outside the subset."""
    definitions = document.get("$defs", {})
    names = frozenset(definitions)
    return SchemaDocument(
        root=_node(document, "", names),
        definitions={name: _node(d, _pointer("", "$defs", name), names) for name, d in definitions.items()},
    )
