"""One plain line per verdict or failing test: what the certificate, junit.xml and `conformance compare` say."""

from __future__ import annotations

from conformance.judging.findings import Finding
from conformance.judging.verdicts import UNCERTIFIED, Verdict
from conformance.spec import requirements

#: Verdicts whose line names why (every other verdict speaks for itself).
EXPLAINED = (*UNCERTIFIED, Verdict.SKIP)


def shorten(text: str, limit: int = 100) -> str:
    """One line, blanks collapsed, cut with an ellipsis beyond ``limit`` characters."""
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _evidence_text(item: dict) -> str | None:
    text = item.get("not_judged") or item.get("message") or item.get("error") or item.get("skipped")
    if text and item.get("pointer"):
        text += f" at {item['pointer']}"
    return text


def verdict_reason(requirement: dict, limit: int = 100) -> str:
    """Why a requirement (a results.json record) has its verdict, on one line; a PASS some of whose tests were
    skipped says so (``auth.scheme`` passed with the schemes it had credentials for, the others skipped)."""
    verdict, evidence = requirement["verdict"], requirement.get("evidence", [])
    if verdict in EXPLAINED:
        text = next(filter(None, map(_evidence_text, evidence)), "")
        return shorten(text, limit) if text else ""
    skipped = [item["skipped"] for item in evidence if item.get("skipped")]
    if verdict == Verdict.PASS and skipped:
        more = f" (+{len(skipped) - 1} more)" if len(skipped) > 1 else ""
        return shorten(f"partly: {len(skipped)} test(s) skipped: {skipped[0]}{more}", limit)
    return ""


def failure_message(findings: list[Finding], declared: list[str], error: str | None) -> str:
    """A failing or erroring test's message, requirement id first: ``[put.echo] (MUST) Name came back different``
    (a flaky finding's message ends with ``(FLAKY: why)``)."""
    if findings:
        parts = [f"[{f.requirement}] ({requirements.get(f.requirement).level}) {f.located()}" for f in findings]
        return shorten("; ".join(parts), 1000)
    return shorten(f"[{', '.join(declared)}] harness error, not a verdict on the target: {error}", 1000)
