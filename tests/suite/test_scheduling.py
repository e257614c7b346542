"""The order xdist workers get the tests in: long tests first, each followed by a short one."""

from __future__ import annotations

from types import SimpleNamespace

from hypothesis import given
from hypothesis import strategies as st

from conformance.hooks.scheduling import longest_first, runs_long


@given(st.integers())
def _property_test(value):
    """Stands for a suite property test."""


def _plain_test():
    """Stands for a suite test of a few requests."""


def _item(name: str, *, kind: str) -> SimpleNamespace:
    """A collected test as the hook sees it: its fixtures and function."""
    fixtures = ["client", "workspace"] + (["run_budget"] if kind == "series" else [])
    return SimpleNamespace(name=name, fixturenames=fixtures, obj=_property_test if kind == "property" else _plain_test)


def test_property_tests_and_series_run_long_and_the_rest_do_not():
    assert runs_long(_item("p", kind="property")) and runs_long(_item("s", kind="series"))
    assert not runs_long(_item("c", kind="plain"))


def test_each_long_test_comes_first_followed_by_a_short_one_in_collection_order():
    items = [_item("c1", kind="plain"), _item("p1", kind="property"), _item("c2", kind="plain"), _item("c3", kind="plain"),
             _item("s1", kind="series"), _item("c4", kind="plain"), _item("p2", kind="property")]  # fmt: skip
    assert [i.name for i in longest_first(items)] == ["p1", "c1", "s1", "c2", "p2", "c3", "c4"]


def test_more_long_tests_than_short_ones_keeps_every_test_once():
    items = [_item("p1", kind="property"), _item("c1", kind="plain"), _item("p2", kind="property"), _item("p3", kind="series")]
    assert [i.name for i in longest_first(items)] == ["p1", "c1", "p2", "p3"]
