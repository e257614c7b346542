"""The order a concurrent run hands its tests out in: the longest first, each followed by a short one.

A concurrent run ends when its last worker does. The scheduler (``--concurrency`` asks for it
through xdist's ``load``) gives each worker, in turn, a long test (property tests and series that
repeat something, the longest expected first) and a short one, the short ones in collection order.
A worker holds the test it runs and the next one (xdist's rule), so the test waiting behind a long
one is always short: the long tests start early, on every worker, and the short tests fill the
gaps at the end (longest processing time first). Once the long tests are out, the short ones go in
collection order, so that the context cases of a worker follow one another and save their resets
(conformance.harness.contacts). A worker starts as soon as it has collected, not when the last of the
workers has. The workers and a serial run keep the collection order; the verdicts do not depend on
the order (conformance.plugin.workers).
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Sequence
from math import prod
from pathlib import Path
from typing import Any, TypeGuard

import pytest
from hypothesis import is_hypothesis_test
from xdist.report import report_collection_diff
from xdist.scheduler import LoadScheduling

from conformance.harness.exploration import EXAMPLES_MARKER, REPEATS_MARKER
from conformance.harness.profiles import Profile
from conformance.plugin.stash import run_of
from conformance.spec.paths import SUITE_PACKAGE as SUITE

#: Requests a property test sends per example, about: a PUT and a GET.
REQUESTS_PER_EXAMPLE = 2


def _marker(test: Callable[..., Any], name: str) -> Any:
    return next((mark for mark in getattr(test, "pytestmark", ()) if mark.name == name), None)


def runs_long(test: Callable[..., Any] | None) -> TypeGuard[Callable[..., Any]]:
    """A test function that sends many requests: a property test (Hypothesis) or a series marked with ``repeats``."""
    return test is not None and (is_hypothesis_test(test) or _marker(test, REPEATS_MARKER) is not None)


def expected_size(test: Callable[..., Any], profile: Profile) -> int:
    """About how many requests a long test sends under ``profile`` (what the longest-first order sorts by)."""
    repeats = _marker(test, REPEATS_MARKER)
    if repeats is not None:
        return prod(getattr(profile, field) for field in repeats.args)
    examples = _marker(test, EXAMPLES_MARKER)
    return getattr(profile, examples.args[0] if examples else "examples") * REQUESTS_PER_EXAMPLE


def suite_function(nodeid: str) -> Callable[..., Any] | None:
    """The suite's test function a node id names (``test_select.py::test_x[p]``); None for any other test."""
    path, _, name = nodeid.partition("::")
    try:
        module = importlib.import_module(f"{SUITE}.{Path(path).stem}")
    except ImportError:
        return None
    return getattr(module, name.split("[")[0], None)


def import_suite() -> None:
    """Import the suite's test modules (about 0.1 s of CPU), so that long_tests finds them loaded."""
    package = importlib.import_module(SUITE)
    for module in pkgutil.iter_modules(package.__path__):
        importlib.import_module(f"{SUITE}.{module.name}")


def long_tests(collection: Sequence[str], profile: Profile) -> list[int]:
    """The indices of the long tests of a collection, the longest expected first (ties in collection order)."""
    functions = [suite_function(nodeid) for nodeid in collection]
    sizes = {index: expected_size(test, profile) for index, test in enumerate(functions) if runs_long(test)}
    return sorted(sizes, key=lambda index: -sizes[index])


class LongThenShort(LoadScheduling):
    """xdist's ``load`` scheduling, begun by the first worker that has collected, a long and a short test in turn.

    Every later worker must collect the same tests (xdist's rule); one that does not gets none of
    them, and its collection is reported as an error with xdist's own explanation.
    """

    #: Set by LoadScheduling (xdist is untyped): the one collection, None until the first worker has given it.
    collection: list[str] | None

    def __init__(self, config: pytest.Config, profile: Profile, log=None) -> None:
        super().__init__(config, log)
        self.profile = profile
        self.long: set[int] = set()
        self.next_is_long: dict = {}
        import_suite()  # while the workers start, not when the first of them waits for its tests

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
        """Keep a worker at two tests, the one it runs and the next (xdist's deeper queues would hold long tests
        back)."""
        if (
            node.shutting_down or node not in self.node2collection
        ):  # a worker still collecting gets its tests when it has
            return
        if self.pending:
            self._send_tests(node, 2 - len(self.node2pending[node]))
        if not self.pending:  # the end of its tests: the worker runs what it holds, then stops
            node.shutdown()

    def schedule(self) -> None:
        if self.collection is None:
            self.collection = list(next(iter(self.node2collection.values())))
            longest_first = long_tests(self.collection, self.profile)
            self.long = set(longest_first)
            self.pending[:] = longest_first + [index for index in range(len(self.collection)) if index not in self.long]
        for node in self.nodes:
            self.check_schedule(node)

    def _send_tests(self, node, num: int) -> None:
        indices = [self._next_for(node) for _ in range(min(num, len(self.pending)))]
        if indices:
            self.node2pending[node].extend(indices)
            node.send_runtest_some(indices)

    def _next_for(self, node) -> int:
        """A long test (the longest left) and a short one (the first left) in turn, for as long as long ones are
        left."""
        wants_long = self.next_is_long.get(node, True)
        self.next_is_long[node] = not wants_long
        position = next((n for n, index in enumerate(self.pending) if (index in self.long) == wants_long), 0)
        return self.pending.pop(position)


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log) -> LoadScheduling | None:
    """The suite's ``load`` runs (``--concurrency``): longest first, each worker starting when it has collected."""
    run = run_of(config)
    if config.getvalue("dist") == "load" and run is not None:
        return LongThenShort(config, run.profile, log)
    return None
