"""From test records to verdicts, certification and exit codes (conformance/judging/verdicts.py), on hand-built
records."""

from __future__ import annotations

import dataclasses
from dataclasses import replace

import pytest

from conformance.judging import verdicts
from conformance.judging.findings import Finding
from conformance.judging.verdicts import (
    ERROR,
    EXIT_HARNESS,
    EXIT_NONCONFORMANT,
    EXIT_OK,
    FAIL,
    FLAKY,
    INFO,
    NON_STRICT,
    NOT_JUDGED,
    NOT_RUN,
    PASS,
    SKIP,
    VERDICTS,
    certify,
    judge,
)
from conformance.spec.requirements import catalogue
from conformance.spec.validators import load_validator

Record = verdicts.TestRecord  # not imported by its own name: pytest would try to collect a class named Test*

MUST_ID, SHOULD_ID, INFO_ID = "put.echo", "put.malformed", "put.replace"


def finding(requirement: str, message: str = "broken") -> Finding:
    return Finding(requirement, message)


def passed(*requirements: str, name: str = "test_a") -> Record:
    return Record.of_phase(f"test_x.py::{name}", list(requirements), "call", "passed")


def failed(*requirements: str, found: list[dict], name: str = "test_f", judged=()) -> Record:
    return Record.of_phase(f"test_x.py::{name}", list(requirements), "call", "failed", findings=found, judged=judged)


def errored(*requirements: str, name: str = "test_e") -> Record:
    return Record.of_phase(
        f"test_x.py::{name}", list(requirements), "call", "error", error="harness: could not reset contact 5"
    )


def skipped(*requirements: str, name: str = "test_s") -> Record:
    return Record.of_phase(
        f"test_x.py::{name}", list(requirements), "setup", "skipped", skip_reason="the target has no GET"
    )


def every_requirement_passed() -> list[Record]:
    """One passing test per requirement of the catalogue."""
    return [passed(rid, name=f"test_{index}") for index, rid in enumerate(catalogue())]


def verdict_of(records: list[Record], requirement: str):
    return next(v for v in judge(records) if v.requirement.id == requirement)


def with_replaced(records: list[Record], requirement: str, replacement: Record) -> list[Record]:
    return [r for r in records if r.requirements != [requirement]] + [replacement]


def test_the_catalogue_has_requirements_of_each_level():
    """The ids used below exist with the levels the tests assume."""
    levels = {rid: r.level for rid, r in catalogue().items()}
    assert (levels[MUST_ID], levels[SHOULD_ID], levels[INFO_ID]) == ("MUST", "SHOULD", "INFO")


def test_judge_gives_one_verdict_per_requirement_in_catalogue_order():
    """Every requirement gets a verdict, in catalogue order, each one a known verdict."""
    judged = judge(every_requirement_passed())
    assert [v.requirement.id for v in judged] == list(catalogue())
    assert {v.verdict for v in judged} <= set(VERDICTS)


def test_passing_tests_give_pass_and_info():
    """Passing tests give PASS to MUST and SHOULD, INFO to INFO requirements."""
    for verdict in judge(every_requirement_passed()):
        assert verdict.verdict == (INFO if verdict.requirement.level == "INFO" else PASS), verdict.requirement.id


def test_a_must_finding_is_a_fail_with_its_evidence():
    """A finding against a MUST makes it FAIL; the evidence names the test."""
    verdict = verdict_of([passed(MUST_ID), failed(MUST_ID, found=[finding(MUST_ID, "Name differs")])], MUST_ID)
    assert verdict.verdict == FAIL
    assert verdict.evidence[0] == {"requirement": MUST_ID, "message": "Name differs", "test": "test_x.py::test_f"}
    assert verdict.tests == ["test_x.py::test_a", "test_x.py::test_f"]


def test_a_should_finding_is_non_strict():
    """A finding against a SHOULD is NON-STRICT, never FAIL."""
    assert verdict_of([failed(SHOULD_ID, found=[finding(SHOULD_ID)])], SHOULD_ID).verdict == NON_STRICT


def test_an_info_requirement_is_never_a_fail():
    """An INFO requirement stays INFO even when its test reports a finding."""
    records = [failed(INFO_ID, found=[finding(INFO_ID)])]
    assert verdict_of(records, INFO_ID).verdict == INFO


def test_an_observation_is_info_evidence():
    """Observations appear as evidence of their INFO requirement."""
    record = passed(INFO_ID)
    record.observations.append({"requirement": INFO_ID, "text": "9 cleared"})
    verdict = verdict_of([record], INFO_ID)
    assert verdict.verdict == INFO
    assert verdict.evidence == [{"requirement": INFO_ID, "text": "9 cleared", "test": "test_x.py::test_a"}]


def test_a_test_that_failed_before_judging_a_requirement_leaves_it_not_judged():
    """A test of two requirements that failed on one did not get to the other: NOT JUDGED, never PASS."""
    records = [failed(MUST_ID, "put.persisted", found=[finding("put.persisted")])]
    assert verdict_of(records, "put.persisted").verdict == FAIL
    verdict = verdict_of(records, MUST_ID)
    assert verdict.verdict == NOT_JUDGED
    assert verdict.evidence == [
        {"test": "test_x.py::test_f", "not_judged": "the test stopped on put.persisted before judging it"}
    ]


def test_a_requirement_not_judged_by_one_test_passes_when_another_judged_it():
    """NOT JUDGED by a test that stopped early, PASS from another test: PASS."""
    records = [failed(MUST_ID, "put.persisted", found=[finding("put.persisted")]), passed(MUST_ID)]
    assert verdict_of(records, MUST_ID).verdict == PASS


def test_requirements_judged_in_a_collected_block_count_as_judged():
    """A failure whose collected block judged another requirement without finding leaves that one judged."""
    records = [failed(MUST_ID, SHOULD_ID, found=[finding(SHOULD_ID)], judged={MUST_ID})]
    assert (verdict_of(records, MUST_ID).verdict, verdict_of(records, SHOULD_ID).verdict) == (PASS, NON_STRICT)


def test_a_must_left_not_judged_blocks_certification_with_exit_1():
    """A MUST no test got to judge (a SHOULD failure stopped its only test) is not certified: the target's doing."""
    records = with_replaced(every_requirement_passed(), MUST_ID, failed(MUST_ID, SHOULD_ID, found=[finding(SHOULD_ID)]))
    certification = certify(judge(records))
    assert (certification.certified, certification.exit_code) == (False, EXIT_NONCONFORMANT)
    assert f"not judged: {MUST_ID}" in certification.reason


@pytest.mark.parametrize(
    ("dependant", "prerequisite"),
    [
        ("accept.xml.same-values", "accept.xml"),
        ("select.nested.others-null", "select.nested"),
        ("put.persisted", "put.ok"),
    ],
)
def test_a_requirement_whose_prerequisite_failed_is_not_judged(dependant, prerequisite):
    """Passing tests of a requirement do not make it PASS when its prerequisite failed; the evidence says why."""
    records = [failed(prerequisite, found=[finding(prerequisite)]), passed(dependant, name="test_d")]
    verdict = verdict_of(records, dependant)
    assert verdict.verdict == NOT_JUDGED
    assert verdict.evidence[0]["requires"] == prerequisite and "prerequisite" in verdict.evidence[0]["not_judged"]


def test_a_prerequisite_that_passed_lets_its_dependant_be_judged():
    """With accept.xml passing, a finding against accept.xml.same-values is NON-STRICT."""
    records = [passed("accept.xml"), failed("accept.xml.same-values", found=[finding("accept.xml.same-values")])]
    assert verdict_of(records, "accept.xml.same-values").verdict == NON_STRICT


def test_every_prerequisite_is_a_known_requirement_listed_before_its_dependant():
    """The catalogue's ``requires`` name known ids, earlier in the catalogue (judge relies on that order)."""
    order = list(catalogue())
    for requirement in catalogue().values():
        assert all(order.index(p) < order.index(requirement.id) for p in requirement.requires), requirement.id
    assert catalogue()["accept.xml.same-values"].requires == ("accept.xml",)


def test_a_must_failure_that_did_not_reproduce_is_flaky_and_blocks_certification():
    """Every finding of a MUST marked flaky: FLAKY, still NOT CERTIFIED with exit 1, the reason says FLAKY."""
    flaky = replace(finding(MUST_ID), flaky=True)
    records = with_replaced(every_requirement_passed(), MUST_ID, failed(MUST_ID, found=[flaky]))
    assert verdict_of(records, MUST_ID).verdict == FLAKY
    certification = certify(judge(records))
    assert (certification.certified, certification.exit_code) == (False, EXIT_NONCONFORMANT)
    assert f"{MUST_ID} (FLAKY)" in certification.reason


def test_one_reproduced_failure_makes_a_flaky_requirement_a_fail():
    """A flaky finding next to one that reproduced: FAIL."""
    records = [
        failed(MUST_ID, found=[replace(finding(MUST_ID), flaky=True)]),
        failed(MUST_ID, found=[finding(MUST_ID)], name="test_g"),
    ]
    assert verdict_of(records, MUST_ID).verdict == FAIL


def test_phases_merge_into_one_record():
    """Setup passed, call failed on one of two requirements, teardown passed: one record, the other not judged."""
    nodeid = "test_x.py::test_m"
    record = Record.of_phase(nodeid, [MUST_ID, SHOULD_ID], "setup", "passed")
    assert record.judgements == {}
    record.merge(
        Record.of_phase(
            nodeid, [MUST_ID, SHOULD_ID], "call", "failed", findings=[finding(SHOULD_ID)], started=1.0, finished=2.0
        )
    )
    record.merge(Record.of_phase(nodeid, [MUST_ID, SHOULD_ID], "teardown", "passed", finished=3.0))
    assert (record.outcome, record.judgements) == ("failed", {MUST_ID: "not judged", SHOULD_ID: "failed"})
    assert (record.started, record.finished) == (1.0, 3.0)
    assert Record.from_dict(record.to_dict()) == record


def test_a_ledger_finding_fails_a_requirement_the_test_did_not_declare():
    """A 5xx noted during any test fails server.no-5xx."""
    records = [
        failed(MUST_ID, found=[finding("server.no-5xx", "PUT answered 500")]),
        passed("server.no-5xx", name="test_b"),
    ]
    verdict = verdict_of(records, "server.no-5xx")
    assert verdict.verdict == FAIL
    assert verdict.evidence[0]["test"] == "test_x.py::test_f"


def test_an_error_gives_error_not_fail():
    """A harness error is an ERROR verdict with the error as evidence."""
    verdict = verdict_of([passed(MUST_ID), errored(MUST_ID)], MUST_ID)
    assert verdict.verdict == ERROR
    assert {"test": "test_x.py::test_e", "error": "harness: could not reset contact 5"} in verdict.evidence


@pytest.mark.parametrize("requirement", [MUST_ID, SHOULD_ID, INFO_ID])
def test_an_error_is_error_at_every_level(requirement):
    """MUST, SHOULD and INFO requirements whose only test errored are ERROR."""
    assert verdict_of([errored(requirement)], requirement).verdict == ERROR


def test_a_finding_outweighs_an_error():
    """A requirement with a finding and an error elsewhere is FAIL."""
    records = [errored(MUST_ID), failed(MUST_ID, found=[finding(MUST_ID)])]
    assert verdict_of(records, MUST_ID).verdict == FAIL


@pytest.mark.parametrize("requirement", [MUST_ID, SHOULD_ID, INFO_ID])
def test_all_tests_skipped_gives_skip_with_the_reason(requirement):
    """Only skipped tests: SKIP, the reason as evidence."""
    verdict = verdict_of([skipped(requirement), skipped(requirement, name="test_t")], requirement)
    assert verdict.verdict == SKIP
    assert {"test": "test_x.py::test_s", "skipped": "the target has no GET"} in verdict.evidence


def test_one_test_run_among_skipped_ones_gives_pass():
    """A skip next to a passing test does not matter."""
    assert verdict_of([skipped(MUST_ID), passed(MUST_ID)], MUST_ID).verdict == PASS


@pytest.mark.parametrize("requirement", [MUST_ID, SHOULD_ID, INFO_ID])
def test_no_tests_gives_not_run(requirement):
    """A requirement no test covered is NOT RUN."""
    assert verdict_of([passed("put.ok")], requirement).verdict == NOT_RUN


def test_verdict_to_dict_carries_the_requirement():
    """A verdict serialises with id, level, rule, source, verdict, evidence and tests."""
    document = verdict_of([passed(MUST_ID)], MUST_ID).to_dict()
    assert set(document) == {"id", "level", "rule", "source", "verdict", "evidence", "tests"}
    assert (document["id"], document["level"], document["verdict"]) == (MUST_ID, "MUST", PASS)


def test_test_record_to_dict_is_a_copy_of_its_fields():
    """to_dict gives every field, and changing it leaves the record alone."""
    record = passed(MUST_ID)
    document = record.to_dict()
    schema = load_validator("results.schema.json").schema["$defs"]["test"]
    assert list(document) == [f.name for f in dataclasses.fields(Record)]
    assert set(document) == set(schema["properties"]) == set(schema["required"])
    document["outcome"] = "failed"
    assert record.outcome == "passed"


# --- certification and exit codes ------------------------------------------------------------------


def test_every_must_passed_is_certified_with_exit_0():
    """A clean run is CERTIFIED and exits 0."""
    certification = certify(judge(every_requirement_passed()))
    assert (certification.certified, certification.summary, certification.exit_code) == (True, "CERTIFIED", EXIT_OK)
    assert certification.reason == "every MUST requirement passed"


def test_a_must_fail_is_not_certified_with_exit_1():
    """One MUST FAIL: NOT CERTIFIED, exit 1, the id in the reason."""
    records = with_replaced(every_requirement_passed(), MUST_ID, failed(MUST_ID, found=[finding(MUST_ID)]))
    certification = certify(judge(records))
    assert (certification.certified, certification.summary, certification.exit_code) == (
        False,
        "NOT CERTIFIED",
        EXIT_NONCONFORMANT,
    )
    assert MUST_ID in certification.reason


def test_a_should_failure_is_certified_at_level_must():
    """NON-STRICT does not block certification by default."""
    records = with_replaced(every_requirement_passed(), SHOULD_ID, failed(SHOULD_ID, found=[finding(SHOULD_ID)]))
    certification = certify(judge(records))
    assert (certification.certified, certification.exit_code) == (True, EXIT_OK)
    assert f"1 SHOULD broken (NON-STRICT): {SHOULD_ID}" in certification.reason


def test_a_should_failure_fails_at_level_should():
    """With --level should a NON-STRICT exits 1."""
    records = with_replaced(every_requirement_passed(), SHOULD_ID, failed(SHOULD_ID, found=[finding(SHOULD_ID)]))
    certification = certify(judge(records), level="should")
    assert (certification.certified, certification.exit_code) == (False, EXIT_NONCONFORMANT)
    assert SHOULD_ID in certification.reason


def test_an_info_finding_never_fails_the_run_even_at_level_should():
    """INFO requirements never decide the exit code."""
    records = with_replaced(every_requirement_passed(), INFO_ID, failed(INFO_ID, found=[finding(INFO_ID)]))
    assert certify(judge(records), level="should").exit_code == EXIT_OK


def test_a_harness_error_is_not_certified_with_exit_2():
    """An ERROR verdict means the harness could not tell: exit 2."""
    records = with_replaced(every_requirement_passed(), MUST_ID, errored(MUST_ID))
    certification = certify(judge(records))
    assert (certification.certified, certification.exit_code) == (False, EXIT_HARNESS)
    assert "harness errors" in certification.reason and MUST_ID in certification.reason


def test_a_must_fail_outweighs_a_harness_error():
    """FAIL and ERROR together exit 1: the target is known to be nonconformant."""
    records = with_replaced(every_requirement_passed(), MUST_ID, failed(MUST_ID, found=[finding(MUST_ID)]))
    records = with_replaced(records, "put.persisted", errored("put.persisted"))
    assert certify(judge(records)).exit_code == EXIT_NONCONFORMANT


def test_an_aborted_run_is_not_certified_with_exit_2():
    """An interrupted run exits 2 whatever the verdicts."""
    certification = certify(judge(every_requirement_passed()), aborted="interrupted")
    assert (certification.certified, certification.exit_code) == (False, EXIT_HARNESS)
    assert "interrupted" in certification.reason


def test_a_partial_run_is_not_certified_but_exits_0():
    """MUST requirements NOT RUN (deselected) leave the run uncertified without failing it: PARTIAL RUN, not
    NOT CERTIFIED."""
    records = [r for r in every_requirement_passed() if r.requirements != [MUST_ID]]
    certification = certify(judge(records))
    assert (certification.certified, certification.summary, certification.exit_code) == (False, "PARTIAL RUN", EXIT_OK)
    assert "partial run: 1 MUST" in certification.reason


def test_no_tests_at_all_is_not_certified():
    """An empty run certifies nothing."""
    certification = certify(judge([]))
    assert certification.certified is False
    assert all(v.verdict == NOT_RUN for v in judge([]))


def test_a_skipped_must_is_certified_with_a_note():
    """A MUST not applicable to the target (SKIP) is named in the reason."""
    records = with_replaced(every_requirement_passed(), MUST_ID, skipped(MUST_ID))
    certification = certify(judge(records))
    assert (certification.certified, certification.exit_code) == (True, EXIT_OK)
    assert f"1 MUST skipped as not applicable: {MUST_ID}" in certification.reason
