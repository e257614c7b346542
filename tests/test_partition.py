"""The partition of the inputs (conformance/spec/partition.py) is whole, documented and drawn from by the suite."""

from __future__ import annotations

from pathlib import Path

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


def test_each_class_is_listed_once_with_known_requirements_and_a_source():
    assert len(BY_ID) == len(PARTITION)
    for input_class in PARTITION:
        assert input_class.source and input_class.members and input_class.requirements, input_class.id
        assert all(known(r) for r in input_class.requirements), input_class.id


def test_the_docs_show_the_partition_as_it_is():
    """docs/partition.md is rendered from the table: python -m conformance.spec.partition > docs/partition.md."""
    assert DOC.read_text(encoding="utf-8") == render()
