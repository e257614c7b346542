"""The requirement table and the CERTIFIED line printed at the end of a run."""

from __future__ import annotations

from conformance.verdicts import Certification, RequirementVerdict

MARKUP = {"PASS": {"green": True}, "FAIL": {"red": True, "bold": True}, "FLAKY": {"red": True, "bold": True},
          "NON-STRICT": {"yellow": True}, "NOT JUDGED": {"red": True}, "ERROR": {"red": True}, "INFO": {"cyan": True},
          "SKIP": {}, "NOT RUN": {}}  # fmt: skip


def write_summary(writer, verdicts: list[RequirementVerdict], certification: Certification, results_path) -> None:
    """Write the table of verdicts and the conclusion to pytest's terminal writer."""
    writer.write_sep("=", "conformance verdicts")
    width = max(len(v.requirement.id) for v in verdicts)
    for verdict in verdicts:
        writer.write(f"{verdict.requirement.id:<{width}}  {verdict.requirement.level:<6}  ")
        writer.write(f"{verdict.verdict:<10}", **MARKUP.get(verdict.verdict, {}))
        writer.line(f"  {_first_evidence(verdict)}")
    counts = {}
    for verdict in verdicts:
        counts[verdict.verdict] = counts.get(verdict.verdict, 0) + 1
    writer.line(", ".join(f"{n} {name}" for name, n in counts.items()))
    writer.line(f"results: {results_path}")
    colour = {"green": True} if certification.certified else {"yellow": True} if certification.exit_code == 0 else {"red": True}
    writer.write_sep("=", f"{certification.summary}: {certification.reason}", bold=True, **colour)


def _first_evidence(verdict: RequirementVerdict) -> str:
    for item in verdict.evidence:
        text = item.get("not_judged") or item.get("message") or item.get("text") or item.get("error") or item.get("skipped")
        if text:
            text = " ".join(str(text).split())
            return text if len(text) <= 90 else text[:87] + "..."
    return ""
