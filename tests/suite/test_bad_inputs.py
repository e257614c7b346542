"""Every bad input a user can type ends in one line on the terminal, exit 2, no traceback, the fix in the message.

One test per row of issue 11's table; each runs the command as a user does, in a child process.
"""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
import requests
import urllib3

from conformance.harness.client import _reason

from .runs import environment, run_conformance, run_pytest


def _lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.strip()]


def assert_one_clear_line(finished, *fragments: str) -> None:
    """Exit 2, no traceback, one non-empty line of output, carrying every fragment."""
    output = finished.stdout + finished.stderr
    assert finished.returncode == 2, output[-3000:]
    assert "Traceback" not in output and "INTERNALERROR" not in output, output[-3000:]
    assert len(_lines(output)) == 1, output[-3000:]
    for fragment in fragments:
        assert fragment in output, output


@pytest.mark.parametrize(
    ("url", "fix"),
    [
        ("http://127.0.0.1:99999", "Port out of range"),
        ("http://:8080", "names no host"),
        ("http://[::1", "Invalid IPv6 URL"),
        ("http://127.0.0.1:0", "give the port the server listens on"),
    ],
)
def test_an_unreadable_base_url_is_one_line(tmp_path, url, fix):
    finished = run_conformance("--base-url", url, report_dir=tmp_path / "reports")
    assert_one_clear_line(finished, "--base-url", fix)


def test_a_base_url_with_api_v1_says_the_suite_appends_it(tmp_path):
    finished = run_conformance("--base-url", "https://crm.example.com/Cust1/api/v1", report_dir=tmp_path / "reports")
    assert_one_clear_line(finished, "must not include /api/v1", "give https://crm.example.com/Cust1")


def test_fewer_contact_ids_than_workers_is_one_line(tmp_path):
    finished = run_conformance("--contact-id", "5", report_dir=tmp_path / "reports", pytest_args=("-n", "2"))
    assert_one_clear_line(finished, "1 --contact-id for 2 workers", "-n 1")


def test_no_auth_for_a_target_that_asks_says_none_was_given(tmp_path, reference_server):
    finished = run_conformance("--base-url", reference_server.url, report_dir=tmp_path / "reports")
    assert_one_clear_line(finished, "none were given", "add --auth basic:USER:PASSWORD")


def test_a_tls_failure_is_named_with_its_fix(tmp_path, reference_server):
    """https:// to a plain-HTTP server: the TLS handshake fails, and the line says what to check."""
    url = reference_server.url.replace("http://", "https://")
    finished = run_conformance(
        "--base-url", url, "--auth", "basic:tester:tester-secret", report_dir=tmp_path / "reports"
    )
    assert_one_clear_line(finished, "TLS failed", "REQUESTS_CA_BUNDLE", "should be http://")
    assert "HTTPSConnectionPool" not in finished.output


def test_a_dns_failure_is_named_with_its_fix():
    """A name that does not resolve (built by hand: the tests send nothing beyond loopback)."""
    cause = urllib3.exceptions.NameResolutionError("crm.invalid", None, OSError("Name or service not known"))
    error = requests.exceptions.ConnectionError(
        cause, request=requests.Request("GET", "https://crm.invalid/api/v1/Contact/default")
    )
    assert _reason(error) == "the host name of https://crm.invalid could not be resolved (DNS); check --base-url"


def _serve(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "conformance", "serve", *args],
        capture_output=True,
        text=True,
        timeout=60,
        env=environment(),
        stdin=subprocess.DEVNULL,
    )


def test_serve_on_an_impossible_port_is_one_line():
    assert_one_clear_line(_serve("--port", "99999"), "--port must be 0-65535", "0 picks a free port")


def test_serve_on_an_unopenable_database_is_one_line():
    assert_one_clear_line(
        _serve("--port", "0", "--db", "/proc/x/db.sqlite"),
        "--db /proc/x/db.sqlite cannot be opened",
        "give a writable file path",
    )


def test_serve_an_unknown_fault_is_one_line():
    assert_one_clear_line(_serve("--port", "0", "--fault", "no-such-fault"), "unknown fault 'no-such-fault'")


def test_serve_a_fault_announces_the_faulty_server():
    """``--fault NAME`` says it serves that faulty server, not the reference server (the first line, then stopped)."""
    served = subprocess.Popen(
        [sys.executable, "-m", "conformance", "serve", "--port", "0", "--fault", "empty-body-accepted"],
        stdout=subprocess.PIPE,
        text=True,
        env=environment(),
    )
    try:
        first = served.stdout.readline()
    finally:
        served.terminate()
        served.wait(30)
    assert first.startswith("Faulty server empty-body-accepted listening on http://127.0.0.1:"), first


def test_an_unknown_test_module_is_one_line(tmp_path):
    finished = run_conformance("--test", "test_nosuch.py::test_x", report_dir=tmp_path / "reports")
    assert_one_clear_line(finished, "--test test_nosuch.py::test_x: no such module in the suite", "results.json")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--conformance-seed", "abc"), "--conformance-seed must be a number (got 'abc')"),
        (("--conformance-contact-id", "5", "-n", "2"), "add --conformance-contact-id N or run fewer workers (-n 1)"),
    ],
    ids=["seed", "contact-ids"],
)
def test_plain_pytest_names_the_namespaced_flag_the_user_typed(tmp_path, args, message):
    """``pytest --conformance-seed abc`` is told about ``--conformance-seed``, not ``conformance run``'s ``--seed``."""
    report_dir = tmp_path / "reports"
    finished = run_pytest(
        "--pyargs", "conformance.suite", *args, "--conformance-report-dir", str(report_dir), report_dir=report_dir
    )
    output = finished.stdout + finished.stderr
    assert finished.returncode == 4, output[-3000:]  # pytest's usage error; conformance run maps it to 2
    assert message in output, output[-3000:]
    assert not re.search(r"(^|\s)--(seed|contact-id)\b", output) and "Traceback" not in output, output[-3000:]
