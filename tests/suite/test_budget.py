"""A test's budget: its ceiling, the shrink budget inside Hypothesis, the worst-case rule and the progress line."""

from __future__ import annotations

import contextlib
import threading
import time

import pytest
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st

from conformance.harness import progress
from conformance.harness.limits import (
    MINIMUM_EXAMPLES,
    Budget,
    CeilingReached,
    Limits,
    Trimmed,
    limits,
    worst_case,
)
from conformance.harness.profiles import PROFILES
from conformance.harness.time_budget import RunBudget


class Clock:
    """A clock the test moves by hand."""

    def __init__(self):
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def budget(clock: Clock, test_seconds=10.0, shrink_seconds=5.0, shrink_requests=20) -> Budget:
    return Budget(Limits(test_seconds, shrink_seconds, shrink_requests), timeout=2.0, clock=clock)


def send(spent: Budget, size: int = 10) -> None:
    with spent.request("PUT", "/api/v1/Contact/1", size):
        pass


def test_a_request_after_the_ceiling_stops_the_test_outside_hypothesis():
    clock = Clock()
    spent = budget(clock)
    send(spent)
    clock.now = 10.5
    with pytest.raises(CeilingReached, match="ceiling of 10 s"):
        send(spent)
    assert spent.stopped and spent.requests == 1


def test_shrinking_stops_when_its_requests_are_spent_and_the_smallest_failure_so_far_is_reported():
    clock, sent_after_failure, seen = Clock(), [], []
    spent = budget(clock, shrink_requests=20)

    @settings(max_examples=200, database=None, derandomize=True, phases=[Phase.generate, Phase.shrink])
    @given(st.lists(st.integers(0, 1000), min_size=1))
    def sizes_stay_small(values):
        send(spent, sum(values))
        if spent.shrink_started is not None:
            sent_after_failure.append(sum(values))
        seen.append(sum(values))
        assert sum(values) < 900

    with pytest.raises(AssertionError):
        sizes_stay_small()
    assert spent.cut
    assert len(sent_after_failure) <= 20 + 1  # the budget, then the final replay of the smallest failure found
    assert "not fully minimised: shrinking stopped after 20 requests" in spent.describe_cut()


def test_shrinking_runs_to_the_end_within_its_budget():
    clock = Clock()
    spent = budget(clock, shrink_requests=10_000)

    @settings(max_examples=50, database=None, derandomize=True)
    @given(st.integers(0, 1000))
    def small(value):
        send(spent)
        assert value < 500

    with pytest.raises(AssertionError):
        small()
    assert not spent.cut and spent.shrink_steps > 0


@pytest.mark.parametrize("seconds_per_example, stopped", [(0.6, True), (0.3, False)])
def test_past_the_ceiling_examples_are_dropped_the_test_stopped_before_its_minimum_trimmed_after(
    seconds_per_example, stopped
):
    clock = Clock()
    spent = budget(clock, test_seconds=1.0)

    @settings(max_examples=20, database=None, derandomize=True, suppress_health_check=list(HealthCheck))
    @given(st.integers())
    def passes(value):
        send(spent)
        clock.now += seconds_per_example

    with contextlib.nullcontext() if stopped else pytest.raises(Trimmed):
        passes()  # stopped: Hypothesis ends on dropped examples (the plugin turns that into CeilingReached)
    assert (spent.stopped, spent.trimmed) == (stopped, not stopped)
    tried = spent.requests
    assert tried < MINIMUM_EXAMPLES if stopped else MINIMUM_EXAMPLES <= tried < 20


def test_the_limits_are_the_profile_s():
    ci = PROFILES["ci"]
    assert limits(ci) == Limits(ci.test_seconds, ci.shrink_seconds, ci.shrink_requests)


@pytest.mark.parametrize("spent_seconds, tried", [(61, MINIMUM_EXAMPLES), (0, 20)])
def test_once_the_run_s_budget_is_spent_a_property_test_tries_only_its_minimum_and_is_not_stopped(spent_seconds, tried):
    spent = Budget(Limits(100.0, 5.0, 20), timeout=2.0, run_budget=RunBudget.of(time.time() - spent_seconds, 60))
    values = []

    @settings(max_examples=20, database=None, derandomize=True, suppress_health_check=list(HealthCheck))
    @given(st.integers())
    def passes(value):
        send(spent)
        values.append(value)

    with pytest.raises(Trimmed) if tried < 20 else contextlib.nullcontext():
        passes()
    assert len(values) == tried and not spent.stopped and spent.trimmed == (tried < 20)


def test_a_trimmed_property_test_tries_all_its_explicit_examples_and_says_what_it_left_undone():
    spent = Budget(Limits(100.0, 5.0, 20), timeout=2.0, run_budget=RunBudget.of(time.time() - 61, 60))
    values = []

    @settings(max_examples=10, database=None, derandomize=True, suppress_health_check=list(HealthCheck))
    @given(st.integers())
    @example(-1)
    @example(-2)
    @example(-3)
    @example(-4)
    def passes(value):
        send(spent)
        values.append(value)

    spent.expect(passes)
    with pytest.raises(Trimmed):
        passes()
    assert values == [-1, -2, -3, -4] and spent.minimum_examples == 4 > MINIMUM_EXAMPLES
    assert spent.describe_trim() == "the run's time budget was spent: judged on 4 of 14 examples"


def test_a_series_the_run_budget_cut_short_says_so():
    spent = Budget(Limits(100.0, 5.0, 20), timeout=2.0)
    assert spent.describe_trim() is None
    spent.note_repetitions(1, 3)
    assert spent.describe_trim() == "the run's time budget was spent: 1 of 3 repetitions done"


@pytest.mark.parametrize("name", list(PROFILES))
def test_the_worst_case_rule_is_ceiling_plus_two_timeouts_per_test(name):
    profile = PROFILES[name]
    seconds, rule = worst_case(profile, 100, 10.0)
    assert seconds == 100 * (profile.test_seconds + 20)
    assert f"100 tests x (ceiling {profile.test_seconds:g} s + 2 x timeout 10 s)" in rule


def test_the_progress_line_tells_what_a_long_test_is_doing():
    clock, lines, written = Clock(), [], threading.Event()
    spent = budget(clock)
    clock.now = 7.0

    def write(line: str) -> None:
        lines.append(line)
        written.set()

    with progress.ticker("test_x[1]", spent, write, every=0.01):
        assert written.wait(5)
    assert lines[0].startswith("  ... test_x[1]: running, 0 requests, 7 s elapsed of 10")


def test_the_rerun_of_a_failure_replays_the_first_failing_example_without_shrinking():
    clock, after_failure = Clock(), []
    spent = budget(clock, shrink_requests=10_000)

    @settings(max_examples=100, database=None, derandomize=True)
    @given(st.integers(0, 1000))
    def small(value):
        send(spent)
        if spent.shrink_started is not None:
            after_failure.append(value)
        assert value < 500

    with pytest.raises(AssertionError):
        small()
    spent.new_attempt()
    after_failure.clear()
    with pytest.raises(AssertionError):
        small()
    assert len(after_failure) == 1 and after_failure[0] >= 500  # the final replay only
    assert not spent.cut
