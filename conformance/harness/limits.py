"""How long one test may run, and how much of it shrinking a failure may take.

The limits come from the profile (``Profile.test_seconds``, ``shrink_seconds``,
``shrink_requests``). The client asks the test's Budget before each request (``Budget.request``):

* during a Hypothesis test, once a failing example is known, every further
  example counts as shrinking; when the shrink budget is spent, further examples
  are dropped before they send anything (``_drop``; ``bounded`` also asks at the
  start of each example of a ``@given`` test, before it draws), so Hypothesis
  ends with the smallest failing example found so far and replays it;
* past the ceiling, a test that has tried its MINIMUM_EXAMPLES examples (and is not
  shrinking) is trimmed: it ends (``Trimmed``), its requirements judged on what it
  tried; otherwise its example is dropped the same way and it is stopped. Any other
  request past the ceiling raises CeilingReached: the test stops, its findings stand;
* once the run's ``--max-time`` is spent (conformance.harness.time_budget), a Hypothesis test
  tries its first MINIMUM_EXAMPLES examples and is trimmed the same way: it is not
  stopped, so its requirements are still judged.

The final replay of a failing example may send until the ceiling plus one
``timeout``; a request then in flight ends within its own ``timeout``. So a test
ends within ``ceiling + 2 × timeout`` (worst_case states the rule for a run).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import NoReturn

from hypothesis.control import current_build_context, currently_in_test_context

from conformance.harness.profiles import Profile
from conformance.harness.time_budget import RunBudget
from conformance.judging.outcomes import CeilingReached

#: Examples a property test always tries, even when the run's time budget is spent.
MINIMUM_EXAMPLES = 3
#: The run budget of a Budget given none: no deadline (frozen, so one instance serves every such Budget).
_NO_RUN_BUDGET = RunBudget()


def _drop(context) -> None:
    """End a Hypothesis example unjudged, as if it had run out of data (an overrun).

    Not ``hypothesis.reject()``: Hypothesis' data tree records a rejection where the same choices drew data before as
    a flaky strategy; an overrun it does not record (engine: ``DataTree.conclude_test``), and its StopTest is a
    BaseException that no ``except Exception`` of the suite swallows.
    """
    context.data.mark_overrun()


class Trimmed(KeyboardInterrupt):  # noqa: N818 (not an error: the test ends, judged)
    """Ends a property test that has tried its minimum once time is short: it is judged on the examples it tried.

    A KeyboardInterrupt, the one exception Hypothesis' engine passes through untouched (no failing example, no
    bookkeeping of the example it interrupts); conformance.plugin.bounded ends the test call with it, so it never
    reaches pytest as an interrupt.
    """


@dataclass(frozen=True)
class Limits:
    """What one test may spend."""

    test_seconds: float
    shrink_seconds: float
    shrink_requests: int


def limits(profile: Profile) -> Limits:
    """The profile's limits of one test."""
    return Limits(profile.test_seconds, profile.shrink_seconds, profile.shrink_requests)


def worst_case(profile: Profile, tests: int, timeout: float) -> tuple[float, str]:
    """The longest the tests of a run can take, and the rule that gives it (``--max-time`` trims examples, not this)."""
    per_test = profile.test_seconds + 2 * timeout
    seconds = tests * per_test
    rule = f"{tests} tests x (ceiling {profile.test_seconds:g} s + 2 x timeout {timeout:g} s) = {seconds:g} s"
    return seconds, rule


class Budget:
    """The spending of one test: elapsed time, requests, examples, and where shrinking stands."""

    def __init__(self, limits: Limits, timeout: float, *, run_budget: RunBudget = _NO_RUN_BUDGET, clock=time.monotonic):
        self.limits = limits
        self.run_budget = run_budget
        self.timeout = timeout
        self.clock = clock
        self.started = clock()
        self.requests = 0
        self.examples = 0
        self.example_bytes = 0
        self.shrink_started: float | None = None
        self.shrink_requests = 0
        self.shrink_steps = 0
        self.cut = False  # shrinking stopped before Hypothesis was done
        self.stopped = False  # the ceiling was reached
        self.in_flight: tuple[str, float] | None = None
        self.rerun = False
        self.dropped = 0  # Hypothesis examples dropped unrun once the budget was spent
        self.trimmed = False  # time ran short: only the minimum of examples was tried
        self.trimmed_by = ""  # what ran short: the run's time budget or the test's ceiling
        self.repetitions: tuple[int, int] | None = None  # (done, wanted) when the run budget cut a series short
        self.wanted_examples: int | None = None  # the property test's examples (Hypothesis' max_examples)
        self.minimum_examples = MINIMUM_EXAMPLES  # at least its explicit examples (a partition class's boundaries)
        self._example = None
        self._lock = threading.Lock()

    # --- the client's gate -------------------------------------------------------------------

    @contextmanager
    def request(self, method: str, path: str, size: int) -> Iterator[None]:
        """Around one request: refuse it when the budget is spent, else let it go and note it."""
        self._admit(method, path, size)
        with self._lock:
            self.requests += 1
            self.shrink_requests += self.shrink_started is not None and not self.rerun
            self.in_flight = (f"{method} {path}", self.clock())
        try:
            yield
        finally:
            self.in_flight = None

    def _admit(self, method: str, path: str, size: int) -> None:
        if currently_in_test_context():
            self.admit_example(size)
        elif self.clock() - self.started > self.limits.test_seconds:
            self.stopped = True
            raise CeilingReached(self.describe_stop())

    def admit_example(self, size: int = 0) -> None:
        """In a Hypothesis example (at its start, and before each request): drop it when the budget is spent."""
        context = current_build_context()
        elapsed = self.clock() - self.started
        self._follow(context.data, size)
        if context.is_final:  # the replay of the failing example Hypothesis reports
            if elapsed > self.limits.test_seconds + self.timeout:
                self.stopped = True
                raise CeilingReached(self.describe_stop())
            return
        tried_enough = self.shrink_started is None and self.examples > self.minimum_examples
        if elapsed > self.limits.test_seconds:
            if tried_enough and not self.stopped:
                self._trim(f"the test's ceiling of {self.limits.test_seconds:g} s")
            self.stopped = True
            self.cut = self.cut or self.shrink_started is not None
            self.dropped += 1
            _drop(context)
        if self.shrink_started is not None and self.shrink_spent():
            self.cut = self.cut or not self.rerun
            self.dropped += 1
            _drop(context)
        if tried_enough and self.run_budget.spent():
            self._trim("the run's time budget")

    def _follow(self, data, size: int) -> None:
        """Count examples; the first one after a failing example starts the shrinking."""
        if data is not self._example:
            previous, self._example = self._example, data
            self.examples += 1
            self.example_bytes = 0
            if self.shrink_started is None and previous is not None and previous.status.name == "INTERESTING":
                self.shrink_started = self.clock()
            self.shrink_steps += self.shrink_started is not None and not self.cut and not self.rerun
        self.example_bytes += size

    def _trim(self, by: str) -> NoReturn:
        """End the test here, judged on the examples it tried (the one starting now is not run)."""
        self.trimmed, self.trimmed_by = True, by
        raise Trimmed(by)

    def expect(self, test) -> None:
        """Take a ``@given`` test's examples (those it wants, and its explicit ones, always tried) into account."""
        settings = getattr(test, "_hypothesis_internal_use_settings", None)
        explicit = len(getattr(test, "hypothesis_explicit_examples", ()))
        self.wanted_examples = explicit + settings.max_examples if settings is not None else None
        self.minimum_examples = max(MINIMUM_EXAMPLES, explicit)

    def note_repetitions(self, done: int, wanted: int) -> None:
        """The run's time budget let a series test do ``done`` of its ``wanted`` repetitions."""
        self.repetitions = (done, wanted)

    def new_attempt(self) -> None:
        """The test runs again to see whether its failure reproduces: Hypothesis starts afresh, and replays the first
        failing example it finds without shrinking it (the evidence is the first attempt's)."""
        self._example, self.shrink_started, self.rerun = None, None, True

    def shrink_spent(self) -> bool:
        """Whether shrinking has used its time or its requests."""
        used = self.clock() - (self.shrink_started or self.clock())
        return self.rerun or used >= self.limits.shrink_seconds or self.shrink_requests >= self.limits.shrink_requests

    # --- what it says ----------------------------------------------------------------------

    def describe_stop(self) -> str:
        return f"the test reached its ceiling of {self.limits.test_seconds:g} s; its other requirements are not judged"

    def describe_trim(self) -> str | None:
        """What time left undone in a test that still judged its requirements (None: nothing)."""
        if self.repetitions is not None:
            done, wanted = self.repetitions
            return f"the run's time budget was spent: {done} of {wanted} repetitions done"
        if self.trimmed:
            of = f" of {self.wanted_examples}" if self.wanted_examples else ""
            return f"{self.trimmed_by} was spent: judged on {self.examples - 1}{of} examples"
        return None

    def describe_cut(self) -> str:
        if self.shrink_requests >= self.limits.shrink_requests:
            why = f"{self.limits.shrink_requests} requests"
        else:
            why = f"{self.limits.shrink_seconds:g} s" if not self.stopped else "the test's ceiling"
        return f"not fully minimised: shrinking stopped after {why} ({self.shrink_steps} steps)"

    def progress(self) -> str:
        """What the test is doing now, for the terminal."""
        elapsed = self.clock() - self.started
        if self.cut:
            doing = (
                f"shrinking stopped at step {self.shrink_steps}, "
                f"Hypothesis winding down ({self.dropped} examples dropped)"
            )
        elif self.shrink_started is not None:
            doing = f"shrinking step {self.shrink_steps}, example {self.example_bytes} bytes"
        elif self.examples:
            doing = f"example {self.examples}, {self.example_bytes} bytes"
        else:
            doing = "running"
        flight = self.in_flight
        waiting = (
            f", waiting {self.clock() - flight[1]:.0f} s for {flight[0]}"
            if flight and self.clock() - flight[1] >= 1
            else ""
        )
        return f"{doing}, {self.requests} requests, {elapsed:.0f} s elapsed of {self.limits.test_seconds:g}{waiting}"
