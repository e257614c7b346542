"""Against a remote target the suite runs concurrently by default, with the verdicts of a serial run of the same seed,
for every profile, and against a faulty server the same failures in the same tests.

The proxy stands for the remote target but answers within a millisecond (where the measured default is serial),
so the concurrent run asks for the most workers a far target gets by number.
"""

from __future__ import annotations

from contextlib import contextmanager

import pytest

from conformance.harness.round_trips import MAX_WORKERS
from conformance.targets.proxy import Behaviour, proxied
from conformance.targets.reference.server import running_server

from .runs import run_conformance

AUTHS = ("--auth", "basic:tester:tester-secret", "--auth", "bearer:tester-token", "--auth", "soticket:tester-ticket")


#: A fault its context cases, property tests and targeted tests all catch: the runs must agree on each of them.
FAULT = "select-ignored"


@contextmanager
def _remote(fault=None):
    """The reference server (or a faulty one) as a remote target: its URL given with --base-url (behind a loopback
    proxy)."""
    with running_server(fault=fault) as server, proxied(server.url, Behaviour()) as (url, _):
        yield url


@pytest.fixture(scope="module")
def remote():
    with _remote() as url:
        yield url


@pytest.fixture(scope="module")
def faulty_remote():
    with _remote(FAULT) as url:
        yield url


@pytest.mark.parametrize("profile", ["quick", "ci", "thorough"])
def test_the_default_concurrent_run_gives_the_verdicts_of_a_serial_run(remote, tmp_path, profile):
    """Same seed: the remote default (several workers) and ``--concurrency 1`` judge every requirement alike."""
    serial, concurrent = _serial_and_concurrent(remote, profile, tmp_path)
    assert serial.returncode == concurrent.returncode == 0, serial.explain() + concurrent.explain()


@pytest.mark.parametrize("profile", ["quick", "ci"])
def test_against_a_faulty_server_the_concurrent_run_finds_what_a_serial_run_finds(faulty_remote, tmp_path, profile):
    """The same requirements fail, in the same tests, whether the tests run one by one or on several workers."""
    serial, concurrent = _serial_and_concurrent(faulty_remote, profile, tmp_path)
    assert serial.returncode == concurrent.returncode == 1, serial.explain() + concurrent.explain()
    assert "FAIL" in serial.verdicts.values()


def _serial_and_concurrent(url: str, profile: str, tmp_path):
    """A serial and a default concurrent run, same seed; asserts they judged every requirement and test alike."""
    common = ("--base-url", url, *AUTHS, "--seed", "7", "--profile", profile)
    serial = run_conformance(*common, "--concurrency", "1", report_dir=tmp_path / "serial")
    concurrent = run_conformance(*common, "--concurrency", str(MAX_WORKERS), report_dir=tmp_path / "concurrent")
    assert (serial.results["workers"], concurrent.results["workers"]) == (
        1,
        concurrent.results["configuration"]["concurrency"],
    )
    assert concurrent.results["workers"] > 1
    assert concurrent.verdicts == serial.verdicts
    assert _outcomes(concurrent) == _outcomes(serial)
    assert (
        concurrent.results["requests"]["per_requirement"].keys() == serial.results["requests"]["per_requirement"].keys()
    )
    return serial, concurrent


def _outcomes(run) -> list[tuple]:
    """Each test's outcome and how it left each requirement."""
    return sorted((t["nodeid"], t["outcome"], sorted(t["judgements"].items())) for t in run.results["tests"])
