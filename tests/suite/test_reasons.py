"""The one-line reasons of the certificate, junit.xml and compare, on canned records."""

from __future__ import annotations

from conformance.judging.findings import Finding
from conformance.report.reasons import failure_message, shorten, verdict_reason


def test_a_pass_some_of_whose_tests_were_skipped_says_so():
    """auth.scheme with Basic credentials only: PASS, but not a bare one."""
    record = {
        "id": "auth.scheme",
        "verdict": "PASS",
        "evidence": [
            {"test": "t[Bearer]", "skipped": "no --auth bearer:... given"},
            {"test": "t[SoTicket]", "skipped": "no --auth soticket:... given"},
        ],
    }
    assert verdict_reason(record) == "partly: 2 test(s) skipped: no --auth bearer:... given (+1 more)"
    assert verdict_reason({"id": "put.ok", "verdict": "PASS", "evidence": []}) == ""


def test_a_failure_gives_its_first_finding_with_the_pointer():
    record = {
        "id": "put.echo",
        "verdict": "FAIL",
        "evidence": [{"test": "t", "message": "Name came back different", "pointer": "/Name"}],
    }
    assert verdict_reason(record) == "Name came back different at /Name"
    unjudged = {
        "id": "put.persisted",
        "verdict": "NOT JUDGED",
        "evidence": [{"not_judged": "its prerequisite put.ok is FAIL", "requires": "put.ok"}],
    }
    assert verdict_reason(unjudged) == "its prerequisite put.ok is FAIL"


def test_long_reasons_are_cut_with_an_ellipsis_on_one_line():
    assert shorten("a\n  b " + "x" * 200, 20) == "a b " + "x" * 15 + "…"


def test_a_junit_message_starts_with_the_requirement_id_and_level():
    findings = [
        Finding("put.echo", "Name came back different", pointer="/Name"),
        Finding("put.unknown-id", "answered 200"),
    ]
    assert (
        failure_message(findings, ["put.echo"], None)
        == "[put.echo] (MUST) Name came back different at /Name; [put.unknown-id] (SHOULD) answered 200"
    )
    assert (
        failure_message([], ["put.ok", "put.echo"], "target gone")
        == "[put.ok, put.echo] harness error, not a verdict on the target: target gone"
    )
