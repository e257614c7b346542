"""The partition of the inputs (conformance/spec/partition.py) is whole, documented and drawn from by the suite."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conformance.generation.members import BOUNDARIES, MEMBERS
from conformance.spec.partition import BY_ID, PARTITION, render
from conformance.spec.requirements import known
from tests.suite.suite_marks import suite_tests

DOC = Path(__file__).resolve().parent.parent / "docs" / "partition.md"


def drawn() -> dict[str, list[str]]:
    """Class id -> the suite tests that declare they draw from it (``@draws(...)``)."""
    found: dict[str, list[str]] = {}
    for test, ids in suite_tests("draws").items():
        for class_id in ids:
            found.setdefault(class_id, []).append(test)
    return found


def test_every_class_has_a_suite_test_drawing_from_it():
    """A class no test draws from is a blind spot: the suite never sends a value of it."""
    undrawn = [c.id for c in PARTITION if c.id not in drawn()]
    assert not undrawn, f"classes no suite test draws from (@draws): {undrawn}"


def test_every_drawn_class_is_in_the_partition():
    unknown = {class_id: tests for class_id, tests in drawn().items() if class_id not in BY_ID}
    assert not unknown, f"@draws names classes the partition does not list: {unknown}"


def test_every_class_has_a_strategy_of_its_members():
    """A class without a strategy in conformance/generation/members.py is one Hypothesis never draws from."""
    assert sorted(MEMBERS) == sorted(BY_ID), {
        "classes without a strategy": sorted(set(BY_ID) - set(MEMBERS)),
        "strategies of no class": sorted(set(MEMBERS) - set(BY_ID)),
    }
    assert set(BOUNDARIES) <= set(BY_ID), sorted(set(BOUNDARIES) - set(BY_ID))


@pytest.mark.parametrize("class_id", sorted(MEMBERS))
@settings(max_examples=5, database=None, deadline=None)
@given(data=st.data())
def test_each_strategy_draws_members(class_id, data):
    """Each strategy draws (a filter that rejects everything, or an empty choice, fails here)."""
    data.draw(MEMBERS[class_id], label=class_id)


def test_each_class_is_listed_once_with_known_requirements_and_a_source():
    assert len(BY_ID) == len(PARTITION)
    for input_class in PARTITION:
        assert input_class.source and input_class.members and input_class.requirements, input_class.id
        assert all(known(r) for r in input_class.requirements), input_class.id


def test_the_docs_show_the_partition_as_it_is():
    """docs/partition.md is rendered from the table: python -m conformance.spec.partition > docs/partition.md."""
    assert DOC.read_text(encoding="utf-8") == render()
