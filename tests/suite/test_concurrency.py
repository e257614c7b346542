"""Against a remote target the suite runs concurrently by default, with the verdicts of a serial run of the same seed.

The proxy stands for the remote target but is on loopback (where the default is serial), so the
concurrent run asks for the remote default by number.
"""

from __future__ import annotations

import pytest

from conformance.reference.proxy import Behaviour, proxied
from conformance.reference.server import running_server
from conformance.settings import REMOTE_CONCURRENCY

from .runs import run_conformance

AUTHS = ("--auth", "basic:tester:tester-secret", "--auth", "bearer:tester-token", "--auth", "soticket:tester-ticket")


@pytest.fixture(scope="module")
def remote():
    """The reference server as a remote target: its URL given with --base-url (behind a loopback proxy)."""
    with running_server() as server, proxied(server.url, Behaviour()) as (url, _):
        yield url


@pytest.mark.parametrize("profile", ["quick", "ci"])
def test_the_default_concurrent_run_gives_the_verdicts_of_a_serial_run(remote, tmp_path, profile):
    """Same seed: the remote default (several workers) and ``--concurrency 1`` judge every requirement alike."""
    common = ("--base-url", remote, *AUTHS, "--seed", "7", "--profile", profile)
    serial = run_conformance(*common, "--concurrency", "1", report_dir=tmp_path / "serial")
    concurrent = run_conformance(*common, "--concurrency", str(REMOTE_CONCURRENCY), report_dir=tmp_path / "concurrent")
    assert serial.returncode == 0, serial.explain()
    assert concurrent.returncode == 0, concurrent.explain()
    assert (serial.results["workers"], concurrent.results["workers"]) == (1, concurrent.results["configuration"]["concurrency"])
    assert concurrent.results["workers"] > 1
    assert concurrent.verdicts == serial.verdicts
    assert _outcomes(concurrent) == _outcomes(serial)
    assert concurrent.results["requests"]["per_requirement"].keys() == serial.results["requests"]["per_requirement"].keys()


def _outcomes(run) -> list[tuple]:
    """Each test's outcome and how it left each requirement."""
    return sorted((t["nodeid"], t["outcome"], sorted(t["judgements"].items())) for t in run.results["tests"])
