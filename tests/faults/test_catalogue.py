"""The fault catalogue is well formed and aims at every MUST requirement."""

from __future__ import annotations

import subprocess
import sys

import pytest

from conformance.spec.requirements import catalogue
from conformance.targets import faults

FAULTS = faults.catalogue()
FAMILIES = {
    "status",
    "persistence",
    "select",
    "concurrency",
    "media",
    "auth",
    "headers",
    "unicode",
    "wire",
    "latency",
    "context",
    "shrinking",
    "values",
}


def test_there_are_at_least_thirty_faults():
    assert len(FAULTS) >= 30


@pytest.mark.parametrize("fault", FAULTS.values(), ids=list(FAULTS))
def test_each_fault_says_what_it_gets_wrong_and_what_it_breaks(fault):
    assert fault.summary and fault.summary.endswith(".")
    assert fault.family in FAMILIES
    assert fault.breaks, "a fault must declare the requirements it breaks"
    assert set(fault.breaks) <= set(catalogue()), set(fault.breaks) - set(catalogue())
    assert fault.outcome in ("fail", "wire")


def test_every_must_requirement_is_the_target_of_a_fault():
    targeted = {requirement for fault in FAULTS.values() for requirement in fault.breaks}
    musts = {r.id for r in catalogue().values() if r.level == "MUST"}
    assert musts - targeted == set()


@pytest.mark.parametrize(("family", "minimum"), [("select", 6), ("concurrency", 6), ("wire", 6)])
def test_the_families_the_issue_names_are_well_stocked(family, minimum):
    assert sum(1 for f in FAULTS.values() if f.family == family) >= minimum


def test_every_family_has_a_fault():
    assert {f.family for f in FAULTS.values()} == FAMILIES


def test_an_unknown_fault_is_refused_with_a_one_line_error():
    result = subprocess.run(
        [sys.executable, "-m", "conformance", "serve", "--port", "0", "--fault", "no-such-fault"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert "unknown fault 'no-such-fault'" in result.stderr
    assert "Traceback" not in result.stderr


def test_the_faults_command_lists_every_fault():
    result = subprocess.run([sys.executable, "-m", "conformance", "faults"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0
    for name in FAULTS:
        assert name in result.stdout
