"""The run's time budget: the minimum always, more while the budget lasts."""

from __future__ import annotations

import time

from conformance.harness.profiles import PROFILES
from conformance.harness.run_state import Run
from conformance.harness.settings import resolve
from conformance.harness.time_budget import REQUESTS_PER_SHORT_TEST, RunBudget, ShortTests


def test_without_max_time_the_budget_never_runs_out():
    run_budget = RunBudget.of(time.time() - 10_000, None)
    assert (run_budget.spent(), run_budget.count(15, 1), list(run_budget.rounds(4, 1))) == (False, 15, [0, 1, 2, 3])


def test_a_spent_budget_still_gives_the_minimum():
    run_budget = RunBudget.of(time.time() - 61, 60)
    assert (run_budget.spent(), run_budget.left(), run_budget.count(15, 1), list(run_budget.rounds(30, 3))) == (
        True,
        0.0,
        1,
        [0, 1, 2],
    )


def test_a_budget_left_gives_what_the_profile_asks():
    run_budget = RunBudget.of(time.time(), 60)
    assert 59 < run_budget.left() <= 60 and run_budget.count(15, 1) == 15 and len(list(run_budget.rounds(30, 3))) == 30


def test_the_budget_keeps_its_reserve_for_the_short_tests_to_come():
    assert RunBudget.of(time.time(), 60, reserve=lambda: 61.0).count(15, 1) == 1
    kept = RunBudget.of(time.time(), 60, reserve=lambda: 30.0)
    assert 29 < kept.left() <= 30 and kept.count(15, 1) == 15


def test_the_reserve_is_the_short_tests_left_at_the_pace_of_the_requests():
    assert ShortTests(expected=27, done=7).reserve(0.5) == 20 * REQUESTS_PER_SHORT_TEST * 0.5
    assert ShortTests(expected=27, done=30).reserve(0.5) == 0.0
    assert ShortTests(expected=27).reserve(0.0) == 0.0  # nothing sent yet: nothing to go by


def test_a_process_keeps_in_reserve_its_share_of_the_short_tests_at_the_pace_of_its_requests():
    run = Run(resolve({"max_time": "60"}, {}), target=None, profile=PROFILES["quick"], position=(1, 4))
    run.short_tests.expected = 200 / 4
    run.ledger.per_test["(setup)"], run.ledger.http_seconds = 10, 7.0  # 0.7 s a request: 50 x 2 x 0.7 = 70 s to come
    assert run.run_budget.spent()
    run.short_tests.done = 40  # 10 x 2 x 0.7 = 14 s to come
    assert 45 < run.run_budget.left() <= 46


def test_max_time_resolves_from_the_command_line_or_the_environment_else_from_the_profile():
    assert resolve({}, {}).max_time == PROFILES["ci"].time_budget == 180
    assert resolve({}, {}).origins["max_time"] == "the ci profile"
    assert resolve({"profile": "quick"}, {}).max_time == PROFILES["quick"].time_budget == 60
    assert resolve({"profile": "thorough"}, {}).max_time is None
    assert resolve({"max_time": "60"}, {}).max_time == 60.0
    assert resolve({}, {"CONFORMANCE_MAX_TIME": "90.5"}).max_time == 90.5
    assert resolve({"max_time": "none"}, {}).max_time is None
    assert resolve({"max_time": "None"}, {"CONFORMANCE_PROFILE": "quick"}).max_time is None


def test_a_trimmed_series_tells_its_test_what_it_left_undone():
    noted = []
    run_budget = RunBudget.of(time.time() - 61, 60).noting(lambda done, wanted: noted.append((done, wanted)))
    assert list(run_budget.rounds(30, 3)) == [0, 1, 2] and run_budget.count(6, 1) == 1
    assert noted == [(3, 30), (1, 6)]
    untouched = []
    RunBudget.of(time.time(), 60).noting(lambda done, wanted: untouched.append(done)).count(6, 1)
    assert untouched == []


def test_concurrency_defaults_to_serial_on_the_embedded_server_and_a_given_one_wins():
    """The measured default for a target given by URL: tests/suite/test_measured_concurrency.py."""
    assert resolve({}, {}).concurrency == 1
    assert resolve({"base_url": "https://crm.example.com/Cust1", "concurrency": "1"}, {}).concurrency == 1
    assert resolve({}, {"CONFORMANCE_CONCURRENCY": "3"}).concurrency == 3
