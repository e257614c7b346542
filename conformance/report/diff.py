"""Expected against actual, member by member: only what differs, each difference at its JSON pointer."""

from __future__ import annotations

import ast
import json
from dataclasses import dataclass
from typing import Any

_ABSENT = object()


@dataclass(frozen=True)
class Difference:
    """One place where the actual value is not the expected one."""

    pointer: str
    expected: Any
    actual: Any

    @property
    def kind(self) -> str:
        if self.actual is _ABSENT:
            return "missing"
        if self.expected is _ABSENT:
            return "unexpected"
        return "changed"

    def shown(self, side: str) -> str:
        value = getattr(self, side)
        return "" if value is _ABSENT else json.dumps(value, ensure_ascii=False, default=repr)


def parse(text: Any) -> Any:
    """A value a finding recorded as its Python repr, read back; ``_ABSENT`` when it cannot be (cut with "...")."""
    if not isinstance(text, str):
        return text
    try:
        return ast.literal_eval(text)
    except (ValueError, SyntaxError, MemoryError, RecursionError):
        return _ABSENT


def pointer_token(key: Any) -> str:
    """A key as one token of a JSON pointer (RFC 6901)."""
    return str(key).replace("~", "~0").replace("/", "~1")


def differences(expected: Any, actual: Any, pointer: str = "") -> list[Difference]:
    """Where ``actual`` differs from ``expected``: members of objects by key, items of lists by position."""
    if isinstance(expected, dict) and isinstance(actual, dict):
        found = []
        for key in [*expected, *(k for k in actual if k not in expected)]:
            found += differences(
                expected.get(key, _ABSENT), actual.get(key, _ABSENT), f"{pointer}/{pointer_token(key)}"
            )
        return found
    if isinstance(expected, list) and isinstance(actual, list):
        found = []
        for index in range(max(len(expected), len(actual))):
            left = expected[index] if index < len(expected) else _ABSENT
            right = actual[index] if index < len(actual) else _ABSENT
            found += differences(left, right, f"{pointer}/{index}")
        return found
    if expected is _ABSENT and actual is _ABSENT:
        return []
    if type(expected) is type(actual) and expected == actual:
        return []
    return [Difference(pointer or "/", expected, actual)]


def stated(finding: dict) -> Difference:
    """A finding's own expected and actual as one difference at its pointer (values read back where they can be)."""
    expected, actual = parse(finding.get("expected")), parse(finding.get("actual"))
    return Difference(
        finding.get("pointer") or "/",
        _or_text(expected, finding.get("expected")),
        _or_text(actual, finding.get("actual")),
    )


def _or_text(value: Any, text: Any) -> Any:
    return text if value is _ABSENT else value


def structured(finding: dict) -> list[Difference]:
    """The differences of a finding whose expected and actual are lists or objects; empty when they are scalars
    or were cut (the message and the values say it then)."""
    expected, actual = parse(finding.get("expected")), parse(finding.get("actual"))
    if not isinstance(expected, (list, dict)) and not isinstance(actual, (list, dict)):
        return []
    if expected is _ABSENT or actual is _ABSENT:
        return []
    base = finding.get("pointer") or ""
    return differences(expected, actual, base.rstrip("/"))
