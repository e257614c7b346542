"""The order a concurrent run hands its tests out in: the longest first, each followed by a short one.

A concurrent run ends when its last worker does. Every xdist worker orders its collection alike:
the long tests (property tests and series such as the race), the longest expected first, then
the short ones in collection order. The scheduler (``--concurrency`` asks for it through xdist's
``load``) gives each worker, in turn, the next long test from the front and then a short one from
the back. A worker holds the test it runs and the next one (xdist's rule), so the test waiting
behind a long one is always short: the long tests start early, on every worker, and the many
short context cases fill the gaps at the end (longest processing time first). A worker starts
as soon as it has collected, not when the last of the workers has. A serial run keeps the
collection order; the verdicts do not depend on the order (conformance.concurrency).
"""

from __future__ import annotations

from math import prod
from typing import Sequence

import pytest
from hypothesis import is_hypothesis_test
from xdist.report import report_collection_diff
from xdist.scheduler import LoadScheduling

from conformance.exploration import EXAMPLES_MARKER, REPEATS_MARKER
from conformance.hooks import run_of
from conformance.profiles import Profile

#: Requests a property test sends per example, about: a PUT and a GET.
REQUESTS_PER_EXAMPLE = 2


def runs_long(item: pytest.Item) -> bool:
    """A test that sends many requests: a property test (Hypothesis) or a series counted by the run budget."""
    return "run_budget" in getattr(item, "fixturenames", ()) or is_hypothesis_test(getattr(item, "obj", None))


def expected_size(item: pytest.Item, profile: Profile) -> int:
    """About how many requests a long test sends under ``profile`` (what the longest-first order sorts by)."""
    repeats = item.get_closest_marker(REPEATS_MARKER)
    if repeats is not None:
        return prod(getattr(profile, field) for field in repeats.args)
    examples = item.get_closest_marker(EXAMPLES_MARKER)
    return getattr(profile, examples.args[0] if examples else "examples") * REQUESTS_PER_EXAMPLE


def longest_first(items: list[pytest.Item], profile: Profile) -> list[pytest.Item]:
    """The long tests, the longest expected first (ties in collection order), then the short ones in collection order."""
    long = sorted((item for item in items if runs_long(item)), key=lambda item: -expected_size(item, profile))
    return long + [item for item in items if not runs_long(item)]


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """In an xdist worker (every worker orders alike, as xdist requires), put the long tests first."""
    run = run_of(config)
    if hasattr(config, "workerinput") and run is not None:
        items[:] = longest_first(items, run.profile)


class LongThenShort(LoadScheduling):
    """xdist's ``load`` scheduling, begun by the first worker that has collected, taking from both ends.

    Each worker takes its tests from the front of the pending ones (the long tests) and from the
    back (the short ones) in turn. Every later worker must collect the same tests (xdist's rule);
    one that does not gets none of them, and its collection is reported as an error with xdist's
    own explanation.
    """

    def __init__(self, config: pytest.Config, log=None) -> None:
        super().__init__(config, log)
        self.next_from_front: dict = {}

    @property
    def collection_is_completed(self) -> bool:
        return bool(self.node2collection)

    def add_node_collection(self, node, collection: Sequence[str]) -> None:
        if self.collection is not None and list(collection) != self.collection:
            first = next(iter(self.node2collection))
            difference = report_collection_diff(self.collection, collection, first.gateway.id, node.gateway.id)
            self.config.hook.pytest_collectreport(
                report=pytest.CollectReport(nodeid=node.gateway.id, outcome="failed", longrepr=difference, result=[])
            )
            node.shutdown()
            return
        self.node2collection[node] = list(collection)

    def check_schedule(self, node, duration: float = 0) -> None:
        """Keep a worker at two tests, the one it runs and the next (xdist's deeper queues would hold long tests back)."""
        if node.shutting_down or node not in self.node2collection:  # a worker still collecting gets its tests when it has
            return
        if self.pending:
            self._send_tests(node, 2 - len(self.node2pending[node]))
        if not self.pending:  # the end of its tests: the worker runs what it holds, then stops
            node.shutdown()

    def schedule(self) -> None:
        if self.collection is None:
            self.collection = list(next(iter(self.node2collection.values())))
            self.pending[:] = range(len(self.collection))
        for node in self.nodes:
            self.check_schedule(node)

    def _send_tests(self, node, num: int) -> None:
        indices = []
        for _ in range(min(num, len(self.pending))):
            from_front = self.next_from_front.get(node, True)
            indices.append(self.pending.pop(0 if from_front else -1))
            self.next_from_front[node] = not from_front
        if indices:
            self.node2pending[node].extend(indices)
            node.send_runtest_some(indices)


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log) -> LoadScheduling | None:
    """The suite's ``load`` runs (``--concurrency``): longest first, each worker starting when it has collected."""
    if config.getvalue("dist") == "load":
        return LongThenShort(config, log)
    return None
