"""The three ways a check can end badly, kept apart as STYLE.md asks.

* ``Nonconformance``: the target broke a requirement (a FAIL or NON-STRICT verdict).
* ``HarnessError``: the suite could not do its work (an ERROR verdict, never a FAIL).
* ``ConfigError``: the run was configured wrongly (exit code 2 before any test).
"""

from __future__ import annotations

from typing import Any, Iterable, Optional

from conformance import requirements


class ConfigError(ValueError):
    """A configuration the suite cannot run with; the message says what to change."""


class HarnessError(RuntimeError):
    """Trouble in the harness or the target's availability, not a verdict on conformance."""


_MISSING = object()


class UnknownRequirement(LookupError):
    """A requirement id the catalogue does not have: a bug in the suite, refused where the id is written."""


class Nonconformance(AssertionError):
    """A requirement the target broke, with the evidence a reader needs.

    ``judged``: other requirements the raising code finished judging without a finding (``checks.collected``
    fills it); every other requirement the test declares counts as not judged by it.
    """

    def __init__(
        self,
        requirement: str,
        message: str,
        *,
        pointer: Optional[str] = None,
        expected: Any = _MISSING,
        actual: Any = _MISSING,
    ):
        if not requirements.known(requirement):
            raise UnknownRequirement(f"Nonconformance for {requirement!r}, an id the requirement catalogue does not have")
        self.requirement = requirement
        self.judged: frozenset[str] = frozenset()
        self.message = message
        self.pointer = pointer
        self.expected = None if expected is _MISSING else expected
        self.actual = None if actual is _MISSING else actual
        self.has_values = expected is not _MISSING or actual is not _MISSING
        super().__init__(self.describe())

    def describe(self) -> str:
        """``[put.echo] Name differs at /Name: expected 'a', got 'b'``."""
        text = f"[{self.requirement}] {self.message}"
        if self.pointer is not None:
            text += f" at {self.pointer or '/'}"
        if self.has_values:
            text += f": expected {_short(self.expected)}, got {_short(self.actual)}"
        return text

    def evidence(self) -> dict:
        """A JSON-ready record of the finding."""
        record = {"requirement": self.requirement, "message": self.message}
        if self.pointer is not None:
            record["pointer"] = self.pointer
        if self.has_values:
            record["expected"] = _short(self.expected)
            record["actual"] = _short(self.actual)
        return record


def _short(value: Any, limit: int = 300) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


class Nonconformances(AssertionError):
    """Several requirements broken at once (one exchange judged by several checks)."""

    def __init__(self, found: list[Nonconformance], judged: Iterable[str] = ()):
        self.exceptions = list(found)
        self.judged = frozenset(judged)
        super().__init__("\n".join(f.describe() for f in found))
