"""The three ways a check can end badly, kept apart as STYLE.md asks.

* ``Nonconformance``: the target broke a requirement (a FAIL or NON-STRICT verdict).
* ``HarnessError``: the suite could not do its work (an ERROR verdict, never a FAIL).
* ``ConfigError``: the run was configured wrongly (exit code 2 before any test).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from conformance.judging.exchange import Exchange
from conformance.judging.findings import Finding
from conformance.spec import requirements


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
    ``culprit``: the exchange (or exchanges, as in a race) that broke the rule. Checks over an exchange set it;
    checks over bodies get it from ``blame``; without one, the evidence names the test's last request under test.
    """

    def __init__(
        self,
        requirement: str,
        message: str,
        *,
        pointer: str | None = None,
        expected: Any = _MISSING,
        actual: Any = _MISSING,
        culprit: Any = None,
    ):
        if not requirements.known(requirement):
            raise UnknownRequirement(
                f"Nonconformance for {requirement!r}, an id the requirement catalogue does not have"
            )
        self.requirement = requirement
        self.judged: frozenset[str] = frozenset()
        self.message = message
        self.pointer = pointer
        self.expected = None if expected is _MISSING else expected
        self.actual = None if actual is _MISSING else actual
        self.has_values = expected is not _MISSING or actual is not _MISSING
        self.culprits: list[Exchange] = []
        self.blame(culprit)
        super().__init__(self.describe())

    def blame(self, culprit: Any) -> None:
        """Name the exchange(s) that broke the rule, unless some are named already (light copies are kept)."""
        if culprit is None or self.culprits:
            return
        self.culprits = [e.for_evidence() for e in (culprit if isinstance(culprit, (list, tuple)) else [culprit])]

    def describe(self) -> str:
        """``[put.echo] Name differs at /Name: expected 'a', got 'b'``."""
        text = f"[{self.requirement}] {self.message}"
        if self.pointer is not None:
            text += f" at {self.pointer or '/'}"
        if self.has_values:
            text += f": expected {_short(self.expected)}, got {_short(self.actual)}"
        return text

    def finding(self) -> Finding:
        """The finding this nonconformance reports."""
        return Finding(
            self.requirement,
            self.message,
            pointer=self.pointer,
            expected=_short(self.expected) if self.has_values else None,
            actual=_short(self.actual) if self.has_values else None,
            culprits=[e.seq for e in self.culprits],
        )


def _short(value: Any, limit: int = 300) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


class Nonconformances(AssertionError):
    """Several requirements broken at once (one exchange judged by several checks)."""

    def __init__(self, found: list[Nonconformance], judged: Iterable[str] = ()):
        self.exceptions = list(found)
        self.judged = frozenset(judged)
        super().__init__("\n".join(f.describe() for f in found))


@contextmanager
def blame(culprit: Any) -> Iterator[None]:
    """Name ``culprit`` (an exchange, or several) in every Nonconformance raised inside without one.

    with blame(response):
        checks.echoed(body, saved)
    """
    try:
        yield
    except Nonconformances as found:
        for finding in found.exceptions:
            finding.blame(culprit)
        raise
    except Nonconformance as finding:
        finding.blame(culprit)
        raise


class CeilingReached(Exception):
    """A test reached its time ceiling: it stops, its findings stand, the rest of its requirements are not judged."""
