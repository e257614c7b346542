"""From test outcomes to a verdict per requirement, a certification and an exit code.

Verdicts (after Autobahn): PASS; FAIL (a MUST broken); FLAKY (a MUST broken once,
but not when the test ran again); NON-STRICT (a SHOULD broken); NOT JUDGED (no
test got to judge it: each one stopped on another requirement's failure first,
or a prerequisite failed); INFO (an observation, never judged); ERROR (the
harness could not tell); SKIP (not applicable to this target, with the reason);
NOT RUN (deselected).

A requirement is PASS only when at least one test judged it and none failed or
errored on it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass, field, fields
from enum import Enum
from typing import Any

from conformance.judging.findings import Finding
from conformance.spec.requirements import Requirement, catalogue


class Verdict(str, Enum):
    """A requirement's verdict; its value is how every artefact spells it (a str, so JSON and text read it as is)."""

    PASS = "PASS"
    FAIL = "FAIL"
    FLAKY = "FLAKY"
    NON_STRICT = "NON-STRICT"
    NOT_JUDGED = "NOT JUDGED"
    INFO = "INFO"
    ERROR = "ERROR"
    SKIP = "SKIP"
    NOT_RUN = "NOT RUN"

    def __str__(self) -> str:  # "PASS" in print and f-strings on every Python version, not "Verdict.PASS"
        return self.value

    def __format__(self, spec: str) -> str:
        return format(self.value, spec)

    def __hash__(self) -> int:  # a member and its spelling are one dict key: COLOURS[document_verdict] finds it
        return hash(self.value)


PASS, FAIL, FLAKY, NON_STRICT, NOT_JUDGED = (
    Verdict.PASS,
    Verdict.FAIL,
    Verdict.FLAKY,
    Verdict.NON_STRICT,
    Verdict.NOT_JUDGED,
)
INFO, ERROR, SKIP, NOT_RUN = Verdict.INFO, Verdict.ERROR, Verdict.SKIP, Verdict.NOT_RUN
VERDICTS = tuple(Verdict)
#: Verdicts that say the target broke the requirement (so its dependants cannot be judged).
BROKEN = (FAIL, FLAKY, NON_STRICT, NOT_JUDGED)
#: Verdicts that keep a run from certification when they fall on a blocking level (and ERROR on any).
UNCERTIFIED = (*BROKEN, ERROR)
EXIT_OK, EXIT_NONCONFORMANT, EXIT_HARNESS = 0, 1, 2
#: The summary of a run that deselected MUST requirements and failed none: no certification, no failure (exit 0).
PARTIAL = "PARTIAL RUN"

#: How one test left one requirement (TestRecord.judgements), from least to most telling.
JUDGEMENTS = ("passed", "skipped", "not judged", "error", "failed")
OUTCOMES = ("passed", "skipped", "failed", "error")


@dataclass
class TestRecord:
    """What one test did, from pytest's report of each phase to results.json (schemas/results.schema.json, "test").

    ``judgements`` maps each requirement the test declares (and any requirement of ANY_TEST it found broken)
    to passed / failed / not judged / error / skipped.
    """

    nodeid: str
    requirements: list[str]
    outcome: str = "passed"  # passed | failed | error | skipped
    judgements: dict[str, str] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    observations: list[dict[str, Any]] = field(default_factory=list)
    error: str | None = None
    skip_reason: str | None = None
    flaky: str | None = None
    stopped: str | None = None  # why the test stopped before it was done (its ceiling, conformance.harness.limits)
    trimmed: str | None = None  # what time left undone in a test that still judged its requirements
    duration: float = 0.0
    started: float | None = None
    finished: float | None = None
    exchanges: list[dict[str, Any]] = field(default_factory=list)  # Exchange.record() of the culprits and their context
    curl: str | None = None
    reproduce: str | None = None

    @classmethod
    def of_phase(
        cls,
        nodeid: str,
        requirements: list[str],
        when: str,
        outcome: str,
        *,
        judged: Iterable[str] = (),
        **details: Any,
    ) -> TestRecord:
        """The record of one phase (setup, call, teardown). A passed call judges every declared requirement, a
        passed setup or teardown none; a failure judges those of its findings and those ``judged``
        (checks.collected), and leaves the other declared ones not judged."""
        record = cls(nodeid, list(requirements), outcome, **details)
        if outcome == "failed":
            record.judgements = {r: "passed" if r in judged else "not judged" for r in requirements}
        elif outcome in ("skipped", "error") or when == "call":
            record.judgements = dict.fromkeys(requirements, outcome)
        record.judgements.update(dict.fromkeys((f.requirement for f in record.findings), "failed"))
        return record

    def merge(self, phase: TestRecord) -> None:
        """Fold the record of a later phase (setup, call, teardown) into this one."""
        self.findings += phase.findings
        self.observations += phase.observations
        self.duration += phase.duration
        self.started = self.started or phase.started
        self.finished = phase.finished or self.finished
        for key in ("exchanges", "curl", "reproduce", "flaky", "stopped", "trimmed", "error", "skip_reason"):
            setattr(self, key, getattr(self, key) or getattr(phase, key))
        if OUTCOMES.index(phase.outcome) > OUTCOMES.index(self.outcome):
            self.outcome = phase.outcome
        for requirement, judgement in phase.judgements.items():
            mine = self.judgements.get(requirement, "passed")
            self.judgements[requirement] = max(mine, judgement, key=JUDGEMENTS.index)

    def judgement(self, requirement: str) -> str | None:
        """How this test left a requirement (None: it neither declares it nor found it broken)."""
        return self.judgements.get(requirement)

    def to_dict(self) -> dict[str, Any]:
        """The JSON form (results.json "test"; what an xdist worker sends the controller)."""
        data = asdict(self)
        data["findings"] = [finding.to_dict() for finding in self.findings]
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> TestRecord:
        names = {f.name for f in fields(cls)}
        record = cls(**{k: v for k, v in data.items() if k in names})
        record.findings = [Finding.from_dict(f) for f in data.get("findings", [])]
        return record


@dataclass
class RequirementVerdict:
    """The verdict on one requirement, with its evidence and the tests behind it."""

    requirement: Requirement
    verdict: Verdict
    evidence: list[dict[str, Any]]
    tests: list[str]

    def to_dict(self) -> dict[str, Any]:
        r = self.requirement
        return {
            "id": r.id,
            "level": r.level,
            "rule": r.rule,
            "source": r.source,
            "verdict": self.verdict,
            "evidence": self.evidence,
            "tests": self.tests,
        }


def _verdict(requirement: Requirement, states: list[str | None], findings: list[Finding]) -> Verdict:
    """The verdict from how each test left the requirement (``states``) and its findings."""
    if requirement.level == "INFO":
        if "error" in states:
            return ERROR
        return INFO if set(states) - {"skipped"} else (SKIP if states else NOT_RUN)
    if findings:
        if requirement.level == "SHOULD":
            return NON_STRICT
        return FLAKY if all(f.flaky for f in findings) else FAIL
    if "error" in states:
        return ERROR
    if not states:
        return NOT_RUN
    if "passed" in states:
        return PASS
    return NOT_JUDGED if "not judged" in states else SKIP


def _stopped_on(record: TestRecord) -> str:
    if record.stopped:
        return record.stopped
    failed = sorted({f.requirement for f in record.findings})
    return f"the test stopped on {', '.join(failed) or 'a failure'} before judging it"


def judge(records: list[TestRecord]) -> list[RequirementVerdict]:
    """A verdict for every requirement of the catalogue, in catalogue order (prerequisites first)."""
    verdicts: dict[str, RequirementVerdict] = {}
    for requirement in catalogue().values():
        rid = requirement.id
        tests = [t for t in records if t.judgement(rid) is not None]
        found = [(t, f) for t in records for f in t.findings if f.requirement == rid]
        findings = [f for _, f in found]
        evidence = [dict(f.to_dict(), test=t.nodeid) for t, f in found]
        evidence += [dict(o, test=t.nodeid) for t in tests for o in t.observations if o["requirement"] == rid]
        evidence += [{"test": t.nodeid, "error": t.error} for t in tests if t.judgement(rid) == "error"]
        evidence += [{"test": t.nodeid, "skipped": t.skip_reason} for t in tests if t.judgement(rid) == "skipped"]
        evidence += [
            {"test": t.nodeid, "not_judged": _stopped_on(t)} for t in tests if t.judgement(rid) == "not judged"
        ]
        verdict = _verdict(requirement, [t.judgement(rid) for t in tests], findings)
        broken = [p for p in requirement.requires if verdicts[p].verdict in BROKEN]
        if broken and requirement.level != "INFO":
            verdict = NOT_JUDGED
            why = [{"not_judged": f"its prerequisite {p} is {verdicts[p].verdict}", "requires": p} for p in broken]
            evidence = why + evidence
        verdicts[rid] = RequirementVerdict(requirement, verdict, evidence, [t.nodeid for t in tests])
    return list(verdicts.values())


@dataclass(frozen=True)
class Certification:
    """The run's conclusion: CERTIFIED means every MUST passed."""

    certified: bool
    summary: str
    reason: str
    exit_code: int


def certify(verdicts: list[RequirementVerdict], *, level: str = "must", aborted: str | None = None) -> Certification:
    """Certification and exit code: 1 when a MUST (or, at level should, a SHOULD) fails or could not be judged
    because of a failure, 2 on harness errors; a partial run that failed nothing is PARTIAL RUN with exit 0."""
    levels = ("MUST", "SHOULD") if level == "should" else ("MUST",)
    blocking = [v for v in verdicts if v.requirement.level in levels]
    failed = [
        v.requirement.id + (" (FLAKY)" if v.verdict == FLAKY else "")
        for v in blocking
        if v.verdict in (FAIL, FLAKY, NON_STRICT)
    ]
    unjudged = [v.requirement.id for v in blocking if v.verdict == NOT_JUDGED]
    errors = [v.requirement.id for v in verdicts if v.verdict == ERROR]
    not_run = [v.requirement.id for v in verdicts if v.requirement.level == "MUST" and v.verdict == NOT_RUN]
    if aborted:
        return Certification(False, "NOT CERTIFIED", f"run aborted: {aborted}", EXIT_HARNESS)
    if failed or unjudged:
        parts = [f"{label}: {', '.join(ids)}" for label, ids in (("failed", failed), ("not judged", unjudged)) if ids]
        return Certification(False, "NOT CERTIFIED", "; ".join(parts), EXIT_NONCONFORMANT)
    if errors:
        return Certification(False, "NOT CERTIFIED", f"harness errors in: {', '.join(errors)}", EXIT_HARNESS)
    if not_run:
        return Certification(
            False, PARTIAL, f"partial run: {len(not_run)} MUST requirements not run; what ran passed", EXIT_OK
        )
    skipped = [v.requirement.id for v in verdicts if v.requirement.level == "MUST" and v.verdict == SKIP]
    non_strict = [v.requirement.id for v in verdicts if v.verdict == NON_STRICT]
    notes = [f"{len(skipped)} MUST skipped as not applicable: {', '.join(skipped)}"] if skipped else []
    notes += [f"{len(non_strict)} SHOULD broken (NON-STRICT): {', '.join(non_strict)}"] if non_strict else []
    note = f" ({'; '.join(notes)})" if notes else ""
    return Certification(True, "CERTIFIED", f"every MUST requirement passed{note}", EXIT_OK)
