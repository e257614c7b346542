"""What each kind of test outcome becomes in results.json, junit.xml and the certificate, end to end.

A small test module beside one real suite test, run by pytest with the conformance plugin against the
embedded reference server: a harness error, a failure that does not reproduce, a SHOULD failure that
stopped a test before its MUST, and a SHOULD-only failure.
"""

from __future__ import annotations

from xml.etree import ElementTree

import pytest

from .runs import run_pytest

PROBE = '''
import pytest
from conformance.outcomes import HarnessError, Nonconformance

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
'''
REAL_TEST = "conformance.suite.test_status_codes::test_the_contact_as_read_is_saved_with_200"


@pytest.fixture(scope="module")
def probed(tmp_path_factory):
    """One run of the probe module and a real suite test; its results, junit test cases and certificate."""
    folder = tmp_path_factory.mktemp("probe")
    (folder / "test_probe.py").write_text(PROBE, encoding="utf-8")
    run = run_pytest("-p", "conformance.plugin", "--pyargs", REAL_TEST, str(folder / "test_probe.py"),
                     "--conformance-profile", "quick", "--conformance-report-dir", str(folder / "reports"), report_dir=folder / "reports")  # fmt: skip
    cases = {case.get("name"): case for case in ElementTree.parse(folder / "reports" / "junit.xml").getroot().iter("testcase")}
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
    """Run again with the same seed it passed: FLAKY verdict with the reason, in results, junit, certificate, terminal."""
    run, cases, tests, certificate = probed
    reason = "put.echo did not fail again when the test was run once more with the same seed"
    assert (run.verdicts["put.echo"], tests["test_fails_once"]["flaky"]) == ("FLAKY", reason)
    assert tests["test_fails_once"]["findings"][0]["flaky"] is True
    case = cases["test_fails_once"]
    assert case.find("failure").get("message").startswith(f"FLAKY: {reason}")
    assert ("flaky", reason) in [(p.get("name"), p.get("value")) for p in case.iter("property")]
    assert "put.echo                     MUST    FLAKY" in certificate
    assert "put.echo (FLAKY)" in run.stdout


def test_a_should_failure_that_stopped_a_test_leaves_its_must_not_judged(probed):
    """The MUST the test did not get to is NOT JUDGED with the reason; junit reports the test failed (exit 1)."""
    run, cases, tests, _ = probed
    assert run.verdicts["put.idempotent"] == "NOT JUDGED"
    assert tests["test_should_failure_before_the_must"]["judgements"] == {"put.idempotent": "not judged", "put.malformed": "failed"}
    evidence = next(r["evidence"] for r in run.results["requirements"] if r["id"] == "put.idempotent")
    assert evidence == [{"test": tests["test_should_failure_before_the_must"]["nodeid"],
                         "not_judged": "the test stopped on put.malformed before judging it"}]  # fmt: skip
    assert cases["test_should_failure_before_the_must"].find("failure") is not None


def test_a_should_only_failure_at_level_must_is_skipped_as_non_strict_in_junit(probed):
    """It does not block certification, so junit shows no failure: skipped, reason NON-STRICT, property noted."""
    run, cases, _, _ = probed
    assert run.verdicts["put.unknown-id"] == "NON-STRICT"
    case = cases["test_should_only"]
    assert case.find("failure") is None
    assert case.find("skipped").get("message") == "NON-STRICT: [put.unknown-id] answered 200"
    assert ("requirement", "put.unknown-id (SHOULD)") in [(p.get("name"), p.get("value")) for p in case.iter("property")]


def test_a_passing_suite_test_is_a_plain_pass(probed):
    """The real suite test passes and judges put.ok (whose verdict the harness error elsewhere makes ERROR)."""
    _, cases, tests, _ = probed
    assert tests["test_the_contact_as_read_is_saved_with_200"]["judgements"] == {"put.ok": "passed"}
    assert [child.tag for child in cases["test_the_contact_as_read_is_saved_with_200"]] == ["properties"]
