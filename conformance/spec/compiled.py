"""A fast yes/no check compiled from the derived schemas (the subset of keywords they use).

jsonschema stays the authority that explains a failure (pointer and message); this
check answers "valid?" many times faster, which the reference server needs on every
request and the suite on every response. It generates Python source (one function
per definition and per container) and compiles it once. It refuses to compile a
keyword it does not know, so it cannot silently check less than jsonschema.
"""

from __future__ import annotations

from typing import Any, Callable

from rfc3339_validator import validate_rfc3339

Check = Callable[[Any], bool]

ANNOTATIONS = {"$schema", "$id", "$comment", "$defs", "title", "description"}
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


def _is_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _is_integer(value) -> bool:
    if isinstance(value, bool):
        return False
    return isinstance(value, int) or (isinstance(value, float) and value.is_integer())


def _date_time(value) -> bool:
    return not isinstance(value, str) or validate_rfc3339(value.upper())


class _Generator:
    """Writes the source of one check function per definition and container schema."""

    def __init__(self, document: dict):
        self.defs = document.get("$defs", {})
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

    def reference(self, ref: str) -> str:
        prefix = "#/$defs/"
        target = ref[len(prefix) :] if ref.startswith(prefix) else None
        if target not in self.defs:
            raise ValueError(f"cannot compile reference {ref!r}")
        if target not in self.named:
            self.named[target] = f"_def_{len(self.named)}"
            body = [f"return {self.expression(self.defs[target], 'v')}"]
            self.source += [f"def {self.named[target]}(v):", *("    " + line for line in body), ""]
        return self.named[target]

    def expression(self, schema: dict, v: str) -> str:
        """A Python boolean expression that is True when ``v`` is valid against ``schema``."""
        parts = [self.keyword(keyword, value, schema, v) for keyword, value in schema.items() if keyword not in ANNOTATIONS]
        return "(" + " and ".join(parts) + ")" if parts else "True"

    def keyword(self, keyword: str, value: Any, schema: dict, v: str) -> str:
        if keyword == "$ref":
            return f"{self.reference(value)}({v})"
        if keyword == "type":
            kinds = [value] if isinstance(value, str) else value
            return "(" + " or ".join(_TYPES[k].format(v=v) for k in kinds) + ")"
        if keyword in ("minimum", "maximum"):
            operator = ">=" if keyword == "minimum" else "<="
            bound = f"{v} {operator} {value!r}"
            return f"({bound} if {v}.__class__ is int else (not _is_number({v}) or {bound}))"
        if keyword == "format":
            if value != "date-time":
                raise ValueError(f"cannot compile format {value!r}")
            return f"_date_time({v})"
        if keyword in ("enum", "const"):
            allowed = value if keyword == "enum" else [value]
            if not all(isinstance(a, str) for a in allowed):
                raise ValueError(f"cannot compile non-string {keyword}")
            return f"(isinstance({v}, str) and {v} in {self.constant(frozenset(allowed))})"
        if keyword == "anyOf":
            return "(" + " or ".join(self.expression(branch, v) for branch in value) + ")"
        if keyword == "required":
            return f"(not isinstance({v}, dict) or {self.constant(frozenset(value))} <= {v}.keys())"
        if keyword == "properties":
            return f"{self.properties(value)}({v})"
        if keyword == "additionalProperties":
            if "properties" in schema or "patternProperties" in schema:
                raise ValueError("cannot compile additionalProperties beside properties")
            body = ["if isinstance(v, dict):", "    for x in v.values():",
                    f"        if not {self.expression(value, 'x')}:", "            return False", "return True"]  # fmt: skip
            return f"{self.function(body, 'values')}({v})"
        if keyword == "items":
            body = ["if isinstance(v, list):", "    for x in v:",
                    f"        if not {self.expression(value, 'x')}:", "            return False", "return True"]  # fmt: skip
            return f"{self.function(body, 'items')}({v})"
        raise ValueError(f"cannot compile keyword {keyword!r}")

    def properties(self, properties: dict) -> str:
        body = ["if not isinstance(v, dict):", "    return True"]
        for name, schema in properties.items():
            body += [f"x = v.get({name!r}, _MISSING)", f"if x is not _MISSING and not {self.expression(schema, 'x')}:", "    return False"]
        return self.function(body + ["return True"], "properties")


def compile_schema(document: dict) -> Check:
    """A predicate telling whether an instance is valid against a derived schema document."""
    generator = _Generator(document)
    root = generator.expression(document, "v")
    source = "\n".join(generator.source + ["def check(v):", f"    return {root}", ""])
    namespace = {"_is_number": _is_number, "_is_integer": _is_integer, "_date_time": _date_time, "_MISSING": _MISSING}
    namespace.update(generator.constants)
    exec(compile(source, "<compiled schema>", "exec"), namespace)  # noqa: S102 - source generated from our own schemas
    return namespace["check"]
