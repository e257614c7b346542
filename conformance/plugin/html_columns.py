"""pytest-html's hooks: the report's title and its requirement columns (the reader's page on top: ``report.page``)."""

from __future__ import annotations

import pytest

from conformance.report import columns as html_report


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
def pytest_html_results_table_html(report, data: list) -> None:
    """A test that printed nothing shows nothing, not pytest-html's "No log output captured." box."""
    if data == ["No log output captured."]:
        data.clear()
