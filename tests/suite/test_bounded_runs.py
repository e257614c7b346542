"""A run ends in bounded time whatever the target does: the faults that make shrinking long, and a test at its ceiling."""

from __future__ import annotations

import pytest

from conformance import faults
from conformance.reference.auth import Credentials
from conformance.reference.server import running_server

from tests.suite.runs import run_conformance

SHRINKING = [name for name, fault in faults.catalogue().items() if fault.family == "shrinking"]
#: A reproducer is small when its PUT body is no bigger than the largest body the suite sends on purpose.
SMALL_BODY_BYTES = 8000


def _auth(credentials: Credentials) -> list[str]:
    return ["--auth", f"basic:{credentials.user}:{credentials.password}"]


@pytest.mark.parametrize("name", SHRINKING)
def test_a_ci_run_against_a_fault_that_makes_shrinking_long_fails_put_echo_with_a_small_reproducer(tmp_path, name):
    credentials = Credentials()
    with running_server(credentials=credentials, fault=name) as server:
        finished = run_conformance("--base-url", server.url, *_auth(credentials), "--profile", "ci", "--seed", "3",
                                   report_dir=tmp_path / "reports", timeout=120)  # fmt: skip
    assert finished.returncode == 1, finished.explain()
    assert finished.verdicts["put.echo"] == "FAIL"
    assert not finished.schema_errors()
    assert "conformance worst case:" in finished.stdout
    failing = [t for t in finished.results["tests"] if any(f["requirement"] == "put.echo" for f in t["findings"])]
    culprits = [e for t in failing for e in t["exchanges"] if e["culprit"]]
    assert culprits and min(e["request"]["body"]["bytes"] for e in culprits) <= SMALL_BODY_BYTES
    assert all(t["reproduce"] for t in failing)


def test_a_test_at_its_ceiling_stops_with_its_requirements_not_judged_and_the_run_goes_on(tmp_path):
    """With --max-time 3, every test gets what is left of 3 s; slow-xml answers XML PUTs in 2.2 s."""
    credentials = Credentials()
    with running_server(credentials=credentials, fault="slow-xml") as server:
        finished = run_conformance("--base-url", server.url, *_auth(credentials), "--profile", "quick", "--seed", "3",
                                   "--max-time", "3", "--test", "test_media_types.py", report_dir=tmp_path / "reports")  # fmt: skip
    tests = finished.results["tests"]
    stopped = [t for t in tests if t["stopped"]]
    assert stopped, finished.explain()
    assert all("ceiling" in t["stopped"] and t["outcome"] == "failed" for t in stopped)
    assert all(j in ("not judged", "failed") for t in stopped for j in t["judgements"].values())
    assert len(tests) > len(stopped)  # the tests after a stopped one still ran
    evidence = [e for r in finished.results["requirements"] for e in r["evidence"] if "not_judged" in e]
    assert any("reached its ceiling" in e["not_judged"] for e in evidence)
    assert finished.returncode in (0, 1) and not finished.schema_errors()
