"""A run ends in bounded time whatever the target does: the faults that make shrinking long, and a test at its
ceiling."""

from __future__ import annotations

import pytest

from conformance.harness.profiles import PROFILES
from conformance.targets import faults
from conformance.targets.proxy import Behaviour, proxied
from conformance.targets.reference.authentication import Credentials
from conformance.targets.reference.server import running_server
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
        finished = run_conformance(
            "--base-url",
            server.url,
            *_auth(credentials),
            "--profile",
            "ci",
            "--seed",
            "3",
            report_dir=tmp_path / "reports",
            timeout=120,
        )
    assert finished.returncode == 1, finished.explain()
    assert finished.verdicts["put.echo"] == "FAIL"
    assert not finished.schema_errors()
    assert "conformance time budget: 180 s (the ci profile; --max-time none for none)" in finished.stdout
    failing = [t for t in finished.results["tests"] if any(f["requirement"] == "put.echo" for f in t["findings"])]
    culprits = [e for t in failing for e in t["exchanges"] if e["culprit"]]
    assert culprits and min(e["request"]["body"]["bytes"] for e in culprits) <= SMALL_BODY_BYTES
    assert all(t["reproduce"] for t in failing)


def test_once_max_time_is_spent_the_tests_try_their_minimum_and_still_judge_every_requirement(tmp_path):
    """With --max-time 3 against slow-xml (XML PUTs answered in 2.2 s) the budget is soon spent: each property test
    then tries MINIMUM_EXAMPLES examples, none is stopped, and every requirement the tests declare is judged."""
    credentials = Credentials()
    with running_server(credentials=credentials, fault="slow-xml") as server:
        finished = run_conformance(
            "--base-url",
            server.url,
            *_auth(credentials),
            "--profile",
            "ci",
            "--seed",
            "3",
            "--max-time",
            "3",
            "--test",
            "test_media_types.py",
            report_dir=tmp_path / "reports",
        )
    assert finished.returncode in (0, 1) and not finished.schema_errors(), finished.explain()
    tests = finished.results["tests"]
    assert tests and not [t for t in tests if t["stopped"]]
    assert not [j for t in tests for j in t["judgements"].values() if j == "not judged"], finished.explain()
    puts = finished.results["requests"]["per_requirement"]["content.xml"]
    assert puts < PROFILES["ci"].examples * 2  # trimmed: far fewer than the ci profile's examples of XML bodies
    trimmed = [t for t in tests if t["trimmed"]]
    assert trimmed and finished.results["time_budget"] == {
        "seconds": 3.0,
        "origin": "command line",
        "tests_trimmed": len(trimmed),
    }
    assert all(t["trimmed"].startswith("the run's time budget was spent: judged on ") for t in trimmed), trimmed
    assert f"time budget: 3 s (command line): {len(trimmed)} test" in finished.stdout


def test_the_budget_keeps_a_reserve_for_the_short_tests_so_a_long_test_starting_early_does_its_minimum(tmp_path):
    """Behind a 100 ms round trip, the 30-odd short tests of these files are expected to take about 6 s: more than the
    5 s budget leaves when the latency series, the first test, starts. So it does its minimum of 3 PUTs (without the
    reserve quick's 10; the first test also pays for reading the contacts), and every requirement is judged."""
    credentials = Credentials()
    with running_server(credentials=credentials) as server, proxied(server.url, Behaviour(round_trip=0.1)) as (url, _):
        finished = run_conformance(
            "--base-url",
            url,
            *_auth(credentials),
            "--profile",
            "quick",
            "--seed",
            "3",
            "--max-time",
            "5",
            "--test",
            "test_performance.py",
            "--test",
            "test_put_semantics.py",
            "--test",
            "test_status_codes.py",
            report_dir=tmp_path / "reports",
        )
    assert finished.returncode == 0 and not finished.schema_errors(), finished.explain()
    latency = "test_performance.py::test_puts_answer_within_the_nsapislow_threshold"
    assert finished.results["requests"]["per_test"][latency] < PROFILES["quick"].latency_samples  # trimmed
    assert not [t for t in finished.results["tests"] if t["stopped"] or "not judged" in t["judgements"].values()]
