"""pytest-html's per-test table: the Requirement and Level columns (the reader's page on top is ``page``)."""

from __future__ import annotations

import html

from conformance.spec import requirements


def header_cells(cells: list) -> None:
    """Add the Requirement and Level columns."""
    cells.insert(2, '<th class="sortable" data-column-type="requirement">Requirement</th>')
    cells.insert(3, '<th class="sortable" data-column-type="level">Level</th>')


def row_cells(report, cells: list) -> None:
    info = getattr(report, "conformance", None) or {}
    cells.insert(2, f'<td class="col-requirement">{html.escape(", ".join(info.get("requirements", [])))}</td>')
    levels = sorted({requirements.get(r).level for r in info.get("requirements", [])})
    cells.insert(3, f'<td class="col-level">{html.escape(", ".join(levels))}</td>')
