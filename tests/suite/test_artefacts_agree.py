"""What each kind of test outcome becomes in results.json, junit.xml and the certificate, end to end.

A small test module beside one real suite test, run by pytest with the conformance plugin against the
embedded reference server: a harness error, a failure that does not reproduce, a SHOULD failure that
stopped a test before its MUST, and a SHOULD-only failure.
"""

from __future__ import annotations

import json
import re
from xml.etree import ElementTree

import pytest
from jsonschema import Draft202012Validator

from conformance.selftest.power import phrase
from conformance.spec.paths import SCHEMAS_DIR
from conformance.spec.requirements import get

from .runs import run_pytest

PROBE = """
import pytest
from conformance.judging.outcomes import HarnessError, Nonconformance

RUNS = []


@pytest.mark.requirement("put.ok")
def test_harness_trouble(client):
    raise HarnessError("the harness lost its way")


@pytest.mark.requirement("put.echo")
def test_fails_once(client):
    RUNS.append(1)
    if len(RUNS) == 1:
        raise Nonconformance("put.echo", "came back different once")


@pytest.mark.requirement("put.idempotent", "put.malformed")
def test_should_failure_before_the_must(client):
    raise Nonconformance("put.malformed", "answered 200")


@pytest.mark.requirement("put.unknown-id")
def test_should_only(client):
    raise Nonconformance("put.unknown-id", "answered 200")
"""
REAL_TEST = "conformance.suite.test_status_codes::test_the_contact_as_read_is_saved_with_200"


@pytest.fixture(scope="module")
def probed(tmp_path_factory):
    """One run of the probe module and a real suite test; its results, junit test cases and certificate."""
    folder = tmp_path_factory.mktemp("probe")
    (folder / "test_probe.py").write_text(PROBE, encoding="utf-8")
    run = run_pytest(
        "-p",
        "conformance.plugin",
        "--pyargs",
        REAL_TEST,
        str(folder / "test_probe.py"),
        "--conformance-profile",
        "quick",
        "--conformance-report-dir",
        str(folder / "reports"),
        report_dir=folder / "reports",
    )
    cases = {
        case.get("name"): case
        for case in ElementTree.parse(folder / "reports" / "junit.xml").getroot().iter("testcase")
    }
    tests = {t["nodeid"].rsplit("::", 1)[-1]: t for t in run.results["tests"]}
    return run, cases, tests, (folder / "reports" / "certificate.txt").read_text(encoding="utf-8")


def test_the_run_exits_1_with_valid_results(probed):
    """The flaky MUST and the MUST left unjudged make exit 1; results.json is valid."""
    run, _, _, _ = probed
    assert run.returncode == 1, run.explain()
    assert run.schema_errors() == []
    assert run.results["certification"]["reason"] == "failed: put.echo (FLAKY); not judged: put.idempotent"


def test_a_harness_error_is_an_error_everywhere(probed):
    """ERROR verdict, outcome error, and a junit <error> (not a <failure>)."""
    run, cases, tests, _ = probed
    assert (run.verdicts["put.ok"], tests["test_harness_trouble"]["outcome"]) == ("ERROR", "error")
    case = cases["test_harness_trouble"]
    assert case.find("error") is not None and case.find("failure") is None
    assert "the harness lost its way" in case.find("error").get("message")


def test_a_failure_that_does_not_reproduce_is_flaky_everywhere(probed):
    """Run again with the same seed it passed: FLAKY verdict with the reason, in results, junit, certificate,
    terminal."""
    run, cases, tests, certificate = probed
    reason = "put.echo did not fail again when the test was run once more with the same seed"
    assert (run.verdicts["put.echo"], tests["test_fails_once"]["flaky"]) == ("FLAKY", reason)
    assert tests["test_fails_once"]["findings"][0]["flaky"] is True
    case = cases["test_fails_once"]
    assert case.find("failure").get("message") == f"[put.echo] (MUST) came back different once (FLAKY: {reason})"
    assert ("flaky", reason) in [(p.get("name"), p.get("value")) for p in case.iter("property")]
    assert re.search(r"^put\.echo +MUST +FLAKY ", certificate, re.MULTILINE)
    assert "put.echo (FLAKY)" in run.stdout


def test_a_should_failure_that_stopped_a_test_leaves_its_must_not_judged(probed):
    """The MUST the test did not get to is NOT JUDGED with the reason (exit 1); junit reports the test NON-STRICT."""
    run, cases, tests, _ = probed
    assert run.verdicts["put.idempotent"] == "NOT JUDGED"
    assert tests["test_should_failure_before_the_must"]["judgements"] == {
        "put.idempotent": "not judged",
        "put.malformed": "failed",
    }
    evidence = next(r["evidence"] for r in run.results["requirements"] if r["id"] == "put.idempotent")
    assert evidence == [
        {
            "test": tests["test_should_failure_before_the_must"]["nodeid"],
            "not_judged": "the test stopped on put.malformed before judging it",
        }
    ]
    assert (
        cases["test_should_failure_before_the_must"].find("skipped").get("message")
        == "NON-STRICT: [put.malformed] answered 200"
    )


def test_a_should_only_failure_at_level_must_is_skipped_as_non_strict_in_junit(probed):
    """It does not block certification, so junit shows no failure: skipped, reason NON-STRICT, property noted."""
    run, cases, _, _ = probed
    assert run.verdicts["put.unknown-id"] == "NON-STRICT"
    case = cases["test_should_only"]
    assert case.find("failure") is None
    assert case.find("skipped").get("message") == "NON-STRICT: [put.unknown-id] answered 200"
    assert ("requirement", "put.unknown-id (SHOULD)") in [
        (p.get("name"), p.get("value")) for p in case.iter("property")
    ]


def test_a_passing_suite_test_is_a_plain_pass(probed):
    """The real suite test passes and judges put.ok (whose verdict the harness error elsewhere makes ERROR)."""
    _, cases, tests, _ = probed
    assert tests["test_the_contact_as_read_is_saved_with_200"]["judgements"] == {"put.ok": "passed"}
    assert [child.tag for child in cases["test_the_contact_as_read_is_saved_with_200"]] == ["properties"]


# --- the agreement table: one run per case, every artefact checked against the exit code -----------------------

CASES_PROBE = """
import pytest
from conformance.judging.outcomes import HarnessError, Nonconformance

RUNS = []


@pytest.mark.requirement("put.echo")
def test_must_broken(client):
    raise Nonconformance("put.echo", "came back different")


@pytest.mark.requirement("put.unknown-id")
def test_should_broken(client):
    raise Nonconformance("put.unknown-id", "answered 200")


@pytest.mark.requirement("put.ok")
def test_harness_trouble(client):
    raise HarnessError("the harness lost its way")


@pytest.mark.requirement("put.path-id")
def test_must_not_applicable(client):
    pytest.skip("the target has no GET")


@pytest.mark.requirement("put.echo")
def test_fails_once(client):
    RUNS.append(1)
    if len(RUNS) == 1:
        raise Nonconformance("put.echo", "came back different once")


@pytest.mark.requirement("put.idempotent")
def test_passes(client):
    pass


@pytest.mark.requirement("put.idempotent", "put.malformed")
def test_should_before_must(client):
    raise Nonconformance("put.malformed", "answered 200")
"""

#: case -> (probe test, extra options, exit code, requirement, its verdict, the junit element of the test or None)
CASES = {
    "MUST failure": ("test_must_broken", (), 1, "put.echo", "FAIL", "failure"),
    "SHOULD failure, --level must": ("test_should_broken", (), 0, "put.unknown-id", "NON-STRICT", "skipped"),
    "SHOULD failure, --level should": (
        "test_should_broken",
        ("--conformance-level", "should"),
        1,
        "put.unknown-id",
        "NON-STRICT",
        "failure",
    ),
    "harness error": ("test_harness_trouble", (), 2, "put.ok", "ERROR", "error"),
    "MUST skipped (not applicable)": ("test_must_not_applicable", (), 0, "put.path-id", "SKIP", "skipped"),
    "flaky failure": ("test_fails_once", (), 1, "put.echo", "FLAKY", "failure"),
    "partial run (-k)": ("test_passes", (), 0, "put.idempotent", "PASS", None),
    "a SHOULD broken first, its MUST judged by no test": (
        "test_should_before_must",
        (),
        1,
        "put.idempotent",
        "NOT JUDGED",
        "skipped",
    ),
    "a SHOULD broken first, its MUST passed by another test": (
        "test_should_before_must or test_passes",
        (),
        0,
        "put.idempotent",
        "PASS",
        "skipped",
    ),
}


def assert_every_artefact_agrees_with_the_exit_code(run) -> None:
    """One rule (docs/reports.md, "What each artefact says"): junit red exactly when the exit code is non-zero;
    results.json, the terminal, the HTML and both certificates give the same summary; verify finds the certificate
    follows."""
    from conformance.report.verify import first_difference

    results, summary = run.results, run.results["certification"]["summary"]
    assert run.returncode == results["exit_code"], run.explain()
    assert run.schema_errors() == []
    suite = ElementTree.parse(run.report_dir / "junit.xml").getroot().find("testsuite")
    assert (int(suite.get("failures")) + int(suite.get("errors")) > 0) == (run.returncode != 0)
    for element in [*suite.iter("failure"), *suite.iter("error")]:
        message = element.get("message")  # a requirement id first, or why the whole run stopped
        assert re.match(r'(failed on setup with ")?\[[a-z0-9-]+\.[a-z0-9.-]+|run stopped: |NOT CERTIFIED: ', message), (
            message
        )
    assert f"{summary}: {results['certification']['reason']}" in run.stdout
    assert ("NOT CERTIFIED" in run.stdout) == (run.returncode != 0)
    certificate = (run.report_dir / "certificate.txt").read_text(encoding="utf-8")
    assert certificate.splitlines()[0].endswith(f"conformance: {summary}")
    for requirement in results["requirements"]:
        assert re.search(
            rf"^{re.escape(requirement['id'])} +{requirement['level']} +{requirement['verdict']}\b", certificate, re.M
        )
    assert f">{summary}<" in (run.report_dir / "certificate.html").read_text(encoding="utf-8")
    report_html = (run.report_dir / "report.html").read_text(encoding="utf-8")
    assert summary in report_html
    assert all(phrase(r["power"]) in report_html for r in results["requirements"])  # the power beside each verdict
    assert first_difference(run.report_dir) is None


@pytest.mark.parametrize("case", list(CASES))
def test_each_case_reads_the_same_in_every_artefact(tmp_path, case):
    """The case's test ends as the table says in junit.xml, its requirement gets the verdict, the run the exit code."""
    test, options, exit_code, requirement, verdict, element = CASES[case]
    (tmp_path / "test_cases.py").write_text(CASES_PROBE, encoding="utf-8")
    run = run_pytest(
        "-p",
        "conformance.plugin",
        "--pyargs",
        REAL_TEST,
        str(tmp_path / "test_cases.py"),
        "-k",
        test,
        "--conformance-profile",
        "quick",
        *options,
        "--conformance-report-dir",
        str(tmp_path / "reports"),
        report_dir=tmp_path / "reports",
    )
    assert (run.returncode, run.verdicts[requirement]) == (exit_code, verdict), run.explain()
    assert_every_artefact_agrees_with_the_exit_code(run)
    cases = {c.get("name"): c for c in ElementTree.parse(run.report_dir / "junit.xml").getroot().iter("testcase")}
    case_of_test = cases[test.split(" or ")[0]]
    assert [child.tag for child in case_of_test if child.tag != "properties"] == ([element] if element else [])
    assert ("requirement", f"{requirement} ({get(requirement).level})") in [
        (p.get("name"), p.get("value")) for p in case_of_test.iter("property")
    ]
    if exit_code == 0:  # a probe is a partial run: no certification, but nothing red either
        assert run.results["certification"]["summary"] == "PARTIAL RUN"


def test_a_skipped_must_is_named_with_its_reason_in_the_certificate(tmp_path):
    """MUSTs skipped as not applicable are listed, with why, in both certificates."""
    (tmp_path / "test_cases.py").write_text(CASES_PROBE, encoding="utf-8")
    run = run_pytest(
        "-p",
        "conformance.plugin",
        "--pyargs",
        REAL_TEST,
        str(tmp_path / "test_cases.py"),
        "-k",
        "test_must_not_applicable or test_passes",
        "--conformance-profile",
        "quick",
        "--conformance-report-dir",
        str(tmp_path / "reports"),
        report_dir=tmp_path / "reports",
    )
    text = (run.report_dir / "certificate.txt").read_text(encoding="utf-8")
    assert "MUST requirements skipped (not applicable to this target):\n  put.path-id: the target has no GET\n" in text
    assert "<li><code>put.path-id</code>: the target has no GET</li>" in (
        run.report_dir / "certificate.html"
    ).read_text(encoding="utf-8")


def test_a_run_that_selects_no_test_is_aborted_and_red_everywhere(tmp_path):
    """``-k`` matching nothing: not a partial run but no run: exit 2, every requirement NOT RUN, a junit error."""
    (tmp_path / "test_cases.py").write_text(CASES_PROBE, encoding="utf-8")
    run = run_pytest(
        "-p",
        "conformance.plugin",
        "--pyargs",
        REAL_TEST,
        str(tmp_path / "test_cases.py"),
        "-k",
        "nothing_matches",
        "--conformance-profile",
        "quick",
        "--conformance-report-dir",
        str(tmp_path / "reports"),
        report_dir=tmp_path / "reports",
    )
    assert (run.returncode, set(run.verdicts.values())) == (2, {"NOT RUN"}), run.explain()
    assert run.results["certification"]["reason"] == "run aborted: no test was selected"
    assert_every_artefact_agrees_with_the_exit_code(run)


def test_ctrf_json_counts_each_outcome_apart_and_is_valid(probed):
    """ctrf.json beside junit.xml: a harness error is other/error, the flaky MUST failed and flaky, the SHOULD-only
    failures other/non-strict; the summary counts them and names the requirements' verdicts; valid against
    schemas/ctrf.schema.json."""
    run, _, tests, _ = probed
    document = json.loads((run.report_dir / "ctrf.json").read_text(encoding="utf-8"))
    schema = json.loads((SCHEMAS_DIR / "ctrf.schema.json").read_text(encoding="utf-8"))
    assert sorted(e.message for e in Draft202012Validator(schema).iter_errors(document)) == []
    statuses = {
        t["name"].rsplit("::", 1)[-1]: (t["status"], t["rawStatus"], t["flaky"]) for t in document["results"]["tests"]
    }
    assert statuses["test_harness_trouble"] == ("other", "error", False)
    assert statuses["test_fails_once"] == ("failed", "flaky", True)
    assert statuses["test_should_failure_before_the_must"] == ("other", "non-strict", False)
    assert statuses["test_should_only"] == ("other", "non-strict", False)
    assert statuses["test_the_contact_as_read_is_saved_with_200"] == ("passed", "passed", False)
    summary = document["results"]["summary"]
    assert (summary["tests"], summary["passed"], summary["failed"], summary["other"], summary["flaky"]) == (
        len(tests),
        1,
        1,
        3,
        1,
    )
    assert summary["extra"]["exit_code"] == run.returncode == 1
    assert summary["extra"]["requirements"] == {"FAIL": 0, "FLAKY": 1, "NON-STRICT": 2, "ERROR": 1}
    labels = {t["name"].rsplit("::", 1)[-1]: t["labels"] for t in document["results"]["tests"]}
    assert labels["test_should_failure_before_the_must"] == {
        "requirement": ["put.idempotent", "put.malformed"],
        "level": ["MUST", "SHOULD"],
    }
