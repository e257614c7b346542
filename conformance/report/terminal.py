"""What the terminal says at the end of a run: each failure once, the table of verdicts, the CERTIFIED line.

It reads like the HTML page: for each failing test its name, then one line per finding with the requirement and
the plain reason, long values shortened with an ellipsis. pytest's own failure sections (every failure twice,
2,000-character Hypothesis lines) are turned off unless the user asked for a traceback style or ``-r``.
"""

from __future__ import annotations

import json
from pathlib import Path

from conformance.judging.verdicts import Certification, RequirementVerdict, Verdict
from conformance.report.wording import reason, shorten, time_budget

MARKUP = {
    Verdict.PASS: {"green": True},
    Verdict.FAIL: {"red": True, "bold": True},
    Verdict.FLAKY: {"red": True, "bold": True},
    Verdict.NON_STRICT: {"yellow": True},
    Verdict.NOT_JUDGED: {"red": True},
    Verdict.ERROR: {"red": True},
    Verdict.INFO: {"cyan": True},
    Verdict.SKIP: {},
    Verdict.NOT_RUN: {},
}
#: pytest's defaults, which the suite replaces by its own failure list.
DEFAULT_TRACEBACKS, DEFAULT_REPORT_CHARS = ("auto", "line"), "fE"
#: Characters a reason may take even on a narrow (or no) terminal: cut shorter, it would say too little.
READABLE = 140


def quiet_pytest_failures(config) -> None:
    """Leave failures to ``write_failures``: no traceback section, no short summary (unless the user chose them)."""
    if getattr(config.option, "tbstyle", None) in DEFAULT_TRACEBACKS:
        config.option.tbstyle = "no"
    if getattr(config.option, "reportchars", None) == DEFAULT_REPORT_CHARS:
        config.option.reportchars = "N"


def phase(config, text: str) -> None:
    """Say on the terminal that a long phase starts (judging, writing reports, restoring contacts)."""
    reporter = config.pluginmanager.get_plugin("terminalreporter")
    if reporter is not None:
        reporter.write_line(f"conformance: {text}")


def failure_lines(tests: list[dict], width: int) -> list[tuple[str, dict]]:
    """(line, markup) for each failing test once: its name, then each finding's requirement and plain reason."""
    lines = []
    for test in tests:
        if test["outcome"] not in ("failed", "error") and not test.get("findings"):
            continue
        label = "ERROR" if test["outcome"] == "error" else "FLAKY" if test.get("flaky") else "FAILED"
        lines.append((f"{label} {test['nodeid']}", {"red": True, "bold": True}))  # a name is never cut
        for finding in test.get("findings", []):
            lines.append(("    " + shorten(f"[{finding['requirement']}] {reason(finding)}", width - 4), {}))
        if test.get("error"):
            lines.append(("    " + shorten(test["error"], width - 4), {}))
    return lines


def write_failures(writer, tests: list[dict]) -> None:
    """The failing tests of the run (results.json "tests"), each once."""
    lines = failure_lines(tests, max(READABLE, _width(writer) - 1))
    if lines:
        writer.write_sep("=", "conformance failures (details: report.html)")
        for text, markup in lines:
            writer.line(text, **markup)


def write_summary(writer, verdicts: list[RequirementVerdict], certification: Certification, results_path) -> None:
    """Write the failures and the table of verdicts to pytest's terminal writer (write_verdict ends the run)."""
    document = json.loads(Path(results_path).read_text(encoding="utf-8"))
    write_failures(writer, document.get("tests", []))
    writer.write_sep("=", "conformance verdicts")
    width = max(len(v.requirement.id) for v in verdicts)
    room = max(READABLE // 2, _width(writer) - width - 23)
    for verdict in verdicts:
        writer.write(f"{verdict.requirement.id:<{width}}  {verdict.requirement.level:<6}  ")
        writer.write(f"{verdict.verdict:<10}", **MARKUP.get(verdict.verdict, {}))
        writer.line(f"  {_first_evidence(verdict, room)}")
    counts: dict[str, int] = {}
    for verdict in verdicts:
        counts[verdict.verdict] = counts.get(verdict.verdict, 0) + 1
    writer.line(", ".join(f"{n} {name}" for name, n in counts.items()))
    writer.line(f"time budget: {time_budget(document.get('time_budget'))}")
    writer.line(f"results: {results_path}")


def write_verdict(writer, certification: Certification) -> None:
    """The run's verdict, the terminal's last line (after pytest's own counts and pytest-html's)."""
    colour = (
        {"green": True}
        if certification.certified
        else {"yellow": True}
        if certification.exit_code == 0
        else {"red": True}
    )
    writer.write_sep("=", f"{certification.summary}: {certification.reason}", bold=True, **colour)


def _width(writer) -> int:
    """The terminal's width (pytest's TerminalReporter keeps its writer private)."""
    return getattr(getattr(writer, "_tw", writer), "fullwidth", 80)


def _first_evidence(verdict: RequirementVerdict, room: int) -> str:
    if verdict.verdict == Verdict.PASS:
        return ""
    texts = (reason(item) for item in verdict.evidence)
    return shorten(next((t for t in texts if t), ""), room)
