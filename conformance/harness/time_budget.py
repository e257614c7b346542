"""The run's time budget (``--max-time``): every requirement gets its minimum, the rest of the time buys more.

A test that repeats something (the latency series, the race rounds, the model's
sequences) asks the budget how many times: while the run is within its budget it
does what the profile says; once the budget is spent it does its minimum and no
more, so that it still judges its requirements. Without ``--max-time`` the
budget never runs out. (How long one Hypothesis test may generate examples is
the per-test ceiling's business (conformance.harness.limits); it takes what is left of this one.)

The budget keeps a reserve: the time the short tests still to come in this process
(those that repeat nothing, run last: conformance.plugin.scheduling) are expected to
take. More than the minimum is bought only while the time left exceeds it, so that the
run, short tests included, ends about when the budget does.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace

#: Requests a short test sends (2.1 on average in a ci run).
REQUESTS_PER_SHORT_TEST = 2


def _no_reserve() -> float:
    return 0.0


def _unnoted(done: int, wanted: int) -> None:
    return None


@dataclass(frozen=True)
class RunBudget:
    """Until when the run may spend time on more than the minimum (None: no budget), less what it keeps in reserve."""

    deadline: float | None = None
    reserve: Callable[[], float] = field(default=_no_reserve, compare=False)
    #: told (done, wanted) when a test does fewer repetitions than it wanted (the test's record says so)
    note: Callable[[int, int], None] = field(default=_unnoted, compare=False)

    @classmethod
    def of(cls, started: float, max_time: float | None, reserve: Callable[[], float] = _no_reserve) -> RunBudget:
        return cls(None if max_time is None else started + max_time, reserve)

    def left(self) -> float:
        """Seconds left for more than the minimum (infinite without a budget, 0 once spent)."""
        return float("inf") if self.deadline is None else max(0.0, self.deadline - self.reserve() - time.time())

    def spent(self) -> bool:
        return self.left() <= 0

    def noting(self, note: Callable[[int, int], None]) -> RunBudget:
        """This budget, telling ``note`` what it trims."""
        return replace(self, note=note)

    def count(self, wanted: int, minimum: int) -> int:
        """How many repetitions a test starting now does: ``wanted`` within the budget, ``minimum`` once it is spent."""
        if minimum < wanted and self.spent():
            self.note(minimum, wanted)
            return minimum
        return wanted

    def rounds(self, wanted: int, minimum: int) -> Iterator[int]:
        """0, 1, ... up to ``wanted``: the first ``minimum`` always, the others while the budget lasts."""
        for index in range(wanted):
            if index >= minimum and self.spent():
                self.note(index, wanted)
                return
            yield index


@dataclass
class ShortTests:
    """The short tests of one process: how many it is expected to run, and how many it has run."""

    expected: float = 0.0  # this process's share of the run's short tests
    done: int = 0

    def reserve(self, seconds_per_request: float) -> float:
        """Seconds the short tests still to come are expected to take, at the pace of the requests so far.

        Not at the pace of the short tests done: the first few (a 401 answered at once, say) tell little.
        """
        return max(0.0, self.expected - self.done) * REQUESTS_PER_SHORT_TEST * seconds_per_request
