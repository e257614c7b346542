"""pytest-html's hooks: the report's title, its requirement columns and the verdict table on top."""

from __future__ import annotations

import pytest

from conformance.hooks import VERDICTS, run_of
from conformance.report import html as html_report


@pytest.hookimpl(optionalhook=True)
def pytest_html_report_title(report) -> None:
    report.title = "SuperOffice PUT Contact/{id} conformance report"


@pytest.hookimpl(optionalhook=True)
def pytest_html_results_table_header(cells: list) -> None:
    html_report.header_cells(cells)


@pytest.hookimpl(optionalhook=True)
def pytest_html_results_table_row(report, cells: list) -> None:
    html_report.row_cells(report, cells)


@pytest.hookimpl(optionalhook=True)
def pytest_html_results_summary(prefix: list, summary: list, postfix: list, session: pytest.Session) -> None:
    run = run_of(session.config)
    stored = session.config.stash.get(VERDICTS, None)
    if run is not None and stored is not None:
        verdicts, certification, _ = stored
        prefix.append(html_report.summary(verdicts, certification, run.settings.describe()))
