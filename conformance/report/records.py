"""Turning pytest's outcome of one test phase into the evidence of a TestRecord."""

from __future__ import annotations

from typing import Any, Iterable, Optional

from conformance.outcomes import ConfigError, HarnessError, Nonconformance

MAX_EXCHANGES = 3


def _leaves(error: BaseException) -> Iterable[BaseException]:
    """The exceptions inside an exception group (Hypothesis reports several failures as one), or itself."""
    inner = getattr(error, "exceptions", None)
    if isinstance(inner, (list, tuple)) and inner:
        for item in inner:
            yield from _leaves(item)
    else:
        yield error


def classify(error: Optional[BaseException]) -> tuple[str, list[dict], Optional[str]]:
    """(outcome, findings, error message) for the exception a test phase ended with."""
    if error is None:
        return "passed", [], None
    leaves = list(_leaves(error))
    flaky = type(error).__name__ in ("FlakyFailure", "Flaky")
    findings = []
    for leaf in leaves:
        if isinstance(leaf, Nonconformance):
            finding = leaf.evidence()
            if flaky:
                finding["flaky"] = True
                finding["message"] += " (flaky: the failure did not reproduce every time)"
            findings.append(finding)
    if findings:
        return "failed", _unique(findings), None
    harness = next((leaf for leaf in leaves if isinstance(leaf, (HarnessError, ConfigError))), None)
    if harness is not None:
        return "error", [], str(harness)
    first = leaves[0]
    return "error", [], f"suite error: {type(first).__name__}: {first}"


def _unique(findings: list[dict]) -> list[dict]:
    seen, kept = set(), []
    for finding in findings:
        key = (finding["requirement"], finding["message"], finding.get("pointer"))
        if key not in seen:
            seen.add(key)
            kept.append(finding)
    return kept


def skip_reason(longrepr: Any) -> Optional[str]:
    """The reason pytest gives for a skip."""
    if isinstance(longrepr, tuple) and len(longrepr) == 3:
        return str(longrepr[2]).removeprefix("Skipped: ")
    return str(longrepr) if longrepr else None
