"""No credential in what pytest shows or writes: failures masked as they are reported, report files scrubbed at
the end."""

from __future__ import annotations

import pytest

from conformance.harness.run_state import Run
from conformance.plugin.stash import run_of


def redact_failure(report: pytest.TestReport, run: Run) -> None:
    """Mask credentials in what pytest prints for a failure: the terminal is no file that the final scrub reaches.

    Tracebacks and Hypothesis' "Failing test case" show fixture values (a Workspace holds its Target, with the
    Authorization header values).
    """
    if not report.failed:
        return
    redactor = run.redactor
    text = str(report.longrepr)
    if redactor.text(text) != text:
        report.longrepr = redactor.text(text)  # plain text instead of pytest's structured (coloured) traceback
    report.sections = [(name, redactor.text(content)) for name, content in report.sections]


def scrub_reports(config: pytest.Config) -> None:
    """Remove any credential from every file in the report folder."""
    run = run_of(config)
    if run is not None and run.settings.report_dir.is_dir():
        run.redactor.scrub_files(run.settings.report_dir)
