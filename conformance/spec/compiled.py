"""A fast yes/no check compiled from the derived schemas (the subset of keywords they use).

jsonschema stays the authority that explains a failure (pointer and message); this
compiled predicate answers "valid?" about thirty times faster, which the reference
server needs on every request and the suite on every response. It refuses to
compile a keyword it does not know, so it cannot silently check less than jsonschema.
"""

from __future__ import annotations

from typing import Any, Callable

from rfc3339_validator import validate_rfc3339

Check = Callable[[Any], bool]

ANNOTATIONS = {"$schema", "$id", "$comment", "$defs", "title", "description"}
_PYTHON_TYPES: dict[str, Check] = {
    "null": lambda v: v is None,
    "boolean": lambda v: isinstance(v, bool),
    "string": lambda v: isinstance(v, str),
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
    "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
    "integer": lambda v: (isinstance(v, int) and not isinstance(v, bool)) or (isinstance(v, float) and v.is_integer()),
}
_FORMATS: dict[str, Check] = {
    "date-time": lambda v: not isinstance(v, str) or validate_rfc3339(v.upper()),
}


class _Compiler:
    """Compiles the schema nodes of one document; ``$ref``s point into its ``$defs``."""

    def __init__(self, document: dict):
        self.defs = document.get("$defs", {})
        self.compiled: dict[str, Check] = {}

    def reference(self, ref: str) -> Check:
        prefix = "#/$defs/"
        if not ref.startswith(prefix) or ref[len(prefix) :] not in self.defs:
            raise ValueError(f"cannot compile reference {ref!r}")
        name = ref[len(prefix) :]
        if name not in self.compiled:
            self.compiled[name] = lambda v: self.compiled[name](v)  # placeholder while recursing
            self.compiled[name] = self.node(self.defs[name])
        return lambda v: self.compiled[name](v)

    def node(self, schema: dict) -> Check:
        checks: list[Check] = []
        for keyword, value in schema.items():
            if keyword in ANNOTATIONS:
                continue
            checks.append(self.keyword(keyword, value, schema))
        if len(checks) == 1:
            return checks[0]
        return lambda v: all(check(v) for check in checks)

    def keyword(self, keyword: str, value, schema: dict) -> Check:
        if keyword == "$ref":
            return self.reference(value)
        if keyword == "type":
            kinds = [_PYTHON_TYPES[k] for k in ([value] if isinstance(value, str) else value)]
            return lambda v: any(kind(v) for kind in kinds)
        if keyword == "minimum":
            return lambda v: not _PYTHON_TYPES["number"](v) or v >= value
        if keyword == "maximum":
            return lambda v: not _PYTHON_TYPES["number"](v) or v <= value
        if keyword == "format":
            return _FORMATS[value]
        if keyword in ("enum", "const"):
            allowed = value if keyword == "enum" else [value]
            if not all(isinstance(a, str) for a in allowed):
                raise ValueError(f"cannot compile non-string {keyword}")
            return lambda v: isinstance(v, str) and v in allowed
        if keyword == "anyOf":
            branches = [self.node(branch) for branch in value]
            return lambda v: any(branch(v) for branch in branches)
        if keyword == "required":
            return lambda v: not isinstance(v, dict) or all(name in v for name in value)
        if keyword == "properties":
            checks = {name: self.node(sub) for name, sub in value.items()}
            return lambda v: not isinstance(v, dict) or all(
                checks[name](item) for name, item in v.items() if name in checks
            )
        if keyword == "additionalProperties":
            if "properties" in schema or "patternProperties" in schema:
                raise ValueError("cannot compile additionalProperties beside properties")
            item_check = self.node(value)
            return lambda v: not isinstance(v, dict) or all(item_check(item) for item in v.values())
        if keyword == "items":
            item_check = self.node(value)
            return lambda v: not isinstance(v, list) or all(item_check(item) for item in v)
        raise ValueError(f"cannot compile keyword {keyword!r}")


def compile_schema(document: dict) -> Check:
    """A predicate telling whether an instance is valid against a derived schema document."""
    return _Compiler(document).node(document)
