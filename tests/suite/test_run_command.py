"""``conformance run`` end to end, as a user runs it: exit codes 0, 1 and 2, reports, terminal table and HTML."""

from __future__ import annotations

import html
import re
import socket
import subprocess
import sys
from xml.etree import ElementTree

import pytest

from conformance.harness.profiles import PROFILES
from conformance.report.verify import first_difference
from conformance.spec.requirements import catalogue
from conformance.suite.test_if_unmodified_since import RACE_CONTACTS
from conformance.targets.reference.server import running_server

from .runs import REPORT_FILES, environment, run_conformance

SEEDS = (3, 4242, 987654321)
DEFAULT_AUTH = "basic:tester:tester-secret"


def against(server, *, seed: int) -> tuple[str, ...]:
    """Options of a quick run against a started server with its default credentials."""
    return ("--base-url", server.url, "--auth", DEFAULT_AUTH, "--seed", str(seed), "--profile", "quick")


def closed_port() -> int:
    """A loopback port nothing listens on (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def assert_terminal_table(run) -> None:
    """The terminal shows a row (id, level, verdict) per requirement, then the CERTIFIED line."""
    assert "= conformance verdicts =" in run.stdout
    for requirement_id, verdict in run.verdicts.items():
        level = catalogue()[requirement_id].level
        assert re.search(rf"^{re.escape(requirement_id)}\s+{level}\s+{verdict}\b", run.stdout, re.MULTILINE), (
            requirement_id
        )
    assert re.search(r"^=+ CERTIFIED: every MUST requirement passed", run.stdout, re.MULTILINE)


def assert_reports_agree(run, seed: int, profile: str) -> None:
    """certificate.txt, junit.xml and report.html exist and say what results.json says."""
    assert [name for name in REPORT_FILES if not (run.report_dir / name).is_file()] == []
    certificate = (run.report_dir / "certificate.txt").read_text(encoding="utf-8")
    assert certificate.startswith("SuperOffice PUT /api/v1/Contact/{id} conformance: CERTIFIED")
    assert re.search(rf"^Seed: +{seed}$", certificate, re.MULTILINE) and re.search(
        rf"^Profile: +{profile}$", certificate, re.MULTILINE
    )
    assert first_difference(run.report_dir) is None
    suite = ElementTree.parse(run.report_dir / "junit.xml").getroot().find("testsuite")
    assert int(suite.get("tests")) == len(run.results["tests"])
    assert int(suite.get("failures")) == int(suite.get("errors")) == 0
    report = (run.report_dir / "report.html").read_text(encoding="utf-8")
    assert '<th class="sortable" data-column-type="requirement">Requirement</th>' in report
    assert '<th class="sortable" data-column-type="level">Level</th>' in report
    assert '<header class="verdict certified" id="verdict"><h1>CERTIFIED</h1>' in report


@pytest.mark.parametrize("seed", SEEDS)
def test_the_reference_server_is_certified_with_every_report(tmp_path, seed):
    """Embedded reference server, profile ci: exit 0, CERTIFIED, no FAIL/ERROR, valid results, table, reports."""
    run = run_conformance("--seed", str(seed), report_dir=tmp_path / "reports")
    assert run.returncode == 0, run.explain()
    assert "Traceback" not in run.output
    results = run.results
    certification = results["certification"]
    assert (certification["certified"], certification["summary"], results["exit_code"]) == (True, "CERTIFIED", 0)
    assert (run.count("FAIL"), run.count("ERROR"), run.count("NOT RUN")) == (0, 0, 0), run.verdicts
    assert run.schema_errors() == []
    assert (results["seed"], results["configuration"]["profile"], results["workers"]) == (seed, "ci", 1)
    assert results["target"]["embedded_reference_server"] is True
    assert results["requests"]["count"] > 100
    created = min(PROFILES["ci"].race_rounds, RACE_CONTACTS)  # the race's rounds each take a contact of their own
    assert [(r["action"], r["verified"]) for r in results["restore"]] == [("deleted (created)", True)] * created
    assert_terminal_table(run)
    assert_reports_agree(run, seed, "ci")


def test_a_target_ignoring_select_exits_1_with_select_projection_failing(tmp_path):
    """The select-ignored fault: exit 1, NOT CERTIFIED, select.projection FAIL with evidence, curl and exchanges."""
    with running_server(fault="select-ignored") as server:
        run = run_conformance(*against(server, seed=5), report_dir=tmp_path / "reports")
    assert run.returncode == 1, run.explain()
    assert "Traceback" not in run.output
    results = run.results
    certification = results["certification"]
    assert (certification["certified"], certification["summary"], results["exit_code"]) == (False, "NOT CERTIFIED", 1)
    assert run.verdicts["select.projection"] == "FAIL"
    assert "select.projection" in results["certification"]["reason"]
    assert run.schema_errors() == []
    projection = next(r for r in results["requirements"] if r["id"] == "select.projection")
    assert any(
        e.get("pointer", "").startswith("/") and "not nulled" in e.get("message", "") for e in projection["evidence"]
    ), projection
    failed = [t for t in results["tests"] if t["outcome"] == "failed"]
    assert failed and all(t["curl"] and "${CONFORMANCE_AUTHORIZATION}" in t["curl"] and t["exchanges"] for t in failed)
    assert all(sum(e["culprit"] for e in t["exchanges"]) >= 1 for t in failed)
    assert re.search(r"^=+ NOT CERTIFIED: failed: select\.projection", run.stdout, re.MULTILINE)


def test_the_html_report_of_a_failing_run_shows_exchanges_and_curl_inline(tmp_path):
    """report.html has the Requirement/Level columns, the NOT CERTIFIED heading and, inline, the evidence."""
    with running_server(fault="select-ignored") as server:
        run = run_conformance(*against(server, seed=6), report_dir=tmp_path / "reports", pytest_args=("-k", "select"))
    assert run.returncode == 1, run.explain()
    report = (run.report_dir / "report.html").read_text(encoding="utf-8")
    assert ">Requirement</th>" in report and ">Level</th>" in report
    assert re.search(r'<header class="verdict not-certified" id="verdict"><h1>NOT CERTIFIED</h1>', report)
    assert "data:text/plain" not in report
    text = html.unescape(report)
    assert "curl -sS -i -g -X PUT" in text and "${CONFORMANCE_AUTHORIZATION}" in text
    assert re.search(r'<details class="exchange culprit"[^>]*open><summary>#\d+ under test · PUT ', report)
    assert "<dt>Authorization</dt><dd>***</dd>" in report
    reproduce = r'(^|>)CONFORMANCE_AUTH="\$\{CONFORMANCE_AUTH:\?[^"]*\}" conformance run\b.* --seed 6\b.* --test \S+'
    assert re.search(reproduce, text, re.MULTILINE)


def test_a_target_answering_plain_text_to_puts_fails_with_exit_1_not_2(tmp_path):
    """wire-plain-text-200 (200 and "Contact saved" to every PUT): the target's fault, so FAIL verdicts and exit 1."""
    with running_server(fault="wire-plain-text-200") as server:
        run = run_conformance(*against(server, seed=7), report_dir=tmp_path / "reports")
    assert run.returncode == 1, run.explain()
    assert "Traceback" not in run.output
    assert (run.results["exit_code"], run.count("ERROR")) == (1, 0), run.verdicts
    assert {run.verdicts[r] for r in ("put.ok", "put.echo")} == {"FAIL"}
    assert run.verdicts["accept.json"] in ("FAIL", "NOT JUDGED")  # every accept.json case stopped on put.ok first
    put_ok = next(r for r in run.results["requirements"] if r["id"] == "put.ok")
    assert any("(text/plain; charset=utf-8) is not JSON" in e.get("message", "") for e in put_ok["evidence"]), put_ok
    assert run.verdicts["accept.xml.same-values"] == "NOT JUDGED"
    assert run.schema_errors() == []


# --- exit code 2: the run cannot be done, said in one line ----------------------------------------------------


def assert_stopped_reports(run, message: str) -> None:
    """A run that stopped (exit 2) leaves results.json, junit.xml (one error) and a NOT CERTIFIED certificate saying
    why, and no report of an earlier run."""
    assert run.schema_errors() == []
    assert (run.results["exit_code"], run.results["certification"]["certified"]) == (2, False)
    assert message in run.results["stopped"] and message in run.results["certification"]["reason"]
    assert {r["verdict"] for r in run.results["requirements"]} == {"NOT RUN"}
    certificate = (run.report_dir / "certificate.txt").read_text(encoding="utf-8")
    assert certificate.startswith("SuperOffice PUT /api/v1/Contact/{id} conformance: NOT CERTIFIED")
    assert message in certificate
    assert first_difference(run.report_dir) is None
    suite = ElementTree.parse(run.report_dir / "junit.xml").getroot().find("testsuite")
    assert (suite.get("errors"), suite.get("failures")) == ("1", "0")
    assert message in suite.find("testcase/error").get("message")
    assert not (run.report_dir / "report.html").exists()


def test_a_run_that_stops_leaves_no_certificate_of_the_previous_run(tmp_path):
    """A certified run, then a run into the same folder against a closed port: exit 2, nothing CERTIFIED is left."""
    reports = tmp_path / "reports"
    with running_server() as server:
        first = run_conformance(*against(server, seed=8), report_dir=reports)
    assert first.returncode == 0, first.explain()
    assert (
        (reports / "certificate.txt")
        .read_text(encoding="utf-8")
        .startswith("SuperOffice PUT /api/v1/Contact/{id} conformance: CERTIFIED")
    )
    url = f"http://127.0.0.1:{closed_port()}"
    second = run_conformance("--base-url", url, "--auth", DEFAULT_AUTH, report_dir=reports)
    assert second.returncode == 2, second.explain()
    assert_stopped_reports(second, "refused the connection")
    assert "tester-secret" not in "".join(second.report_text().values())


def one_line_explanation(run) -> str:
    """The single non-empty line the run printed, asserting there is one and no traceback."""
    assert "Traceback" not in run.output, run.explain()
    lines = [line for line in run.output.splitlines() if line.strip()]
    assert len(lines) == 1, run.explain()
    return lines[0]


def test_an_unreachable_target_exits_2_with_one_line(tmp_path):
    """A closed port: exit 2, one line saying the target refused the connection."""
    url = f"http://127.0.0.1:{closed_port()}"
    run = run_conformance("--base-url", url, report_dir=tmp_path / "reports")
    assert run.returncode == 2, run.explain()
    line = one_line_explanation(run)
    assert f"target {url} cannot be used" in line and "refused the connection" in line
    assert_stopped_reports(run, "refused the connection")


def test_credentials_the_target_refuses_exit_2_with_one_line(tmp_path):
    """Wrong Basic credentials for the setup requests: exit 2, one line naming --auth."""
    with running_server() as server:
        run = run_conformance(
            "--base-url", server.url, "--auth", "basic:tester:not-the-password", report_dir=tmp_path / "reports"
        )
    assert run.returncode == 2, run.explain()
    line = one_line_explanation(run)
    assert "credentials were refused" in line and "--auth" in line
    assert "not-the-password" not in run.output


def test_a_contact_id_that_does_not_exist_exits_2_with_one_line(tmp_path):
    """--contact-id 999999 on the embedded server: exit 2, one line naming the contact."""
    run = run_conformance("--contact-id", "999999", report_dir=tmp_path / "reports")
    assert run.returncode == 2, run.explain()
    assert "contact 999999 does not exist on the target" in one_line_explanation(run)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--auth", "nonsense"), "--auth must be basic:USER:PASSWORD, bearer:TOKEN or soticket:TICKET"),
        (("--timeout", "-1"), "--timeout must be at least 0.1 (got '-1')"),
        (("--seed", "abc"), "--seed must be a number (got 'abc')"),
        (("--contact-id", "three"), "--contact-id must be a number (got 'three')"),
        (("--header", "no-colon-here"), "--header must be NAME:VALUE"),
        (("--base-url", "ftp://127.0.0.1:21"), "--base-url must be an http(s) URL"),
        (("--base-url", "http://user:pw@127.0.0.1:1"), "--base-url must not carry credentials"),
    ],
    ids=["auth", "timeout", "seed", "contact-id", "header", "url", "url-credentials"],
)
def test_bad_configuration_exits_2_with_one_line(tmp_path, args, message):
    """Each bad option: exit 2, one line with the rule, before any test or server."""
    run = run_conformance(*args, report_dir=tmp_path / "reports")
    assert run.returncode == 2, run.explain()
    assert message in one_line_explanation(run)
    assert_stopped_reports(run, message)


def test_a_report_dir_that_cannot_be_written_exits_2_with_one_line(tmp_path):
    """A report folder under a regular file cannot be created: exit 2, one line naming it, no server started."""
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    command = [sys.executable, "-m", "conformance", "run", "--report-dir", str(blocker / "reports")]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, cwd=tmp_path, env=environment())
    assert done.returncode == 2, done.stdout[-2000:] + done.stderr[-2000:]
    assert f"--report-dir {blocker / 'reports'} cannot be written" in done.stderr
    assert "Traceback" not in done.stdout + done.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--profile", "turbo"), "argument --profile: invalid choice: 'turbo'"),
        (("--level", "could"), "argument --level: invalid choice: 'could'"),
    ],
    ids=["profile", "level"],
)
def test_an_unknown_choice_exits_2_with_the_usage(tmp_path, args, message):
    """argparse refuses an unknown profile or level: exit 2, usage and one error line, no traceback."""
    run = run_conformance(*args, report_dir=tmp_path / "reports")
    assert run.returncode == 2, run.explain()
    assert "Traceback" not in run.output
    assert run.stdout == ""
    assert run.stderr.startswith("usage: conformance run")
    assert run.stderr.strip().splitlines()[-1].startswith(f"conformance run: error: {message}")
