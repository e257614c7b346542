"""certificate.html on a phone: nothing wider than the screen, and no verdict or level broken inside a word."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import PHONE, wider_than_viewport


@pytest.mark.parametrize("name", ["passing", "failing"])
def test_the_certificate_is_readable_on_a_phone(open_page, reports, name, screenshots):
    opened = open_page(Path(reports[name]) / "certificate.html", PHONE)
    page = opened.page
    assert wider_than_viewport(page) == []
    broken = page.evaluate(
        """() => [...document.querySelectorAll('.verdicts td.n:not([data-label]), .hashes td:first-child')]
            .filter(cell => cell.querySelector('code') === null)
            .filter(cell => cell.getClientRects()[0].height > 1.6 * parseFloat(getComputedStyle(cell).lineHeight))
            .map(cell => cell.textContent)"""
    )
    assert broken == [], broken  # "PAS S": a verdict, a level or a file name wrapped inside the word
    assert page.locator(".verdicts thead").is_hidden()
    page.screenshot(path=str(screenshots / f"certificate-{name}-{PHONE}.png"), full_page=True)
    assert opened.errors == []
