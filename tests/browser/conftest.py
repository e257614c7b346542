"""A real browser for the report pages: Debian's Chromium driven by Playwright, one per session.

``open_page(path, width)`` opens a local file at a viewport width and collects its console errors; any report
page (the run report, and later compare and certificate pages) can be checked the same way. The tests skip,
saying why, when Playwright or Chromium is missing (``.ci/run`` installs Chromium where it is absent).
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]  # fmt: skip
#: Viewport widths every page must be readable at: a desktop and a phone.
DESKTOP, PHONE = 1400, 390
HEIGHTS = {DESKTOP: 900, PHONE: 844}


def chromium_path() -> str | None:
    """The system Chromium: $CONFORMANCE_CHROMIUM, else chromium or chromium-browser on the PATH."""
    return os.environ.get("CONFORMANCE_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")


@dataclass
class OpenPage:
    """A page opened from a file, with the console errors and page errors it produced."""

    page: object
    width: int
    errors: list[str] = field(default_factory=list)


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the session (Playwright drives the system executable; no browser download)."""
    playwright_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    executable = chromium_path()
    if executable is None:
        pytest.skip("no chromium on this machine (apt-get install chromium)")
    with playwright_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def open_page(browser):
    """open_page(path, width) -> OpenPage: a local file in a fresh context at that viewport width."""
    contexts = []

    def opened(path: Path, width: int) -> OpenPage:
        context = browser.new_context(viewport={"width": width, "height": HEIGHTS.get(width, 900)})
        context.grant_permissions(["clipboard-read", "clipboard-write"])
        contexts.append(context)
        page = context.new_page()
        result = OpenPage(page, width)
        page.on("console", lambda message: result.errors.append(message.text) if message.type == "error" else None)
        page.on("pageerror", lambda error: result.errors.append(str(error)))
        page.goto(path.resolve().as_uri(), wait_until="load")
        return result

    yield opened
    for context in contexts:
        context.close()


def wider_than_viewport(page) -> list[str]:
    """The visible elements whose right edge lies beyond the viewport (a page that scrolls sideways)."""
    return page.evaluate(
        """() => {
            const limit = document.documentElement.clientWidth + 1;
            const found = [];
            for (const element of document.body.querySelectorAll('*')) {
                const box = element.getBoundingClientRect();
                if (box.width > 0 && box.right > limit) {
                    found.push(`${element.tagName.toLowerCase()}#${element.id}.${element.className} right=${Math.round(box.right)}`);
                    if (found.length >= 10) break;
                }
            }
            if (document.documentElement.scrollWidth > limit) found.push(`page scrollWidth=${document.documentElement.scrollWidth}`);
            return found;
        }"""
    )
