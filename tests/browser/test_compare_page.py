"""The ``conformance compare`` pages read in headless Chromium: the delta of two runs and the matrix of three.

They are built from the session's two reports (``conftest.py``): the reference server (certified) and
drops-last-email (not certified), so the delta from the first to the second is a regression. The matrix adds a
copy of the passing run as a third. Screenshots go to ``reports/browser/`` beside the report page's.
"""

from __future__ import annotations

import argparse
import io
import json
import shutil
from pathlib import Path

import pytest

from conformance.report import compare

from .conftest import DESKTOP, PHONE, low_contrast, wider_than_viewport


def compare_page(runs: list[Path], page: Path) -> tuple[int, str]:
    """``conformance compare RUNS --html PAGE --fail-on-regression``: its exit code and terminal output."""
    parser = argparse.ArgumentParser()
    compare.add_arguments(parser)
    out = io.StringIO()
    code = compare.run(parser.parse_args([*map(str, runs), "--html", str(page), "--fail-on-regression"]), out)
    return code, out.getvalue()


@pytest.fixture(scope="session")
def newly_failing(reports) -> list[str]:
    """The requirements the faulty run fails and the reference run does not."""
    verdicts = {
        name: {r["id"]: r["verdict"] for r in _results(folder)["requirements"]} for name, folder in reports.items()
    }
    found = [
        rid
        for rid, verdict in verdicts["failing"].items()
        if verdict in compare.FAILING and verdicts["passing"].get(rid) not in compare.FAILING
    ]
    assert found, "the faulty server failed nothing"
    return found


@pytest.fixture(scope="session")
def pages(reports, tmp_path_factory) -> dict[str, Path]:
    """The delta page (passing -> failing, exit 1 on the regression) and the matrix page of three runs (exit 0)."""
    folder = tmp_path_factory.mktemp("compare-pages")
    again = folder / "passing-again"
    again.mkdir()
    shutil.copy(reports["passing"] / "results.json", again / "results.json")
    delta_code, printed = compare_page([reports["passing"], reports["failing"]], folder / "delta.html")
    assert delta_code == compare.EXIT_REGRESSION, printed
    matrix_code, printed = compare_page([reports["passing"], reports["failing"], again], folder / "matrix.html")
    assert matrix_code == 0, printed
    return {"delta": folder / "delta.html", "matrix": folder / "matrix.html"}


def _results(report_dir: Path) -> dict:
    return json.loads((report_dir / "results.json").read_text(encoding="utf-8"))


def _in_first_viewport(page, locator) -> bool:
    box = locator.bounding_box()
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= page.viewport_size["height"]


@pytest.mark.parametrize("kind", ["delta", "matrix"])
@pytest.mark.parametrize("width", [DESKTOP, PHONE])
def test_the_page_fits_the_viewport_and_logs_no_error(open_page, pages, kind, width, screenshots):
    """No console error; nothing wider than the viewport; AA contrast; a viewport meta and no data: links."""
    opened = open_page(pages[kind], width)
    page = opened.page
    assert wider_than_viewport(page) == []
    assert page.locator('meta[name="viewport"]').count() == 1
    assert page.locator('a[href^="data:"]').count() == 0
    assert low_contrast(page) == []
    page.screenshot(path=str(screenshots / f"compare-{kind}-{width}.png"), full_page=True)
    assert opened.errors == []


@pytest.mark.parametrize("width", [DESKTOP, PHONE])
def test_the_delta_shows_the_regression_in_the_first_viewport(open_page, pages, newly_failing, width):
    """The title says regression, and the first newly failing requirement is on screen before any scrolling."""
    page = open_page(pages["delta"], width).page
    assert page.locator("h1").inner_text() == "Conformance runs compared: regression"
    assert _in_first_viewport(page, page.locator("h1"))
    rows = page.locator('tr[data-change="newly-failing"]')
    assert sorted(rows.nth(i).get_attribute("data-requirement") for i in range(rows.count())) == sorted(newly_failing)
    assert _in_first_viewport(page, rows.first)


@pytest.mark.parametrize("width", [DESKTOP, PHONE])
def test_the_matrix_shows_the_failing_requirements_first(open_page, pages, newly_failing, width):
    """The certification row and the failing requirements come first: the first one is on screen without scrolling."""
    page = open_page(pages["matrix"], width).page
    assert _in_first_viewport(page, page.locator('tr[data-requirement="certification"]'))
    rows = page.locator("tr[data-requirement]:not([data-requirement='certification'])")
    first = [rows.nth(i).get_attribute("data-requirement") for i in range(len(newly_failing))]
    assert sorted(first) == sorted(newly_failing)
    assert _in_first_viewport(page, rows.first)
    failing_cell = rows.first.locator("td[data-run='failing']")
    assert failing_cell.inner_text() in compare.FAILING
