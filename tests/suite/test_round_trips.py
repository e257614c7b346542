"""Round trips saved where no verdict depends on them, counted from results.json's requests per test.

A context case with a full body starts from the contact as the case before read it; a case
with a few fields resets first unless a refused PUT left the contact exactly as read after
the last reset; a worker's second contact is created only when a test asks for it. A faulty
server whose refused PUTs change the contact still gets its resets (and still fails).
"""

from __future__ import annotations

import pytest

from conformance.targets.reference.server import running_server

from .runs import run_conformance

BASIC = "basic:tester:tester-secret"


@pytest.fixture(scope="module")
def sweep(tmp_path_factory):
    """A serial quick run of the context sweep against the reference server."""
    with running_server() as server:
        yield run_conformance(
            "--base-url",
            server.url,
            "--auth",
            BASIC,
            "--profile",
            "quick",
            "--seed",
            "3",
            report_dir=tmp_path_factory.mktemp("sweep") / "reports",
            pytest_args=("-k", "test_contexts"),
        )


def _requests_by_case(run) -> list[tuple[str, int]]:
    """(node id, requests) of each test in the order the run sent them."""
    per_test = run.results["requests"]["per_test"]
    return [(t["nodeid"], per_test[t["nodeid"]]) for t in sorted(run.results["tests"], key=lambda t: t["started"])]


def test_a_case_after_another_sends_only_its_put_and_the_read_after(sweep):
    """Every case but the first (which creates and reads the contact) sends 2 requests, or 4 when it must reset
    first."""
    assert sweep.returncode == 0, sweep.explain()
    cases = _requests_by_case(sweep)[1:]
    assert len(cases) > 100
    full_body = [count for nodeid, count in cases if "body-few" not in nodeid]
    assert set(full_body) == {2}, "a full-body case read the contact again or reset it"
    few_fields = [count for nodeid, count in cases if "body-few" in nodeid]
    assert few_fields and set(few_fields) <= {2, 4}
    assert 4 in few_fields, "a few-field case after an accepted PUT must reset the contact first"


def test_a_refused_case_after_a_refused_case_needs_no_reset(sweep):
    """Refused PUTs change nothing on the reference server, so the refused cases after the first reset nothing."""
    refused = [count for nodeid, count in _requests_by_case(sweep) if "test_a_refused_put" in nodeid][1:]
    assert refused and set(refused) == {2}


def test_refused_puts_that_change_the_contact_are_still_caught_case_after_case(tmp_path):
    """Against a server that saves what an unauthenticated PUT sends, the refused cases without credentials keep
    failing."""
    with running_server(fault="unauthenticated-writes") as server:
        run = run_conformance(
            "--base-url",
            server.url,
            "--auth",
            BASIC,
            "--profile",
            "quick",
            "--seed",
            "3",
            report_dir=tmp_path / "reports",
            pytest_args=("-k", "test_a_refused_put and auth-none"),
        )
    assert run.returncode == 1, run.explain()
    assert run.verdicts["auth.required"] == "FAIL"
    failed = [t for t in run.results["tests"] if t["outcome"] == "failed"]
    assert len(failed) == len(run.results["tests"]) > 1


def test_the_second_contact_is_created_only_when_a_test_needs_it(tmp_path):
    """A run without the path-id test creates (and deletes) one contact; with it, two."""
    with running_server() as server:
        without = run_conformance(
            "--base-url",
            server.url,
            "--auth",
            BASIC,
            "--profile",
            "quick",
            report_dir=tmp_path / "without",
            pytest_args=("-k", "test_select"),
        )
        with_it = run_conformance(
            "--base-url",
            server.url,
            "--auth",
            BASIC,
            "--profile",
            "quick",
            report_dir=tmp_path / "with",
            pytest_args=("-k", "test_path_id"),
        )
    assert without.returncode == with_it.returncode == 0, without.explain() + with_it.explain()
    assert [r["action"] for r in without.results["restore"]] == ["deleted (created)"]
    assert [(r["action"], r["verified"]) for r in with_it.results["restore"]] == [("deleted (created)", True)] * 2
