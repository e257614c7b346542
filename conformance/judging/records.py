"""Turning pytest's outcome of one test phase into the evidence of a TestRecord."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from conformance.judging.findings import Finding
from conformance.judging.outcomes import CeilingReached, ConfigError, HarnessError, Nonconformance
from conformance.spec.requirements import ANY_TEST, get


def leaves(error: BaseException) -> Iterable[BaseException]:
    """The exceptions inside an exception group (Hypothesis reports several failures as one), or itself."""
    inner = getattr(error, "exceptions", None)
    if isinstance(inner, (list, tuple)) and inner:
        for item in inner:
            yield from leaves(item)
    else:
        yield error


@dataclass(frozen=True)
class Phase:
    """What one test phase's exception says: outcome, findings, harness error, requirements judged without finding."""

    outcome: str
    findings: list[Finding] = field(default_factory=list)
    error: str | None = None
    judged: frozenset[str] = frozenset()
    flaky: str | None = None


def classify(error: BaseException | None, declared: Iterable[str] = (), *, flaky: str | None = None) -> Phase:
    """The phase an exception ends: findings of the requirements the test declares (or of ANY_TEST) are failures;
    a finding of any other requirement is a bug in the suite (an error); ``flaky`` marks every finding."""
    if error is None:
        return Phase("passed")
    found_leaves = list(leaves(error))
    if type(error).__name__ in ("FlakyFailure", "Flaky"):
        flaky = flaky or "the failure did not reproduce every time Hypothesis replayed it"
    findings, judged = [], set(getattr(error, "judged", ()))
    for leaf in found_leaves:
        if isinstance(leaf, Nonconformance):
            finding = leaf.finding()
            if flaky:
                finding.flaky = True
                finding.message += f" (FLAKY: {flaky})"
            findings.append(finding)
            judged |= leaf.judged
    stray = sorted({f.requirement for f in findings} - set(declared) - ANY_TEST)
    if stray and declared:
        return Phase("error", [], f"suite error: a finding for {', '.join(stray)}, which the test does not declare")
    if findings:
        return Phase("failed", _unique(findings), None, frozenset(judged), flaky)
    if any(isinstance(leaf, CeilingReached) for leaf in found_leaves):
        return Phase("failed")  # stopped at its ceiling before any finding: every requirement not judged
    harness = next((leaf for leaf in found_leaves if isinstance(leaf, (HarnessError, ConfigError))), None)
    if harness is not None:
        return Phase("error", [], str(harness))
    first = found_leaves[0]
    return Phase("error", [], f"suite error: {type(first).__name__}: {first}")


def must_failures(error: BaseException | None) -> set[str]:
    """The MUST requirements an exception says the target broke."""
    found = {
        leaf.requirement for leaf in (leaves(error) if error is not None else ()) if isinstance(leaf, Nonconformance)
    }
    return {requirement for requirement in found if get(requirement).level == "MUST"}


def _unique(findings: list[Finding]) -> list[Finding]:
    seen, kept = set(), []
    for finding in findings:
        key = (finding.requirement, finding.message, finding.pointer)
        if key not in seen:
            seen.add(key)
            kept.append(finding)
    return kept


def skip_reason(longrepr: Any) -> str | None:
    """The reason pytest gives for a skip."""
    if isinstance(longrepr, tuple) and len(longrepr) == 3:
        return str(longrepr[2]).removeprefix("Skipped: ")
    return str(longrepr) if longrepr else None
