"""From test outcomes to a verdict per requirement, a certification and an exit code.

Verdicts (after Autobahn): PASS; FAIL (a MUST broken); NON-STRICT (a SHOULD
broken); INFO (an observation, never judged); ERROR (the harness could not tell);
SKIP (not applicable to this target, with the reason); NOT RUN (deselected).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from conformance.requirements import Requirement, catalogue

PASS, FAIL, NON_STRICT, INFO, ERROR, SKIP, NOT_RUN = "PASS", "FAIL", "NON-STRICT", "INFO", "ERROR", "SKIP", "NOT RUN"
VERDICTS = (PASS, FAIL, NON_STRICT, INFO, ERROR, SKIP, NOT_RUN)
EXIT_OK, EXIT_NONCONFORMANT, EXIT_HARNESS = 0, 1, 2


@dataclass
class TestRecord:
    """What one test did, as the verdicts need it."""

    nodeid: str
    requirements: list[str]
    outcome: str = "passed"  # passed | failed | error | skipped
    findings: list[dict] = field(default_factory=list)
    observations: list[dict] = field(default_factory=list)
    error: Optional[str] = None
    skip_reason: Optional[str] = None
    duration: float = 0.0
    started: Optional[float] = None
    finished: Optional[float] = None
    exchanges: list[dict] = field(default_factory=list)  # Exchange.record() of the culprits and their context
    curl: Optional[str] = None
    reproduce: Optional[str] = None

    def to_dict(self) -> dict:
        return dict(self.__dict__)


@dataclass
class RequirementVerdict:
    """The verdict on one requirement, with its evidence and the tests behind it."""

    requirement: Requirement
    verdict: str
    evidence: list[dict]
    tests: list[str]

    def to_dict(self) -> dict:
        r = self.requirement
        return {"id": r.id, "level": r.level, "rule": r.rule, "source": r.source, "verdict": self.verdict,
                "evidence": self.evidence, "tests": self.tests}  # fmt: skip


def _verdict(requirement: Requirement, tests: list[TestRecord], findings: list[dict]) -> str:
    ran = [t for t in tests if t.outcome != "skipped"]
    errored = any(t.outcome == "error" for t in tests)
    if requirement.level == "INFO":
        if errored:
            return ERROR
        return INFO if ran else (SKIP if tests else NOT_RUN)
    if findings:
        return FAIL if requirement.level == "MUST" else NON_STRICT
    if errored:
        return ERROR
    if not tests:
        return NOT_RUN
    return PASS if ran else SKIP


def judge(records: list[TestRecord]) -> list[RequirementVerdict]:
    """A verdict for every requirement of the catalogue, in catalogue order."""
    verdicts = []
    for requirement in catalogue().values():
        tests = [t for t in records if requirement.id in t.requirements]
        findings = [dict(f, test=t.nodeid) for t in records for f in t.findings if f["requirement"] == requirement.id]
        evidence = findings + [dict(o, test=t.nodeid) for t in tests for o in t.observations if o["requirement"] == requirement.id]
        evidence += [{"test": t.nodeid, "error": t.error} for t in tests if t.outcome == "error"]
        evidence += [{"test": t.nodeid, "skipped": t.skip_reason} for t in tests if t.outcome == "skipped"]
        verdicts.append(RequirementVerdict(requirement, _verdict(requirement, tests, findings), evidence, [t.nodeid for t in tests]))
    return verdicts


@dataclass(frozen=True)
class Certification:
    """The run's conclusion: CERTIFIED means every MUST passed."""

    certified: bool
    summary: str
    reason: str
    exit_code: int


def certify(verdicts: list[RequirementVerdict], *, level: str = "must", aborted: Optional[str] = None) -> Certification:
    """Certification and exit code: 1 when a MUST (or, at level should, a SHOULD) fails, 2 on harness errors."""
    must = [v for v in verdicts if v.requirement.level == "MUST"]
    failed = [v.requirement.id for v in must if v.verdict == FAIL]
    strict_fail = failed + ([v.requirement.id for v in verdicts if v.verdict == NON_STRICT] if level == "should" else [])
    errors = [v.requirement.id for v in verdicts if v.verdict == ERROR]
    not_run = [v.requirement.id for v in must if v.verdict == NOT_RUN]
    if aborted:
        return Certification(False, "NOT CERTIFIED", f"run aborted: {aborted}", EXIT_HARNESS)
    if strict_fail:
        return Certification(False, "NOT CERTIFIED", f"failed: {', '.join(strict_fail)}", EXIT_NONCONFORMANT)
    if errors:
        return Certification(False, "NOT CERTIFIED", f"harness errors in: {', '.join(errors)}", EXIT_HARNESS)
    if not_run:
        return Certification(False, "NOT CERTIFIED", f"partial run: {len(not_run)} MUST requirements not run", EXIT_OK)
    skipped = [v.requirement.id for v in must if v.verdict == SKIP]
    note = f" ({len(skipped)} MUST skipped as not applicable: {', '.join(skipped)})" if skipped else ""
    return Certification(True, "CERTIFIED", f"every MUST requirement passed{note}", EXIT_OK)
