"""The order a concurrent run hands its tests out in: the longest first, each followed by a short one."""

from __future__ import annotations

import random
from types import SimpleNamespace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conformance.harness.exploration import examples, repeats
from conformance.harness.profiles import PROFILES
from conformance.plugin import lifecycle
from conformance.plugin.lifecycle import SUITE_DIR
from conformance.plugin.scheduling import (
    REQUESTS_PER_EXAMPLE,
    LongThenShort,
    expected_size,
    long_tests,
    runs_long,
    suite_function,
)

CI = PROFILES["ci"]


@given(st.integers())
def _property_test(value):
    """Stands for a suite property test."""


@examples("fuzz_examples")
@given(st.integers())
def _fuzz_test(value):
    """Stands for the robustness test: its examples are the profile's fuzz_examples."""


@repeats("race_rounds", "race_clients")
def _series_test():
    """Stands for a series that repeats by the run budget."""


def _plain_test():
    """Stands for a suite test of a few requests."""


def test_property_tests_and_marked_series_run_long_and_the_rest_do_not():
    assert runs_long(_property_test) and runs_long(_fuzz_test) and runs_long(_series_test)
    assert not runs_long(_plain_test) and not runs_long(None)


def test_the_expected_size_follows_the_profile():
    assert expected_size(_series_test, CI) == 3 * 16
    assert expected_size(_fuzz_test, CI) == 80 * REQUESTS_PER_EXAMPLE
    assert expected_size(_property_test, CI) == 15 * REQUESTS_PER_EXAMPLE
    assert expected_size(_property_test, PROFILES["thorough"]) == 100 * REQUESTS_PER_EXAMPLE


ROBUSTNESS = "test_robustness.py::test_odd_requests_are_never_answered_with_5xx"
MODEL = "test_model.py::test_sequences_of_puts_in_any_context_follow_the_model"
RACE = "test_if_unmodified_since.py::test_concurrent_conditional_puts_have_exactly_one_winner"
PROJECTION = "test_select.py::test_projection_equals_the_full_response_on_the_selected_properties"
SHORT = "test_select.py::test_a_nested_path_keeps_that_member[Category/Id]"


def test_the_suites_own_long_tests_are_found_by_node_id_the_longest_first():
    collection = [SHORT, PROJECTION, MODEL, "elsewhere/test_other.py::test_x", RACE, ROBUSTNESS]
    # robustness 160, model 48 and race 48 (a tie: collection order), projection 30
    assert long_tests(collection, CI) == [5, 2, 4, 1]


def test_a_suite_series_without_repeats_is_refused():
    """A test on the run budget must say how often it repeats, or the scheduler would take it for a short one."""
    assert runs_long(suite_function(MODEL)) and runs_long(suite_function(RACE)) and not runs_long(suite_function(SHORT))

    def item(test):
        return SimpleNamespace(
            nodeid="test_x.py::test_series",
            path=SUITE_DIR / "test_x.py",
            obj=test,
            fixturenames=["client", "run_budget"],
            iter_markers=lambda name: [SimpleNamespace(args=("ius.race",))] if name == "requirement" else [],
        )

    lifecycle.pytest_collection_modifyitems(None, [item(_series_test)])
    with pytest.raises(
        pytest.UsageError, match=r"test_x.py::test_series repeats by the run budget but has no @repeats"
    ):
        lifecycle.pytest_collection_modifyitems(None, [item(_plain_test)])


# --- the scheduler, driven as xdist's controller drives it -----------------------------------


class _Worker:
    """An xdist worker as the scheduler sees it: what it was sent, whether it was told to shut down."""

    def __init__(self, number: int) -> None:
        self.gateway = SimpleNamespace(id=f"gw{number}")
        self.sent: list[int] = []
        self.shutting_down = False

    def send_runtest_some(self, indices) -> None:
        assert not self.shutting_down
        self.sent.extend(indices)

    def shutdown(self) -> None:
        self.shutting_down = True


def _scheduler(workers: int):
    reports = []
    config = SimpleNamespace(
        getvalue=lambda name: ["popen"] * workers if name == "tx" else None,
        getoption=lambda name: None,
        hook=SimpleNamespace(pytest_collectreport=lambda report: reports.append(report)),
    )
    scheduler = LongThenShort(config, CI)
    nodes = [_Worker(n) for n in range(workers)]
    for node in nodes:
        scheduler.add_node(node)
    return scheduler, nodes, reports


#: The collection order: 4 long tests of the suite among 26 short ones (names of no suite test).
COLLECTION = [f"test_short.py::test_{n}" for n in range(26)]
for position, nodeid in ((3, PROJECTION), (9, RACE), (15, MODEL), (20, ROBUSTNESS)):
    COLLECTION.insert(position, nodeid)
LONG = {3, 9, 15, 20}


def _collected(scheduler, node, collection=COLLECTION) -> None:
    """What DSession.worker_collectionfinish does."""
    scheduler.add_node_collection(node, collection)
    if scheduler.collection_is_completed:
        scheduler.schedule()


def test_the_first_worker_to_collect_starts_at_once_with_the_longest_test_and_the_first_short_one():
    scheduler, (first, second, third), _ = _scheduler(3)
    _collected(scheduler, first)
    assert first.sent == [20, 0] and second.sent == third.sent == []
    _collected(scheduler, second)
    assert second.sent == [9, 1] and first.sent == [20, 0]  # the race before the model: a tie, in collection order


def test_once_the_long_tests_are_out_the_short_ones_go_in_collection_order():
    scheduler, nodes, _ = _scheduler(2)
    for node in nodes:
        _collected(scheduler, node)
    handed = [index for node in nodes for index in node.sent]
    while scheduler.pending:
        node = nodes[len(handed) % 2]
        scheduler.mark_test_complete(node, scheduler.node2pending[node][0], duration=0.5)
        handed += node.sent[len([i for i in handed if i in node.sent]) :]
    shorts = [index for node in nodes for index in node.sent if index not in LONG]
    assert sorted(shorts) == [i for i in range(len(COLLECTION)) if i not in LONG]
    last_round = [node.sent[-1] for node in nodes]
    assert all(index not in LONG for index in last_round)


def test_a_worker_holds_two_tests_never_two_long_ones_and_every_test_runs_once():
    scheduler, nodes, _ = _scheduler(4)
    for node in nodes:
        _collected(scheduler, node)
    chance = random.Random(7)
    while scheduler.has_pending:
        busy = [node for node in nodes if scheduler.node2pending[node]]
        node = chance.choice(busy)  # whichever worker finishes its test next
        held = scheduler.node2pending[node]
        assert len(held) <= 2 and len(LONG.intersection(held)) <= 1, f"{node.gateway.id} holds {held}"
        scheduler.mark_test_complete(node, held[0], duration=0.5)
    assert sorted(index for node in nodes for index in node.sent) == list(range(len(COLLECTION)))
    assert all(node.shutting_down for node in nodes) and scheduler.tests_finished


def test_a_worker_that_collected_other_tests_gets_none_and_its_collection_is_reported():
    scheduler, (first, odd), reports = _scheduler(2)
    _collected(scheduler, first)
    _collected(scheduler, odd, COLLECTION[:-1])
    assert odd.sent == [] and odd.shutting_down
    assert [(r.nodeid, r.outcome) for r in reports] == [("gw1", "failed")] and "test_25" in str(reports[0].longrepr)


@pytest.mark.parametrize("workers", [1, 3])
def test_a_run_with_fewer_tests_than_two_a_worker_ends(workers):
    scheduler, nodes, _ = _scheduler(workers)
    for node in nodes:
        _collected(scheduler, node, COLLECTION[:1])
    assert nodes[0].sent == [0] and all(node.shutting_down for node in nodes)
