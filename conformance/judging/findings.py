"""A finding: one requirement the target broke, with the evidence a reader needs, in one typed shape.

Checks raise ``Nonconformance``; ``Nonconformance.finding()`` turns it into a ``Finding``, and so does the
ledger for what every response is watched for (a 5xx, a slow PUT). ``to_dict``/``from_dict`` are its JSON form
(results.json ``tests[].findings``, and the record an xdist worker sends to the controller).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Finding:
    """A requirement broken by a test: what was wrong, where, expected against actual, and the culprit exchanges."""

    requirement: str
    message: str
    pointer: str | None = None  # the JSON pointer of the value that differs
    expected: str | None = None  # shortened representations, for people
    actual: str | None = None
    exchange: str | None = None  # one line naming the exchange, for findings the ledger makes
    culprits: list[int] = field(default_factory=list)  # seqs of the exchanges that broke the rule
    flaky: bool = False  # the failure did not reproduce every time it was tried
    minimised: bool | None = None  # False: the time budget cut the search for a smaller failing example short

    def located(self) -> str:
        """The message, with the pointer it is about: ``Name differs at /Name``."""
        return f"{self.message} at {self.pointer}" if self.pointer else self.message

    def to_dict(self) -> dict[str, Any]:
        """The JSON form: ``requirement`` and ``message`` always, every other member only when it says something."""
        data: dict[str, Any] = {"requirement": self.requirement, "message": self.message}
        for name in ("pointer", "expected", "actual", "exchange"):
            if getattr(self, name) is not None:
                data[name] = getattr(self, name)
        if self.culprits:
            data["culprits"] = list(self.culprits)
        if self.flaky:
            data["flaky"] = True
        if self.minimised is not None:
            data["minimised"] = self.minimised
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Finding:
        """A finding from its JSON form (members it does not know, such as a verdict's ``test``, are left out)."""
        known = {"pointer", "expected", "actual", "exchange", "culprits", "flaky", "minimised"}
        return cls(data["requirement"], data["message"], **{k: v for k, v in data.items() if k in known})
