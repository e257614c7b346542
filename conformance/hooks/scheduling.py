"""The order xdist workers receive the tests in: the long ones first, each followed by a short one.

A concurrent run ends when its last worker does. xdist's ``load`` scheduling (which
``--concurrency`` asks for, one test at a time) hands tests out in collection order: two to each
worker at first, then one to whichever worker frees up. With the long tests (property tests and
series such as the race) first, each paired with a short one, every worker starts on a long test
and the many short context cases fill the gaps at the end, instead of a long test starting last
and leaving the other workers idle (longest processing time first). A serial run keeps the
collection order; the verdicts do not depend on the order (conformance.concurrency).
"""

from __future__ import annotations

import pytest
from hypothesis import is_hypothesis_test


def runs_long(item: pytest.Item) -> bool:
    """A test that sends many requests: a property test (Hypothesis) or a series counted by the run budget."""
    return "run_budget" in getattr(item, "fixturenames", ()) or is_hypothesis_test(getattr(item, "obj", None))


def longest_first(items: list[pytest.Item]) -> list[pytest.Item]:
    """The long tests in collection order, each followed by a short one, then the remaining short ones."""
    long = [item for item in items if runs_long(item)]
    short = [item for item in items if not runs_long(item)]
    ordered: list[pytest.Item] = []
    for index, item in enumerate(long):
        ordered.append(item)
        ordered.extend(short[index : index + 1])
    return ordered + short[len(long) :]


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """In an xdist worker (every worker orders alike, as xdist requires), put the long tests first."""
    if hasattr(config, "workerinput"):
        items[:] = longest_first(items)
