"""A failing report reproduces, end to end: its curl lines, its reproduce line, and ``conformance replay``.

Runs use ``--contact-id`` so that the contacts the curl lines name still exist after the run (contacts the
suite creates are deleted at its end).
"""

from __future__ import annotations

import base64
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conformance.targets.reference.server import running_server

from .runs import environment, run_conformance

AUTH = "basic:tester:tester-secret"
AUTHORIZATION = "Basic " + base64.b64encode(b"tester:tester-secret").decode()
CONTACTS = ("--contact-id", "1", "--contact-id", "2")
#: Faults whose culprit is not the test's last exchange (ius, persisted) or carries an invented credential (auth).
FAULTS = {
    "ius-ignored": ("test_stale_date_is_refused", "ius.stale"),
    "not-persisted": ("read_back", "put.persisted"),
    "auth-any-password": ("refused_put and auth-wrong-basic-wrong-password", "auth.invalid"),
}


def failing_run(server, tmp_path: Path, keyword: str):
    run = run_conformance(
        "--base-url",
        server.url,
        "--auth",
        AUTH,
        *CONTACTS,
        "--seed",
        "8",
        "--profile",
        "quick",
        report_dir=tmp_path / "reports",
        pytest_args=("-k", keyword),
    )
    assert run.returncode == 1, run.explain()
    assert run.schema_errors() == []
    return run


def status_of(curl_output: str) -> int:
    """The status line of ``curl -i`` output (the last one, after any 100 Continue)."""
    statuses = re.findall(r"^HTTP/[\d.]+ (\d{3})", curl_output, re.MULTILINE)
    assert statuses, curl_output[:500]
    return int(statuses[-1])


@pytest.mark.parametrize("fault", list(FAULTS))
def test_every_curl_line_of_a_failing_report_gets_the_recorded_status(tmp_path, fault):
    """Each culprit's curl line, run by bash with $CONFORMANCE_AUTHORIZATION set, gets the status the culprit got."""
    if shutil.which("curl") is None:
        pytest.skip("curl is not installed on this machine (the suite installs nothing)")
    keyword, requirement = FAULTS[fault]
    with running_server(fault=fault) as server:
        run = failing_run(server, tmp_path, keyword)
        failed = [t for t in run.results["tests"] if t["outcome"] == "failed"]
        assert failed and all(requirement in [f["requirement"] for f in t["findings"]] for t in failed)
        culprits = [e for t in failed for e in t["exchanges"] if e["culprit"]]
        assert culprits and all(e["request"]["method"] == "PUT" and e["role"] != "verify" for e in culprits)
        for exchange in culprits:
            done = subprocess.run(
                ["bash", "-c", exchange["curl"]],
                capture_output=True,
                timeout=60,
                check=False,
                env={"PATH": os.environ["PATH"], "CONFORMANCE_AUTHORIZATION": AUTHORIZATION},
            )
            assert done.returncode == 0, done.stderr.decode(errors="replace")
            assert status_of(done.stdout.decode("utf-8", "replace")) == exchange["response"]["status"], exchange["curl"]
    if fault == "auth-any-password":  # the invented credentials are shown as sent, not replaced by the real ones
        assert all("${CONFORMANCE_AUTHORIZATION}" not in e["curl"] for e in culprits)


def test_the_reproduce_line_runs_as_printed_and_runs_exactly_the_failing_test(tmp_path):
    """bash runs the printed line with CONFORMANCE_AUTH set: exit 1, one test, the same finding; unset, it says so."""
    bin_dir = str(Path(sys.executable).parent)
    with running_server(fault="ius-ignored") as server:
        run = failing_run(server, tmp_path, "stale and 1d")
        test = next(t for t in run.results["tests"] if t["outcome"] == "failed")
        line = test["reproduce"]
        assert "tester-secret" not in line and "-k" not in line.split()
        shell = environment(PATH=bin_dir + os.pathsep + os.environ["PATH"])
        unset = subprocess.run(
            ["bash", "-c", line], capture_output=True, text=True, timeout=300, cwd=tmp_path, env=shell
        )
        assert unset.returncode != 0 and "CONFORMANCE_AUTH" in unset.stderr
        done = subprocess.run(
            ["bash", "-c", line],
            capture_output=True,
            text=True,
            timeout=300,
            cwd=tmp_path,
            env={**shell, "CONFORMANCE_AUTH": AUTH},
        )
    assert done.returncode == 1, done.stdout[-3000:] + done.stderr[-2000:]
    again = run.__class__([], 1, "", "", run.report_dir / "reproduce").results
    assert [(t["nodeid"], t["outcome"], [f["requirement"] for f in t["findings"]]) for t in again["tests"]] == [
        (test["nodeid"], "failed", ["ius.stale"])
    ]


def replay(report: Path, server, tmp_path: Path, name: str) -> subprocess.CompletedProcess:
    command = [
        sys.executable,
        "-m",
        "conformance",
        "replay",
        str(report),
        "--base-url",
        server.url,
        "--auth",
        AUTH,
        "--report-dir",
        str(tmp_path / name),
    ]
    return subprocess.run(command, capture_output=True, text=True, timeout=600, cwd=tmp_path, env=environment())


def test_replay_says_still_failing_against_the_fault_and_now_passing_against_the_reference(tmp_path):
    """The report of a faulty run replayed: exit 1 "still failing" against that fault, exit 0 "now passing" once
    fixed."""
    with running_server(fault="ius-ignored") as server:
        run = failing_run(server, tmp_path, "test_stale_date_is_refused")
        still = replay(run.report_dir, server, tmp_path, "against-fault")
    with running_server() as server:
        fixed = replay(run.report_dir / "results.json", server, tmp_path, "against-reference")
    failed = [t["nodeid"] for t in run.results["tests"] if t["outcome"] == "failed"]
    assert still.returncode == 1, still.stdout + still.stderr
    assert fixed.returncode == 0, fixed.stdout + fixed.stderr
    for nodeid in failed:
        assert re.search(
            rf"^still failing\s+ius\.stale\s+{re.escape(nodeid)}\s+\(fail, fail\)$", still.stdout, re.MULTILINE
        )
        assert re.search(
            rf"^now passing\s+ius\.stale\s+{re.escape(nodeid)}\s+\(pass, pass\)$", fixed.stdout, re.MULTILINE
        )
