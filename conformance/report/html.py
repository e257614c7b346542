"""The HTML report (pytest-html): requirement and level columns, a verdict table on top, evidence per failure."""

from __future__ import annotations

import html

from conformance import requirements
from conformance.verdicts import Certification, RequirementVerdict

COLOURS = {"PASS": "#1a7f37", "FAIL": "#cf222e", "FLAKY": "#cf222e", "NON-STRICT": "#9a6700", "NOT JUDGED": "#cf222e",
           "ERROR": "#cf222e", "INFO": "#0969da", "SKIP": "#57606a", "NOT RUN": "#57606a"}  # fmt: skip


def header_cells(cells: list) -> None:
    """Add the Requirement and Level columns."""
    cells.insert(2, '<th class="sortable" data-column-type="requirement">Requirement</th>')
    cells.insert(3, '<th class="sortable" data-column-type="level">Level</th>')


def row_cells(report, cells: list) -> None:
    info = getattr(report, "conformance", None) or {}
    cells.insert(2, f'<td class="col-requirement">{html.escape(", ".join(info.get("requirements", [])))}</td>')
    levels = sorted({requirements.get(r).level for r in info.get("requirements", [])})
    cells.insert(3, f'<td class="col-level">{html.escape(", ".join(levels))}</td>')


def summary(verdicts: list[RequirementVerdict], certification: Certification, configuration: dict) -> str:
    """The plain-language summary shown above the test table."""
    colour = COLOURS["PASS"] if certification.certified else COLOURS["NON-STRICT"] if certification.exit_code == 0 else COLOURS["FAIL"]
    rows = "".join(
        f"<tr><td><code>{html.escape(v.requirement.id)}</code></td><td>{v.requirement.level}</td>"
        f'<td style="color:{COLOURS.get(v.verdict, "#000")};font-weight:bold">{v.verdict}</td>'
        f"<td>{html.escape(v.requirement.rule)}</td><td>{html.escape(_evidence(v))}</td></tr>"
        for v in verdicts
    )
    settings = "".join(f"<li><b>{html.escape(k)}</b>: {html.escape(str(val))}</li>" for k, val in configuration.items())
    return (
        f'<h2 style="color:{colour}">{certification.summary}</h2><p>{html.escape(certification.reason)}</p>'
        "<p>MUST rules decide certification; SHOULD rules are reported as NON-STRICT when broken; "
        "INFO rules are observations.</p>"
        '<table class="conformance-verdicts" border="1" cellpadding="4" style="border-collapse:collapse">'
        "<tr><th>Requirement</th><th>Level</th><th>Verdict</th><th>Rule</th><th>Evidence</th></tr>"
        f"{rows}</table><h3>Configuration</h3><ul>{settings}</ul>"
    )


def _evidence(verdict: RequirementVerdict) -> str:
    texts = []
    for item in verdict.evidence[:3]:
        text = item.get("not_judged") or item.get("message") or item.get("text") or item.get("error") or item.get("skipped") or ""
        if item.get("pointer"):
            text += f" at {item['pointer']}"
        if "expected" in item:
            text += f" (expected {item['expected']}, got {item.get('actual')})"
        texts.append(text)
    return " | ".join(texts)
