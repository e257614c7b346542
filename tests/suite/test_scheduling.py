"""The order a concurrent run hands its tests out in: the longest first, each followed by a short one."""

from __future__ import annotations

import random
from types import SimpleNamespace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conformance.exploration import EXAMPLES_MARKER, REPEATS_MARKER
from conformance.hooks.scheduling import REQUESTS_PER_EXAMPLE, LongThenShort, expected_size, longest_first, runs_long
from conformance.profiles import PROFILES

CI = PROFILES["ci"]


@given(st.integers())
def _property_test(value):
    """Stands for a suite property test."""


def _plain_test():
    """Stands for a suite test of a few requests."""


def _item(name: str, *, kind: str, **markers: tuple) -> SimpleNamespace:
    """A collected test as the hooks see it: its fixtures, function and markers (``repeats=(...)``, ``examples=(...)``)."""
    fixtures = ["client", "workspace"] + (["run_budget"] if kind == "series" else [])
    marks = {{"repeats": REPEATS_MARKER, "examples": EXAMPLES_MARKER}[key]: SimpleNamespace(args=args) for key, args in markers.items()}
    return SimpleNamespace(name=name, fixturenames=fixtures, obj=_property_test if kind == "property" else _plain_test,
                           get_closest_marker=marks.get)  # fmt: skip


def test_property_tests_and_series_run_long_and_the_rest_do_not():
    assert runs_long(_item("p", kind="property")) and runs_long(_item("s", kind="series"))
    assert not runs_long(_item("c", kind="plain"))


def test_the_expected_size_follows_the_profile():
    assert expected_size(_item("race", kind="series", repeats=("race_rounds", "race_clients")), CI) == 3 * 16
    assert expected_size(_item("fuzz", kind="property", examples=("fuzz_examples",)), CI) == 80 * REQUESTS_PER_EXAMPLE
    assert expected_size(_item("p", kind="property"), CI) == 15 * REQUESTS_PER_EXAMPLE
    assert expected_size(_item("p", kind="property"), PROFILES["thorough"]) == 100 * REQUESTS_PER_EXAMPLE


def test_the_long_tests_come_first_the_longest_first_then_the_short_ones_in_collection_order():
    items = [_item("c1", kind="plain"), _item("p1", kind="property"), _item("c2", kind="plain"),
             _item("s1", kind="series", repeats=("latency_samples",)), _item("c3", kind="plain"),
             _item("p2", kind="property", examples=("fuzz_examples",)), _item("s2", kind="series", repeats=("race_rounds", "race_clients"))]  # fmt: skip
    # sizes: p1 30, s1 30, p2 160, s2 48: ties (p1, s1) keep collection order
    assert [i.name for i in longest_first(items, CI)] == ["p2", "s2", "p1", "s1", "c1", "c2", "c3"]


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
    config = SimpleNamespace(getvalue=lambda name: ["popen"] * workers if name == "tx" else None,
                             getoption=lambda name: None,
                             hook=SimpleNamespace(pytest_collectreport=lambda report: reports.append(report)))  # fmt: skip
    scheduler = LongThenShort(config)
    nodes = [_Worker(n) for n in range(workers)]
    for node in nodes:
        scheduler.add_node(node)
    return scheduler, nodes, reports


COLLECTION = [f"test_{n}" for n in range(30)]  # as a worker orders it: 0-5 long, the longest first; 6-29 short
LONG = set(range(6))


def _collected(scheduler, node, collection=COLLECTION) -> None:
    """What DSession.worker_collectionfinish does."""
    scheduler.add_node_collection(node, collection)
    if scheduler.collection_is_completed:
        scheduler.schedule()


def test_the_first_worker_to_collect_starts_at_once_with_the_longest_test_and_a_short_one():
    scheduler, (first, second, third), _ = _scheduler(3)
    _collected(scheduler, first)
    assert first.sent == [0, 29] and second.sent == third.sent == []
    _collected(scheduler, second)
    assert second.sent == [1, 28] and first.sent == [0, 29]


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
    assert [(r.nodeid, r.outcome) for r in reports] == [("gw1", "failed")] and "test_29" in str(reports[0].longrepr)


@pytest.mark.parametrize("workers", [1, 3])
def test_a_run_with_fewer_tests_than_two_a_worker_ends(workers):
    scheduler, nodes, _ = _scheduler(workers)
    for node in nodes:
        _collected(scheduler, node, COLLECTION[:1])
    assert nodes[0].sent == [0] and all(node.shutting_down for node in nodes)
