"""The run's time budget (``--max-time``): every requirement gets its minimum, the rest of the time buys more.

A test that repeats something (the latency series, the race rounds, the model's
sequences) asks the budget how many times: while the run is within its budget it
does what the profile says; once the budget is spent it does its minimum and no
more, so that it still judges its requirements. Without ``--max-time`` the
budget never runs out. (How long one Hypothesis test may generate examples is
the per-test ceiling's business (conformance.budget); it takes what is left of this one.)
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Iterator, Optional


@dataclass(frozen=True)
class RunBudget:
    """Until when the run may spend time on more than the minimum (None: no budget)."""

    deadline: Optional[float] = None

    @classmethod
    def of(cls, started: float, max_time: Optional[float]) -> "RunBudget":
        return cls(None if max_time is None else started + max_time)

    def left(self) -> float:
        """Seconds left (infinite without a budget, 0 once spent)."""
        return float("inf") if self.deadline is None else max(0.0, self.deadline - time.time())

    def spent(self) -> bool:
        return self.left() <= 0

    def count(self, wanted: int, minimum: int) -> int:
        """How many repetitions a test starting now does: ``wanted`` within the budget, ``minimum`` once it is spent."""
        return minimum if self.spent() else wanted

    def rounds(self, wanted: int, minimum: int) -> Iterator[int]:
        """0, 1, ... up to ``wanted``: the first ``minimum`` always, the others while the budget lasts."""
        for index in range(wanted):
            if index >= minimum and self.spent():
                return
            yield index
