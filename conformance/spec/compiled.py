"""A fast yes/no check compiled from the derived schemas (the subset of keywords they use).

jsonschema stays the authority that explains a failure (pointer and message); this
check answers "valid?" many times faster, which the reference server needs on every
request and the suite on every response. It generates Python source (one function
per definition and per container) from the typed reading of the schema
(``spec/schema.py``, which refuses any keyword outside the subset) and compiles it once.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

from rfc3339_validator import validate_rfc3339

from conformance.spec.schema import Node, SchemaDocument, read_schema

Check = Callable[[Any], bool]

_TYPES = {
    "null": "{v} is None",
    "boolean": "({v} is True or {v} is False)",
    "string": "isinstance({v}, str)",
    "object": "isinstance({v}, dict)",
    "array": "isinstance({v}, list)",
    # Exact-class tests first: JSON decoders give plain int and float, and a call costs more than the test.
    "number": "({v}.__class__ is int or {v}.__class__ is float or _is_number({v}))",
    "integer": "({v}.__class__ is int or _is_integer({v}))",
}
_MISSING = object()


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _is_integer(value: object) -> bool:
    if isinstance(value, bool):
        return False
    return isinstance(value, int) or (isinstance(value, float) and value.is_integer())


def _date_time(value: object) -> bool:
    return not isinstance(value, str) or validate_rfc3339(value.upper())


class _Generator:
    """Writes the source of one check function per definition and container node."""

    def __init__(self, document: SchemaDocument):
        self.defs = document.definitions
        self.source: list[str] = []
        self.constants: dict[str, Any] = {}
        self.named: dict[str, str] = {}
        self.count = 0

    def _name(self, prefix: str) -> str:
        self.count += 1
        return f"_{prefix}_{self.count}"

    def constant(self, value: Any) -> str:
        name = self._name("const")
        self.constants[name] = value
        return name

    def function(self, body: list[str], prefix: str = "check") -> str:
        name = self._name(prefix)
        self.source += [f"def {name}(v):", *("    " + line for line in body), ""]
        return name

    def reference(self, target: str) -> str:
        if target not in self.named:
            self.named[target] = f"_def_{len(self.named)}"
            body = [f"return {self.expression(self.defs[target], 'v')}"]
            self.source += [f"def {self.named[target]}(v):", *("    " + line for line in body), ""]
        return self.named[target]

    def expression(self, node: Node, v: str) -> str:
        """A Python boolean expression that is True when ``v`` is valid against ``node``."""
        parts = [part for part in self.parts(node, v) if part]
        return "(" + " and ".join(parts) + ")" if parts else "True"

    def parts(self, node: Node, v: str) -> Iterator[str]:
        if node.ref is not None:
            yield f"{self.reference(node.ref)}({v})"
        if node.types:
            yield "(" + " or ".join(_TYPES[k].format(v=v) for k in node.types) + ")"
        for bound, operator in ((node.minimum, ">="), (node.maximum, "<=")):
            if bound is not None:
                test = f"{v} {operator} {bound!r}"
                yield f"({test} if {v}.__class__ is int else (not _is_number({v}) or {test}))"
        for bound, operator in ((node.min_length, ">="), (node.max_length, "<=")):
            if bound is not None:
                yield f"(not isinstance({v}, str) or len({v}) {operator} {bound!r})"
        if node.pattern is not None:
            yield f"(not isinstance({v}, str) or {self.constant(re.compile(node.pattern))}.search({v}) is not None)"
        if node.format is not None:
            yield f"_date_time({v})"
        if node.choices is not None:
            yield f"(isinstance({v}, str) and {v} in {self.constant(frozenset(node.choices))})"
        if node.any_of:
            yield "(" + " or ".join(self.expression(branch, v) for branch in node.any_of) + ")"
        if node.required:
            yield f"(not isinstance({v}, dict) or {self.constant(node.required)} <= {v}.keys())"
        if node.properties:
            yield f"{self.properties(node.properties)}({v})"
        if node.values is not None:
            yield f"{self.container(node.values, 'dict', 'v.values()', 'values')}({v})"
        if node.items is not None:
            yield f"{self.container(node.items, 'list', 'v', 'items')}({v})"

    def container(self, member: Node, python_type: str, members: str, prefix: str) -> str:
        body = [
            f"if isinstance(v, {python_type}):",
            f"    for x in {members}:",
            f"        if not {self.expression(member, 'x')}:",
            "            return False",
            "return True",
        ]
        return self.function(body, prefix)

    def properties(self, properties: dict[str, Node]) -> str:
        body = ["if not isinstance(v, dict):", "    return True"]
        for name, node in properties.items():
            body += [
                f"x = v.get({name!r}, _MISSING)",
                f"if x is not _MISSING and not {self.expression(node, 'x')}:",
                "    return False",
            ]
        return self.function(body + ["return True"], "properties")


def compile_schema(document: dict[str, Any] | SchemaDocument) -> Check:
    """A predicate telling whether an instance is valid against a derived schema document."""
    typed = document if isinstance(document, SchemaDocument) else read_schema(document)
    generator = _Generator(typed)
    root = generator.expression(typed.root, "v")
    source = "\n".join(generator.source + ["def check(v):", f"    return {root}", ""])
    namespace: dict[str, Any] = {
        "_is_number": _is_number,
        "_is_integer": _is_integer,
        "_date_time": _date_time,
        "_MISSING": _MISSING,
    }
    namespace.update(generator.constants)
    exec(compile(source, "<compiled schema>", "exec"), namespace)  # noqa: S102 - source generated from our own schemas
    check: Check = namespace["check"]
    return check
