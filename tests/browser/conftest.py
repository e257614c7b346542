"""A real browser for the report pages: Debian's Chromium driven by Playwright, one per session.

``open_page(path, width)`` opens a local file at a viewport width and collects its console errors; any report
page (the run report, the compare pages) can be checked the same way; ``reports`` makes the two runs those pages
are built from, once per session. The tests skip, saying why, when Playwright or Chromium is missing (``.ci/run``
installs Chromium where it is absent).
"""

from __future__ import annotations

import os
import shutil
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from conformance.targets.reference.server import running_server
from tests.suite.runs import run_conformance

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
#: Viewport widths every page must be readable at: a desktop and a phone.
DESKTOP, PHONE = 1400, 390
HEIGHTS = {DESKTOP: 900, PHONE: 844}
FAULT = "drops-last-email"
SEED = "5"


@pytest.fixture(scope="session")
def screenshots(request) -> Path:
    """``reports/browser/`` under the project: where every page test saves its screenshots."""
    folder = request.config.rootpath / "reports" / "browser"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture(scope="session")
def reports(tmp_path_factory) -> dict[str, Path]:
    """The report folders of two quick runs made side by side: the embedded reference server (exit 0) and
    drops-last-email (exit 1)."""
    folder = tmp_path_factory.mktemp("browser-reports")
    with running_server(fault=FAULT) as server, ThreadPoolExecutor(2) as pool:
        passing = pool.submit(run_conformance, "--seed", SEED, "--profile", "quick", report_dir=folder / "passing")
        failing = pool.submit(
            run_conformance,
            "--base-url",
            server.url,
            "--auth",
            "basic:tester:tester-secret",
            "--seed",
            SEED,
            "--profile",
            "quick",
            report_dir=folder / "failing",
        )
        runs = {"passing": (passing.result(), 0), "failing": (failing.result(), 1)}
    for run, code in runs.values():
        assert run.returncode == code, run.explain()
    return {name: run.report_dir for name, (run, _) in runs.items()}


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
                    found.push(
                        `${element.tagName.toLowerCase()}#${element.id}.${element.className}` +
                        ` right=${Math.round(box.right)}`
                    );
                    if (found.length >= 10) break;
                }
            }
            if (document.documentElement.scrollWidth > limit)
                found.push(`page scrollWidth=${document.documentElement.scrollWidth}`);
            return found;
        }"""
    )


def low_contrast(page, selector: str = "body", minimum: float = 4.5) -> list[str]:
    """Visible text under ``selector`` whose contrast with its background is below ``minimum`` (WCAG AA: 4.5:1)."""
    return page.evaluate(
        """([selector, minimum]) => {
            const rgb = (text) => (text.match(/[\\d.]+/g) || []).map(Number);
            const luminance = ([r, g, b]) => {
                const channel = (v) => {
                    v /= 255;
                    return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
                };
                return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
            };
            const background = (element) => {
                for (let e = element; e; e = e.parentElement) {
                    const colour = rgb(getComputedStyle(e).backgroundColor);
                    if (colour.length === 3 || (colour.length === 4 && colour[3] > 0.5)) return colour.slice(0, 3);
                }
                return [255, 255, 255];
            };
            const found = [];
            for (const root of document.querySelectorAll(selector)) {
                for (const element of [root, ...root.querySelectorAll('*')]) {
                    const own = [...element.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
                    if (!own || !element.getClientRects().length) continue;
                    const style = getComputedStyle(element);
                    if (style.visibility === 'hidden' || style.display === 'none') continue;
                    const [a, b] = [luminance(rgb(style.color)), luminance(background(element))];
                    const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
                    if (ratio < minimum)
                        found.push(
                            `${element.tagName.toLowerCase()}.${element.className} ${ratio.toFixed(2)}: ` +
                            `${element.textContent.trim().slice(0, 40)}`
                        );
                    if (found.length >= 10) return found;
                }
            }
            return found;
        }""",
        [selector, minimum],
    )
