"""report.html read in headless Chromium, as QA people read it: a certified run and a failing one.

The two reports are the session's ``reports`` (``conftest.py``): the embedded reference server and the faulty
server drops-last-email (every list it saves loses its last item). Screenshots go to ``reports/browser/`` under
the project (the report folder CI keeps).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from .conftest import DESKTOP, PHONE, low_contrast, wider_than_viewport


@pytest.fixture
def failing_report(reports) -> Path:
    return reports["failing"]


@pytest.fixture(params=["passing", "failing"])
def report(request, reports) -> Path:
    return reports[request.param]


def results(report_dir: Path) -> dict:
    return json.loads((report_dir / "results.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("width", [DESKTOP, PHONE])
def test_the_page_fits_the_viewport_shows_the_verdict_first_and_logs_no_error(open_page, report, width, screenshots):
    """No console error; the verdict within the first viewport; nothing wider than the viewport; AA contrast."""
    opened = open_page(report / "report.html", width)
    page = opened.page
    verdict = page.locator("#verdict h1")
    document = results(report)
    expected = document["certification"]["summary"]
    assert verdict.inner_text() == expected
    code = document["exit_code"]
    assert page.title().startswith(expected + (f" (exit {code})" if code else "") + " · "), page.title()
    assert page.locator('#verdict .facts dt:text-is("Exit code") + dd').inner_text() == str(code)
    box = verdict.bounding_box()
    assert box is not None and box["y"] + box["height"] <= page.viewport_size["height"]
    assert wider_than_viewport(page) == []
    assert page.locator('meta[name="viewport"]').count() == 1
    assert page.locator('a[href^="data:"]').count() == 0
    assert low_contrast(page) == []
    page.screenshot(path=str(screenshots / f"report-{report.name}-{width}.png"))
    assert opened.errors == []


def test_every_failing_requirement_row_links_to_its_evidence(open_page, failing_report):
    """Each FAIL / NON-STRICT / FLAKY / ERROR / NOT JUDGED requirement has a row, first, linked to articles that
    exist."""
    document = results(failing_report)
    failing = [
        r["id"]
        for r in document["requirements"]
        if r["verdict"] in ("FAIL", "ERROR", "NON-STRICT", "FLAKY", "NOT JUDGED")
    ]
    assert failing, "the faulty server failed nothing"
    page = open_page(failing_report / "report.html", DESKTOP).page
    rows = page.locator("#matrix tbody tr")
    shown = [rows.nth(i).get_attribute("id").removeprefix("req-") for i in range(len(failing))]
    assert sorted(shown) == sorted(failing)
    for requirement in failing:
        links = page.locator(f'[id="req-{requirement}"] a[href^="#t-"]')
        assert links.count() >= 1, requirement
        target = links.first.get_attribute("href")
        assert page.locator(f"article{target}").count() == 1
        assert requirement in page.locator(f"article{target}").inner_text()


def test_a_list_mismatch_shows_only_the_lost_item(open_page, failing_report):
    """drops-last-email: the diff names the missing email item at its pointer, not both whole lists."""
    page = open_page(failing_report / "report.html", DESKTOP).page
    missing = page.locator("#failures table.diff tr", has_text="missing").first
    assert missing.count() == 1
    assert "/Emails/" in missing.inner_text()


def test_the_copy_button_copies_the_curl_command(open_page, failing_report):
    """Copy puts the curl line on the clipboard and says so."""
    page = open_page(failing_report / "report.html", DESKTOP).page
    button = page.locator("button.copy[data-copy$='-curl']").first
    target = button.get_attribute("data-copy")
    button.click()
    page.wait_for_function("b => b.textContent === 'Copied'", arg=button.element_handle())
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == page.locator(f'[id="{target}"]').inner_text()
    assert copied.startswith(("curl ", "printf ")) and "curl -sS" in copied


def test_the_expand_controls_open_folded_members_and_exchanges(open_page, failing_report):
    """A folded bulky member (FieldProperties...) and a non-culprit exchange open on a click."""
    page = open_page(failing_report / "report.html", DESKTOP).page
    bulky = page.locator("#failures details.exchange.culprit details.bulky:visible").first
    assert bulky.evaluate("d => d.open") is False
    bulky.locator("summary").first.click()
    assert bulky.evaluate("d => d.open") is True
    assert bulky.locator(".j-in").first.is_visible()
    exchange = page.locator("#failures details.exchange:not(.culprit)").first
    exchange.locator("summary").first.click()
    assert exchange.locator("h4").first.is_visible()
    culprit = page.locator("#failures details.exchange.culprit").first
    assert culprit.evaluate("d => d.open") is True and "CULPRIT" in culprit.locator("summary").first.inner_text()
